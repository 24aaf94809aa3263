// A results page runs to many screens (a phone's to dozens): its parts are listed at the top, as links. The list is
// built from the headings the page did render, so a part the page leaves out (no drivers for a small group, no
// comments below their threshold) is never offered.
(function () {
  const nav = document.querySelector("nav.contents");
  if (!nav) return;
  // A heading is reached by its own id, or by that of the section it opens (the actions' section).
  const target = (h) => h.id || (h.parentElement.matches("section[id]") && h === h.parentElement.querySelector("h2")
    ? h.parentElement.id : "");
  const headings = Array.from(document.querySelectorAll("main h2")).filter((h) => target(h) && !nav.contains(h));
  if (headings.length < 3) return;   // a short page needs no list
  const list = document.createElement("ul");
  headings.forEach((heading) => {
    const link = document.createElement("a");
    link.href = "#" + target(heading);
    link.textContent = heading.textContent.trim().replace(/\s+/g, " ");
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  });
  nav.append(list);
  nav.hidden = false;
})();
