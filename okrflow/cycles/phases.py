"""The seven steps as pure rules: a cycle's phases and their proposed dates, an objective's
states and the transitions between them, and what a state locks (shared/DOMAIN.md §4–§5).

Plain functions over plain values (dates, status strings, field names): no model is imported,
so every door — the services, the bulk importer, the Django admin, the API — calls the same
check before it writes, and the tests read it as a table.

States of an objective:

    draft ──propose──▶ proposed ──agree──▶ agreed ──publish──▶ published ──close──▶ closed
      ▲                   │                  │
      └────send_back──────┴────send_back─────┘

`agree` needs both the owner and the manager (and, for a department's objective, the company
head's confirmation): the service records each acceptance and applies `agree` when the last one
arrives. The console and the importer may set `agreed` directly (the file is the record of what
was agreed). Drafts and proposals never count in scores (okrflow/okrs/models.py COUNTED_STATUSES).
"""

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from okrflow.errors import DomainError


class Phase(models.TextChoices):
    SET = "set", pgettext_lazy("cycle phase", "Set")
    PUBLISH = "publish", pgettext_lazy("cycle phase", "Publish")
    EXECUTE = "execute", pgettext_lazy("cycle phase", "Execute")
    SELF_ASSESS = "self_assess", pgettext_lazy("cycle phase", "Self-assess")
    REFLECT = "reflect", pgettext_lazy("cycle phase", "Reflect")
    UPDATE = "update", pgettext_lazy("cycle phase", "Update")
    CELEBRATE = "celebrate", pgettext_lazy("cycle phase", "Celebrate")


PHASE_ORDER = [p.value for p in Phase]


def proposed_dates(start: date, end: date) -> dict[str, tuple[date, date]]:
    """{phase: (first day, last day)} proposed for a cycle running start..end (both included).

    Set in the two weeks before the cycle starts; publish in its first three days; execute from
    then to the week before its end; self-assess in its last week; reflect, update and celebrate in
    the first week after it (update is "the first week of the next quarter"). Phases may overlap.
    """
    last_week = max(start, end - timedelta(days=6))
    publish_end = min(end, start + timedelta(days=2))
    return {
        Phase.SET: (start - timedelta(days=14), start - timedelta(days=1)),
        Phase.PUBLISH: (start, publish_end),
        Phase.EXECUTE: (start, max(start, last_week - timedelta(days=1))),
        Phase.SELF_ASSESS: (last_week, end),
        Phase.REFLECT: (end + timedelta(days=1), end + timedelta(days=5)),
        Phase.UPDATE: (end + timedelta(days=1), end + timedelta(days=7)),
        Phase.CELEBRATE: (end + timedelta(days=3), end + timedelta(days=7)),
    }


def phases_on(dates: dict[str, tuple[date, date]], day: date) -> list[str]:
    """The phases whose dates contain `day`, in the seven steps' order."""
    return [p for p in PHASE_ORDER if p in dates and dates[p][0] <= day <= dates[p][1]]


# ── objective states ────────────────────────────────────────────────────────────────────────

DRAFT, PROPOSED, AGREED, PUBLISHED, CLOSED = "draft", "proposed", "agreed", "published", "closed"

PROPOSE, SEND_BACK, AGREE, PUBLISH, CLOSE, REOPEN = (
    "propose", "send_back", "agree", "publish", "close", "reopen")

# (state, action) → next state. Nothing else is allowed.
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, PROPOSE): PROPOSED,
    (PROPOSED, SEND_BACK): DRAFT,
    (PROPOSED, AGREE): AGREED,
    (AGREED, SEND_BACK): DRAFT,
    (AGREED, PUBLISH): PUBLISHED,
    (AGREED, CLOSE): CLOSED,
    (PUBLISHED, CLOSE): CLOSED,
}

ACTION_LABELS = {
    PROPOSE: _("submit to the manager"),
    SEND_BACK: _("send back"),
    AGREE: _("agree"),
    PUBLISH: _("publish"),
    CLOSE: _("close"),
}

# What publishing locks: an objective's title, description, owner and parent; a key result's
# title, kind, start, target and weight (an annual key result's title and target change only by
# an approved change request, okrflow/okrs/changes.py). Check-ins, confidence, action plans and
# comments go on. A closed objective changes no field at all.
LOCKED_OBJECTIVE_FIELDS = frozenset({
    "title", "description", "owner_unit", "owner_unit_id", "owner_person", "owner_person_id",
    "parent_objective", "parent_objective_id", "parent_key_result", "parent_key_result_id",
    "cycle", "cycle_id"})
LOCKED_KEY_RESULT_FIELDS = frozenset({
    "title", "kind", "start_value", "target_value", "weight", "objective", "objective_id"})


# What a proposal or an agreement is about: a change to one of these fields of a proposed or
# agreed objective (or to its key results, adding or removing one too) is a new proposal, so the
# objective goes back to draft and its acceptances are cleared ("an OKR without consensus is not
# an OKR"). The visibility is content too: who may read an objective is part of what was agreed.
# Position, category, origin, check-ins and confidence are not.
CONTENT_OBJECTIVE_FIELDS = LOCKED_OBJECTIVE_FIELDS | {"visibility"}
CONTENT_KEY_RESULT_FIELDS = LOCKED_KEY_RESULT_FIELDS


def state_after_change(state: str, changed, *, key_result: bool = False) -> str:
    """The objective's state after a change of `changed` fields (of the objective, or of one of
    its key results; a key result added or removed changes its "objective"): proposed or agreed
    goes back to draft when content changed; any other state is kept (a published objective's
    content is locked by check_unlocked, a draft is a draft)."""
    content = CONTENT_KEY_RESULT_FIELDS if key_result else CONTENT_OBJECTIVE_FIELDS
    if state in (PROPOSED, AGREED) and set(changed) & content:
        return next_state(state, SEND_BACK)
    return state


def state_on_arrival(state: str, *, cycle_published: bool, cycle_closed: bool) -> str:
    """The state an objective agreed now takes: in a cycle already published (and still open) it
    is published at once, as the cycle's objectives were (the Set step, a new objective, the
    importer: one rule)."""
    if state == AGREED and cycle_published and not cycle_closed:
        return next_state(state, PUBLISH)
    return state


def next_state(state: str, action: str) -> str:
    """The state after `action`, or a DomainError("bad_transition") naming both."""
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise DomainError(
            "bad_transition",
            _("An objective in state “{state}” cannot {action}.").format(
                state=status_label(state), action=ACTION_LABELS.get(action, action)),
            field="status") from None


def allowed_actions(state: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == state]


STATUS_LABELS = {  # the same messages as okrs.models.ObjectiveStatus (one translation)
    DRAFT: pgettext_lazy("objective status", "Draft"),
    PROPOSED: pgettext_lazy("objective status", "Proposed"),
    AGREED: pgettext_lazy("objective status", "Agreed"),
    PUBLISHED: pgettext_lazy("objective status", "Published"),
    CLOSED: pgettext_lazy("objective status", "Closed"),
}


def status_label(state: str) -> str:
    return str(STATUS_LABELS.get(state, state))


def locked_fields(state: str, changed: set[str] | frozenset[str], *, key_result: bool = False) -> set[str]:
    """The fields of `changed` that an objective's state forbids changing (empty: allowed)."""
    if state == CLOSED:
        return set(changed)
    if state == PUBLISHED:
        return set(changed) & (LOCKED_KEY_RESULT_FIELDS if key_result else LOCKED_OBJECTIVE_FIELDS)
    return set()


def check_unlocked(state: str, changed, *, key_result: bool = False) -> None:
    """Refuse (DomainError "locked", HTTP 409 in the API) a change the objective's state forbids.

    Every door calls this before it writes: okrs.services, the importer, the Django admin, the API.
    """
    blocked = locked_fields(state, set(changed), key_result=key_result)
    if not blocked:
        return
    if state == CLOSED:
        message = (_("This key result belongs to a closed cycle and can no longer be changed.")
                   if key_result else
                   _("This objective belongs to a closed cycle and can no longer be changed."))
    elif key_result:
        message = _("This key result is published: its title, kind, start, target and weight are "
                    "locked until the cycle closes.")
    else:
        message = _("This objective is published: its title, description, owner and parent are "
                    "locked until the cycle closes.")
    raise DomainError("locked", message, field=sorted(blocked)[0].removesuffix("_id"))


def check_deletable(state: str, *, key_result: bool = False) -> None:
    """Published and closed objectives (and their key results) are never deleted."""
    if state in (PUBLISHED, CLOSED):
        raise DomainError(
            "locked",
            _("A published key result cannot be deleted.") if key_result
            else _("A published objective cannot be deleted."))
