// The document page's print button (the Content-Security-Policy forbids inline handlers).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-report-print]")) { window.print(); }
  });
})();
