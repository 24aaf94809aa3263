// "Copy" buttons beside read-only fields (a new API token, its curl example). Without
// JavaScript, or without clipboard access, the buttons stay hidden and the text is selected by hand.
(function () {
  if (!navigator.clipboard) return;
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.querySelector(`[data-copied="${button.dataset.copy}"]`);
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(field.value).then(
        () => { if (status) status.textContent = "Copied."; },
        () => { field.select(); if (status) status.textContent = "Could not copy: the text is selected, copy it by hand."; }
      );
    });
  });
})();
