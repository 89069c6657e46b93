/* The portal's one form pattern (resursnaya_sreda/kernel/forms.py, templates/bootstrap5/errors.html).
   After a failed submit: focus goes to the error summary and the title starts with «Ошибка: »,
   so a screen reader says at once that the form was not sent and why. A link of the summary
   moves focus to its field. */
(function () {
  "use strict";
  var PREFIX = "Ошибка: ";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    if (document.title.indexOf(PREFIX) !== 0) document.title = PREFIX + document.title;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({block: "center"});
      field.focus();
    });
  }
  /* Controls a template writes by hand get the same announcement of "required" as the forms. */
  Array.prototype.forEach.call(
    document.querySelectorAll("input[required]:not([type=radio]):not([type=file]):not([type=hidden]), select[required], textarea[required]"),
    function (control) { control.setAttribute("aria-required", "true"); }
  );
})();
