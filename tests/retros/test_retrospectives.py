"""Retrospectives (反思): who writes, who reads, the prompts, improvements that become the next
cycle's action items."""

import datetime

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.models import ActionItem
from okrflow.retros import services
from okrflow.retros.models import Improvement, Prompt, RetroKind
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_key_result, make_objective


def test_the_unit_head_starts_a_retrospective_and_answers_the_prompts(q1, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    retro = services.update_retro(alice, retro, went_well="Shipped", causes="Focus",
                                  answers={Prompt.OBSTACLES: "Hiring", Prompt.CHANCE: ""})
    assert retro.kind == RetroKind.DEPARTMENT and retro.version == 2
    assert {a.prompt: a.text for a in retro.answers.all()} == {"obstacles": "Hiring"}
    assert AuditEntry.objects.filter(action="retrospective.update", object_id=str(retro.pk)).count() == 1
    assert services.open_retro(bob, q1, alice.unit) == retro  # bob reads the same one


def test_an_unknown_prompt_is_refused_and_nothing_is_stored(q1, alice):
    retro = services.open_retro(alice, q1, alice.unit)
    with pytest.raises(DomainError) as error:
        services.update_retro(alice, retro, went_well="x", answers={"luck": "much"})
    assert error.value.code == "bad_prompt"
    retro.refresh_from_db()
    assert retro.went_well == "" and retro.version == 1


def test_a_member_reads_but_does_not_write_the_retrospective_of_their_unit(q1, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    assert services.retro_of(bob, q1, alice.unit) == (retro, False)
    with pytest.raises(AccessDenied):
        services.update_retro(bob, retro, went_well="x")


def test_a_member_cannot_start_the_retrospective(q1, alice, bob):
    with pytest.raises(AccessDenied):
        services.open_retro(bob, q1, alice.unit)


def test_someone_of_another_unit_does_not_find_it(q1, alice, carol):
    retro = services.open_retro(alice, q1, alice.unit)
    with pytest.raises(NotFound):
        services.retro_of(carol, q1, alice.unit)
    with pytest.raises(NotFound):
        services.update_retro(carol, retro, went_well="x")


def test_another_organization_does_not_find_it(q1, alice, mallory):
    retro = services.open_retro(alice, q1, alice.unit)
    with pytest.raises(NotFound):
        services.update_retro(mallory, retro, went_well="x")


def test_the_manager_of_someone_in_the_unit_reads_it(org, q1, alice, sales, carol):
    boss = make_person(org, unit=alice.unit)  # in tech, but manages carol of sales
    carol.manager = boss
    carol.save(update_fields=["manager"])
    from okrflow.org import tree
    tree.attach_person(carol)
    services.open_retro(make_person(org, role="admin"), q1, sales)
    assert services.retro_of(boss, q1, sales)[1] is False


def test_the_management_retrospective_is_written_by_the_company_head_and_read_by_unit_heads(
        org, q1, admin, alice, bob):
    root = org.root_unit()
    ceo = make_person(org, unit=root)
    root.head = ceo
    root.save(update_fields=["head"])
    retro = services.open_retro(ceo, q1)
    assert retro.kind == RetroKind.MANAGEMENT and retro.unit is None
    assert services.retro_of(alice, q1) == (retro, False)  # alice heads tech
    assert services.retro_of(admin, q1)[1] is True
    with pytest.raises(NotFound):
        services.retro_of(bob, q1)


def test_a_pilot_cycle_has_no_retrospective_for_a_unit_outside_it(q1, admin, tech, sales):
    q1.pilot_units.add(tech)
    services.open_retro(admin, q1, tech)
    with pytest.raises(DomainError) as error:
        services.open_retro(admin, q1, sales)
    assert error.value.code == "not_in_pilot"


def test_an_improvement_needs_an_owner_and_a_due_date(q1, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    with pytest.raises(DomainError) as error:
        services.add_improvement(alice, retro, text="Weekly demo", owner=None, due_date="2026-05-01")
    assert error.value.code == "owner_required"
    with pytest.raises(DomainError) as error:
        services.add_improvement(alice, retro, text="Weekly demo", owner=bob, due_date="")
    assert error.value.code == "due_date_required"
    with pytest.raises(DomainError):
        services.add_improvement(alice, retro, text="Weekly demo", owner=bob, due_date="soon")
    assert not Improvement.objects.exists()


def test_an_improvement_owner_of_another_organization_is_refused(q1, alice, mallory):
    retro = services.open_retro(alice, q1, alice.unit)
    with pytest.raises(DomainError):
        services.add_improvement(alice, retro, text="Weekly demo", owner=mallory, due_date="2026-05-01")


def test_improvements_become_action_items_of_the_next_cycle_linked_back(q1, q2, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    first = services.add_improvement(alice, retro, text="Weekly demo", owner=bob, due_date="2026-05-01")
    services.add_improvement(alice, retro, text="Pair reviews", owner=alice,
                             due_date=datetime.date(2026, 5, 15))
    kr = make_key_result(make_objective(q2, owner=alice.unit))
    items = services.carry_improvements(alice, retro, key_result=kr)
    assert [(i.title, i.owner, i.due_date, i.key_result) for i in items] == [
        ("Weekly demo", bob, datetime.date(2026, 5, 1), kr),
        ("Pair reviews", alice, datetime.date(2026, 5, 15), kr)]
    first.refresh_from_db()
    assert first.action_item == items[0] and items[0].improvement == first
    assert "retrospective" in items[0].why
    assert services.carry_improvements(alice, retro, key_result=kr) == []  # once only
    assert ActionItem.objects.count() == 2


def test_improvements_are_not_carried_into_the_same_cycle(q1, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    services.add_improvement(alice, retro, text="Weekly demo", owner=bob, due_date="2026-05-01")
    kr = make_key_result(make_objective(q1, owner=alice.unit))
    with pytest.raises(DomainError) as error:
        services.carry_improvements(alice, retro, key_result=kr)
    assert error.value.code == "not_next_cycle"
    assert not ActionItem.objects.exists()


def test_a_carried_improvement_cannot_be_deleted(q1, q2, alice, bob):
    retro = services.open_retro(alice, q1, alice.unit)
    item = services.add_improvement(alice, retro, text="Weekly demo", owner=bob, due_date="2026-05-01")
    kr = make_key_result(make_objective(q2, owner=alice.unit))
    services.carry_improvements(alice, retro, key_result=kr)
    with pytest.raises(DomainError) as error:
        services.delete_improvement(alice, item)
    assert error.value.code == "carried"


def test_the_head_of_a_unit_above_writes_its_retrospective(org, q1, alice, tech):
    team = make_unit(org, parent=tech)
    retro = services.open_retro(alice, q1, team)
    assert services.retro_of(alice, q1, team) == (retro, True)
