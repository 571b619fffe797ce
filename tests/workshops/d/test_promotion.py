"""From the room to OKRs in one step: ranked columns become draft objectives (okrs/services.py
the one writer), at most five, idempotent per column; key-result columns become draft key results."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus, Origin
from okrflow.workshops import outcomes
from okrflow.workshops.models import CardKind, Event
from tests.workshops.d.conftest import card, column, group, seat


@pytest.fixture
def ranked(workshop, bob):
    """Group 1's three written-up columns ranked 2, 1, 3, the first with two cards."""
    g = group(workshop, 1)
    author = seat(workshop, bob, group=g)
    second = column(workshop, group=g, title="客户满意度显著提升", keyword="客户", rank=2)
    card(second, author, "提升客户满意度到九十")
    card(second, author, "客户投诉减少一半以上")
    first = column(workshop, group=g, title="产品交付更快更稳", keyword="交付", rank=1)
    third = column(workshop, group=g, title="团队能力持续成长", keyword="成长", rank=3)
    return [first, second, third]


def test_ranked_columns_become_company_drafts_in_rank_order(workshop, admin, ranked, annual_goal):
    result = outcomes.promote_objectives(admin, workshop, parent_objective=annual_goal)

    drafts = [c.objective for c in result.created]
    assert [d.title for d in drafts] == ["产品交付更快更稳", "客户满意度显著提升", "团队能力持续成长"]
    assert {d.status for d in drafts} == {ObjectiveStatus.DRAFT}
    assert {d.cycle_id for d in drafts} == {workshop.cycle_id}
    assert {d.owner_unit_id for d in drafts} == {workshop.organization.root_unit().pk}
    assert {d.parent_objective_id for d in drafts} == {annual_goal.pk}
    assert [d.position for d in drafts] == [0, 1, 2]
    assert drafts[1].origin == Origin.BOTTOM_UP
    assert drafts[1].description == "提升客户满意度到九十\n客户投诉减少一半以上"
    assert drafts[0].origin == Origin.TOP_DOWN  # a column without cards was the facilitator's own
    audited = AuditEntry.objects.filter(action="objective.create", object_id__in=[d.pk for d in drafts])
    assert audited.count() == 3
    assert Event.objects.filter(workshop=workshop, topic="columns", kind="objectives_promoted").count() == 1


def test_promoting_twice_creates_nothing_new(workshop, admin, ranked):
    outcomes.promote_objectives(admin, workshop)
    again = outcomes.promote_objectives(admin, workshop)

    assert again.created == [] and len(again.kept) == 3
    assert Objective.objects.filter(workshop_columns__workshop=workshop).count() == 3
    assert Event.objects.filter(workshop=workshop, kind="objectives_promoted").count() == 1


def test_the_plenary_columns_are_the_results_when_there_is_a_plenary(workshop, admin, ranked):
    merged = column(workshop, title="全公司协同更高效", rank=1)
    ranked[1].merged_into = merged
    ranked[1].save(update_fields=["merged_into"])

    result = outcomes.promote_objectives(admin, workshop)

    (draft,) = [c.objective for c in result.created]
    assert draft.title == "全公司协同更高效"
    # The plenary's column holds no card itself: the merged groups' cards make it the room's own.
    assert draft.origin == Origin.BOTTOM_UP
    assert draft.description == "提升客户满意度到九十\n客户投诉减少一半以上"


def test_a_sixth_objective_is_refused_and_nothing_is_created(workshop, admin, ranked):
    g2 = group(workshop, 2)
    for rank in range(1, 4):
        column(workshop, group=g2, title=f"第二组目标{rank}", rank=rank)

    with pytest.raises(DomainError) as refused:
        outcomes.promote_objectives(admin, workshop)

    assert refused.value.code == "too_many_objectives"
    assert "at most 5 objectives; this would make 6" in str(refused.value.message)
    assert not Objective.objects.exists()


def test_the_five_count_includes_what_the_meeting_already_promoted(workshop, admin, ranked):
    outcomes.promote_objectives(admin, workshop, column_ids=[ranked[0].pk, ranked[1].pk, ranked[2].pk])
    g2 = group(workshop, 2)
    extra = [column(workshop, group=g2, title=f"第二组目标{rank}", rank=rank).pk for rank in range(1, 4)]

    with pytest.raises(DomainError) as refused:
        outcomes.promote_objectives(admin, workshop, column_ids=extra)

    assert refused.value.code == "too_many_objectives"
    assert Objective.objects.count() == 3


def test_an_untitled_column_is_refused_naming_it_and_nothing_is_created(workshop, admin, ranked):
    blank = column(workshop, group=ranked[0].group, rank=4)

    with pytest.raises(DomainError) as refused:
        outcomes.promote_objectives(admin, workshop)

    assert refused.value.code == "column_untitled" and str(blank.pk) in str(refused.value.message)
    assert not Objective.objects.exists()


def test_a_column_of_another_meeting_cannot_be_chosen(workshop, admin, ranked, org, q1):
    from tests.workshops.d.conftest import make_workshop

    other = make_workshop(org, admin, cycle=q1)
    stranger = column(other, group=group(other, 1), title="别的会议", rank=1)

    with pytest.raises(DomainError) as refused:
        outcomes.promote_objectives(admin, workshop, column_ids=[stranger.pk])

    assert refused.value.code == "bad_column"


def test_without_a_cycle_promotion_asks_for_one(org, admin, bob):
    from tests.workshops.d.conftest import make_workshop

    workshop = make_workshop(org, admin)
    column(workshop, group=group(workshop, 1), title="有标题的目标", rank=1)

    with pytest.raises(DomainError) as refused:
        outcomes.promote_objectives(admin, workshop)

    assert refused.value.field == "cycle"


def test_a_participant_who_does_not_run_the_meeting_cannot_promote(workshop, bob, ranked):
    with pytest.raises(AccessDenied):
        outcomes.promote_objectives(bob, workshop)
    assert not Objective.objects.exists()


def test_a_department_head_running_a_meeting_promotes_into_their_department(org, alice, tech, q1, bob):
    from tests.workshops.d.conftest import make_workshop

    workshop = make_workshop(org, alice, cycle=q1, unit=tech, kind="cocreation")
    g = group(workshop, 1)
    written = column(workshop, group=g, title="构建时间缩短一半", rank=1)
    card(written, seat(workshop, bob, group=g), "构建时间缩短到十分钟")

    result = outcomes.promote_objectives(alice, workshop)

    assert result.created[0].objective.owner_unit == tech


def test_the_head_of_a_department_cannot_promote_into_the_company(org, alice, q1, bob):
    from tests.workshops.d.conftest import make_workshop

    workshop = make_workshop(org, alice, cycle=q1, unit=org.root_unit())
    column(workshop, group=group(workshop, 1), title="公司层面的目标", rank=1)

    with pytest.raises(AccessDenied):
        outcomes.promote_objectives(alice, workshop)
    assert not Objective.objects.exists()


def test_key_result_columns_become_draft_key_results_of_their_objective(workshop, admin, ranked):
    drafts = outcomes.promote_objectives(admin, workshop).created
    objective = drafts[0].objective
    g = ranked[0].group
    kr_col = column(workshop, group=g, kind=CardKind.KEY_RESULT, title="交付周期从四周降到两周", rank=1,
                    for_objective=objective)

    result = outcomes.promote_key_results(admin, workshop)
    again = outcomes.promote_key_results(admin, workshop)

    kr = KeyResult.objects.get(workshop_columns=kr_col)
    assert kr.objective == objective and kr.title == "交付周期从四周降到两周"
    assert (kr.kind, kr.start_value, kr.target_value) == ("percent", 0, 100)
    assert len(result.created) == 1 and again.created == [] and KeyResult.objects.count() == 1
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.DRAFT


def test_a_key_result_column_without_its_objective_is_refused(workshop, admin, ranked):
    column(workshop, group=ranked[0].group, kind=CardKind.KEY_RESULT, title="没有目标的关键成果", rank=1)

    with pytest.raises(DomainError) as refused:
        outcomes.promote_key_results(admin, workshop)

    assert refused.value.code == "no_objective"
    assert not KeyResult.objects.exists()
