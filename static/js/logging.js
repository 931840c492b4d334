// Logging on the day: a student's "Reason missed" shows only when Missed is chosen.
// Without this script the reason always shows (the server still asks for it).
(function () {
  "use strict";
  function update(fieldset) {
    const delivered = fieldset.querySelector('input[type="radio"][value="delivered"]');
    fieldset.classList.toggle("is-delivered", Boolean(delivered && delivered.checked));
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.log-student").forEach(function (fieldset) {
      update(fieldset);
      fieldset.addEventListener("change", function () { update(fieldset); });
    });
  });
})();
