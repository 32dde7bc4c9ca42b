// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); return; }
  var target = document.querySelector("[data-focus-target]");
  if (target) { var el = document.getElementById(target.getAttribute("data-focus-target")); if (el) el.focus(); }
});
