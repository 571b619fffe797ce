"""The alignment tree of a cycle, read lazily: company objectives → the units' → the people's.

The first screen is the company's score (okrflow.okrs.selectors.company_score: one number, the
same for every reader), the company's objectives (those its root unit owns) and the objectives
aligned directly below them, each with the count and mean score of its own direct children.
Everything further down arrives when a node is opened: `tree_children` reads that node's direct
children in one query (scoring.aligned_below, scored by selectors.with_scores, limited to what the
reader may see in the node's cycle) and counts theirs. Objectives aligned to nothing the reader
sees in the cycle (no parent, a hidden one, one in another cycle) are listed, a page at a time,
under a folded group of their own, so nothing visible is lost and nothing is read before it is
asked for. The cost of a screen depends on what it shows, never on the size of the organization
(tests/web/okrs/test_tree_scales.py). Nodes are nested <details> lists (native, keyboard-accessible
expand/collapse); okrs.js asks for a node's children the first time it is opened.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from okrflow.errors import NotFound
from okrflow.okrs import scoring, selectors
from okrflow.okrs.access import valid_id, visible_objectives
from okrflow.okrs.models import Objective, ObjectiveLink, policy_for
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import grade_of

UNALIGNED_PAGE = 100  # objectives per page of the "not aligned" group

# The objective an objective is aligned to: its parent objective, or its parent key result's.
PARENT_OF = Case(When(parent_objective__isnull=False, then=F("parent_objective_id")),
                 default=F("parent_key_result__objective_id"))


@dataclass(frozen=True)
class Link:
    id: int
    title: str


@dataclass
class Node:
    id: int
    title: str
    owner: str
    level: str  # "company", "unit" or "person"
    parent_id: int | None
    score: float | None = None
    grade: object = None
    children_count: int = 0  # direct children the reader sees in the cycle
    children_mean: float | None = None
    children: list | None = None  # loaded with the node (the first screen's top), else None
    links: list = field(default_factory=list)  # horizontal "contributes to" targets


def _visible_in(person, cycle_id):
    return visible_objectives(person).filter(cycle_id=cycle_id)


def _nodes(person, cycle_id, objectives, policy, *, page=None) -> list[Node]:
    """The reader's visible objectives of `objectives` in the cycle, as nodes with their scores,
    their children's count and mean and their links: four queries whatever their number."""
    visible = _visible_in(person, cycle_id)
    rows = (selectors.with_scores(visible & objectives).annotate(parent_of=PARENT_OF)
            .order_by("position", "id")
            .values_list("id", "title", "owner_unit__parent_id", "owner_unit__name", "owner_person__name",
                         "owner_person_id", "parent_of", "weighted", "weight_sum"))
    if page is not None:
        rows = rows[page]
    nodes = []
    for oid, title, unit_parent, unit_name, person_name, person_id, parent_of, weighted, weight_sum in rows:
        score = scoring.ratio(weighted, weight_sum)
        level = "person" if person_id else ("unit" if unit_parent else "company")
        nodes.append(Node(id=oid, title=title, owner=person_name or unit_name, level=level,
                          parent_id=parent_of, score=score, grade=grade_of(score, policy)))
    _add_children_counts(nodes, visible)
    _add_links(nodes, person)
    return nodes


def _add_children_counts(nodes, visible) -> None:
    """Each node's direct visible children in the cycle: how many and their mean score."""
    if not nodes:
        return
    rows = (selectors.with_scores(visible.filter(scoring.aligned_below([n.id for n in nodes])))
            .annotate(parent_of=PARENT_OF).values_list("parent_of", "weighted", "weight_sum", "status"))
    scores, counts = defaultdict(list), defaultdict(int)
    for parent_id, weighted, weight_sum, status in rows:
        counts[parent_id] += 1
        if scoring.counts(status):  # drafts and proposals are shown, never in the mean
            scores[parent_id].append(scoring.ratio(weighted, weight_sum))
    for node in nodes:
        node.children_count = counts[node.id]
        node.children_mean = scoring.owner_score(scores[node.id])


def _add_links(nodes, person) -> None:
    """Horizontal "contributes to" links to objectives the reader sees: shown, never counted."""
    by_id = {node.id: node for node in nodes}
    rows = list(ObjectiveLink.objects.filter(objective_id__in=list(by_id)).annotate(
        target=Case(When(to_objective__isnull=False, then=F("to_objective_id")),
                    default=F("to_key_result__objective_id")))
                .order_by("id").values_list("objective_id", "target"))
    if not rows:
        return
    titles = dict(visible_objectives(person).filter(pk__in={t for _s, t in rows}).values_list("id", "title"))
    for source, target in rows:
        if target in titles:
            by_id[source].links.append(Link(target, titles[target]))


def first_screen(person, cycle, policy) -> list[Node]:
    """The company's objectives in the cycle, each with its direct children loaded."""
    root = cycle.organization.root_unit()
    roots = _nodes(person, cycle.pk, Objective.objects.filter(owner_unit=root), policy)
    below = _nodes(person, cycle.pk, Objective.objects.filter(scoring.aligned_below([n.id for n in roots])),
                   policy) if roots else []
    children = defaultdict(list)
    for node in below:
        children[node.parent_id].append(node)
    for node in roots:
        node.children = children[node.id]
    return roots


def unaligned(person, cycle_id, policy, page: int) -> tuple[list[Node], bool]:
    """(a page of the visible objectives of the cycle that are not the company's and hang below no
    objective the reader sees in the cycle, whether there are more)."""
    visible = _visible_in(person, cycle_id)
    parent_shown = (Exists(visible.filter(pk=OuterRef("parent_objective_id")))
                    | Exists(visible.filter(key_results=OuterRef("parent_key_result_id"))))
    not_the_companys = Q(owner_person__isnull=False) | Q(owner_unit__parent__isnull=False)
    objectives = Objective.objects.filter(~parent_shown, not_the_companys)
    start = (page - 1) * UNALIGNED_PAGE
    found = _nodes(person, cycle_id, objectives, policy, page=slice(start, start + UNALIGNED_PAGE + 1))
    return found[:UNALIGNED_PAGE], len(found) > UNALIGNED_PAGE


@member_view
def alignment_tree(request):
    person, cycle = request.user, current_cycle(request)
    context = {"cycle": cycle, "has_objectives": False}
    if cycle is not None:
        policy = policy_for(person.organization)
        roots = first_screen(person, cycle, policy)
        score = selectors.company_score(cycle)
        context.update({
            "has_objectives": bool(roots) or _visible_in(person, cycle.pk).exists(),
            "company_count": len(roots), "score": score, "grade": grade_of(score, policy),
            "tree_html": render_nodes(roots, open_loaded=True) + _unaligned_group(),
        })
    return render(request, "web/okrs/tree.html", context)


@member_view
def tree_children(request, objective_id):
    """The direct children of one node (in the node's cycle), for a node opened in the page."""
    person = request.user
    cycle_id = visible_objectives(person).filter(pk=valid_id(objective_id)).values_list(
        "cycle_id", flat=True).first()
    if cycle_id is None:
        raise NotFound()
    children = _nodes(person, cycle_id, Objective.objects.filter(scoring.aligned_below([objective_id])),
                      policy_for(person.organization))
    return render(request, "web/okrs/_tree_children.html", {"children_html": render_nodes(children)})


@member_view
def tree_unaligned(request):
    """A page of the "not aligned" group (?page=2, …); a malformed page number reads page 1."""
    person, cycle = request.user, current_cycle(request)
    page = request.GET.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and len(page) < 6 and int(page) > 0 else 1
    nodes, more = unaligned(person, cycle.pk, policy_for(person.organization), page) if cycle else ([], False)
    html = render_nodes(nodes)
    if more:
        html += format_html(
            '<li class="okr-more"><button type="button" class="btn btn-sm btn-link" hx-get="{}?page={}" '
            'hx-target="closest li" hx-swap="outerHTML">{}</button></li>',
            reverse("okr_tree_unaligned"), page + 1, _("Show more"))
    elif not nodes and page == 1:
        html = format_html('<li class="text-body-secondary small">{}</li>', _("None."))
    return render(request, "web/okrs/_tree_children.html", {"children_html": html})


# --- rendering ----------------------------------------------------------------------------------

def render_nodes(nodes, *, open_loaded=False) -> str:
    return format_html_join("", "{}", ((_node_html(node, open_loaded),) for node in nodes))


def _lazy(url):
    """A placeholder that okrs.js swaps for the children the first time its node is opened."""
    return format_html('<li class="okr-lazy text-body-secondary small" hx-get="{}" '
                       'hx-trigger="okr:open once" hx-swap="outerHTML">{}</li>', url, _("Loading…"))


def _node_html(node, open_loaded):
    line = _line_html(node)
    if not node.children_count:
        return format_html('<li class="okr-node okr-leaf" data-level="{}">{}</li>', node.level, line)
    if node.children is not None:
        inner, opened = render_nodes(node.children), open_loaded
    else:
        inner, opened = _lazy(reverse("okr_tree_children", args=[node.id])), False
    return format_html(
        '<li class="okr-node" data-level="{}"><details{}><summary>{}</summary>'
        '<ul class="list-unstyled">{}</ul></details></li>',
        node.level, " open" if opened else "", line, inner)


def _unaligned_group():
    return format_html(
        '<li class="okr-node okr-unaligned" data-level="unaligned"><details><summary><span class="okr-line">'
        '<span class="okr-unaligned-label text-body-secondary">{}</span></span></summary>'
        '<ul class="list-unstyled">{}</ul></details></li>',
        _("Not aligned to an objective you can see in this cycle"), _lazy(reverse("okr_tree_unaligned")))


def _badge(score, grade):
    if score is None:
        return format_html('<span class="badge text-bg-light border okr-grade">{}</span>', _("No score"))
    return format_html('<span class="badge text-bg-{} okr-grade" data-grade="{}">{} · {}</span>',
                       grade.colour, grade.code, f"{score:.2f}", grade.label)


def _line_html(node):
    levels = {"company": _("Company"), "unit": _("Unit"), "person": _("Person")}
    extras = []
    if node.children_count:
        mean = node.children_mean
        text = _("{count} aligned, mean {mean}").format(
            count=node.children_count, mean="—" if mean is None else f"{mean:.2f}")
        extras.append(format_html('<span class="okr-rollup small text-body-secondary">{}</span>', text))
    for target in node.links:
        extras.append(format_html(
            '<span class="okr-link small"><i class="bi bi-arrow-left-right" aria-hidden="true"></i> '
            '{} <a href="{}">{}</a></span>', _("contributes to"), reverse("objective", args=[target.id]),
            target.title))
    return format_html(
        '<span class="okr-line"><span class="okr-level okr-level-{}">{}</span>'
        '<a class="okr-title" href="{}">{}</a><span class="okr-owner small text-body-secondary">{}</span>'
        '{}{}</span>',
        node.level, levels[node.level], reverse("objective", args=[node.id]), node.title, node.owner,
        _badge(node.score, node.grade), format_html_join("", "{}", ((e,) for e in extras)))
