// A table or chart wider than the screen scrolls sideways in its frame (a phone, a narrow window). A mouse or a
// finger can scroll it; a keyboard only scrolls what has focus, and the links in a table do not reach its
// number columns. So a frame that overflows joins the Tab order, named after its table, and leaves it again
// once it fits: on a laptop, where nothing scrolls, Tab does not stop on every table.
(function () {
  const frames = document.querySelectorAll(".table-wrap, .chart");
  if (!frames.length || !("ResizeObserver" in window)) return;

  // A table's name is its caption, else the heading just before it ("By team", "Quarter after quarter"), else its
  // section's heading and the summary of the <details> folding it ("Stored figures, 2026-Q3: 5 teams"): one table
  // per quarter under one heading would otherwise make regions of one name, which a screen reader's list of
  // landmarks cannot tell apart.
  function tableName(frame) {
    const caption = frame.querySelector("caption");
    if (caption) return caption.textContent.trim();
    for (let node = frame.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return words(node);
    }
    const section = frame.closest("section[aria-labelledby]");
    const heading = section && document.getElementById(section.getAttribute("aria-labelledby"));
    const fold = frame.closest("details");
    const summary = fold && fold.querySelector(":scope > summary");
    return [heading, summary].filter(Boolean).map(words).join(", ") || "Table";
  }

  function words(node) { return node.textContent.trim().replace(/\s+/g, " "); }

  function update(frame) {
    const overflows = frame.scrollWidth > frame.clientWidth + 1;
    if (overflows && !frame.hasAttribute("tabindex")) {
      frame.tabIndex = 0;
      // A figure is named by its caption already; a bare wrapper becomes a region named after its table.
      if (frame.tagName !== "FIGURE") {
        frame.setAttribute("role", "region");
        frame.setAttribute("aria-label", tableName(frame) + " (table, scrolls sideways)");
      }
    } else if (!overflows && frame.hasAttribute("tabindex")) {
      frame.removeAttribute("tabindex");
      if (frame.tagName !== "FIGURE") { frame.removeAttribute("role"); frame.removeAttribute("aria-label"); }
    }
  }

  // Also fires when a closed <details> around a table opens, and when a phone turns sideways.
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
  frames.forEach((frame) => observer.observe(frame));

  // A table or chart of surveys over time opens at its newest one, the survey the page is about: at its oldest, a
  // phone showed three earlier quarters and hid the current one. A table's first column (what each row measures)
  // stays put.
  document.querySelectorAll('[data-start="end"]').forEach((frame) => { frame.scrollLeft = frame.scrollWidth; });

  // Where the first column stays put (the trend's row names, the teams beside their CRM figures), the columns scrolled
  // past go under it, and it covers the frame's own shading at its left edge: marked "scrolled", the column casts
  // that shade itself (app.css), so the reader still sees that more lies to the left.
  document.querySelectorAll(".table-wrap").forEach((frame) => {
    if (!frame.querySelector(":scope > table.trend, :scope > table.row-names")) return;
    const mark = () => frame.classList.toggle("scrolled", frame.scrollLeft > 0);
    frame.addEventListener("scroll", mark, { passive: true });
    mark();
  });
})();
