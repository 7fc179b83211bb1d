// Live countdown to a link session's expiry. Without JavaScript the expiry time shows as text;
// the status poll (htmx) is what reports "expired" and offers Refresh QR code.
(function () {
  "use strict";

  function format(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function start(el) {
    var expiresAt = Date.parse(el.getAttribute("data-expires-at"));
    if (isNaN(expiresAt)) return;
    var panel = document.getElementById("qr-panel");
    function tick() {
      var left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      if (left > 0) {
        el.textContent = format(left);
        return;
      }
      el.textContent = "0:00 (expired)";
      if (panel) panel.classList.add("is-expired");
      clearInterval(timer);
    }
    var timer = setInterval(tick, 1000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = document.getElementById("link-countdown");
    if (el) start(el);
  });
})();
