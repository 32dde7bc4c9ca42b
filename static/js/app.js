// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  } else {
    var target = document.querySelector("[data-focus-target]");
    if (target) {
      var el = document.getElementById(target.getAttribute("data-focus-target"));
      if (el) el.focus();
    }
  }

  // Warn before leaving a step with unsaved typing (links only; every button saves or re-renders).
  var form = document.getElementById("step-form");
  if (!form) return;
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  document.addEventListener("submit", function () { dirty = false; }, true);
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
});
