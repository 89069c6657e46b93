// The regional check on an entry's page: ticking an item saves it at once. A static file
// rather than an inline handler, so the page keeps to the Content-Security-Policy.
(function () {
  "use strict";
  document.querySelectorAll("input[data-autosubmit]").forEach(function (box) {
    box.addEventListener("change", function () {
      box.form.requestSubmit ? box.form.requestSubmit() : box.form.submit();
    });
  });
})();
