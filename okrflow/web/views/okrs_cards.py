"""Objectives as the OKR pages show them: the read model of okrflow.okrs.selectors, with each
grade as a badge (label and Bootstrap colour). Nothing here decides a score or a right."""

from dataclasses import dataclass

from okrflow.okrs import scoring, selectors

# The grade colours of okrflow.okrs.scoring, as Bootstrap contextual names.
BOOTSTRAP_COLOUR = {"red": "danger", "orange": "warning", "green": "success", "blue": "primary"}


@dataclass(frozen=True)
class Grade:
    code: str
    label: str
    colour: str


def badge(code) -> Grade | None:
    """The display of a grade code of okrflow.okrs.scoring."""
    if code is None:
        return None
    meta = scoring.GRADE_LABELS[code]
    return Grade(code=code, label=meta["label"], colour=BOOTSTRAP_COLOUR.get(meta["colour"], "secondary"))


def grade_of(score, policy) -> Grade | None:
    return badge(scoring.grade(score, policy))


def decorate(objectives, person, *, policy=None) -> list:
    """The reader's objectives of the queryset, read by the read model, each with .score, .grade
    (a badge), .can_edit and its key results (.krs) carrying .score, .grade, .progress and
    .can_check_in. A fixed number of queries whatever the number of objectives."""
    return [_badges(objective) for objective in selectors.objectives_for(person, objectives, policy=policy)]


def decorate_own_and_unit(objectives, person, *, policy=None) -> list:
    """One's own objectives and one's unit's of the queryset, read like decorate
    (selectors.own_and_unit_objectives_for)."""
    return [_badges(objective) for objective in
            selectors.own_and_unit_objectives_for(person, objectives, policy=policy)]


def decorate_own(objectives, person, *, policy=None) -> list:
    """One's own objectives of the queryset as title rows with grade badges
    (selectors.own_objective_rows)."""
    rows = selectors.own_objective_rows(person, objectives, policy=policy)
    return [_badges(objective) for objective in rows]


def decorate_one(objective_id, person, *, policy=None):
    """One objective the reader may see, read like decorate (selectors.objective_for: NotFound
    when it is missing or not visible)."""
    return _badges(selectors.objective_for(person, objective_id, policy=policy))


def _badges(objective):
    objective.grade = badge(objective.grade)
    for kr in objective.krs:
        kr.grade = badge(kr.grade)
    return objective


def decorate_rows(objectives, person, *, policy=None) -> list:
    """Objectives as title rows with a score and a grade badge (selectors.objective_rows_for)."""
    found = selectors.objective_rows_for(person, objectives, policy=policy)
    for objective in found:
        objective.grade = badge(objective.grade)
    return found
