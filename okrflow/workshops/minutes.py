"""A meeting's minutes, generated from what happened (issue 10, "Minutes and follow-up"): the
agenda with planned and real durations, attendance, the cards and votes of every column, the
ranked results and what they became, the department claims, the decisions and the CEO's final
word, and the action items.

Who reads them: whoever runs the meeting at any time (a preview while it runs), everyone with a
seat once it has ended (while the room writes, each person sees only their own cards: the
minutes, which show every card, wait for the end).

Mailed after the meeting to every participant who is a person (observers and the facilitator
too), each in their own language, through the project's mail path: one notice of kind
"workshop_minutes" per person (okrflow/notifications: preferences, the notification centre,
the email outbox with its retries and attempt log), the mail written at sending by `render`
(registered with the mail channel in WorkshopsConfig.ready(), as publishing's digest is).
`Workshop.minutes_sent_at` says when; sending again is an explicit resend (a new round of
notices), never a side effect of a second click.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, F, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from okrflow.audit import log as audit
from okrflow.errors import DomainError, NotFound, locked
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import absolute_link, speaking_to
from okrflow.notifications.services import notify_each
from okrflow.org.models import Person
from okrflow.workshops import access, claims, followup, outcomes
from okrflow.workshops.log import record_event
from okrflow.workshops.models import AgendaItem, Card, Column, Participant, Role, State, Workshop

KIND = NotificationKind.WORKSHOP_MINUTES


@dataclass
class AgendaRow:
    item: AgendaItem
    depth: int
    planned: int              # minutes
    actual: int | None        # minutes, rounded; None when the item never ran

    @property
    def overran(self) -> bool:
        return self.actual is not None and self.actual > self.planned


@dataclass
class Attendee:
    seat: Participant
    signed_in: bool
    joined: bool

    @property
    def absent(self) -> bool:
        return not (self.signed_in or self.joined)

    @property
    def role_label(self) -> str:
        if self.seat.role == Role.OBSERVER:
            return pgettext("meeting role", "observer")
        if self.seat.role == Role.FACILITATOR:
            return pgettext("meeting role", "facilitator")
        return ""


@dataclass
class Minutes:
    workshop: Workshop
    agenda: list = field(default_factory=list)
    attendance: list = field(default_factory=list)
    boards: list = field(default_factory=list)       # [(group or None for the plenary, [columns])]
    results: list = field(default_factory=list)      # ranked result columns, with what they became
    key_results: list = field(default_factory=list)
    claims: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    final_words: list = field(default_factory=list)
    action_items: list = field(default_factory=list)

    @property
    def present_count(self) -> int:
        return sum(1 for a in self.attendance if not a.absent)

    @property
    def absent_count(self) -> int:
        return sum(1 for a in self.attendance if a.absent)


def may_read(room) -> bool:
    """`room` is the RoomActor (seats.py) of the request."""
    return room.can_manage or (room.seat is not None and room.workshop.state == State.ENDED)


def _agenda(workshop) -> list[AgendaRow]:
    items = list(AgendaItem.objects.filter(workshop=workshop).order_by("position", "id"))
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    rows = []

    def walk(parent_id, depth):
        for item in children.get(parent_id, []):
            actual = round(item.actual_seconds / 60) if item.actual_seconds is not None else None
            rows.append(AgendaRow(item=item, depth=depth, planned=item.minutes, actual=actual))
            walk(item.pk, depth + 1)
    walk(None, 0)
    return rows


def _attendance(workshop) -> list[Attendee]:
    seats = (Participant.objects.filter(workshop=workshop).select_related("person", "group")
             .order_by("role", "group__number", "id"))
    return [Attendee(seat=s, signed_in=s.signed_in_at is not None, joined=s.joined_at is not None)
            for s in seats]


def _boards(workshop) -> list:
    columns = (Column.objects.filter(workshop=workshop).select_related("group", "objective", "key_result")
               .annotate(vote_count=Count("votes", distinct=True))
               .prefetch_related(Prefetch("cards", Card.objects.select_related("author__person")
                                          .order_by("position", "id")))
               .order_by(F("group__number").asc(nulls_last=True), F("rank").asc(nulls_last=True),
                         "position", "id"))
    boards: dict = {}
    for column in columns:
        boards.setdefault(column.group, []).append(column)
    return list(boards.items())


def minutes_of(workshop) -> Minutes:
    """Everything the minutes show, read in a fixed number of queries."""
    decisions = list(followup.decisions_of(workshop))
    return Minutes(
        workshop=workshop, agenda=_agenda(workshop), attendance=_attendance(workshop),
        boards=_boards(workshop), results=list(outcomes.result_columns(workshop)),
        key_results=list(outcomes.result_columns(workshop, kind="key_result")),
        claims=list(claims.claims_of(workshop)),
        decisions=[d for d in decisions if not d.is_final_word],
        final_words=[d for d in decisions if d.is_final_word],
        action_items=list(followup.action_items_of(workshop)))


# --- the mail ------------------------------------------------------------------------------------

def recipients(workshop):
    """The active people of the meeting: every seat with a person, and the facilitator."""
    seated = Participant.objects.filter(workshop=workshop, person__isnull=False).values("person_id")
    return (Person.objects.for_org(workshop.organization_id).filter(is_active=True)
            .filter(Q(pk__in=seated) | Q(pk=workshop.facilitator_id)).order_by("pk"))


def dedupe_key(workshop, round_number: int) -> str:
    """One notice per person and sending; `render` reads the meeting's id back from it."""
    return f"workshop_minutes:{workshop.pk}:{round_number}"


def link_of(workshop) -> str:
    return reverse("workshop_minutes", args=[workshop.pk])


def _notice(workshop):
    def message(person):
        return (gettext("Minutes: {title}").format(title=workshop.title),
                gettext("The minutes of {title} are ready: the agenda, the results, the decisions and "
                        "the action items.").format(title=workshop.title))
    return message


@transaction.atomic
def send_minutes(actor, workshop, *, resend=False) -> int:
    """Mail the minutes to the meeting's people once it has ended; again only with `resend`.
    Returns how many mails were queued (they go out after commit)."""
    access.require_manage(actor, workshop)
    workshop = locked(Workshop.objects.all(), pk=workshop.pk)
    if workshop.state != State.ENDED:
        raise DomainError("meeting_not_ended", _("The minutes are mailed once the meeting has ended."))
    if workshop.minutes_sent_at is not None and not resend:
        sent = timezone.localtime(workshop.minutes_sent_at).strftime("%Y-%m-%d %H:%M")
        raise DomainError("minutes_sent", _("The minutes were already sent on {date}. Choose “Send again” "
                                            "to mail them once more.").format(date=sent))
    people = list(recipients(workshop))
    deliveries = notify_each(people, KIND, _notice(workshop), actor=actor,
                             dedupe_key=dedupe_key(workshop, workshop.version), link=link_of(workshop))
    before = workshop.minutes_sent_at
    workshop.minutes_sent_at, workshop.version = timezone.now(), workshop.version + 1
    workshop.updated_at = workshop.minutes_sent_at
    workshop.save(update_fields=["minutes_sent_at", "version", "updated_at"])
    audit.record(workshop, "workshop.minutes_sent", actor=actor,
                 changes={"minutes_sent_at": [before, workshop.minutes_sent_at]})
    record_event(workshop, "workshop", "minutes_sent", {"mails": len(deliveries)},
                 actor=access.seat_of(actor, workshop))
    return len(deliveries)


def render(notification) -> tuple[str, str, str]:
    """(subject, text, html) of one person's minutes, written in their language at sending."""
    person = Person.objects.select_related("organization").get(pk=notification.recipient_id)
    try:
        workshop_id = int(notification.dedupe_key.split(":")[1])
        workshop = (Workshop.objects.for_org(person.organization_id)
                    .select_related("facilitator", "cycle", "unit").get(pk=workshop_id))
    except (IndexError, ValueError, Workshop.DoesNotExist):
        raise NotFound() from None
    with speaking_to(person):
        context = {"person": person, "minutes": minutes_of(workshop), "workshop": workshop,
                   "link": absolute_link(notification.link)}
        subject = render_to_string("workshops/minutes/subject.txt", context)
        text = render_to_string("workshops/minutes/body.txt", context)
        html = render_to_string("workshops/minutes/body.html", context)
    return " ".join(subject.split()), text, html

