// The scan screens: a link code's token rides in the URL's fragment (#t=…), which browsers never
// send, so no access log or error report records it. This moves it into the screen's form, drops
// it from the address bar and history, and posts it; so does a new code opened on a screen that
// is already at the code's URL (only its fragment changes: the browser loads nothing). The form
// posts what the app's scanner put in it the same way. Posting shows who is asking; nothing
// changes until the user taps Continue.
(function () {
  "use strict";

  function open(form) {
    var input = form.querySelector("input[name=token]");
    var token = new URLSearchParams(window.location.hash.slice(1)).get("t");
    if (window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    if (token) input.value = token;
    if (!input.value) return false;
    form.submit();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-scan-form]");
    if (!form) return;
    var missing = document.querySelector("[data-scan-missing]");
    if (!open(form) && form.hasAttribute("data-scan-landing") && missing) missing.hidden = false;
    window.addEventListener("hashchange", function () {
      if (open(form) && missing) missing.hidden = true;
    });
  });
})();
