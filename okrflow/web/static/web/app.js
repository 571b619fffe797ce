// okrflow web shell behaviour. Kept out of the templates: the Content-Security-Policy forbids inline scripts.
(function () {
  "use strict";

  function setOpen(tree, open) {
    tree.querySelectorAll("details").forEach(function (d) { d.open = open; });
  }

  function filterTree(tree, query) {
    var q = query.trim().toLowerCase();
    var nodes = tree.querySelectorAll(".org-node");
    var shown = 0;
    nodes.forEach(function (li) { li.classList.toggle("is-hidden", q !== ""); });
    if (q === "") { showEmpty(tree, false); return; }
    nodes.forEach(function (li) {
      if ((li.dataset.unitName || "").toLowerCase().indexOf(q) === -1) { return; }
      shown += 1;
      // Show the match and every ancestor, opened so the match is visible.
      for (var el = li; el && el !== tree; el = el.parentElement) {
        if (el.classList.contains("org-node")) { el.classList.remove("is-hidden"); }
        if (el.tagName === "DETAILS") { el.open = true; }
      }
    });
    showEmpty(tree, shown === 0);
  }

  function showEmpty(tree, empty) {
    var note = tree.querySelector("[data-tree-empty]");
    if (note) { note.classList.toggle("d-none", !empty); }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tree-toggle]");
    if (!button) { return; }
    var tree = document.querySelector(button.dataset.tree);
    if (tree) { setOpen(tree, button.dataset.treeToggle === "open"); }
  });

  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-tree-filter]");
    if (!input) { return; }
    var tree = document.querySelector(input.dataset.treeFilter);
    if (tree) { filterTree(tree, input.value); }
  });
})();
