"""Objectives as the OKR pages show them: scores, grades and the reader's rights, set-wise.

A page of objectives costs a fixed handful of queries whatever its size: the objectives with
their owners, their key results, one scoring query (okrflow.okrs.scoring) and the reader's
managed scope. Nothing here decides a score or a right on its own: it calls the scoring rule
and okrflow.okrs.access and only spreads their answers over many rows at once.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from okrflow.okrs import scoring
from okrflow.okrs.access import Rights
from okrflow.okrs.models import KeyResult, policy_for

# The grade colours of okrflow.okrs.scoring, as Bootstrap contextual names.
BOOTSTRAP_COLOUR = {"red": "danger", "orange": "warning", "green": "success", "blue": "primary"}


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    colour: str


def grade_of(score, policy) -> Grade | None:
    code = scoring.grade(score, policy)
    if code is None:
        return None
    meta = scoring.GRADE_LABELS[code]
    return Grade(code=code, label=meta["label"], colour=BOOTSTRAP_COLOUR.get(meta["colour"], "secondary"))


def with_details(objectives):
    """The queryset with what a card shows, its key results included (one extra query)."""
    krs = KeyResult.objects.select_related("owner").order_by("position", "id")
    return objectives.select_related(
        "organization", "owner_unit", "owner_person", "category", "cycle").prefetch_related(
        Prefetch("key_results", queryset=krs))


def decorate(objectives, person, *, policy=None, rights=None) -> list:
    """A list of objectives, each with .score, .grade, .can_edit and its key results (.krs)
    carrying .score, .grade, .progress and .can_check_in."""
    objectives = list(with_details(objectives))
    if not objectives:
        return []
    policy = policy or policy_for(person.organization)
    rights = rights or Rights(person)
    model = type(objectives[0])
    scores = scoring.objective_scores(model.objects.filter(pk__in=[o.pk for o in objectives]))
    for objective in objectives:
        decorate_one(objective, scores.get(objective.pk), policy, rights)
    return objectives


def decorate_one(objective, score, policy, rights):
    objective.score = score
    objective.grade = grade_of(score, policy)
    objective.can_edit = rights.can_edit(objective)
    objective.krs = list(objective.key_results.all())
    for kr in objective.krs:
        decorate_kr(kr, objective, policy, rights)
    return objective


def decorate_kr(kr, objective, policy, rights):
    # The pure form of the one rule: the key result's columns are already loaded.
    kr.score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
    kr.grade = grade_of(kr.score, policy)
    kr.progress = round(kr.score * 100)
    kr.can_check_in = rights.can_check_in(kr, objective)
    return kr
