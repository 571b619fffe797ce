"""Reward tiers: which reward a celebration's OKRs earn, by the grade of their average score.

The organization sets a tier per grade; until it does, the defaults below are proposed (one per
grade band of its OkrPolicy: excellent → team dinner + bonus, good → team lunch, fair →
thank-you note, poor → small gesture). A celebration's score is the plain mean of the scores of
the objectives and key results it celebrates (each by the one rule of okrflow/okrs/scoring.py,
read set-wise through okrflow/okrs/selectors.py); its tier is the tier of the highest grade at or
below that score's grade. Scores are never stored, so neither is the computed tier.
"""

from django.utils.translation import gettext_lazy as _

from okrflow.celebrations.models import RewardTier
from okrflow.okrs import scoring, selectors
from okrflow.okrs.models import KeyResult, Objective, policy_for

DEFAULT_TIERS = {
    "excellent": (_("Team dinner + bonus"), _("A richer reward for an excellent quarter.")),
    "good": (_("Team lunch"), _("Lunch together for a good result.")),
    "fair": (_("Thank-you note"), _("A written thank-you from the manager.")),
    "poor": (_("Small gesture"), _("Coffee and cake: the effort still counts.")),
}


def grade_rank(grade: str) -> int:
    return scoring.GRADES.index(grade)


def saved_tiers(organization) -> list[RewardTier]:
    """The organization's tiers, lowest grade first."""
    return sorted(RewardTier.objects.for_org(organization), key=lambda t: grade_rank(t.min_grade))


def default_tiers(organization) -> list[RewardTier]:
    """The proposed tiers (unsaved), lowest grade first."""
    org_id = getattr(organization, "pk", organization)
    return [RewardTier(organization_id=org_id, min_grade=grade, name=str(DEFAULT_TIERS[grade][0]),
                       description=str(DEFAULT_TIERS[grade][1])) for grade in scoring.GRADES]


def tiers_for(organization) -> list[RewardTier]:
    """The saved tiers, or the proposed defaults when the organization has set none."""
    return saved_tiers(organization) or default_tiers(organization)


def tier_for_grade(tiers, grade: str | None):
    """The tier of the highest grade at or below `grade` (None without a grade or a tier)."""
    if grade is None:
        return None
    earned = [t for t in tiers if grade_rank(t.min_grade) <= grade_rank(grade)]
    return max(earned, key=lambda t: grade_rank(t.min_grade), default=None)


def celebration_score(celebration) -> float | None:
    """The mean of the scores of the celebrated objectives and key results (those without key
    results have no score and do not count)."""
    objectives = selectors.with_scores(
        Objective.objects.for_org(celebration.organization_id).filter(celebrations=celebration)).only("pk")
    scores = [selectors.score_of(o) for o in objectives]
    scores += list(KeyResult.objects.for_org(celebration.organization_id).filter(celebrations=celebration)
                   .annotate(score_value=scoring.kr_score_expression()).values_list("score_value", flat=True))
    return scoring.owner_score(scores)


def earned(celebration, *, tiers=None, policy=None) -> dict:
    """What the celebration earns: {"score", "grade", "computed" (tier), "tier" (the override or
    the computed one), "overridden"}."""
    tiers = tiers if tiers is not None else tiers_for(celebration.organization_id)
    policy = policy or policy_for(celebration.organization_id)
    score = celebration_score(celebration)
    grade = scoring.grade(score, policy)
    computed = tier_for_grade(tiers, grade)
    override = celebration.tier_override if celebration.tier_override_id else None
    return {"score": score, "grade": grade, "computed": computed, "tier": override or computed,
            "overridden": override is not None}
