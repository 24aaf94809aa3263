// Keeps the progress indication current as the respondent answers.
(function () {
  const form = document.querySelector(".survey-form");
  const bar = document.getElementById("progress");
  const text = document.getElementById("progress-text");
  if (!form || !bar || !text) return;
  const total = Number(bar.max);
  function update() {
    const answered = new Set(
      Array.from(form.querySelectorAll("input[type=radio]:checked"), (input) => input.name)
    ).size;
    bar.value = answered;
    text.textContent = answered + " of " + total + " answered";
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
  // After a refused submit, keyboard and screen-reader users start at the summary and its link.
  const summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
