"""Domain events: what other apps may react to, sent after the write has committed.

A kernel module (it imports only Django). A service that makes a change others react to sends
one of these signals with `emit_on_commit`; the reacting app (notifications today; the cycle,
workshop and report features next) connects a receiver in its `AppConfig.ready()` instead of
being called inline. So a low app never imports a higher one to tell it something happened,
a rolled-back write sends nothing, and a receiver that fails never undoes or fails the write
(it is logged by Django's `django.dispatch` logger).

Every signal is sent with `sender=None` and keyword arguments only; receivers take
`(sender, **payload)` (Django adds `signal`) and must accept payload keys added later. The
payloads:

- `checkin_recorded`: `checkin` (the CheckIn), `key_result`, `actor` (who recorded it),
  `is_latest` (whether it became the key result's current reading).
- `comment_posted`: `comment`, `target` (the objective, key result, check-in or action item
  commented on), `objective` (whose visibility governs the comment), `actor` (the author),
  `mentioned` (the people @mentioned who may see the item; never the author).
- `objective_changed`: `objective`, `actor`, `change` ("created", "updated" or "deleted"),
  `changes` ({field: [before, after]}, the audited diff; a state change is an "updated" whose
  changes hold "status").
- `key_result_changed`: `key_result`, `actor`, `change` ("created", "updated" or "deleted"),
  `changes` (as for objectives).

The seven steps (okrflow/cycles/phases.py; each also audited):

- `objective_proposed`, `objective_sent_back`, `objective_agreed`, `objective_published`:
  `objective`, `actor`; `comment` (the reason, for sent back). `objective_agreed` is sent once
  both sides (and the company head, for a department) have accepted.
- `cycle_published`: `cycle`, `actor`, `objectives` (how many became published).
- `cycle_closed`: `cycle`, `actor`.
- `self_assessment_submitted`: `assessment`, `key_result`, `actor`.
- `self_assessment_reviewed`: `assessment`, `key_result`, `actor`.
- `change_request_decided`: `request`, `actor`, `approved` (bool).
- `kudos_given`: `kudos`, `actor`.

After "deleted" the object no longer exists in the database: receivers read only its fields.
The importer's batched inserts (okrflow/interchange) send no events: one import is one audit
entry, not a million check-ins to react to.
"""

from django.db import transaction
from django.dispatch import Signal

checkin_recorded = Signal()
comment_posted = Signal()
objective_changed = Signal()
key_result_changed = Signal()
objective_proposed = Signal()
objective_sent_back = Signal()
objective_agreed = Signal()
objective_published = Signal()
cycle_published = Signal()
cycle_closed = Signal()
self_assessment_submitted = Signal()
self_assessment_reviewed = Signal()
change_request_decided = Signal()
kudos_given = Signal()


def emit_on_commit(signal: Signal, **payload) -> None:
    """Send `signal` with `payload` once the current transaction commits (at once outside one).

    Each receiver runs on its own (`send_robust`): one that raises is logged and the others
    still run; the write that sent the event has been committed either way.
    """
    transaction.on_commit(lambda: signal.send_robust(sender=None, **payload))
