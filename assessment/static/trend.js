// The trend over surveys opens at its newest (scrolling.js) with its first part kept in view while earlier surveys
// scroll in under it: the table's row names (a sticky column) and, on a phone, the chart's scale laid over the chart
// (app.css). Just beside that frozen part a period showed in part: "25-Q4" of the table's "2025-Q4", "1" of the
// chart's "2026-Q1", which read as labels of their own. So each opens on whole periods only: the table's first
// column takes in what showed of that period, and the chart moves the shorter way: a little back to show it whole, or
// on to hide it. Again when the screen changes width (a phone turned sideways).
(function () {
  const frames = document.querySelectorAll('[data-start="end"]');
  if (!frames.length || !("ResizeObserver" in window)) return;

  function toTheEnd(frame) { frame.scrollLeft = frame.scrollWidth; }

  // The sticky first column is widened by the part of the period it half covers, so that period lies under it whole.
  function wholeColumns(frame) {
    const first = frame.querySelector("thead th:first-child");
    first.style.minWidth = "";
    toTheEnd(frame);
    if (frame.scrollLeft === 0 || getComputedStyle(first).position !== "sticky") return;
    for (let pass = 0; pass < 2; pass++) {  // a second pass takes up what rounding a table's columns leaves
      const edge = first.getBoundingClientRect().right;
      const cut = Array.from(first.parentElement.children).map((cell) => cell.getBoundingClientRect())
        .find((box) => box.left < edge - 0.5 && box.right > edge + 0.5);
      if (!cut) return;
      first.style.minWidth = `${first.getBoundingClientRect().width + cut.right - edge}px`;
      toTheEnd(frame);
    }
  }

  // How far the chart moves right (back in time) at its end so that no label crosses the scale's edge: at most by the
  // frame's padding after it, else left, with that much more room after the newest. Whichever is the shorter way.
  function settledShift(texts, edge, padding) {
    const boxes = texts.map((text) => text.getBoundingClientRect()).filter((box) => box.width > 0);
    const whole = (shift) => boxes.every((box) => !(box.left + shift < edge && box.right + shift > edge));
    const back = boxes.filter((box) => box.left < edge).map((box) => edge - box.left + 1).filter((s) => s <= padding);
    const on = boxes.filter((box) => box.right > edge).map((box) => edge - box.right - 1);
    return [0, ...back, ...on].filter(whole).sort((a, b) => Math.abs(a) - Math.abs(b))[0] ?? 0;
  }

  // Opened at its very end, however it settles: a frame scrolled back short of it shades its right edge as if there
  // were more to see. The scale's white ground (reports.charts.trend_scale) ends where the chart shows from under it.
  function wholePeriods(frame) {
    frame.style.paddingRight = "";
    toTheEnd(frame);
    const ground = frame.querySelector('.chart-scale path[fill="#ffffff"]');
    const drawing = frame.querySelector(":scope > svg");
    if (!ground || !drawing || !ground.getBoundingClientRect().width) return;  // a laptop's: no scale laid over
    const padding = parseFloat(getComputedStyle(frame).paddingRight);
    const shift = settledShift(Array.from(drawing.querySelectorAll("text")), ground.getBoundingClientRect().right,
      padding);
    if (shift !== 0) {
      frame.style.paddingRight = `${padding - shift}px`;
      toTheEnd(frame);
    }
  }

  const widths = new WeakMap();
  const observer = new ResizeObserver((entries) => entries.forEach(({ target }) => {
    if (widths.get(target) === target.clientWidth) return;  // taller or shorter only: where it was scrolled, it stays
    widths.set(target, target.clientWidth);
    if (target.querySelector("table.trend")) wholeColumns(target);
    else if (target.querySelector(".chart-scale")) wholePeriods(target);
  }));
  frames.forEach((frame) => observer.observe(frame));
})();
