"""Celebrations: who may hold them, the reward tier their OKRs earn by grade, and its override."""

import datetime

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.celebrations.models import Celebration, RewardTier
from okrflow.celebrations.services import (
    create_celebration,
    delete_celebration,
    override_tier,
    save_reward_tiers,
)
from okrflow.celebrations.tiers import earned, tier_for_grade, tiers_for
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.models import OkrPolicy
from tests.okrs.factories import make_objective

DAY = datetime.date(2026, 3, 27)


def test_an_organization_without_tiers_is_proposed_one_per_grade_band(org):
    tiers = tiers_for(org)
    assert [t.min_grade for t in tiers] == ["poor", "fair", "good", "excellent"]
    assert tiers[-1].name == "Team dinner + bonus" and tiers[0].name == "Small gesture"
    assert not RewardTier.objects.exists()


def test_a_grade_without_its_own_tier_earns_the_next_lower_one(org):
    tiers = [t for t in tiers_for(org) if t.min_grade != "good"]
    assert tier_for_grade(tiers, "good").min_grade == "fair"
    assert tier_for_grade(tiers, None) is None


def test_the_team_head_celebrates_and_the_tier_follows_the_grade_of_the_average_score(
        alice, tech, q1, techs_objective, bobs_objective):
    celebration = create_celebration(alice, q1, level="team", title="构建提速庆功", date=DAY, unit=tech,
                                     objectives=[techs_objective], notes="一起吃饭")
    result = earned(celebration)
    assert (result["score"], result["grade"]) == (0.95, "excellent")
    assert result["tier"].name == "Team dinner + bonus"
    both = create_celebration(alice, q1, level="team", title="季度小结", date=DAY, unit=tech,
                              objectives=[techs_objective], key_results=[bobs_objective.key_results.get()])
    result = earned(both)
    assert (result["score"], result["grade"], result["tier"].name) == (0.725, "good", "Team lunch")
    assert AuditEntry.objects.filter(action="celebration.create").count() == 2


def test_the_tier_follows_the_organizations_own_bands_and_tiers(admin, org, tech, q1, techs_objective):
    OkrPolicy.objects.create(organization=org, fair_from="0.5", good_from="0.96", excellent_from="0.99")
    save_reward_tiers(admin, org, {"excellent": ("年终奖加码", ""), "good": ("团建", ""),
                                   "fair": ("下午茶", "周五下午"), "poor": ("", "")})
    celebration = create_celebration(admin, q1, level="department", title="部门月度庆祝", date=DAY,
                                     unit=tech, objectives=[techs_objective])
    result = earned(celebration)
    assert (result["grade"], result["tier"].name, result["overridden"]) == ("fair", "下午茶", False)


def test_a_tier_override_needs_a_reason_and_shows_instead_of_the_computed_one(
        admin, alice, org, tech, q1, bobs_objective):
    tiers = {t.min_grade: t for t in save_reward_tiers(admin, org, {
        "excellent": ("Team dinner + bonus", ""), "good": ("Team lunch", ""),
        "fair": ("Thank-you note", ""), "poor": ("Small gesture", "")})}
    celebration = create_celebration(alice, q1, level="team", title="测试覆盖率", date=DAY, unit=tech,
                                     objectives=[bobs_objective])
    assert earned(celebration)["tier"].name == "Thank-you note"
    with pytest.raises(DomainError) as refused:
        override_tier(alice, celebration, tier=tiers["excellent"], reason=" ")
    assert refused.value.field == "override_reason"
    assert Celebration.objects.get().tier_override is None
    override_tier(alice, celebration, tier=tiers["excellent"], reason="团队在人手减半时完成")
    result = earned(Celebration.objects.get())
    assert (result["tier"].name, result["computed"].name, result["overridden"]) == (
        "Team dinner + bonus", "Thank-you note", True)
    assert AuditEntry.objects.filter(action="celebration.override").exists()
    override_tier(alice, celebration, tier=None)
    assert earned(Celebration.objects.get())["overridden"] is False


def test_a_member_cannot_celebrate_for_their_unit(bob, tech, q1, techs_objective):
    with pytest.raises(AccessDenied):
        create_celebration(bob, q1, level="team", title="庆祝", date=DAY, unit=tech,
                           objectives=[techs_objective])
    assert not Celebration.objects.exists()


def test_a_unit_head_cannot_hold_another_units_or_a_management_celebration(alice, sales, q1, techs_objective):
    with pytest.raises(AccessDenied):
        create_celebration(alice, q1, level="department", title="庆祝", date=DAY, unit=sales)
    with pytest.raises(AccessDenied):
        create_celebration(alice, q1, level="management", title="庆祝", date=DAY,
                           objectives=[techs_objective])
    assert not Celebration.objects.exists()


def test_the_champion_holds_the_management_celebration_for_the_company(champion, q1, techs_objective):
    celebration = create_celebration(champion, q1, level="management", title="季度庆功会", date=DAY,
                                     objectives=[techs_objective])
    assert celebration.unit is None and celebration.level == "management"


def test_drafts_are_not_celebrated(admin, q1, tech):
    draft = make_objective(q1, owner=tech, status="draft")
    with pytest.raises(DomainError) as refused:
        create_celebration(admin, q1, level="team", title="庆祝", date=DAY, unit=tech, objectives=[draft])
    assert refused.value.code == "not_agreed"
    assert not Celebration.objects.exists()


def test_a_head_cannot_celebrate_a_private_objective_they_may_not_see(alice, carol, tech, q1):
    private = make_objective(q1, owner=carol, visibility="private")
    with pytest.raises(DomainError) as refused:
        create_celebration(alice, q1, level="team", title="庆祝", date=DAY, unit=tech, objectives=[private])
    assert refused.value.code == "not_found"
    assert not Celebration.objects.exists()


def test_an_admin_of_another_organization_cannot_celebrate_in_acme(mallory, q1):
    with pytest.raises(NotFound):
        create_celebration(mallory, q1, level="management", title="庆祝", date=DAY)


def test_the_creator_deletes_a_celebration_and_a_member_cannot(alice, bob, tech, q1, techs_objective):
    celebration = create_celebration(alice, q1, level="team", title="庆祝", date=DAY, unit=tech,
                                     objectives=[techs_objective])
    with pytest.raises(AccessDenied):
        delete_celebration(bob, celebration)
    delete_celebration(alice, celebration)
    assert not Celebration.objects.exists()


def test_only_admins_and_the_champion_set_reward_tiers(alice, org):
    with pytest.raises(AccessDenied):
        save_reward_tiers(alice, org, {"excellent": ("Bonus", "")})
    assert not RewardTier.objects.exists()
