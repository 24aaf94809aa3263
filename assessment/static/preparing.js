// The "being prepared" page asks in the background whether its document is ready, instead of reloading itself:
// each reload read the page again from the top to a screen reader. Once the document is ready the browser
// downloads it, and the page says so where it said it was being prepared.
(function () {
  const status = document.getElementById("preparing");
  if (!status || !window.fetch) return;
  const url = status.dataset.checkUrl;
  const wait = (Number(status.dataset.checkSeconds) || 3) * 1000;

  function check() {
    // HEAD: the same answer as the download (202 while it is prepared, 200 once ready) without its bytes.
    fetch(url, { method: "HEAD", credentials: "same-origin", cache: "no-store" }).then((reply) => {
      if (reply.status === 202) { setTimeout(check, wait); return; }
      if (reply.ok) {
        status.textContent = status.dataset.readyText;
        const heading = document.getElementById("preparing-heading");
        if (heading) heading.textContent = status.dataset.readyHeading;
        const again = document.getElementById("check-now");
        if (again) again.textContent = "Download it again";
      }
      // Ready: the download starts and this page stays. Failed, or no longer possible: the page that says why.
      window.location.assign(url);
    }, () => setTimeout(check, wait));   // the network dropped for a moment: ask again
  }
  setTimeout(check, wait);
})();
