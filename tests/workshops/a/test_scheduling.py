"""Scheduling a meeting from a template: the agenda copied, people and units seated, a join
code; every refusal with a clear message and nothing stored."""

import datetime

import pytest
from django.utils import timezone

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.workshops import agendas, scheduling
from okrflow.workshops.models import (
    AgendaItem,
    Event,
    Invitation,
    Participant,
    Role,
    State,
    TemplateItem,
    Workshop,
)
from tests.factories import make_person, make_unit


def state():
    return (
        Workshop.objects.count(),
        Participant.objects.count(),
        AgendaItem.objects.count(),
        Invitation.objects.count(),
        Event.objects.count(),
        list(Workshop.objects.values_list("state", "ics_sequence", "starts_at", "place")),
    )


def test_a_meeting_copies_its_templates_agenda_and_seats_its_people(
    schedule, templates, admin, alice, bob, carol, tech, soon
):
    ceo = make_person(admin.organization, email="ceo@acme.test", name="CEO")
    workshop = schedule(
        "company_workshop", participants=[alice], observers=[ceo], units=[tech], place="三楼大会议室"
    )
    template_items = TemplateItem.objects.filter(template=templates["company_workshop"])
    assert workshop.items.count() == template_items.count()
    steps = AgendaItem.objects.filter(workshop=workshop, parent__isnull=False)
    assert steps.count() == template_items.filter(parent__isnull=False).count()
    assert all(s.parent.workshop_id == workshop.pk for s in steps)
    seats = {
        p.person.email: (p.role, p.invited_unit_id) for p in workshop.participants.select_related("person")
    }
    assert seats == {
        "admin@acme.test": (Role.FACILITATOR, None),
        "alice@acme.test": (Role.PARTICIPANT, None),
        "ceo@acme.test": (Role.OBSERVER, None),
        "bob@acme.test": (Role.PARTICIPANT, tech.pk),
    }
    assert len(workshop.join_code) == scheduling.CODE_LENGTH
    assert set(workshop.join_code) <= set(scheduling.CODE_ALPHABET)
    assert AuditEntry.objects.filter(action="workshop.schedule", object_id=str(workshop.pk)).exists()
    assert Event.objects.filter(workshop=workshop, topic="workshop", kind="scheduled").exists()


def test_editing_the_template_afterwards_leaves_the_meeting_alone(schedule, templates, admin):
    workshop = schedule("standup")
    first = TemplateItem.objects.filter(template=templates["standup"]).first()
    agendas.update_item(admin, first, title="改了", minutes=30, method="talk")
    assert not workshop.items.filter(title="改了").exists()


def test_join_codes_are_unique(schedule):
    codes = {schedule("standup").join_code for _ in range(5)}
    assert len(codes) == 5


def test_planned_times_follow_the_durations_and_the_steps_nest():
    class Row:
        def __init__(self, pk, minutes, parent_id=None, position=0):
            self.pk, self.minutes, self.parent_id, self.position = pk, minutes, parent_id, position

    start = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
    rows = [
        Row(1, 10, position=0),
        Row(2, 30, position=1),
        Row(3, 15, 2, 0),
        Row(4, 15, 2, 1),
        Row(5, 10, None, 2),
    ]
    times = scheduling.planned_times(rows, start)
    at = {pk: (s.strftime("%H:%M"), e.strftime("%H:%M")) for pk, (s, e) in times.items()}
    assert at == {
        1: ("09:00", "09:10"),
        2: ("09:10", "09:40"),
        3: ("09:10", "09:25"),
        4: ("09:25", "09:40"),
        5: ("09:40", "09:50"),
    }


def test_a_member_cannot_schedule(templates, bob, soon):
    before = state()
    with pytest.raises(AccessDenied):
        scheduling.schedule(bob, templates["standup"], title="x", starts_at=soon, facilitator=bob)
    assert state() == before


def test_a_unit_head_schedules_for_their_team(
    templates, alice, bob, soon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        workshop = scheduling.schedule(
            alice, templates["standup"], title="站会", starts_at=soon, facilitator=alice, participants=[bob]
        )
    assert workshop.created_by == alice


def test_another_organizations_template_is_not_found(templates, mallory, soon):
    with pytest.raises(NotFound):
        scheduling.schedule(mallory, templates["standup"], title="x", starts_at=soon, facilitator=mallory)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"starts_at": "tomorrow"}, "starts_at", "Enter a date and time."),
        ({"starts_at": datetime.datetime(2030, 1, 1, 9, 0)}, "starts_at", "Enter a date and time."),
        (
            {"starts_at": timezone.now() - datetime.timedelta(hours=1)},
            "starts_at",
            "The meeting cannot start in the past.",
        ),
        (
            {"starts_at": datetime.datetime(2150, 1, 1, tzinfo=datetime.UTC)},
            "starts_at",
            "Enter a date between 2000-01-01 and 2100-12-31.",
        ),
        ({"title": "  "}, "title", "This field is required."),
        ({"video_link": "javascript:alert(1)"}, "video_link", "Enter a web address starting with https://."),
        ({"place": "x" * 201}, "place", "Keep it under 200 characters."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(schedule, change, field, message):
    before = state()
    with pytest.raises(DomainError) as refused:
        schedule("standup", **change)
    assert (refused.value.field, str(refused.value.message)) == (field, message)
    assert state() == before


def test_people_and_units_of_another_organization_are_refused(schedule, mallory, other_org, admin):
    before = state()
    with pytest.raises(DomainError) as refused:
        schedule("standup", participants=[mallory])
    assert str(refused.value.message) == "Invite people of your organization only."
    with pytest.raises(DomainError) as refused:
        schedule("standup", units=[other_org.root_unit()])
    assert str(refused.value.message) == "Invite units of your organization only."
    with pytest.raises(DomainError) as refused:
        schedule("standup", facilitator=mallory)
    assert refused.value.field == "facilitator"
    assert state() == before


def test_a_person_listed_twice_is_refused(schedule, alice, bob, tech):
    before = state()
    with pytest.raises(DomainError) as refused:
        schedule("standup", participants=[alice, bob, alice])
    assert str(refused.value.message) == "Alice 王 is listed twice."
    with pytest.raises(DomainError) as refused:
        schedule("standup", participants=[alice], observers=[alice])
    assert refused.value.code == "duplicate"
    with pytest.raises(DomainError):
        schedule("standup", units=[tech, tech])
    assert state() == before


def test_someone_who_left_cannot_be_invited(schedule, bob):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as refused:
        schedule("standup", participants=[bob])
    assert str(refused.value.message) == "Bob 李 no longer works here."


def test_a_unit_invites_everyone_below_it_once(schedule, org, tech, alice, bob):
    team = make_unit(org, code="TEAM", name="平台组", parent=tech)
    dave = make_person(org, email="dave@acme.test", name="Dave", unit=team)
    workshop = schedule("standup", participants=[bob], units=[tech])
    seated = {p.person_id: p.invited_unit_id for p in workshop.participants.all()}
    assert seated[dave.pk] == tech.pk and seated[bob.pk] is None and alice.pk in seated


def test_a_meeting_has_a_cap_on_participants(schedule, settings, alice, bob, carol):
    settings.OKRFLOW_WORKSHOP_MAX_PARTICIPANTS = 2
    before = state()
    with pytest.raises(DomainError) as refused:
        schedule("standup", participants=[alice, bob, carol])
    assert str(refused.value.message) == "A meeting has at most 2 participants."
    assert state() == before


def test_an_archived_template_cannot_be_used(schedule, templates, admin):
    agendas.archive_template(admin, templates["standup"])
    with pytest.raises(DomainError) as refused:
        schedule("standup")
    assert refused.value.code == "archived"


def test_rescheduling_raises_the_sequence_only_for_what_calendars_show(schedule, admin, soon):
    workshop = schedule("standup")
    moved = scheduling.reschedule(
        admin, workshop, title=workshop.title, starts_at=soon + datetime.timedelta(hours=2)
    )
    assert moved.ics_sequence == 1
    same = scheduling.reschedule(
        admin, moved, title=moved.title, starts_at=moved.starts_at, guests_allowed=True
    )
    assert same.ics_sequence == 1 and same.guests_allowed
    assert AuditEntry.objects.filter(action="workshop.reschedule").count() == 2


def test_only_a_manager_of_the_meeting_reschedules_or_cancels(schedule, alice, bob, soon):
    workshop = schedule("standup", participants=[bob])
    before = state()
    with pytest.raises(AccessDenied):
        scheduling.reschedule(bob, workshop, title="x", starts_at=soon)
    with pytest.raises(AccessDenied):
        scheduling.cancel(alice, workshop)
    assert state() == before


def test_a_bad_new_time_is_refused_and_nothing_stored(schedule, admin):
    workshop = schedule("standup")
    before = state()
    with pytest.raises(DomainError):
        scheduling.reschedule(
            admin, workshop, title=workshop.title, starts_at=timezone.now() - datetime.timedelta(days=1)
        )
    assert state() == before


def test_cancelling_twice_is_refused(schedule, admin):
    workshop = schedule("standup")
    cancelled = scheduling.cancel(admin, workshop)
    assert cancelled.state == State.CANCELLED and cancelled.ics_sequence == 1
    before = state()
    with pytest.raises(DomainError) as refused:
        scheduling.cancel(admin, cancelled)
    assert str(refused.value.message) == "This meeting is already cancelled."
    with pytest.raises(DomainError) as refused:
        scheduling.reschedule(admin, cancelled, title="x", starts_at=cancelled.starts_at)
    assert str(refused.value.message) == "This meeting is cancelled."
    assert state() == before


def test_inviting_someone_already_seated_is_refused(schedule, admin, alice, bob, tech):
    workshop = schedule("standup", participants=[bob])
    before = state()
    with pytest.raises(DomainError) as refused:
        scheduling.invite(admin, workshop, participants=[bob])
    assert str(refused.value.message) == "Bob 李 is already invited."
    assert state() == before
    added = scheduling.invite(admin, workshop, units=[tech])
    assert [s.person for s in added] == [alice]


def test_removing_a_participant_cancels_their_calendar_and_the_facilitator_stays(schedule, admin, bob):
    workshop = schedule("standup", participants=[bob])
    seat = workshop.participants.get(person=bob)
    scheduling.remove_participant(admin, seat)
    assert not workshop.participants.filter(person=bob).exists()
    row = Invitation.objects.filter(person=bob).order_by("-id").first()
    assert row.is_cancellation and row.participant is None
    with pytest.raises(DomainError) as refused:
        scheduling.remove_participant(admin, workshop.participants.get(person=admin))
    assert refused.value.code == "facilitator"
