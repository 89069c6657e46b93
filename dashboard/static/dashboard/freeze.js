/* «Зафиксировать отчёт за период»: choosing a quarter or the programme so far fills the two
   dates, so the coordinator sees the period before freezing it; changing a date by hand turns
   the choice back to «Свои даты». Without this script the server reads the choice itself. */
(function () {
  "use strict";
  var data = document.getElementById("freeze-periods");
  var period = document.getElementById("id_period");
  var starts = document.getElementById("id_starts_on");
  var ends = document.getElementById("id_ends_on");
  if (!data || !period || !starts || !ends) return;
  var dates = JSON.parse(data.textContent);
  period.addEventListener("change", function () {
    var chosen = dates[period.value];
    if (!chosen) return;
    starts.value = chosen[0];
    ends.value = chosen[1];
  });
  [starts, ends].forEach(function (input) {
    input.addEventListener("change", function () {
      var chosen = dates[period.value];
      if (chosen && (starts.value !== chosen[0] || ends.value !== chosen[1])) period.value = "";
    });
  });
})();
