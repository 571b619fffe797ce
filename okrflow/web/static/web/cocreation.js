/* okrflow co-creation panels: the card's live character counter; what a participant types (a new
 * card, an edit of their own card) kept in localStorage, so a live refresh of the panel, a reload
 * or a reconnect after the phone slept loses nothing (emptied once the server took the card);
 * the editor of one's own card; and drag and drop of cards into columns and of columns into their
 * rank (SortableJS, loaded once on demand). Each drop posts the move with htmx and the panel comes
 * back re-rendered; the other screens follow by the live event. No inline script: the CSP. */
(function () {
  "use strict";
  if (window.okrflowCocreation) { window.okrflowCocreation.init(); return; }

  function length(text) {
    // The server's rule: ends trimmed, inner whitespace folded; a character (a Chinese one too) counts one.
    return Array.from(text.normalize ? text.normalize("NFC").trim().split(/\s+/).join(" ") : text.trim()).length;
  }

  function updateCounter(area) {
    var form = area.closest("form");
    var out = form && form.querySelector("[data-cc-count]");
    if (!out) { return; }
    var n = area.value.trim() ? length(area.value) : 0;
    var min = parseInt(area.getAttribute("data-min"), 10), max = parseInt(area.getAttribute("data-max"), 10);
    out.textContent = n + " / " + max;
    out.classList.toggle("is-over", n > max);
    out.classList.toggle("is-under", n > 0 && n < min);
    out.classList.toggle("is-ok", n >= min && n <= max);
  }

  /* Drafts: one JSON object a seat and meeting, {"new": text, "card-12": text}. */
  function storeKey() {
    var panel = document.getElementById("cc-panel");
    return panel && panel.getAttribute("data-cc-drafts");
  }

  function readDrafts(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {          // storage off (private mode) or a damaged entry: no drafts
      return {};
    }
  }

  function writeDrafts(key, drafts) {
    try {
      if (Object.keys(drafts).length) {
        window.localStorage.setItem(key, JSON.stringify(drafts));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) { /* storage full or off: the draft lives in the page only */ }
  }

  function keepDraft(area) {
    var key = storeKey();
    if (!key) { return; }
    var drafts = readDrafts(key), name = area.getAttribute("data-cc-draft");
    var original = area.getAttribute("data-cc-original");
    if (area.value === "" && original === null) { delete drafts[name]; } else { drafts[name] = area.value; }
    writeDrafts(key, drafts);
  }

  function dropDraft(name) {
    var key = storeKey();
    if (!key) { return; }
    var drafts = readDrafts(key);
    delete drafts[name];
    writeDrafts(key, drafts);
  }

  function openEditor(form, open) {
    var card = form.closest(".cc-card");
    form.hidden = !open;
    if (card) { card.classList.toggle("is-editing", open); }
    var button = card && card.querySelector("[data-cc-edit]");
    if (button) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  }

  function restoreDrafts(panel) {
    var key = panel.getAttribute("data-cc-drafts");
    if (!key) { return; }
    var drafts = readDrafts(key), changed = false;
    var cleared = panel.getAttribute("data-cc-clear");
    if (cleared) { delete drafts[cleared]; changed = true; panel.removeAttribute("data-cc-clear"); }
    var present = {};
    panel.querySelectorAll("[data-cc-draft]").forEach(function (area) {
      var name = area.getAttribute("data-cc-draft");
      present[name] = true;
      var form = area.closest("[data-cc-edit-form]");
      if (form && !form.hidden) {                       // the server reopened it with a refusal
        drafts[name] = area.value; changed = true;
      } else if (!form && area.value) {                 // the server kept a refused new card
        drafts[name] = area.value; changed = true;
      } else if (Object.prototype.hasOwnProperty.call(drafts, name) && !area.disabled) {
        area.value = drafts[name];
        if (form) { openEditor(form, true); }
      }
    });
    // In the writing step, an edit of a card that is gone (deleted, on another device) is dropped.
    if (panel.querySelector("#cc-draft")) {
      Object.keys(drafts).forEach(function (name) {
        if (name !== "new" && !present[name]) { delete drafts[name]; changed = true; }
      });
    }
    if (changed) { writeDrafts(key, drafts); }
  }

  /* A live refresh swaps the panel: htmx puts the focus back on the field of the same id; once the
   * draft is restored into it, the caret goes back where it was too. */
  var focused = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var el = document.activeElement;
    focused = el && el.id && el.matches && el.matches("[data-cc-draft]")
      ? {id: el.id, start: el.selectionStart, end: el.selectionEnd} : null;
  });

  function refocus() {
    if (!focused) { return; }
    var el = document.getElementById(focused.id);
    var was = focused;
    focused = null;
    if (!el || el.disabled || el.closest("[hidden]")) { return; }
    if (document.activeElement !== el) { el.focus({preventScroll: true}); }
    try { el.setSelectionRange(was.start, was.end); } catch (error) { /* not a text field */ }
  }

  /* A live event that arrives while the panel's refresh is in flight: htmx queues it on the
   * element the refresh is about to replace (outerHTML), so it would be lost and the screen would
   * stay one event behind until the next one. Remember it, and refresh the new panel once more. */
  var panels = {}, watched = {};     // ids of the live panels seen; the topics listened to

  function listensTo(el, name) {
    return (" " + (el.getAttribute("hx-trigger") || "") + ",").indexOf(" " + name + " from:body,") >= 0;
  }

  function watchTopics(el) {
    var trigger = el.getAttribute("hx-trigger") || "", found = /(live:[\w-]+) from:body/g, match;
    while ((match = found.exec(trigger)) !== null) {
      if (watched[match[1]]) { continue; }
      watched[match[1]] = true;
      document.body.addEventListener(match[1], function (event) {
        Object.keys(panels).forEach(function (id) {
          var el = document.getElementById(id), flight = el && el.ccRefresh;
          // not the event that started this very refresh
          if (flight && flight.trigger !== event && listensTo(el, event.type)) { flight.missed = true; }
        });
      });
    }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail.elt, xhr = event.detail.xhr, config = event.detail.requestConfig || {};
    if (!el || !el.hasAttribute || !el.hasAttribute("data-cc-live") || !el.id || !xhr) { return; }
    if (config.verb !== "get" || !document.body.contains(el)) { return; }
    panels[el.id] = true;
    watchTopics(el);
    var flight = {trigger: config.triggeringEvent || null, missed: false};
    el.ccRefresh = flight;
    xhr.addEventListener("loadend", function () {
      if (el.ccRefresh === flight) { el.ccRefresh = null; }
      if (!flight.missed) { return; }
      setTimeout(function () {
        var fresh = document.getElementById(el.id);
        if (!fresh || !window.htmx) { return; }
        if (fresh.ccRefresh) { fresh.ccRefresh.missed = true; } else { window.htmx.trigger(fresh, "cc:refresh"); }
      }, 0);
    });
  });

  function post(panel, values) {
    window.htmx.ajax("POST", panel.getAttribute("data-cc-url").split("?")[0],
                     {source: panel, target: "#cc-panel", swap: "outerHTML", values: values});
  }

  function withSortable(callback) {
    if (window.Sortable) { callback(); return; }
    var panel = document.getElementById("cc-panel");
    if (!panel || document.querySelector("script[data-cc-sortable-lib]")) { return; }
    var script = document.createElement("script");
    script.src = panel.getAttribute("data-sortable-src");
    script.setAttribute("data-cc-sortable-lib", "");
    script.onload = callback;
    document.head.appendChild(script);
  }

  function bindSortables() {
    var panel = document.getElementById("cc-panel");
    if (!panel) { return; }
    panel.querySelectorAll("[data-cc-sortable]").forEach(function (list) {
      if (list.sortable) { return; }
      list.sortable = window.Sortable.create(list, {
        group: "cards-" + list.getAttribute("data-group"), animation: 150, delay: 120, delayOnTouchOnly: true,
        onEnd: function (event) {
          if (event.from === event.to && event.oldIndex === event.newIndex) { return; }
          post(panel, {action: "move", card: event.item.getAttribute("data-card"),
                       column: event.to.getAttribute("data-column"), position: event.newIndex});
        }
      });
    });
    panel.querySelectorAll("[data-cc-columns]").forEach(function (board) {
      if (board.sortable) { return; }
      board.sortable = window.Sortable.create(board, {
        animation: 150, handle: ".cc-column__head", delay: 120, delayOnTouchOnly: true,
        onEnd: function () {
          var order = Array.from(board.querySelectorAll(":scope > [data-column-id]"))
            .map(function (el) { return el.getAttribute("data-column-id"); });
          post(panel, {action: "rank", group: board.getAttribute("data-group"), order: order});
        }
      });
    });
  }

  function init() {
    var panel = document.getElementById("cc-panel");
    if (!panel) { return; }
    restoreDrafts(panel);
    panel.querySelectorAll("[data-cc-counter]").forEach(updateCounter);
    refocus();
    if (panel.querySelector("[data-cc-sortable], [data-cc-columns]")) { withSortable(bindSortables); }
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (!target.matches) { return; }
    if (target.matches("[data-cc-counter]")) { updateCounter(target); }
    if (target.matches("#cc-panel [data-cc-draft]")) { keepDraft(target); }
  });
  document.addEventListener("click", function (event) {
    var edit = event.target.closest && event.target.closest("#cc-panel [data-cc-edit]");
    var cancel = event.target.closest && event.target.closest("#cc-panel [data-cc-edit-cancel]");
    if (edit) {
      var form = edit.closest(".cc-card").querySelector("[data-cc-edit-form]");
      if (!form) { return; }
      var opening = form.hidden;
      openEditor(form, opening);
      var area = form.querySelector("textarea");
      if (opening && area) {
        updateCounter(area);
        area.focus();
        area.setSelectionRange(area.value.length, area.value.length);
        keepDraft(area);
      } else if (area) {
        dropDraft(area.getAttribute("data-cc-draft"));
      }
    } else if (cancel) {
      var editor = cancel.closest("[data-cc-edit-form]");
      var text = editor.querySelector("textarea");
      text.value = text.getAttribute("data-cc-original");
      dropDraft(text.getAttribute("data-cc-draft"));
      openEditor(editor, false);
    }
  });
  /* Counts from the events' payloads (live.js "live:apply"): while the room writes, the others'
   * cards are only counts, and while the totals are hidden the votes are only the room's count, so
   * a screen shows another participant's card or vote from the event alone and fetches nothing
   * (docs/benchmarks.md: 61 screens re-fetching per event were more than a server answers). Each
   * event carries its author's count after the write, and an author's events come in the order of
   * their writes (the service locks the seat), so the newest event per author wins. The page keeps
   * the newest per author; a panel says where the meeting's log stood when it was read
   * (data-cc-asof), and every panel swapped in (a refresh, one's own POST) gets the kept counts of
   * the events after that. Anything else — one's own write (another screen of the same person),
   * another stage or item, an author not on the list, an event that came by polling (polling can
   * miss a late commit; the resync after it fetches everything) — falls through to a refresh. */
  var latest = {cards: {}, votes: {}};      // topic -> author -> {id, value}

  function settled(panel, detail, author) {
    var payload = detail.payload;
    return panel && payload && !detail.polled && String(payload.item) === panel.getAttribute("data-cc-item")
      && author !== undefined && author !== null && String(author) !== panel.getAttribute("data-cc-seat");
  }

  function remember(topic, author, id, value) {
    var known = latest[topic][author];
    if (!known || known.id < id) { latest[topic][author] = {id: id, value: Math.max(0, value)}; }
  }

  function showCards(panel) {
    var asOf = parseInt(panel.getAttribute("data-cc-asof"), 10) || 0, total = 0;
    panel.querySelectorAll("[data-cc-writer]").forEach(function (row) {
      var known = latest.cards[row.getAttribute("data-cc-writer")];
      if (known && known.id > asOf) {
        var dots = row.querySelector(".cc-writers__dots > span");
        row.setAttribute("data-cc-count", String(known.value));
        row.querySelector(".cc-writers__dots > b").textContent = String(known.value);
        if (dots) { dots.innerHTML = new Array(known.value + 1).join('<i class="cc-dot"></i>'); }
      }
      total += parseInt(row.getAttribute("data-cc-count"), 10) || 0;
    });
    total += parseInt(panel.querySelector(".cc-writers").getAttribute("data-cc-others"), 10) || 0;
    panel.querySelector(".cc-writers").setAttribute("data-cc-total", String(total));
    var shown = panel.querySelector('[data-cc-shown="cards"]');
    if (shown) { shown.textContent = String(total); }
  }

  function showVotes(panel) {
    var asOf = parseInt(panel.getAttribute("data-cc-asof"), 10) || 0, spent = {}, total = 0;
    try { spent = JSON.parse(panel.getAttribute("data-cc-spent") || "{}"); } catch (error) { return; }
    Object.keys(latest.votes).forEach(function (seat) {
      if (latest.votes[seat].id > asOf) { spent[seat] = latest.votes[seat].value; }
    });
    Object.keys(spent).forEach(function (seat) { total += spent[seat]; });
    var shown = panel.querySelector('[data-cc-shown="votes"]');
    if (shown) { shown.textContent = String(total); }
  }

  function applyCards(detail) {
    var panel = document.getElementById("cc-panel"), payload = detail.payload || {};
    if (!settled(panel, detail, payload.author) || panel.getAttribute("data-cc-stage") !== "write") {
      return false;
    }
    if (detail.kind === "card_edited") { return true; }          // the text is the author's alone
    if ((detail.kind !== "card_added" && detail.kind !== "card_deleted") || typeof payload.count !== "number"
        || !panel.querySelector('[data-cc-writer="' + Number(payload.author) + '"]')) {
      return false;
    }
    remember("cards", String(payload.author), detail.id, payload.count);
    showCards(panel);
    return true;
  }

  function applyVotes(detail) {
    var panel = document.getElementById("cc-vote"), payload = detail.payload || {};
    if (!settled(panel, detail, payload.participant) || panel.getAttribute("data-cc-revealed") !== "0"
        || (detail.kind !== "vote_cast" && detail.kind !== "vote_retracted") || typeof payload.spent !== "number") {
      return false;
    }
    remember("votes", String(payload.participant), detail.id, payload.spent);
    showVotes(panel);
    return true;
  }

  document.addEventListener("htmx:afterSettle", function () {
    var cards = document.getElementById("cc-panel"), votes = document.getElementById("cc-vote");
    if (cards && cards.getAttribute("data-cc-stage") === "write" && cards.querySelector(".cc-writers")) {
      showCards(cards);
    }
    if (votes && votes.getAttribute("data-cc-revealed") === "0") { showVotes(votes); }
  });

  document.body.addEventListener("live:apply", function (event) {
    var detail = event.detail || {};
    var applied = detail.topic === "cards" ? applyCards(detail) : detail.topic === "votes" ? applyVotes(detail) : false;
    if (applied) { event.preventDefault(); }
  });

  document.addEventListener("htmx:afterSettle", init);
  window.okrflowCocreation = {init: init};
  init();
})();
