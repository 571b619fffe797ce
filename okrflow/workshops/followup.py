"""What a meeting leaves behind besides drafts: its decisions, its action items and, after a
seminar, the participants' feedback.

Action items: a meeting's action is a task of a key result's action plan (行动计划: every task
belongs to a key result, DOMAIN.md §3; the quarterly meeting's "action plans with owners"), so it
is written by okrflow/meetings/actions.py (its access check: whoever may plan the key result) and
shows on its owner's task list like any other; `ActionLink` remembers the meeting it came from.
The CEO's final word is co-creation's (cocreation.record_final_word); other decisions are here.

Feedback: each participant (a guest too) rates the meeting 1–5 and may comment, once. The summary
for whoever runs the meeting is anonymous (count, mean, distribution, comments without names):
seminar feedback is candid when it is not signed.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log as audit
from okrflow.errors import DomainError, NotFound, locked
from okrflow.meetings import actions
from okrflow.meetings.models import ActionItem
from okrflow.workshops import access
from okrflow.workshops.log import record_event
from okrflow.workshops.models import ActionLink, AgendaItem, Decision, Feedback, State, Workshop
from okrflow.writes import checked_text

DECISION_LIMIT = 2000
COMMENT_LIMIT = 2000
RATINGS = range(1, 6)


def _item_of(workshop, agenda_item):
    if agenda_item is None:
        return workshop.current_item
    if agenda_item.workshop_id != workshop.pk:
        raise NotFound()
    return agenda_item


@transaction.atomic
def record_decision(actor, workshop, text, *, agenda_item=None) -> Decision:
    """A decision of the meeting, written down by whoever runs it."""
    access.require_manage(actor, workshop)
    text = checked_text(text, field="text", limit=DECISION_LIMIT, required=True)
    workshop = locked(Workshop.objects.select_related("current_item"), pk=workshop.pk)
    seat = access.seat_of(actor, workshop)
    decision = Decision.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                       agenda_item=_item_of(workshop, agenda_item), text=text,
                                       recorded_by=seat)
    audit.record(decision, "workshop.decision", actor=actor, changes={"text": [None, text]})
    record_event(workshop, "decisions", "decided", {"decision_id": decision.pk}, actor=seat)
    return decision


@transaction.atomic
def add_action_item(actor, workshop, *, key_result, title, owner=None, due_date=None, agenda_item=None,
                    **five_w_two_h) -> ActionItem:
    """An action item decided in the meeting: a task of `key_result`'s action plan (meetings'
    service: its access check, validation and audit) linked to the meeting."""
    access.require_manage(actor, workshop)
    workshop = locked(Workshop.objects.select_related("current_item"), pk=workshop.pk)
    if key_result is None:
        raise DomainError("key_result_required", _("Choose the key result this action moves."),
                          field="key_result")
    if owner is not None and owner.organization_id != workshop.organization_id:
        raise NotFound()
    item = actions.create_action_item(actor, key_result, title=title, owner=owner, due_date=due_date,
                                      **five_w_two_h)
    ActionLink.objects.create(organization_id=workshop.organization_id, workshop=workshop, action_item=item,
                              agenda_item=_item_of(workshop, agenda_item))
    record_event(workshop, "decisions", "action_added", {"action_item_id": item.pk},
                 actor=access.seat_of(actor, workshop))
    return item


def action_items_of(workshop):
    return (ActionItem.objects.filter(workshop_link__workshop=workshop)
            .select_related("owner", "key_result").order_by("workshop_link__id"))


def decisions_of(workshop):
    return Decision.objects.filter(workshop=workshop).select_related("agenda_item").order_by("id")


# --- feedback ------------------------------------------------------------------------------------

def _rating(value) -> int:
    try:
        rating = int(value)
    except (TypeError, ValueError):
        rating = 0
    if rating not in RATINGS:
        raise DomainError("bad_rating", _("Rate from 1 to 5."), field="rating")
    return rating


def may_give_feedback(seat) -> bool:
    return (seat is not None and seat.workshop.state in (State.LIVE, State.ENDED)
            and not Feedback.objects.filter(workshop_id=seat.workshop_id, participant=seat).exists())


def give_feedback(seat, *, rating, comment="", person=None) -> Feedback:
    """`seat`'s rating and comment, once, while the meeting runs or after it ended. `person` is
    the logged-in person behind the seat (None for a guest: the event log names the seat)."""
    if seat is None:
        raise NotFound()
    rating = _rating(rating)
    comment = checked_text(comment, field="comment", limit=COMMENT_LIMIT)
    try:
        with transaction.atomic():
            workshop = locked(Workshop.objects.all(), pk=seat.workshop_id)
            if workshop.state not in (State.LIVE, State.ENDED):
                raise DomainError("feedback_closed", _("Feedback opens when the meeting starts."),
                                  field="rating")
            feedback = Feedback.objects.create(organization_id=workshop.organization_id, workshop=workshop,
                                               participant=seat, rating=rating, comment=comment)
            if person is not None:
                audit.record(feedback, "workshop.feedback", actor=person, changes={"rating": [None, rating]})
            record_event(workshop, "feedback", "given", {"feedback_id": feedback.pk}, actor=seat)
    except IntegrityError:
        raise DomainError("feedback_given", _("You have already given your feedback on this meeting."),
                          field="rating") from None
    return feedback


@dataclass
class FeedbackSummary:
    count: int = 0
    mean: float | None = None
    distribution: dict = field(default_factory=dict)  # {rating: how many}, 1 to 5
    comments: list = field(default_factory=list)

    def share(self, rating) -> int:
        """The percentage of answers with `rating` (for the bars of the summary)."""
        return round(100 * self.distribution.get(rating, 0) / self.count) if self.count else 0


def feedback_summary(actor, workshop) -> FeedbackSummary:
    """Count, mean, distribution and the comments (newest last, without names)."""
    access.require_manage(actor, workshop)
    rows = Feedback.objects.filter(workshop=workshop)
    totals = rows.aggregate(count=Count("id"), mean=Avg("rating"))
    by_rating = dict(rows.values_list("rating").annotate(n=Count("id")).values_list("rating", "n"))
    return FeedbackSummary(
        count=totals["count"], mean=round(totals["mean"], 2) if totals["mean"] is not None else None,
        distribution={rating: by_rating.get(rating, 0) for rating in RATINGS},
        comments=list(rows.exclude(comment="").order_by("id").values_list("comment", flat=True)))


def agenda_item_of(workshop, item_id) -> AgendaItem | None:
    if item_id in (None, ""):
        return None
    try:
        return AgendaItem.objects.get(workshop=workshop, pk=int(item_id))
    except (AgendaItem.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None
