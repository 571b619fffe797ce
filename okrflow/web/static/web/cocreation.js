/* okrflow co-creation panels: the card's live character counter, emptying the kept draft once a
 * card is taken, and drag and drop of cards into columns and of columns into their rank
 * (SortableJS, loaded once on demand). Each drop posts the move with htmx and the panel comes
 * back re-rendered; the other screens follow by the live event. No inline script: the CSP. */
(function () {
  "use strict";
  if (window.okrflowCocreation) { window.okrflowCocreation.init(); return; }

  function length(text) {
    // The server's rule: ends trimmed, inner whitespace folded; a character (a Chinese one too) counts one.
    return Array.from(text.normalize ? text.normalize("NFC").trim().split(/\s+/).join(" ") : text.trim()).length;
  }

  function updateCounter(area) {
    var form = area.closest("form");
    var out = form && form.querySelector("[data-cc-count]");
    if (!out) { return; }
    var n = area.value.trim() ? length(area.value) : 0;
    var min = parseInt(area.getAttribute("data-min"), 10), max = parseInt(area.getAttribute("data-max"), 10);
    out.textContent = n + " / " + max;
    out.classList.toggle("is-over", n > max);
    out.classList.toggle("is-under", n > 0 && n < min);
    out.classList.toggle("is-ok", n >= min && n <= max);
  }

  function post(panel, values) {
    window.htmx.ajax("POST", panel.getAttribute("data-cc-url").split("?")[0],
                     {source: panel, target: "#cc-panel", swap: "outerHTML", values: values});
  }

  function withSortable(callback) {
    if (window.Sortable) { callback(); return; }
    var panel = document.getElementById("cc-panel");
    if (!panel || document.querySelector("script[data-cc-sortable-lib]")) { return; }
    var script = document.createElement("script");
    script.src = panel.getAttribute("data-sortable-src");
    script.setAttribute("data-cc-sortable-lib", "");
    script.onload = callback;
    document.head.appendChild(script);
  }

  function bindSortables() {
    var panel = document.getElementById("cc-panel");
    if (!panel) { return; }
    panel.querySelectorAll("[data-cc-sortable]").forEach(function (list) {
      if (list.sortable) { return; }
      list.sortable = window.Sortable.create(list, {
        group: "cards-" + list.getAttribute("data-group"), animation: 150, delay: 120, delayOnTouchOnly: true,
        onEnd: function (event) {
          if (event.from === event.to && event.oldIndex === event.newIndex) { return; }
          post(panel, {action: "move", card: event.item.getAttribute("data-card"),
                       column: event.to.getAttribute("data-column"), position: event.newIndex});
        }
      });
    });
    panel.querySelectorAll("[data-cc-columns]").forEach(function (board) {
      if (board.sortable) { return; }
      board.sortable = window.Sortable.create(board, {
        animation: 150, handle: ".cc-column__head", delay: 120, delayOnTouchOnly: true,
        onEnd: function () {
          var order = Array.from(board.querySelectorAll(":scope > [data-column-id]"))
            .map(function (el) { return el.getAttribute("data-column-id"); });
          post(panel, {action: "rank", group: board.getAttribute("data-group"), order: order});
        }
      });
    });
  }

  function init() {
    var panel = document.getElementById("cc-panel");
    if (!panel) { return; }
    var draft = document.getElementById("cc-draft");
    if (draft && panel.hasAttribute("data-cc-clear")) { draft.value = ""; panel.removeAttribute("data-cc-clear"); }
    if (draft) { updateCounter(draft); }
    if (panel.querySelector("[data-cc-sortable], [data-cc-columns]")) { withSortable(bindSortables); }
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-cc-counter]")) { updateCounter(event.target); }
  });
  document.addEventListener("htmx:afterSettle", init);
  window.okrflowCocreation = {init: init};
  init();
})();
