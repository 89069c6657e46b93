/* The admin as experts and coordinators use it, to WCAG 2.1 AA: controls that Django's admin
   draws without a label get one. A tabular inline's cell is named by its column and row
   («Роль, строка 2»), a split date/time by its field («Начало — дата»), and a search-as-you-type
   box (select2) by the label of the list it replaces. */
(function () {
  "use strict";
  function text(node) { return node ? node.textContent.replace(/\s+/g, " ").replace(/\*$/, "").trim() : ""; }
  function hasName(control) {
    if (control.getAttribute("aria-label") || control.getAttribute("aria-labelledby")) return true;
    if (control.id && document.querySelector("label[for='" + control.id + "']")) return true;
    return !!control.closest("label");
  }
  function nameTabular() {
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return text(th);
      });
      table.querySelectorAll("tbody tr").forEach(function (row, rowIndex) {
        Array.prototype.forEach.call(row.children, function (cell, column) {
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
            if (hasName(control)) return;
            var header = headers[column] || (control.name.endsWith("-DELETE") ? "Удалить" : "");
            if (!header && control.name.endsWith("-DELETE")) header = "Удалить";
            if (header) control.setAttribute("aria-label", header + ", строка " + (rowIndex + 1));
          });
        });
      });
    });
  }
  function nameSplitDateTimes() {
    document.querySelectorAll("p.datetime").forEach(function (box) {
      var row = box.closest(".form-row, .fieldBox, td");
      var label = row ? text(row.querySelector("label")) : "";
      var inputs = box.querySelectorAll("input");
      var parts = ["дата", "время"];
      inputs.forEach(function (input, index) {
        if (!hasName(input)) input.setAttribute("aria-label", (label ? label + " — " : "") + (parts[index] || ""));
      });
    });
  }
  function nameSelect2() {
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      if (box.getAttribute("aria-label")) return;
      var container = box.closest(".select2");
      var select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
      var name = text(label) || select.getAttribute("aria-label") || "";
      if (!name) return;
      box.setAttribute("aria-label", name);
      box.removeAttribute("aria-labelledby");
      var rendered = box.querySelector(".select2-selection__rendered");
      if (rendered && !rendered.getAttribute("aria-label")) rendered.setAttribute("aria-label", name);
    });
  }
  function run() { nameTabular(); nameSplitDateTimes(); nameSelect2(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
  window.addEventListener("load", run);
  /* select2 draws its boxes after the admin's own scripts run: name them when they appear. */
  new MutationObserver(function (changes) {
    if (changes.some(function (c) { return c.addedNodes.length; })) nameSelect2();
  }).observe(document.body || document.documentElement, {childList: true, subtree: true});
  document.addEventListener("formset:added", run);
})();
