// Execution rhythm pages: confidence sliders kept in step with their number box, a live hint
// when confidence drops by 30 points or more (the server still decides), and print buttons.
(function () {
  "use strict";
  var DROP = 30;

  function checkDrop(card) {
    var before = parseInt(card.dataset.before, 10);
    var input = card.querySelector("input[name$='-confidence']");
    var note = card.querySelector("textarea[name$='-note']");
    var hint = card.querySelector(".rhythm-drop-hint");
    if (!input || !note || !hint) { return; }
    var after = parseInt(input.value, 10);
    var dropped = !isNaN(before) && !isNaN(after) && before - after >= DROP && !note.value.trim();
    hint.hidden = !dropped;
  }

  function wireSliders(root) {
    root.querySelectorAll("input[data-confidence-for]").forEach(function (slider) {
      var number = document.getElementById(slider.dataset.confidenceFor);
      if (!number) { return; }
      var card = slider.closest(".rhythm-kr");
      if (number.value !== "") { slider.value = number.value; } else { slider.classList.add("rhythm-unset"); }
      slider.addEventListener("input", function () {
        number.value = slider.value;
        slider.classList.remove("rhythm-unset");
        if (card) { checkDrop(card); }
      });
      number.addEventListener("input", function () {
        if (number.value !== "") { slider.value = number.value; slider.classList.remove("rhythm-unset"); }
        if (card) { checkDrop(card); }
      });
      if (card) {
        var note = card.querySelector("textarea[name$='-note']");
        if (note) { note.addEventListener("input", function () { checkDrop(card); }); }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    wireSliders(document);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    var firstError = document.querySelector(".rhythm-drop-error, .rhythm-kr .is-invalid");
    if (firstError) { firstError.scrollIntoView({block: "center"}); }
  });
})();
