// Live countdown to a link session's expiry: the session's time left, whichever QR code it shows.
// Without JavaScript the expiry time shows as text; the status poll (htmx) is what reports
// "expired" and offers Refresh QR code. The QR panel is swapped in anew on every rotation, and
// the whole flow after Not our account, so the countdown starts again on each swap.
(function () {
  "use strict";

  var timer = null;

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function start(el) {
    var expiresAt = Date.parse(el.getAttribute("data-expires-at"));
    if (isNaN(expiresAt)) return;
    if (timer !== null) clearInterval(timer);
    function tick() {
      var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      if (left > 0) {
        el.textContent = format(left);
        return;
      }
      el.textContent = "0:00 (expired)";
      var panel = document.getElementById("qr-panel");
      if (panel) panel.classList.add("is-expired");
      clearInterval(timer);
      timer = null;
    }
    timer = setInterval(tick, 1000);
    tick();
  }

  function startIn(root) {
    var el = root.id === "link-countdown" ? root : root.querySelector("#link-countdown");
    if (el) start(el);
  }

  document.addEventListener("DOMContentLoaded", function () {
    startIn(document.body);
  });
  document.addEventListener("htmx:load", function (event) {
    startIn(event.detail.elt);
  });
})();
