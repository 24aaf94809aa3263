// A scores chart comes in the page in a laptop's layout; a phone's (each name above its bar) is fetched only where
// a phone shows it: drawing both on every request cost every page, for a layout most readers never saw. Scaled
// down to a phone, the laptop's text was too small to read, so the style sheet hides it while the phone's loads
// (when scripts run); should the fetch fail, the laptop's comes back rather than leave the frame empty.
(function () {
  const phone = window.matchMedia("(max-width: 36rem)");

  function fetchInto(slot) {
    const address = slot.dataset.src;
    const figure = slot.closest(".chart");
    slot.removeAttribute("data-src");  // asked for once, however often the screen turns
    // Signed out meanwhile (in another tab), the answer is the sign-in page, redirected to: not a chart.
    fetch(address, { credentials: "same-origin", redirect: "error" })
      .then((reply) => (reply.ok && (reply.headers.get("Content-Type") || "").startsWith("image/svg+xml")
        ? reply.text() : Promise.reject(new Error(String(reply.status)))))
      .then((svg) => {
        // The same server's drawing, its labels escaped when drawn, as the laptop's is in the page.
        slot.innerHTML = svg;
        figure.classList.add("narrow-drawn");
      })
      .catch(() => figure.classList.add("narrow-failed"));
  }

  function showPhoneCharts() {
    if (phone.matches) document.querySelectorAll(".chart-narrow[data-src]").forEach(fetchInto);
  }

  showPhoneCharts();
  phone.addEventListener("change", showPhoneCharts);
})();
