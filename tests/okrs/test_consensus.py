"""The Set step (okrflow/okrs/states.py): draft → proposed → agreed by consensus, sent back with a
reason, a department's objective confirmed by the company head; audited and announced."""

import pytest
from django.utils import timezone

from okrflow import events
from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs import states
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.org.models import Role
from tests.factories import make_person
from tests.listening import listening
from tests.okrs.factories import make_objective


@pytest.fixture
def draft(q1, bob):
    return make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)


@pytest.fixture
def ceo(org):
    person = make_person(org, email="ceo@acme.test", name="Chen CEO", unit=org.root_unit(), role=Role.MANAGER)
    root = org.root_unit()
    root.head = person
    root.save(update_fields=["head"])
    return person


@pytest.fixture
def tech_draft(q1, tech, alice):
    return make_objective(q1, owner=tech, title="A platform the teams love", status=ObjectiveStatus.DRAFT)


def fresh(objective):
    return Objective.objects.get(pk=objective.pk)


def test_the_owner_proposes_and_the_manager_accepts_so_it_is_agreed(draft, bob, alice):
    proposed = states.propose(bob, draft)
    assert proposed.status == ObjectiveStatus.PROPOSED and proposed.owner_agreed_at is not None
    agreed = states.accept(alice, proposed)
    assert fresh(draft).status == ObjectiveStatus.AGREED == agreed.status
    assert agreed.manager_agreed_by == alice and agreed.version == draft.version + 2


def test_a_proposal_is_not_agreed_until_the_manager_accepts(draft, bob):
    states.propose(bob, draft)
    with pytest.raises(DomainError) as refused:
        states.accept(bob, draft)
    assert refused.value.code == "already_accepted"
    assert fresh(draft).status == ObjectiveStatus.PROPOSED


def test_a_colleague_cannot_accept_or_send_back_someone_elses_proposal(draft, bob, carol):
    states.propose(bob, draft)
    for act in (lambda: states.accept(carol, draft), lambda: states.send_back(carol, draft, comment="no")):
        with pytest.raises(AccessDenied):
            act()
    assert fresh(draft).status == ObjectiveStatus.PROPOSED


def test_a_colleague_cannot_propose_someone_elses_draft(draft, carol):
    with pytest.raises(AccessDenied):
        states.propose(carol, draft)
    assert fresh(draft).status == ObjectiveStatus.DRAFT


def test_sending_back_needs_a_reason_and_keeps_it_in_the_history(draft, bob, alice):
    states.propose(bob, draft)
    with pytest.raises(DomainError) as refused:
        states.send_back(alice, draft, comment="   ")
    assert refused.value.code == "comment_required" and refused.value.field == "comment"
    back = states.send_back(alice, draft, comment="Make the target a number")
    assert back.status == ObjectiveStatus.DRAFT and back.owner_agreed_at is None
    entry = states.consensus_history(back).last()
    assert entry.action == "objective.send_back" and entry.actor == alice
    assert entry.changes["comment"] == [None, "Make the target a number"]


def test_an_agreed_objective_sent_back_loses_every_acceptance(draft, bob, alice):
    states.accept(alice, states.propose(bob, draft))
    back = states.send_back(alice, draft, comment="The company goal changed")
    assert (back.status, back.owner_agreed_at, back.manager_agreed_by, back.manager_agreed_at) == (
        ObjectiveStatus.DRAFT, None, None, None)


def test_the_owner_cannot_send_back_their_own_proposal(draft, bob):
    states.propose(bob, draft)
    with pytest.raises(AccessDenied):
        states.send_back(bob, draft, comment="changed my mind")


@pytest.mark.parametrize(("status", "act"), [
    (ObjectiveStatus.DRAFT, "accept"), (ObjectiveStatus.AGREED, "propose"),
    (ObjectiveStatus.PUBLISHED, "send_back"), (ObjectiveStatus.CLOSED, "propose"),
    (ObjectiveStatus.DRAFT, "send_back")])
def test_a_transition_the_table_does_not_have_is_refused(q1, bob, alice, status, act):
    objective = make_objective(q1, owner=bob, status=status)
    call = {"accept": lambda: states.accept(alice, objective),
            "propose": lambda: states.propose(bob, objective),
            "send_back": lambda: states.send_back(alice, objective, comment="why")}[act]
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.code == "bad_transition"
    assert fresh(objective).status == status and fresh(objective).version == objective.version


def test_a_department_objective_waits_for_the_company_head(tech_draft, alice, admin, ceo):
    states.propose(alice, tech_draft)
    states.accept(admin, tech_draft)  # the manager side, but not the company head
    assert fresh(tech_draft).status == ObjectiveStatus.PROPOSED
    with pytest.raises(AccessDenied):
        states.confirm(admin, tech_draft)  # the company has a head: only they confirm
    confirmed = states.confirm(ceo, tech_draft)
    assert confirmed.status == ObjectiveStatus.AGREED and confirmed.confirmed_by == ceo


def test_the_company_head_accepting_a_department_objective_confirms_it_too(tech_draft, alice, ceo):
    states.propose(alice, tech_draft)
    agreed = states.accept(ceo, tech_draft)
    assert agreed.status == ObjectiveStatus.AGREED and agreed.confirmed_by == ceo


def test_an_admin_confirms_when_the_company_has_no_head(tech_draft, alice, admin):
    states.propose(alice, tech_draft)
    states.confirm(admin, tech_draft)
    assert fresh(tech_draft).status == ObjectiveStatus.PROPOSED  # the manager side is still missing
    assert states.accept(admin, tech_draft).status == ObjectiveStatus.AGREED


def test_only_a_department_objective_is_confirmed(draft, bob, admin):
    states.propose(bob, draft)
    with pytest.raises(DomainError) as refused:
        states.confirm(admin, draft)
    assert refused.value.code == "no_confirmation"


def test_the_company_head_may_send_a_department_objective_back(tech_draft, alice, ceo):
    states.propose(alice, tech_draft)
    back = states.send_back(ceo, tech_draft, comment="Align with the margin goal")
    assert back.status == ObjectiveStatus.DRAFT


def test_a_company_objective_proposed_by_the_company_head_is_agreed_at_once(q1, org, ceo):
    objective = make_objective(q1, owner=org.root_unit(), status=ObjectiveStatus.DRAFT)
    assert states.propose(ceo, objective).status == ObjectiveStatus.AGREED


def test_an_objective_agreed_in_a_published_cycle_is_published_at_once(
        draft, bob, alice, q1, django_capture_on_commit_callbacks):
    q1.published_at = timezone.now()
    q1.save(update_fields=["published_at"])
    states.propose(bob, draft)
    with listening(events.objective_published) as published, django_capture_on_commit_callbacks(execute=True):
        assert states.accept(alice, draft).status == ObjectiveStatus.PUBLISHED
    assert [p["objective"].pk for p in published] == [draft.pk]


def test_every_transition_is_audited_and_announced(draft, bob, alice, django_capture_on_commit_callbacks):
    with (listening(events.objective_proposed) as proposed, listening(events.objective_agreed) as agreed,
          listening(events.objective_sent_back) as sent_back,
          django_capture_on_commit_callbacks(execute=True)):
        states.propose(bob, draft, comment="First try")
        states.send_back(alice, draft, comment="Too vague")
        states.propose(bob, draft)
        states.accept(alice, draft)
    assert [p["comment"] for p in proposed] == ["First try", ""]
    assert [(p["actor"], p["comment"]) for p in sent_back] == [(alice, "Too vague")]
    assert [(p["objective"].pk, p["actor"]) for p in agreed] == [(draft.pk, alice)]
    actions = list(AuditEntry.objects.filter(object_id=str(draft.pk), object_type="okrs.objective",
                                             action__startswith="objective.").exclude(
        action="objective.create").order_by("at", "id").values_list("action", flat=True))
    assert actions == ["objective.propose", "objective.send_back", "objective.propose", "objective.accept"]


def test_a_stale_transition_is_refused(draft, bob):
    with pytest.raises(DomainError) as refused:
        states.propose(bob, draft, expected_version=draft.version + 1)
    assert refused.value.code == "stale"


def test_the_buttons_follow_the_reader(draft, bob, alice, carol):
    assert states.available_actions(bob, draft) == ["propose"]
    assert states.available_actions(carol, draft) == []
    states.propose(bob, draft)
    draft = fresh(draft)
    assert states.available_actions(alice, draft) == ["accept", "send_back"]
    assert states.available_actions(bob, draft) == []
    assert states.available_actions(SYSTEM, draft) == ["accept", "send_back"]
