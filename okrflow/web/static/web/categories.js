// Business categories: drag to reorder (SortableJS). When a drag ends, Sortable fires "end" on the
// list, which htmx posts (hx-trigger="end") with the ids in their new order and swaps the list it
// gets back. The up and down buttons are plain forms that htmx posts too (the phone's way).
(function () {
  "use strict";

  function bind(root) {
    if (typeof Sortable === "undefined" || !root.querySelectorAll) { return; }
    root.querySelectorAll("[data-category-sortable]").forEach(function (list) {
      if (list.sortable) { return; }
      list.sortable = Sortable.create(list, {handle: ".drag-handle", animation: 150, draggable: "li[data-id]"});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bind(document);
    document.body.addEventListener("htmx:load", function (event) { bind(event.detail.elt); });
  });

  // Asking before a delete: inline handlers are barred by the Content-Security-Policy.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) { event.preventDefault(); }
  });
})();
