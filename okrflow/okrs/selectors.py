"""The one read model of OKRs: what a reader sees of objectives and key results, set-wise.

Every reader of OKRs — the web pages (cards, the objective page, the tree), the API list and
detail, the export, the weekly summary and the coming reports — takes objectives from here:

- `objectives_for(person, queryset)` — the reader's visible objectives of a queryset, each with
  `.score`, `.grade` (a grade code of okrflow.okrs.scoring), `.can_edit` and its key results
  (`.krs`, each with `.score`, `.grade`, `.progress` and `.can_check_in`). A fixed number of
  queries whatever the number of objectives: the objectives with their owners and their rights in
  one query, the key results with their scores (the SQL rule) in one more; each objective's score
  is the weighted mean of those key-result scores (the same sums as with_scores, taken over the
  rows already read: tests/okrs/test_set_wise_scores.py keeps the two equal). Where an objective
  continues one of an earlier cycle or a key result was carried over from one, one more query
  says whether the reader may see that earlier objective (`.continued_from_shown`,
  `.carried_from_shown`). Lists that do not read key results (the API list, the export, owner
  scores) take with_scores.
- `objective_for(person, objective_id)` — one of them (NotFound when it is not visible);
  `own_objective_rows(person, queryset)` — one's own as title rows with scores (the home page);
  `own_and_unit_objectives_for(person, queryset)` — one's own and one's unit's, read like
  objectives_for without compiling its conditions (My OKRs).
- `owner_score(cycle, unit=…|person=…)` — a unit's, a person's or (the root unit's) the company's
  score, decided once: the plain mean of the scores of ALL of the owner's objectives in the cycle,
  private ones included (only the number is shown, never a title), so it is the same number for
  every reader allowed to see the owner's page. `owner_score_of(objectives)` is the same rule
  over objectives already read (all of one owner's: one's own page).

Scores come from the one rule of okrflow.okrs.scoring in its SQL form (the pure form is its twin,
kept equal by tests); rights come from okrflow.okrs.access over the Reader of okrflow.org.reader.
"""

import functools

from django.db.models import Count, FloatField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Cast

from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.access import (
    OWNER_RELATIONS,
    can_edit_objective,
    can_see_objective,
    own_objectives,
    valid_id,
    visible_objectives,
    with_rights,
)
from okrflow.okrs.models import KeyResult, Objective, Origin, policy_for
from okrflow.okrs.scoring import aligned_below  # noqa: F401 (part of the read model)
from okrflow.org import tree
from okrflow.org.reader import reader_of


def _kr_sum(expression):
    """A correlated subquery: Σ expression over an objective's key results (NULL without any)."""
    return Subquery(
        KeyResult.objects.filter(objective_id=OuterRef("pk")).order_by().values("objective_id")
        .annotate(total=Sum(expression)).values("total")[:1],
        output_field=FloatField())


@functools.cache
def _score_sums() -> dict:
    # Built once per process: building the two subqueries' querysets cost ~4k Python calls on
    # every scored list. annotate() resolves a copy of each expression against the outer query
    # and never changes these (the same holds for any expression Django reuses).
    weight = Cast("weight", FloatField())
    return {"weighted": _kr_sum(weight * scoring.kr_score_expression()), "weight_sum": _kr_sum(weight)}


def with_scores(objectives):
    """Objectives annotated with Σ weight × KR score (`weighted`) and Σ weight (`weight_sum`), in
    the same query as the objectives themselves (one correlated subquery each)."""
    return objectives.annotate(**_score_sums())


def score_of(objective) -> float | None:
    """The objective's score from the annotations of with_scores()."""
    return scoring.ratio(objective.weighted, objective.weight_sum)


def scored_key_results(queryset=None, *, sources="join"):
    """Key results annotated with their `score` by the one rule, their owner loaded with the
    path that the rights check reads, and the key result they were carried over from (with its
    objective and cycle: the page says where it came from): in the same query, or with
    sources="prefetch" in queries of their own that run only when some key result was carried
    over (the read model: three joins fewer to compile and read for the usual key result)."""
    queryset = KeyResult.objects.all() if queryset is None else queryset
    queryset = (queryset.annotate(score_value=scoring.kr_score_expression())
                .select_related("owner", "owner__unit"))
    if sources == "prefetch":
        queryset = queryset.prefetch_related("carried_from__objective__cycle")
    else:
        queryset = queryset.select_related("carried_from__objective__cycle")
    return queryset.order_by("position", "id")


def _loaded(queryset):
    # No score subqueries here: the key results are read anyway, with their scores, and
    # compiling the two correlated subqueries cost ~7 ms of the objective page's ~45 ms CPU.
    # What an objective continues and where a key result was carried from are prefetched: they
    # are read only when there is one (joined, they cost ~2 ms of compiling on every read).
    # The key results are put in their order by _finish: an ORDER BY makes Django hash every
    # selected column of the wide row (owner and unit joined) while compiling, ~1 ms a read.
    key_results = scored_key_results(sources="prefetch").order_by()
    return (queryset.select_related(*OWNER_RELATIONS, "organization", "category", "cycle")
            .prefetch_related("continued_from__cycle", Prefetch("key_results", queryset=key_results)))


def _prepared(queryset, person):
    return _loaded(with_rights(queryset, person))


def _kr_order(kr):
    return kr.position, kr.pk


def _objective_order(objective):  # Objective.Meta.ordering
    return objective.cycle_id, objective.position, objective.pk


def _score(objective, krs, policy):
    """`.krs`, `.score` and `.grade` of an objective and its key results (scored by the SQL rule)."""
    objective.krs = krs
    # Σ weight × score and Σ weight over the key results read by the SQL rule (with_scores' sums).
    objective.weighted = sum(float(kr.weight) * kr.score_value for kr in krs)
    objective.weight_sum = sum(float(kr.weight) for kr in krs)
    objective.score = score_of(objective)
    objective.grade = scoring.grade(objective.score, policy)
    for kr in krs:
        kr.score = scoring.tidy(kr.score_value)
        kr.grade = scoring.grade(kr.score, policy)
        kr.progress = round(kr.score * 100)


def _finish(objective, reader, policy):
    objective.can_edit = bool(objective.can_edit)
    _score(objective, sorted(objective.key_results.all(), key=_kr_order), policy)  # scored_key_results' order
    for kr in objective.krs:
        kr.can_check_in = objective.can_edit or (kr.owner_id is not None and reader.covers_person(kr.owner))
    return objective


def objectives_for(person, queryset=None, *, policy=None) -> list:
    """The objectives of `queryset` that `person` may see, read for display (see the module)."""
    visible = visible_objectives(person)
    if queryset is not None:
        visible = visible & queryset
    reader, policy = reader_of(person), policy or policy_for(person.organization_id)
    found = [_finish(objective, reader, policy) for objective in _prepared(visible, person)]
    _mark_earlier_cycles(found, person)
    return found


def own_and_unit_objectives_for(person, queryset, *, policy=None) -> list:
    """One's own objectives and one's unit's of `queryset` (access.own_objectives), read like
    objectives_for (My OKRs): neither the visibility condition (all of them are visible to oneself)
    nor the rights condition is compiled; `.can_edit` is access.can_edit_objective's answer over
    the loaded owners, editable_q's one-object twin. For the head of a big department compiling
    the two cost about a third of the page. Two queries; tests/okrs/test_set_wise_scores.py keeps
    the rows equal to objectives_for."""
    reader, policy = reader_of(person), policy or policy_for(person.organization_id)
    found = []
    # Put in the model's order here (whole numbers: the same order), like the key results: the
    # ORDER BY made Django hash every selected column of the wide row while compiling.
    for objective in sorted(_loaded((own_objectives(person) & queryset).order_by()), key=_objective_order):
        objective.can_edit = can_edit_objective(person, objective)
        found.append(_finish(objective, reader, policy))
    _mark_earlier_cycles(found, person)
    return found


def own_objective_rows(person, queryset, *, policy=None) -> list:
    """One's own objectives of `queryset` as title rows (the home page's "My OKRs"): the fields of
    ROW_FIELDS, `.score` and `.grade` as objectives_for has them, `.can_edit` (always: one may
    change one's own) and `.krs`, the key results in their order with only their weight and
    `.score` / `.grade` / `.progress`. Neither the visibility nor the rights condition is compiled
    (one's own objectives are always visible to oneself), no owner is read: for the head of a big
    department these cost the home page more than the rest of its reads. Two queries;
    tests/okrs/test_set_wise_scores.py keeps the rows equal to objectives_for."""
    policy = policy or policy_for(person.organization_id)
    own = Objective.objects.for_org(person.organization_id).filter(owner_person_id=person.pk) & queryset
    objectives = list(own.only(*ROW_FIELDS))
    krs = {}
    for kr in (KeyResult.objects.filter(objective_id__in=[o.pk for o in objectives])
               .annotate(score_value=scoring.kr_score_expression())
               .only("pk", "objective_id", "weight", "position").order_by()):
        krs.setdefault(kr.objective_id, []).append(kr)
    for objective in objectives:
        objective.can_edit = True
        _score(objective, sorted(krs.get(objective.pk, []), key=_kr_order), policy)
    return objectives


# What a title row of objective_rows_for carries besides its owner's name (Objective.owner).
ROW_FIELDS = ("pk", "organization_id", "cycle_id", "ref", "title", "status", "visibility", "owner_unit",
              "owner_person", "parent_objective_id", "parent_key_result_id")


def objective_rows_for(person, queryset, *, policy=None) -> list:
    """The objectives of `queryset` that `person` may see, for a list of titles with scores (the
    objective page's aligned objectives): `.score` and `.grade` from with_scores' sums, the owners'
    names loaded, no key results read (ROW_FIELDS; any other field is read when asked for, one
    query per row). One query whatever the number of objectives."""
    policy = policy or policy_for(person.organization_id)
    # Only what a title row shows (its owner by name): the ORDER BY makes Django hash every
    # selected column while compiling, and the whole rows of three tables cost ~4 ms to read.
    rows = list(with_scores(visible_objectives(person) & queryset)
                .select_related("owner_unit", "owner_person")
                .only(*ROW_FIELDS, "owner_unit__name", "owner_person__name", "owner_person__email"))
    for objective in rows:
        objective.score = score_of(objective)
        objective.grade = scoring.grade(objective.score, policy)
    return rows


def _mark_earlier_cycles(objectives, person) -> None:
    """`.continued_from_shown` on each objective and `.carried_from_shown` on each key result:
    whether the reader may see the earlier cycle's objective it continues or was carried from
    (its title and link are shown only then). One query, only when something was carried."""
    sources = {o.continued_from_id for o in objectives if o.continued_from_id}
    sources |= {kr.carried_from.objective_id for o in objectives for kr in o.krs if kr.carried_from_id}
    shown = set(visible_objectives(person).filter(pk__in=sources).values_list("pk", flat=True)) \
        if sources else set()
    for objective in objectives:
        objective.continued_from_shown = objective.continued_from_id in shown
        for kr in objective.krs:
            kr.carried_from_shown = kr.carried_from_id is not None and kr.carried_from.objective_id in shown


def objective_for(person, objective_id, *, policy=None):
    """One visible objective read for display; NotFound when it is missing or not visible.

    Read by its key and decided by the reader's one-object twins of the SQL conditions
    (access.can_see_objective, can_edit_objective over the loaded owner and key results): for
    one objective, compiling the visibility and rights conditions cost more than the rest of the
    read (~4 ms of an objective page's ~30). Two queries, like objectives_for."""
    # get(), not first(): one row by its key needs no ORDER BY, and compiling one makes Django
    # hash every column of the wide row.
    try:
        objective = _loaded(Objective.objects.for_org(person.organization_id)).get(pk=valid_id(objective_id))
    except Objective.DoesNotExist:
        raise NotFound() from None
    if not can_see_objective(person, objective):
        raise NotFound()
    objective.can_edit = can_edit_objective(person, objective)
    _finish(objective, reader_of(person), policy or policy_for(person.organization_id))
    _mark_earlier_cycles([objective], person)
    return objective


def owner_score(cycle, *, unit=None, person=None) -> float | None:
    """The score of a unit (the root unit: the company) or a person in a cycle: the plain mean
    of all their objectives' scores (objectives without key results, drafts and proposals do not
    count)."""
    objectives = Objective.objects.for_org(cycle.organization_id).filter(scoring.counted(), cycle=cycle)
    objectives = objectives.filter(owner_unit=unit) if unit is not None else objectives.filter(
        owner_person=person)
    return scoring.owner_score(score_of(o) for o in with_scores(objectives).only("pk"))


def owner_score_of(objectives) -> float | None:
    """owner_score from objectives already read by objectives_for: the same rule (the plain mean
    of the counted objectives' scores, those without key results skipped), for a page that holds
    ALL of the owner's objectives of the cycle (My OKRs: one's own are always visible to
    oneself). Spares the page a second scored query; tests/okrs/test_set_wise_scores.py keeps the
    two equal."""
    return scoring.owner_score(o.score for o in objectives if scoring.counts(o.status))


def bottom_up_share(cycle, unit=None) -> dict:
    """{"share": 0..1 or None, "bottom_up": n, "counted": n}: how many of the cycle's counted
    objectives (agreed or later; drafts never count) were proposed bottom-up or negotiated — of the
    whole company, or of `unit` with everything and everyone below it. One query."""
    objectives = Objective.objects.for_org(cycle.organization_id).filter(scoring.counted(), cycle=cycle)
    if unit is not None and unit.parent_id is not None:
        objectives = objectives.filter(tree.below("owner_unit__path", unit.path)
                                       | tree.below("owner_person__unit__path", unit.path))
    bottom_up = Q(origin__in=(Origin.BOTTOM_UP, Origin.NEGOTIATED))
    totals = objectives.aggregate(counted=Count("pk"), bottom_up=Count("pk", filter=bottom_up))
    share = totals["bottom_up"] / totals["counted"] if totals["counted"] else None
    return {"share": share, **totals}


def company_score(cycle) -> float | None:
    return owner_score(cycle, unit=cycle.organization.root_unit())
