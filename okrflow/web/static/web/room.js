/* okrflow live room: the countdown, and the current item's panel.
 *
 * The countdown ticks in the browser towards the server's absolute end of the item
 * (data-ends-ms), corrected by the offset between the server's clock (data-server-ms of the
 * agenda fragment, rendered the moment it was sent) and this device's. A paused item shows its
 * stored seconds (data-remaining). Whenever the agenda fragment is swapped in again (a
 * `live:agenda` event from live.js, whose own polling covers a lost stream) the clock is re-synced and, when the
 * current item changed, the main region loads the new item's panel.
 */
(function () {
  "use strict";

  var offset = 0;            // server clock − device clock, in ms
  var syncedWith = null;     // the data-server-ms the offset was taken from

  /* Only a freshly rendered fragment tells the server's time: take the offset once per render. */
  function syncClock(agenda) {
    var stamp = agenda && agenda.getAttribute("data-server-ms");
    var server = parseInt(stamp, 10);
    if (isNaN(server) || stamp === syncedWith) { return; }
    syncedWith = stamp;
    offset = server - Date.now();
  }

  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function format(seconds) {
    var sign = seconds < 0 ? "\u2212" : "";
    var left = Math.abs(seconds);
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    return sign + (h ? h + ":" + pad(m) : pad(m)) + ":" + pad(s);
  }

  function secondsLeft(el) {
    if (el.getAttribute("data-state") === "running") {
      var ends = parseInt(el.getAttribute("data-ends-ms"), 10);
      if (isNaN(ends)) { return null; }
      return Math.ceil((ends - (Date.now() + offset)) / 1000);
    }
    var stored = parseInt(el.getAttribute("data-remaining"), 10);
    return isNaN(stored) ? null : stored;
  }

  function tick() {
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var left = secondsLeft(el);
      if (left === null) { return; }
      var value = el.querySelector("[data-countdown-value]");
      var text = format(left);
      if (value && value.textContent !== text) { value.textContent = text; }
      var running = el.getAttribute("data-state") === "running";
      el.classList.toggle("is-overrun", left < 0);
      el.classList.toggle("is-soon", running && left >= 0 && left <= 60);
      var now = el.closest(".room-now");
      if (now) {
        now.classList.toggle("room-now--overrun", left < 0);
        now.classList.toggle("room-now--soon", running && left >= 0 && left <= 60);
      }
      var bar = el.querySelector("[data-countdown-bar]");
      var total = parseInt(el.getAttribute("data-total"), 10);
      if (bar && total > 0) {
        var done = Math.min(1, Math.max(0, (total - left) / total));
        bar.style.width = (done * 100).toFixed(2) + "%";
      }
    });
  }

  function syncPanel() {
    var agenda = document.getElementById("room-agenda");
    var panel = document.getElementById("room-panel");
    if (!agenda || !panel || !window.htmx) { return; }
    var url = agenda.getAttribute("data-panel-url");
    var wanted = (agenda.getAttribute("data-current-item") || "") + "|" + url;
    if (panel.getAttribute("data-loaded") === wanted) { return; }
    panel.setAttribute("data-loaded", wanted);
    window.htmx.ajax("GET", url, {target: "#room-panel", swap: "innerHTML"});
  }

  window.okrflowRoom = window.okrflowRoom || {};
  window.okrflowRoom.format = format;

  function start() {
    syncClock(document.getElementById("room-agenda"));
    tick();
    setInterval(tick, 250);
    document.body.addEventListener("htmx:afterSettle", function () {
      syncClock(document.getElementById("room-agenda"));
      syncPanel();
      tick();
    });
    var connection = document.querySelector("[data-room-connection]");
    var root = document.querySelector("[data-live-url]");
    var showState = function (state) {
      if (!connection) { return; }
      connection.setAttribute("data-state", state);
      var label = connection.getAttribute("data-label-" + state);
      var text = connection.querySelector("[data-room-connection-label]");
      if (label && text) { text.textContent = label; }
    };
    if (root && window.MutationObserver) {
      var follow = function () { showState(root.getAttribute("data-live-state") || "connecting"); };
      new MutationObserver(follow).observe(root, {attributes: true, attributeFilter: ["data-live-state"]});
      follow();
    }
    window.okrflowRoom.showState = showState;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
