// Meetings. Templates: drag to reorder (SortableJS). Each sortable list posts the new order of its
// level (the top items, or one item's steps) to its data-sortable URL; a refusal reloads the page,
// which shows the stored order and the message.
document.addEventListener("DOMContentLoaded", () => {
  // Forms that ask first (cancelling a meeting): inline handlers are barred by the CSP.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => { if (!window.confirm(form.dataset.confirm)) event.preventDefault(); });
  });
  if (typeof Sortable === "undefined") return;
  const token = document.querySelector("[name=csrfmiddlewaretoken]")?.value;
  document.querySelectorAll("[data-sortable]").forEach((list) => {
    Sortable.create(list, {
      handle: ".drag-handle", animation: 150, draggable: ":scope > li[data-id]",
      onEnd: () => {
        const body = new URLSearchParams();
        list.querySelectorAll(":scope > li[data-id]").forEach((li) => body.append("item", li.dataset.id));
        if (list.dataset.parent) body.append("parent", list.dataset.parent);
        fetch(list.dataset.sortable, {method: "POST", body, headers: {"X-CSRFToken": token, "HX-Request": "true"}})
          .then((response) => { if (!response.ok) window.location.reload(); })
          .catch(() => window.location.reload());
      },
    });
  });
});
