"""The alignment tree of a cycle: company objectives → the units' → the people's.

Built in Python from four queries whatever the size (the visible objectives with their
owners, their scores set-wise, the horizontal links, the policy) and rendered as nested
<details> lists (native, keyboard-accessible expand/collapse). A subtree of more than
LAZY_SUBTREE objectives below the top level arrives folded and loads its children with htmx
when opened, so a 30,000-objective company sends a page of its top levels, not all of it.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from okrflow.okrs import scoring
from okrflow.okrs.access import visible_objectives
from okrflow.okrs.models import ObjectiveLink, policy_for
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import grade_of

LAZY_SUBTREE = 200
OPEN_ALL_UP_TO = 100  # a tree this small starts fully open; a bigger one shows two levels
LEVEL_ORDER = {"company": 0, "unit": 1, "person": 2}


@dataclass
class Node:
    id: int
    title: str
    owner: str
    level: str
    parent_id: int | None
    score: float | None = None
    grade: object = None
    children: list = field(default_factory=list)
    links: list = field(default_factory=list)
    size: int = 1  # this node and everything below it

    @property
    def children_mean(self):
        return scoring.owner_score(child.score for child in self.children)


def build_tree(person, cycle) -> tuple[list, dict]:
    """(roots, nodes by id). A node whose parent the reader cannot see, or whose parent lies in
    another cycle, becomes a root so that nothing visible is lost."""
    objectives = visible_objectives(person).filter(cycle=cycle)
    policy = policy_for(person.organization)
    scores = scoring.objective_scores(objectives)
    nodes = {}
    for row in objectives.order_by("position", "id").values_list(
            "id", "title", "owner_unit__parent_id", "owner_unit__name", "owner_person__name",
            "owner_person_id", "parent_objective_id", "parent_key_result__objective_id"):
        oid, title, unit_parent, unit_name, person_name, person_id, parent_o, parent_kr_o = row
        level = "person" if person_id else ("unit" if unit_parent else "company")
        score = scores.get(oid)
        nodes[oid] = Node(id=oid, title=title, owner=person_name or unit_name, level=level,
                          parent_id=parent_o or parent_kr_o, score=score, grade=grade_of(score, policy))
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id)
        (parent.children if parent else roots).append(node)
    _add_links(nodes)
    roots.sort(key=lambda n: LEVEL_ORDER[n.level])
    for root in roots:
        _count(root)
    return roots, nodes


def _add_links(nodes) -> None:
    """Horizontal "contributes to" links: shown beside the node, never counted as children."""
    rows = ObjectiveLink.objects.filter(objective_id__in=list(nodes)).values_list(
        "objective_id", "to_objective_id", "to_key_result__objective_id")
    for source, to_objective, to_kr_objective in rows:
        target = nodes.get(to_objective or to_kr_objective)
        if target is not None:
            nodes[source].links.append(target)


def _count(node) -> int:
    node.size = 1 + sum(_count(child) for child in node.children)
    return node.size


@member_view
def alignment_tree(request):
    cycle = current_cycle(request)
    roots, nodes = build_tree(request.user, cycle) if cycle else ([], {})
    return render(request, "web/okrs/tree.html", {
        "cycle": cycle, "count": len(nodes),
        "tree_html": render_nodes(roots, depth=0, open_depth=99 if len(nodes) <= OPEN_ALL_UP_TO else 1),
        "lazy_threshold": LAZY_SUBTREE,
    })


@member_view
def tree_children(request, objective_id):
    """The children of one node, for a folded subtree opened in the page."""
    cycle = current_cycle(request)
    _roots, nodes = build_tree(request.user, cycle) if cycle else ([], {})
    node = nodes.get(objective_id)
    if node is None:
        raise Http404()
    return render(request, "web/okrs/_tree_children.html",
                  {"children_html": render_nodes(node.children, depth=1)})


def render_nodes(nodes, *, depth, open_depth=0) -> str:
    return format_html_join("", "{}", ((_node_html(node, depth, open_depth),) for node in nodes))


def _node_html(node, depth, open_depth):
    line = _line_html(node)
    if not node.children:
        return format_html('<li class="okr-node okr-leaf" data-level="{}">{}</li>', node.level, line)
    lazy = depth > 0 and node.size > LAZY_SUBTREE
    if lazy:  # starts folded; okrs.js asks for the children when it is first opened
        inner = format_html(
            '<li class="okr-lazy text-body-secondary small" hx-get="{}" hx-trigger="okr:open once" '
            'hx-swap="outerHTML">{}</li>',
            reverse("okr_tree_children", args=[node.id]), _("Loading…"))
    else:
        inner = render_nodes(node.children, depth=depth + 1, open_depth=open_depth)
    return format_html(
        '<li class="okr-node" data-level="{}"><details{}><summary>{}</summary>'
        '<ul class="list-unstyled">{}</ul></details></li>',
        node.level, mark_safe(" open") if depth <= open_depth and not lazy else "", line, inner)


def _badge(score, grade):
    if score is None:
        return format_html('<span class="badge text-bg-light border okr-grade">{}</span>', _("No score"))
    return format_html('<span class="badge text-bg-{} okr-grade" data-grade="{}">{} · {}</span>',
                       grade.colour, grade.code, f"{score:.2f}", grade.label)


def _line_html(node):
    levels = {"company": _("Company"), "unit": _("Unit"), "person": _("Person")}
    extras = []
    if node.children:
        mean = node.children_mean
        text = _("{count} aligned, mean {mean}").format(
            count=len(node.children), mean="—" if mean is None else f"{mean:.2f}")
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
