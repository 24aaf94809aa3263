// Keeps the progress indication current as the respondent answers, and sends the answers once.
(function () {
  const form = document.querySelector(".survey-form");
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  if (!form || !bar || !text) return;
  const total = Number(bar.max);
  // Where the comment counter is read out as the person nears the limit: the figures they cross, then the limit.
  const COMMENT_STEPS = [200, 100, 50, 20];
  // The count shows only where this script keeps it current: without JavaScript it would stay at what it was
  // when the page opened while the person answers on (the "Part N of M" headings tell the way then).
  bar.closest(".progress").classList.add("live");
  function update() {
    const answered = new Set(
      Array.from(form.querySelectorAll("input[type=radio]:checked"), (input) => input.name)
    ).size;
    bar.value = answered;
    say(text, answered + " of " + total + " answered");
  }
  form.addEventListener("change", (event) => {
    update();
    const question = event.target.closest(".question");
    if (question && event.target.type === "radio") {
      question.classList.remove("has-error");
      question.querySelectorAll(".field-error").forEach((message) => message.remove());
      const group = question.querySelector("[role=radiogroup]");
      if (group) { group.removeAttribute("aria-invalid"); group.removeAttribute("aria-describedby"); }
    }
  });
  update();
  enterChooses(form);
  linksToAQuestionFocusIt();
  sendOnce(form, text, update);
  warnBeforeLosing(form);
  form.querySelectorAll("textarea[maxlength]").forEach(sayWhatIsLeft);
  // After a refused submit, keyboard and screen-reader users start at the summary and its link.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();

  // A live region is read out at every write, of the same words too: an arrow key moving to another answer of the
  // same statement made a screen reader repeat "12 of 30 answered". It is written only when its words change.
  function say(region, words) {
    if (region.textContent !== words) region.textContent = words;
  }

  // Many keyboard users press Enter to choose an answer. A browser sends the form by its first button instead, which
  // is Save for later at the top: the person found themselves on "Your answers are saved" halfway through. Enter
  // on an answer chooses it, as Space does.
  function enterChooses(form) {
    form.addEventListener("keydown", (event) => {
      const answer = event.target;
      if (event.key !== "Enter" || answer.type !== "radio") return;
      event.preventDefault();
      if (!answer.checked) answer.click();   // a click checks it and fires the change this script listens for
    });
  }

  // "Go to the first one" and "Continue where you left off" scrolled to the question but left the focus behind: a
  // screen reader heard nothing of it, and the next Tab went on from elsewhere. The script scrolls to the question
  // itself (keeping the statement clear of the progress bar, by its scroll-margin) and gives the focus to its answer,
  // or its comment box. Not after the browser's own jump: on a busy phone the jump came after the focus, and
  // Chromium's jump to a fragment takes the focus away again.
  function linksToAQuestionFocusIt() {
    document.addEventListener("click", (event) => {
      const link = event.target.closest('a[href^="#q-"]');
      const question = link && document.getElementById(link.hash.slice(1));
      if (!question) return;
      const field = question.querySelector("input[type=radio]:checked") ||
        question.querySelector("input[type=radio], textarea");
      if (!field) return;
      event.preventDefault();
      history.pushState(null, "", link.hash);   // the address and Back as after the browser's jump
      question.scrollIntoView();
      field.focus({ preventScroll: true });
    });
  }

  // A comment box stops taking characters at its limit without a word, and cuts a long paste short: near the limit
  // it says how many are left, and at the limit that the rest was left out. It counts characters as the server does
  // (comment_text, then Length): an emoji is one. The box's maxlength counts UTF-16 units, an emoji as two, and took
  // half the emoji the server does: it stays for a page without this script (it never lets in more than the server
  // takes), and here the script keeps the server's limit instead.
  function sayWhatIsLeft(box) {
    const limit = box.maxLength;
    box.removeAttribute("maxlength");
    // Seen: the count at every keystroke. Heard: a step at a time (COMMENT_STEPS), not a number at every keystroke
    // that drowned what the person typed; each says only what is true until the next step.
    const note = document.createElement("p");
    note.className = "hint comment-limit";
    note.setAttribute("aria-hidden", "true");
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.after(note, status);
    let longest = Math.max(limit, characters(box.value));   // a refused page's comment, too long, is shown whole
    function show() {
      keepWithin(box, longest);
      longest = Math.max(limit, characters(box.value));
      const left = limit - characters(box.value);
      note.hidden = left > COMMENT_STEPS[0];
      note.textContent = note.hidden ? "" : seenLeft(left, limit);
      say(status, note.hidden ? "" : heardLeft(left, limit));
    }
    box.addEventListener("input", show);
    show();
  }

  function seenLeft(left, limit) {
    if (left < 0) return -left + (left === -1 ? " character" : " characters") + " too many: a comment holds " + limit + ".";
    if (left === 0) return atTheLimit(limit);
    return left + (left === 1 ? " character left" : " characters left");
  }

  function heardLeft(left, limit) {
    if (left < 0) return "Over the " + limit + " characters a comment holds.";   // not a figure at every keystroke
    if (left === 0) return atTheLimit(limit);
    const step = COMMENT_STEPS.filter((figure) => figure >= left).pop();
    return step + " characters or fewer left";
  }

  function atTheLimit(limit) {
    return limit + " characters, the most a comment holds: what you type or paste past it is left out.";
  }

  // Characters as the server counts them (code points), not value.length's UTF-16 units.
  function characters(text) {
    return [...text].length;
  }

  // What goes past the limit is cut where it was typed or pasted, as maxlength did, and the caret stays after what
  // was kept. A comment longer already (a refused page shows it whole) may shrink but not grow.
  function keepWithin(box, most) {
    const kept = [...box.value];
    const over = kept.length - most;
    if (over <= 0) return;
    const from = Math.max(characters(box.value.slice(0, box.selectionEnd)) - over, 0);
    kept.splice(from, over);
    box.value = kept.join("");
    const caret = kept.slice(0, from).join("").length;
    box.setSelectionRange(caret, caret);
  }

  // Answers changed since the page loaded are lost if the person leaves without Save or Submit (a link, the
  // tab closed, the back button): the browser asks first. Mobile browsers mostly do not ask; Save for later is in reach.
  function warnBeforeLosing(form) {
    let unsaved = false;
    form.addEventListener("change", () => { unsaved = true; });
    form.addEventListener("input", () => { unsaved = true; });
    form.addEventListener("submit", () => { unsaved = false; });
    window.addEventListener("beforeunload", (event) => {
      if (!unsaved) return;
      event.preventDefault();
      event.returnValue = "unsaved";  // what browsers before 2023 asked for instead
    });
  }

  // One press sends the answers once. On a slow phone network nothing changes for seconds after the press, so
  // people press again: the first press stored the answers, the second found the link used, and the person read
  // "You have already answered" instead of their thanks. The buttons say what is under way and ignore more presses.
  function sendOnce(form, status, restore) {
    let sending = false;
    let submitted = false;
    const buttons = Array.from(form.elements).filter((element) => element.type === "submit");
    buttons.forEach((button) => { button.dataset.label = button.textContent; });
    form.addEventListener("submit", (event) => {
      if (sending) { event.preventDefault(); return; }
      sending = true;
      const saving = event.submitter && event.submitter.name === "save";
      submitted = !saving;
      // aria-disabled, not disabled: a disabled button is left out of what the form sends, so a Save would arrive
      // as a Submit.
      buttons.forEach((button) => button.setAttribute("aria-disabled", "true"));
      if (event.submitter) event.submitter.textContent = saving ? "Saving\u2026" : "Sending\u2026";
      say(status, saving ? "Saving your answers\u2026" : "Sending your answers\u2026");
    });
    // Submitted answers are not left in the browser's history for the next person at a shared computer to read
    // with Back. The server changes a cookie for that (respond/routes.py); a browser that takes no cookies keeps
    // the page, so the page hides its answers as it goes, and shows itself afresh when it comes back.
    window.addEventListener("pagehide", (event) => {
      if (event.persisted && submitted) form.hidden = true;
    });
    // Back on this page from the browser's history, kept as it was: the buttons work again.
    window.addEventListener("pageshow", (event) => {
      if (!event.persisted) return;
      if (submitted) { location.replace(location.href); return; }   // a GET: never a resent form
      sending = false;
      buttons.forEach((button) => { button.removeAttribute("aria-disabled"); button.textContent = button.dataset.label; });
      restore();
    });
  }
})();
