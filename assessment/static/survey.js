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
    }
  });
  update();
})();
