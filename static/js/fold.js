// Filters folded on a phone, open on a wide screen: a <details data-fold-narrow> opens itself
// when the window is at least Bootstrap's md width, so a phone's first screen shows the list.
(function () {
  var wide = window.matchMedia("(min-width: 768px)");
  function apply() {
    document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) {
      if (wide.matches) details.open = true;
    });
  }
  apply();
  wide.addEventListener("change", apply);
})();
