"""Fragments of the pages kept in the cache under a digest of what they show.

The objective page renders its key-result table and its check-in history from rows it has read
anyway (and the objectives aligned below it), and rendering them cost about a third of the page's
CPU (issue 8); the home page renders
its team and company boards from the rows of home_boards; every page renders the navbar's menu
(its two dozen links and translations). Each is kept with
Django's {% cache %} tag under a key that is a digest of every value its templates read (the
reader's rights among them: `can_edit`, each key result's `can_check_in`), of the language and of
the templates' own source. An edited objective or key result, a check-in, a renamed owner, a
changed grade band or another reader's rights give another key: a kept fragment is never stale
and never shown to a reader with other rights, and nothing needs to be invalidated.
tests/web/okrs/test_fragments.py and tests/web/test_home_fragments.py check that the templates
read nothing the digests leave out.

The cache is Django's default one: local memory, per process (each process keeps its own copies,
each exact). A shared cache (Redis, memcached) would let several processes share them; the
templates' source in the key keeps a new release from showing an old fragment.
"""

import functools
import hashlib

from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import translation

from okrflow.web.templatetags import okr_checkins

TIMEOUT = 600  # seconds; a key never goes stale, this only bounds what an idle fragment holds

# What each fragment's templates read of an objective and of its key results (and nothing else:
# the page's context has no `open_checkin` or `checked_in`, which the htmx responses set).
BODY_TEMPLATES = ("web/okrs/_objective_body.html", "web/okrs/_carried_from.html")
BODY_OBJECTIVE = ("pk", "score", "grade", "can_edit", "krs")
BODY_KEY_RESULT = ("pk", "title", "owner", "due_date", "weight", "carried_from_id", "carried_from",
                   "carried_from_shown", "carry_reason", "progress", "grade", "score", "kind",
                   "current_value", "target_value", "unit", "confidence", "can_check_in")
HISTORY_TEMPLATES = ("web/okrs/_checkin_history.html", "web/okrs/_checkin_rows.html")
CHILDREN_TEMPLATES = ("web/okrs/_children.html",)
CHILD = ("pk", "title", "owner", "parent_key_result_id", "score", "grade")
HISTORY_KEY_RESULT = ("pk", "title", "history", "history_total", "history_more")
# The home page's boards read these of the team board and of each of its rows, and the company
# board's data (stored by its job) as home_boards.company_board hands it over.
TEAM_TEMPLATES = ("web/_home_team.html",)
TEAM_BOARD = ("objectives", "score", "not_checked_in", "rows")
TEAM_ROW = ("pk", "name", "behind", "objective_count", "score", "last_checkin")
COMPANY_TEMPLATES = ("web/_home_company.html",)
# The navbar's menu reads the page's URL name (which link is active) and these of the person.
NAVBAR_TEMPLATES = ("web/includes/navbar_menu.html",)
NAVBAR_USER = ("role", "runs_okr_process", "is_org_admin", "is_staff")


@functools.cache
def _source(names: tuple[str, ...]) -> str:
    return hashlib.sha256("".join(get_template(name).template.source for name in names).encode()).hexdigest()


def _digest(templates, values) -> str:
    text = repr((_source(templates), translation.get_language(), values))
    return hashlib.sha256(text.encode()).hexdigest()


def _grade(grade):
    return None if grade is None else (grade.code, str(grade.label), grade.colour)


def _carried_from(kr):
    if not kr.carried_from_id:
        return None
    source = kr.carried_from
    return source.pk, source.objective_id, source.title, source.objective.cycle.name


def _key_result(kr) -> tuple:
    return (kr.pk, kr.title, kr.owner.name if kr.owner_id else None, kr.due_date, kr.weight,
            kr.carried_from_id, _carried_from(kr), getattr(kr, "carried_from_shown", False),
            kr.carry_reason, kr.progress, _grade(kr.grade), kr.score, kr.kind, kr.current_value,
            kr.target_value, kr.unit, kr.confidence, kr.can_check_in)


def body_key(objective) -> str:
    """The key of the objective's key-result table (web/okrs/_objective_body.html) as this reader
    sees it: an objective of the read model (okrs_cards.decorate_one)."""
    return _digest(BODY_TEMPLATES, (objective.pk, objective.score, _grade(objective.grade),
                                    objective.can_edit, tuple(_key_result(kr) for kr in objective.krs)))


def history_key(objective) -> str:
    """The key of the objective's check-in history (web/okrs/_checkin_history.html): its key
    results' titles and the rows shown (each a plain row, author's name included)."""
    # The rows' markup lives in the checkin_row tag: it is part of the key like the templates' source.
    return _digest(HISTORY_TEMPLATES, (okr_checkins.ROW, tuple(
        (kr.pk, kr.title, kr.history_total, kr.history_more, tuple(tuple(row.items()) for row in kr.history))
        for kr in objective.krs)))


def children_key(children) -> str:
    """The key of the objective page's aligned objectives (okrs_cards.decorate_rows' rows)."""
    return _digest(CHILDREN_TEMPLATES, tuple(
        (child.pk, child.title, str(child.owner), child.parent_key_result_id, child.score,
         _grade(child.grade)) for child in children))


def navbar_key(request, user, *, product_name, may_manage_structure, may_manage_cycles) -> str:
    """The key of the navbar's menu (web/includes/navbar_menu.html) for this page and person."""
    match = getattr(request, "resolver_match", None)
    return _digest(NAVBAR_TEMPLATES, (
        get_script_prefix(), match.url_name if match else None, product_name,
        tuple(getattr(user, name) for name in NAVBAR_USER), may_manage_structure, may_manage_cycles))


def team_key(team) -> str:
    """The key of the home page's team board (home_boards.team_board's dict)."""
    return _digest(TEAM_TEMPLATES, (team["objectives"], team["score"], len(team["not_checked_in"]), tuple(
        tuple(getattr(row, name) for name in TEAM_ROW) for row in team["rows"])))


def company_key(company) -> str:
    """The key of the home page's company board (home_boards.company_board's dict: plain data,
    names in SimpleNamespaces, whose repr shows them all)."""
    return _digest(COMPANY_TEMPLATES, sorted(company.items()))
