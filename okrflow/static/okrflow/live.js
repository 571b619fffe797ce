/* okrflow live rooms: the meeting's live stream (Server-Sent Events) turned into htmx events.
 *
 * The room's root element names the stream: <div data-live-url="/workshops/7/live/"
 * [data-live-poll-url="…/live/poll/"] [data-live-last-id="123"]>. Every event of the stream becomes
 * htmx.trigger(document.body, "live:<topic>", {id, kind, payload}); panels refresh themselves with
 * hx-trigger="live:cards from:body" and also listen to "live:resync" (fired after a reconnect: the
 * whole state is fetched again). The stream reconnects with backoff from the last event id it saw
 * (the server replays what was missed); after two failures the page polls …/live/poll/?after=<id>
 * until the stream comes back; while the tab is hidden nothing is open, and on return it catches up.
 * The root element's data-live-state says where it stands: connecting, live, polling, paused, gone.
 *
 * Before that, "live:apply" (cancelable, same detail plus the topic) lets a panel show what the
 * event changed from its payload alone; when one does (preventDefault), nothing is fetched.
 *
 * Each trigger makes every panel of its topic re-fetch itself, so a busy room's events are
 * coalesced per topic: the first one fires at once, those within COALESCE_MS after it, or while
 * the panels' refresh is under way, fire once after both, carrying the newest event (what it
 * changed is in the panel's state, which the fetch reads). 60 screens x 18 events a second would
 * otherwise be ~1,100 panel requests a second; coalesced, a screen has at most one refresh per
 * topic under way and asks at most 1000/COALESCE_MS times a second (docs/benchmarks.md).
 */
(function () {
  "use strict";

  // The topics of okrflow/workshops/log.py TOPICS (a test keeps the two lists equal).
  var TOPICS = ["workshop", "agenda", "participants", "groups", "cards", "columns", "votes",
                "claims", "decisions", "feedback", "materials"];
  var POLL_MS = 3000;
  var MAX_BACKOFF_MS = 30000;
  var REMEMBERED = 1000;
  var COALESCE_MS = 400;
  var STUCK_MS = 10000;                       // a refresh that never reported its end stops holding

  function fire(name, detail) {
    if (window.htmx) {
      window.htmx.trigger(document.body, name, detail);
    } else {
      document.body.dispatchEvent(new CustomEvent(name, {bubbles: true, detail: detail}));
    }
  }

  function LiveRoom(root) {
    this.root = root;
    this.url = root.getAttribute("data-live-url");
    this.pollUrl = root.getAttribute("data-live-poll-url") || this.url.replace(/\/?$/, "/") + "poll/";
    var start = parseInt(root.getAttribute("data-live-last-id"), 10);
    this.lastId = isNaN(start) ? null : start;
    this.needResync = this.lastId === null;   // the page does not say what it shows: fetch it again
    this.seen = [];
    this.seenSet = {};
    this.source = null;
    this.failures = 0;
    this.retryTimer = null;
    this.pollTimer = null;
    this.polling = false;
    this.gone = false;
    this.lastFired = {};                      // topic -> when its last trigger fired (ms)
    this.waiting = {};                        // topic -> {detail, timer}: the trigger still to fire
    this.inFlight = {};                       // topic -> {count, since}: refreshes it started, under way
  }

  LiveRoom.prototype.setState = function (state) {
    this.root.setAttribute("data-live-state", state);
  };

  LiveRoom.prototype.deliver = function (data, polled) {
    if (this.seenSet[data.id]) { return; }
    this.seenSet[data.id] = true;
    this.seen.push(data.id);
    if (this.seen.length > REMEMBERED) { delete this.seenSet[this.seen.shift()]; }
    if (this.lastId === null || data.id > this.lastId) { this.lastId = data.id; }
    var detail = {id: data.id, topic: data.topic, kind: data.kind, payload: data.payload, polled: !!polled};
    // A panel that can show the change from the event's payload alone (a count) takes it here and
    // cancels the event: its topic's panels then fetch nothing (cocreation.js). 60 screens would
    // otherwise fetch their panel for every card and every vote of the room.
    var apply = new CustomEvent("live:apply", {detail: detail, cancelable: true});
    if (!document.body.dispatchEvent(apply)) { return; }
    this.announce(data.topic, {id: data.id, kind: data.kind, payload: data.payload});
  };

  // "live:<topic>" now, or once when the topic's window has passed and no refresh of its panels is
  // under way, with the newest detail. A trigger during a refresh would be queued by htmx on the
  // panel's element, which the refresh's outerHTML swap removes: htmx then drops it, and the panel
  // would miss that update until the next event.
  LiveRoom.prototype.announce = function (topic, detail) {
    var waiting = this.waiting[topic];
    if (waiting) {
      if (detail.id > waiting.detail.id) { waiting.detail = detail; }
      return;
    }
    this.waiting[topic] = {detail: detail, timer: null};
    this.schedule(topic);
  };

  LiveRoom.prototype.refreshing = function (topic) {
    var under = this.inFlight[topic];
    if (under && Date.now() - under.since > STUCK_MS) { delete this.inFlight[topic]; }
    return !!this.inFlight[topic];
  };

  LiveRoom.prototype.schedule = function (topic) {
    var self = this;
    var waiting = this.waiting[topic];
    if (!waiting || waiting.timer || this.refreshing(topic)) { return; }
    var wait = (this.lastFired[topic] || 0) + COALESCE_MS - Date.now();
    if (wait <= 0) { this.flush(topic); return; }
    waiting.timer = setTimeout(function () { waiting.timer = null; self.flush(topic); }, wait);
  };

  LiveRoom.prototype.flush = function (topic) {
    var waiting = this.waiting[topic];
    if (!waiting || this.refreshing(topic)) { return; }   // the refresh's end schedules it again
    delete this.waiting[topic];
    this.lastFired[topic] = Date.now();
    fire("live:" + topic, waiting.detail);
  };

  // htmx's requests that a live trigger started, counted per topic (htmx:afterRequest also comes
  // after an error or an abort, and reaches the body after an outerHTML swap).
  function liveTopic(event) {
    var config = event.detail && event.detail.requestConfig;
    var cause = config && config.triggeringEvent;
    return cause && cause.type && cause.type.indexOf("live:") === 0 ? cause.type.slice(5) : null;
  }

  LiveRoom.prototype.watchRefreshes = function () {
    var self = this;
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      var topic = liveTopic(event);
      if (!topic) { return; }
      var under = self.inFlight[topic] || (self.inFlight[topic] = {count: 0, since: Date.now()});
      under.count += 1;
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var topic = liveTopic(event);
      var under = topic && self.inFlight[topic];
      if (!under) { return; }
      under.count -= 1;
      if (under.count <= 0) { delete self.inFlight[topic]; self.schedule(topic); }
    });
  };

  LiveRoom.prototype.resync = function () {
    this.needResync = false;
    fire("live:resync", {lastId: this.lastId});
  };

  LiveRoom.prototype.connect = function () {
    var self = this;
    if (this.gone || this.source || document.visibilityState === "hidden") { return; }
    clearTimeout(this.retryTimer);
    if (!this.polling) { this.setState("connecting"); }
    var url = this.url + (this.lastId === null ? "" : (this.url.indexOf("?") < 0 ? "?" : "&") + "last=" + this.lastId);
    var source = new EventSource(url);
    this.source = source;
    source.addEventListener("live-hello", function (event) {
      var hello = JSON.parse(event.data);
      if (self.lastId === null) { self.lastId = hello.last_id; }
      self.failures = 0;
      self.stopPolling();
      self.setState("live");
      if (self.needResync) { self.resync(); }
    });
    TOPICS.forEach(function (topic) {
      source.addEventListener(topic, function (event) { self.deliver(JSON.parse(event.data)); });
    });
    source.onerror = function () {
      if (self.source !== source) { return; }
      source.close();
      self.source = null;
      self.failures += 1;
      self.needResync = true;                 // whatever comes next, the panels fetch their state again
      if (self.failures >= 2) { self.startPolling(); } else { self.setState("connecting"); }
      self.scheduleReconnect();
    };
  };

  LiveRoom.prototype.scheduleReconnect = function () {
    var self = this;
    var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, Math.max(0, this.failures - 1)));
    delay = delay / 2 + Math.random() * delay / 2;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.connect(); }, delay);
  };

  LiveRoom.prototype.startPolling = function () {
    if (this.polling || this.gone) { return; }
    this.polling = true;
    this.setState("polling");
    if (this.needResync) { this.resync(); }
    this.pollOnce();
  };

  LiveRoom.prototype.stopPolling = function () {
    this.polling = false;
    clearTimeout(this.pollTimer);
  };

  LiveRoom.prototype.pollOnce = function () {
    var self = this;
    if (!this.polling) { return; }
    var url = this.pollUrl + (this.lastId === null ? "" : "?after=" + this.lastId);
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (response.status === 404 || response.status === 403) { self.stop("gone"); return null; }
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        if (!self.polling) { return; }
        var again = POLL_MS;
        if (body) {
          if (self.lastId === null) { self.lastId = body.last_id; }
          body.events.forEach(function (data) { self.deliver(data, true); });
          if (body.more) { again = 0; }
        }
        self.pollTimer = setTimeout(function () { self.pollOnce(); }, again);
      })
      .catch(function () {
        if (self.polling) { self.pollTimer = setTimeout(function () { self.pollOnce(); }, POLL_MS); }
      });
  };

  LiveRoom.prototype.pause = function () {
    clearTimeout(this.retryTimer);
    this.stopPolling();
    if (this.source) { this.source.close(); this.source = null; }
    if (!this.gone) { this.setState("paused"); this.needResync = true; }
  };

  LiveRoom.prototype.stop = function (state) {
    this.pause();
    this.gone = true;
    this.setState(state);
  };

  LiveRoom.prototype.resume = function () {
    this.failures = 0;
    this.connect();
  };

  function start() {
    var root = document.querySelector("[data-live-url]");
    if (!root || root.okrflowLive) { return; }
    var room = new LiveRoom(root);
    root.okrflowLive = room;
    window.okrflowLive = room;
    room.watchRefreshes();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { room.pause(); } else { room.resume(); }
    });
    window.addEventListener("pagehide", function () { room.pause(); });
    // Back online: the stream may have stayed open (Chromium keeps it) while the panels' fetches
    // failed, so the panels fetch their state again whether or not the stream reconnects.
    window.addEventListener("online", function () {
      room.needResync = true;
      room.resume();
      if (room.source) { room.resync(); }
    });
    room.connect();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
