// Beside each time the server wrote in UTC (<time datetime="…" data-local-time>), the same moment
// in the phone's own time zone. Without JavaScript the UTC time stands alone.
(function () {
  "use strict";

  var FORMAT = {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  };

  function addLocalTime(el) {
    // Python writes microseconds; ECMAScript dates read milliseconds.
    var iso = (el.getAttribute("datetime") || "").replace(/(\.\d{3})\d+/, "$1");
    var moment = new Date(iso);
    if (isNaN(moment.getTime())) return;
    var local = document.createElement("span");
    local.className = "local-time";
    local.setAttribute("data-testid", "local-time");
    local.textContent = " · " + moment.toLocaleString(undefined, FORMAT) + " your time";
    el.after(local);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("time[data-local-time]").forEach(addLocalTime);
  });
})();
