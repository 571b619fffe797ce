"""live.js in Chromium with a stand-in EventSource: a burst of a room's events becomes one panel
refresh now and one at the end of the topic's window (with the newest event), not one per event;
each topic has its own window. No server: the stream is played by the test."""

from pathlib import Path

import pytest

LIVE_JS = Path(__file__).resolve().parents[2] / "okrflow/static/okrflow/live.js"

# A stand-in for the browser's EventSource that the test drives, and a log of the triggers.
FAKE_STREAM = """
window.triggered = [];
window.FakeSource = function (url) {
  this.url = url; this.listeners = {}; window.stream = this;
};
window.FakeSource.prototype.addEventListener = function (name, handler) { this.listeners[name] = handler; };
window.FakeSource.prototype.close = function () {};
window.FakeSource.prototype.emit = function (name, data) {
  this.listeners[name]({data: JSON.stringify(data)});
};
window.EventSource = window.FakeSource;
["cards", "votes"].forEach(function (topic) {
  document.addEventListener("live:" + topic, function (event) {
    window.triggered.push([topic, event.detail.id, Date.now()]);
  });
});
"""

BURST = """
() => {
  window.stream.emit("live-hello", {last_id: 0});
  for (var id = 1; id <= 10; id++) {
    window.stream.emit("cards", {id: id, topic: "cards", kind: "card_added", payload: {}});
  }
  window.stream.emit("votes", {id: 11, topic: "votes", kind: "vote_cast", payload: {}});
}
"""


@pytest.fixture
def room(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content('<html><body><div data-live-url="/workshops/1/live/" data-live-last-id="0"></div>'
                     '</body></html>')
    page.add_script_tag(content=FAKE_STREAM)
    page.add_script_tag(content=LIVE_JS.read_text())
    page.wait_for_function("window.stream !== undefined")
    yield page
    context.close()


def test_a_burst_of_events_refreshes_a_topic_once_now_and_once_with_the_newest_at_the_window_end(room):
    room.evaluate(BURST)
    room.wait_for_timeout(900)
    triggered = room.evaluate("window.triggered")
    assert [event_id for topic, event_id, _ in triggered if topic == "cards"] == [1, 10]


def test_each_topic_has_its_own_window(room):
    room.evaluate(BURST)
    room.wait_for_timeout(900)
    assert [event_id for topic, event_id, _ in room.evaluate("window.triggered") if topic == "votes"] == [11]


def test_the_trailing_refresh_comes_within_half_a_second_of_the_first(room):
    room.evaluate(BURST)
    room.wait_for_timeout(900)
    times = [at for topic, _, at in room.evaluate("window.triggered") if topic == "cards"]
    assert len(times) == 2 and 300 <= times[1] - times[0] <= 500


REFRESH = """
(phase) => document.body.dispatchEvent(new CustomEvent("htmx:" + phase, {bubbles: true,
  detail: {requestConfig: {triggeringEvent: {type: "live:cards"}}}}))
"""


def test_while_a_panel_refresh_is_under_way_the_topic_waits_for_its_end_then_fires_the_newest(room):
    room.evaluate("window.stream.emit('live-hello', {last_id: 0})")
    room.evaluate(REFRESH, "beforeRequest")          # a refresh of the cards' panel has started
    room.evaluate("window.stream.emit('cards', {id: 5, topic: 'cards', kind: 'card_added', payload: {}})")
    room.evaluate("window.stream.emit('cards', {id: 6, topic: 'cards', kind: 'card_added', payload: {}})")
    room.wait_for_timeout(700)
    assert room.evaluate("window.triggered") == []
    room.evaluate(REFRESH, "afterRequest")           # its answer swapped the panel
    room.wait_for_timeout(100)
    assert [event_id for _, event_id, _ in room.evaluate("window.triggered")] == [6]
