"""Department claims (部门认领) with their 5W2H breakdown into the department's aligned draft."""

import pytest

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.models import Objective, ObjectiveStatus, Origin
from okrflow.workshops import claims
from okrflow.workshops.models import Claim, Event
from tests.okrs.factories import make_key_result, make_objective
from tests.workshops.d.conftest import make_workshop, seat

BREAKDOWN = {"what": "研发交付周期缩短一半", "why": "客户等不起", "who": "技术中心全员", "when": "第一季度",
             "where": "北京研发部", "how": "持续集成和小批量发布", "how_much": "两台构建服务器"}


@pytest.fixture
def company_goal(q1):
    goal = make_objective(q1, title="客户满意度显著提升", ref="O-CO", status="draft")
    make_key_result(goal, title="NPS 从 30 提升到 50", ref="KR-CO")
    return goal


@pytest.fixture
def room(workshop, alice, bob, carol):
    for person in (alice, bob, carol):
        seat(workshop, person)
    return workshop


def test_a_department_head_claims_a_company_objective_into_an_aligned_draft(room, alice, tech, company_goal):
    made = claims.claim(alice, room, unit=tech, objective=company_goal, **BREAKDOWN)

    draft = made.draft
    assert (draft.title, draft.owner_unit, draft.cycle_id) == ("研发交付周期缩短一半", tech, room.cycle_id)
    assert draft.status == ObjectiveStatus.DRAFT and draft.origin == Origin.NEGOTIATED
    assert draft.parent_objective == company_goal and draft.parent_key_result is None
    assert draft.description.splitlines() == ["Why: 客户等不起", "Who: 技术中心全员", "When: 第一季度",
                                              "Where: 北京研发部", "How: 持续集成和小批量发布",
                                              "How much: 两台构建服务器"]
    assert made.how_much == "两台构建服务器" and made.created_by.person == alice
    assert Event.objects.filter(workshop=room, topic="claims", kind="claimed").count() == 1


def test_a_claimed_key_result_is_the_drafts_parent(room, alice, tech, company_goal):
    kr = company_goal.key_results.get()

    made = claims.claim(alice, room, unit=tech, key_result=kr, what="构建时间缩短到十分钟")

    assert made.draft.parent_key_result == kr and made.draft.parent_objective is None


def test_the_facilitator_claims_for_any_department(room, admin, sales, company_goal):
    made = claims.claim(admin, room, unit=sales, objective=company_goal, what="新签十家大客户")

    assert made.draft.owner_unit == sales


def test_a_head_cannot_claim_for_another_department_and_nothing_is_stored(room, alice, sales, company_goal):
    with pytest.raises(AccessDenied):
        claims.claim(alice, room, unit=sales, objective=company_goal, what="替销售部认领")

    assert not Claim.objects.exists() and Objective.objects.count() == 1


def test_a_member_cannot_claim_for_their_department(room, bob, tech, company_goal):
    with pytest.raises(AccessDenied):
        claims.claim(bob, room, unit=tech, objective=company_goal, what="我替部门认领")


def test_someone_without_a_seat_finds_no_meeting(workshop, alice, tech, company_goal):
    with pytest.raises(NotFound):
        claims.claim(alice, workshop, unit=tech, objective=company_goal, what="没被邀请")


def test_a_department_claims_the_same_thing_once(room, alice, tech, company_goal):
    claims.claim(alice, room, unit=tech, objective=company_goal, what="第一次认领的目标")

    with pytest.raises(DomainError) as refused:
        claims.claim(alice, room, unit=tech, objective=company_goal, what="第二次认领的目标")

    assert refused.value.code == "already_claimed" and "技术中心" in str(refused.value.message)
    assert Claim.objects.count() == 1


def test_only_company_okrs_of_the_meetings_cycle_are_claimed(room, alice, tech, year):
    annual = make_objective(year, title="年度目标")
    techs = make_objective(room.cycle, owner=tech, title="部门自己的目标")

    for target in (annual, techs):
        with pytest.raises(DomainError) as refused:
            claims.claim(alice, room, unit=tech, objective=target, what="认领不该认领的")
        assert refused.value.code == "not_company_okr"
    assert not Claim.objects.exists()


def test_the_company_does_not_claim_its_own_objective(room, admin, org, company_goal):
    with pytest.raises(DomainError) as refused:
        claims.claim(admin, room, unit=org.root_unit(), objective=company_goal, what="公司认领自己")
    assert refused.value.field == "unit"


@pytest.mark.parametrize("answers, field", [({"what": "  "}, "what"), ({"what": "x" * 201}, "what"),
                                            ({"what": "合格的目标", "how": "y" * 2001}, "how")])
def test_a_missing_or_too_long_answer_is_refused_on_its_field(room, alice, tech, company_goal, answers,
                                                              field):
    with pytest.raises(DomainError) as refused:
        claims.claim(alice, room, unit=tech, objective=company_goal, **answers)

    assert refused.value.field == field
    assert not Claim.objects.exists() and Objective.objects.count() == 1


def test_a_claim_names_one_target(room, alice, tech, company_goal):
    with pytest.raises(DomainError) as refused:
        claims.claim(alice, room, unit=tech, what="什么都没认领")
    assert refused.value.code == "claim_what"


def test_withdrawing_a_claim_removes_its_draft(room, alice, tech, company_goal):
    made = claims.claim(alice, room, unit=tech, objective=company_goal, what="先认领再撤回")

    claims.withdraw(alice, made)

    assert not Claim.objects.exists() and not Objective.objects.filter(owner_unit=tech).exists()


def test_the_board_lists_company_objectives_with_who_claimed_what(room, alice, admin, tech, sales,
                                                                  company_goal):
    kr = company_goal.key_results.get()
    claims.claim(alice, room, unit=tech, objective=company_goal, what="技术中心的目标")
    claims.claim(admin, room, unit=sales, key_result=kr, what="销售部的目标")

    rows = claims.board(room, alice)

    assert [r["objective"] for r in rows] == [company_goal]
    assert [c.unit for c in rows[0]["claims"]] == [tech]
    assert [c.unit for c in rows[0]["key_results"][0]["claims"]] == [sales]


def test_a_guest_sees_only_public_company_objectives_on_the_board(room, q1, company_goal):
    make_objective(q1, title="保密的公司目标", visibility="private")

    assert [r["objective"] for r in claims.board(room, None)] == [company_goal]


def test_claimable_units_are_the_heads_own_or_every_department_for_the_facilitator(room, alice, admin, tech,
                                                                                   sales):
    assert list(claims.claimable_units(alice, room)) == [tech]
    assert set(claims.claimable_units(admin, room)) == {tech, sales}


def test_another_organizations_facilitator_finds_no_meeting(room, mallory, tech, company_goal):
    other = make_workshop(mallory.organization, mallory)
    with pytest.raises(NotFound):
        claims.claim(mallory, other, unit=tech, objective=company_goal, what="跨组织认领")
