"""Hear a domain event (okrflow/events.py) in a test: the payloads it delivered, in order."""

import contextlib


@contextlib.contextmanager
def listening(signal):
    payloads = []

    def listen(sender, signal, **payload):
        payloads.append(payload)

    signal.connect(listen, weak=False, dispatch_uid="tests.listening")
    try:
        yield payloads
    finally:
        signal.disconnect(dispatch_uid="tests.listening")
