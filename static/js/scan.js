// The scan screen: a link code's token rides in the URL's fragment (#t=…), which browsers never
// send, so no access log or error report records it. This moves it into the screen's form, drops
// it from the address bar and history, and posts it. The form posts what the app's scanner put
// in it the same way. Posting shows who is asking; nothing changes until the user taps Continue.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-scan-form]");
    if (!form) return;
    var input = form.querySelector("input[name=token]");
    var token = new URLSearchParams(window.location.hash.slice(1)).get("t");
    if (window.location.hash) {
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    if (!input.value && token) input.value = token;
    var missing = document.querySelector("[data-scan-missing]");
    if (!input.value) {
      if (missing) missing.hidden = false;
      return;
    }
    if (missing) missing.hidden = true;
    form.submit();
  });
})();
