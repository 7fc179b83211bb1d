// Find Creators: "Select all on this page" ticks every row's checkbox, and un-ticking a row
// un-ticks it. On submit, a whole-page or all-matching selection is sent as its query alone,
// so the Invite page's URL stays short. Without JavaScript the page still works: the boxes
// send the page's query, the filter query, or the ticked creators, and the server picks one.
// (htmx posts each change to keep the selection across pages; see find.html.)
(function () {
  function picks(form) {
    return form.querySelectorAll("[data-pick]");
  }

  function sync(form) {
    var all = form.querySelector("[data-select-page]");
    var rows = picks(form);
    if (!all || !rows.length) return;
    all.checked = Array.prototype.every.call(rows, function (p) { return p.checked; });
  }

  // Capturing, so that the boxes are set before htmx, listening below, posts them.
  document.addEventListener("change", function (event) {
    var target = event.target;
    var form = target.closest && target.closest("form[data-selection]");
    if (!form) return;
    if (target.matches("[data-select-page]")) {
      picks(form).forEach(function (p) { p.checked = target.checked; });
    } else if (target.matches("[data-pick]")) {
      sync(form);
    }
  }, true);

  // A page shown with some of the selection ticked shows "Select all on this page" as it is.
  document.addEventListener("htmx:load", function (event) {
    var forms = event.target.querySelectorAll ? event.target.querySelectorAll("form[data-selection]") : [];
    forms.forEach(sync);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-selection]")) return;
    var matching = form.querySelector("[data-select-matching]");
    var page = form.querySelector("[data-select-page]");
    if ((matching && matching.checked) || (page && page.checked)) {
      picks(form).forEach(function (p) { p.disabled = true; });
      if (matching && matching.checked && page) page.disabled = true;
      // Re-enable after leaving, so the back button shows a usable form.
      window.setTimeout(function () {
        picks(form).forEach(function (p) { p.disabled = false; });
        if (page) page.disabled = false;
      }, 0);
    }
  });
})();
