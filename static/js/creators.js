// Find Creators: "Select all on this page" ticks every row's checkbox, and un-ticking a row
// un-ticks it. Without JavaScript the page still works: the form sends `all_on_page` with the
// page's creators as hidden fields, and the server selects them.
(function () {
  function sync(form) {
    var all = form.querySelector("[data-select-page]");
    var picks = form.querySelectorAll("[data-pick]");
    if (!all || !picks.length) return;
    all.checked = Array.prototype.every.call(picks, function (p) { return p.checked; });
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.closest && target.closest("form[data-selection]");
    if (!form) return;
    if (target.matches("[data-select-page]")) {
      form.querySelectorAll("[data-pick]").forEach(function (p) { p.checked = target.checked; });
    } else if (target.matches("[data-pick]")) {
      sync(form);
    }
  });
})();
