"""The alignment map (目标体系模式图) as a picture: one level of it at a time, for one cycle.

The map is the organization as its OKRs stand: the company → its units → their sub-units and
people, and under each owner its own objectives grouped by business category in the
organization's order (Category.position, as the seed's table has 业务类别 → 目标“O”), each
node with its score and grade by the one rule (okrflow.okrs.scoring).

It is read lazily, a level at a time, so that it stays a picture on a 10,000-person company:

- `first_screen(reader, cycle)` — the company node, with its own objectives (by category), its
  first-level units and the people directly in the root unit;
- `children_of(reader, cycle, key, page)` — what opening one node shows: a unit's own
  objectives, its sub-units and its members; a person's objectives;
- `find(reader, cycle, text)` — a few units, people and visible objectives by name, each with
  the keys of the nodes to open on the way down to it.

Sub-units and people come a page (PAGE) at a time; the rest stays behind one "and N more" node,
which asks for the next page. One level costs the same fixed number of queries however big the
organization or the unit (tests/reports/test_alignment_map.py counts them at 5 and 50 units).

What a reader sees (decided here, for the picture and its JSON alike):

- objective nodes, and every count of objectives on a node, are only the objectives the reader
  may see (okrflow.okrs.access.visibility_q): a private objective one may not see is neither
  drawn nor counted, so no title and no "1 more" gives it away;
- an owner's score is selectors.owner_score's (the plain mean of ALL of the owner's objectives
  that count in the cycle), the number the owner's OKR page shows every reader of the
  organization: private objectives weigh in it with their score, never with their title;
- units and people are the organization chart, which every member may see; a unit or a person of
  another organization (or a malformed key) is NotFound, the same answer as a missing one.
"""

from dataclasses import asdict, dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.utils.translation import gettext as _

from okrflow.errors import NotFound
from okrflow.okrs import scoring, selectors
from okrflow.okrs.access import valid_id, visibility_q, visible_objectives
from okrflow.okrs.models import Objective, ObjectiveStatus, policy_for
from okrflow.org import tree
from okrflow.org.models import Person, Unit
from okrflow.org.reader import reader_of

PAGE = 150  # sub-units and people per response; the rest behind an "and N more" node
OBJECTIVES_SHOWN = 60  # one owner's own objectives per response (owners have three to five)


@dataclass
class MapNode:
    """One node of the picture. `key` names it for /map/nodes/ ("company", "unit:5", "person:7";
    "objective:9", "category:…" and "more:…" are not opened through the server but drawn)."""

    key: str
    kind: str  # company | unit | person | category | objective | more
    name: str
    ref: int | None = None  # the unit's, person's or objective's id (links)
    code: str = ""  # a unit's code (its OKR page)
    detail: str = ""  # a unit's head, a person's job title, a draft's state
    score: float | None = None
    grade: str | None = None  # a grade code of okrflow.okrs.scoring
    colour: str | None = None  # the grade's colour name (scoring.GRADE_LABELS)
    objectives: int = 0  # objectives the reader sees (an owner's own; a category's)
    units: int = 0  # direct sub-units
    people: int = 0  # direct members
    expandable: bool = False  # the server has children for it (opened through children_of)
    children: list | None = None  # sent with the level (a category's objectives; the first screen)
    more: int = 0  # a "more" node: how many are left
    parent: str = ""  # a "more" node: the node it continues
    page: int = 0  # a "more" node: the page it asks for

    def as_json(self) -> dict:
        data = {k: v for k, v in asdict(self).items() if v not in (None, "", 0, False) or k == "score"}
        if self.children is not None:
            data["children"] = [child.as_json() for child in self.children]
        return data


@dataclass
class Level:
    node: MapNode  # the node opened (the first screen: the company, with its score and counts)
    children: list = field(default_factory=list)

    def as_json(self) -> dict:
        return {"node": self.node.as_json(), "children": [child.as_json() for child in self.children]}


def _graded(node: MapNode, score, policy) -> MapNode:
    node.score = score
    node.grade = scoring.grade(score, policy)
    node.colour = scoring.GRADE_LABELS[node.grade]["colour"] if node.grade else None
    return node


# --- reading the owner a key names ---------------------------------------------------------------

def _owner(person, key: str):
    """("unit", row) or ("person", row) for a node key of the reader's organization, else NotFound."""
    org = person.organization_id
    kind, _sep, number = (key or "").partition(":")
    if kind == "company" and not number:
        rows = Unit.objects.for_org(org).filter(parent__isnull=True)
        kind = "unit"
    elif kind == "unit":
        rows = Unit.objects.for_org(org).filter(pk=valid_id(number))
    elif kind == "person":
        found = (Person.objects.for_org(org).filter(pk=valid_id(number), is_active=True)
                 .values("pk", "name", "title").first())
        if found is None:
            raise NotFound()
        return "person", found
    else:
        raise NotFound()
    found = rows.order_by().values("pk", "name", "code", "parent_id", "head_id", "head__name").first()
    if found is None:
        raise NotFound()
    return kind, found


# --- the levels -----------------------------------------------------------------------------------

def first_screen(person, cycle, *, policy=None) -> Level:
    """The company with its own objectives by category, its first-level units and its people."""
    policy = policy or policy_for(person.organization_id)
    _kind, root = _owner(person, "company")
    company = MapNode(key="company", kind="company", name=root["name"], ref=root["pk"], code=root["code"],
                      detail=root["head__name"] or "", expandable=True)
    children = _unit_children(person, cycle, root, 1, policy, summary=company)
    return Level(node=company, children=children)


def children_of(person, cycle, key: str, page: int = 1, *, policy=None) -> Level:
    """What opening the node `key` shows (NotFound for a key the reader may not open)."""
    policy = policy or policy_for(person.organization_id)
    kind, row = _owner(person, key)
    if kind == "person":
        node = MapNode(key=f"person:{row['pk']}", kind="person", name=row["name"], ref=row["pk"],
                       detail=row["title"])
        if page != 1:
            return Level(node=node)
        rows = _objective_rows(person, cycle, unit_ids=[], people_ids=[row["pk"]])
        return Level(node=node, children=_by_category(node.key, _shown(rows, ("person", row["pk"])), policy))
    is_company = row["parent_id"] is None
    kind = "company" if is_company else "unit"
    node = MapNode(key="company" if is_company else f"unit:{row['pk']}", kind=kind, name=row["name"],
                   ref=row["pk"], code=row["code"], detail=row["head__name"] or "")
    return Level(node=node, children=_unit_children(person, cycle, row, page, policy))


def _unit_children(person, cycle, unit: dict, page: int, policy, *, summary=None) -> list:
    """A unit's own objectives by category (on the first page), then a page of its sub-units and
    its members, then an "and N more" node when more are left. `summary`, when given, is the
    unit's own node, which gets its score and counts from the same reads."""
    unit_id = unit["pk"]
    key = "company" if unit["parent_id"] is None else f"unit:{unit_id}"
    sub_units = Unit.objects.for_org(person.organization_id).filter(parent_id=unit_id)
    members = Person.objects.for_org(person.organization_id).filter(unit_id=unit_id, is_active=True)
    units_total, people_total = sub_units.count(), members.count()
    start = (page - 1) * PAGE
    unit_nodes = _unit_nodes(sub_units, start, PAGE) if start < units_total else []
    room = PAGE - len(unit_nodes)
    person_start = max(0, start - units_total)
    person_nodes = _person_nodes(members, unit.get("head_id"), person_start, room) if room else []
    owners = unit_nodes + person_nodes
    # One read of the objectives of the unit itself (its categories, on the first page) and of
    # every owner on the page (their scores and counts).
    unit_ids = [n.ref for n in unit_nodes] + ([unit_id] if page == 1 else [])
    rows = _objective_rows(person, cycle, unit_ids=unit_ids, people_ids=[n.ref for n in person_nodes])
    scores, shown = _figures(rows)
    for node in owners:
        _graded(node, scores.get((node.kind, node.ref)), policy)
        node.objectives = shown.get((node.kind, node.ref), 0)
        if node.kind == "person":
            node.expandable = node.objectives > 0
    nodes = _by_category(key, _shown(rows, ("unit", unit_id)), policy) if page == 1 else []
    nodes += owners
    left = units_total + people_total - start - len(owners)
    if left > 0:
        nodes.append(MapNode(key=f"more:{key}:{page + 1}", kind="more", name=_("and {count} more").format(
            count=left), more=left, parent=key, page=page + 1))
    if summary is not None:
        summary.units, summary.people = units_total, people_total
        _graded(summary, scores.get(("unit", unit_id)), policy)
        summary.objectives = shown.get(("unit", unit_id), 0)
    return nodes


def _count_of(queryset):
    return Subquery(queryset.order_by().values("organization_id").annotate(n=Count("pk")).values("n")[:1],
                    output_field=IntegerField())


def _unit_nodes(sub_units, start, size) -> list:
    rows = (sub_units.annotate(
        n_units=_count_of(Unit.objects.filter(parent_id=OuterRef("pk"))),
        n_people=_count_of(Person.objects.filter(unit_id=OuterRef("pk"), is_active=True)))
        .order_by("position", "code", "id")
        .values_list("pk", "code", "name", "head__name", "n_units", "n_people")[start:start + size])
    return [MapNode(key=f"unit:{pk}", kind="unit", name=name, ref=pk, code=code, detail=head or "",
                    units=n_units or 0, people=n_people or 0, expandable=True)
            for pk, code, name, head, n_units, n_people in rows]


def _person_nodes(members, head_id, start, size) -> list:
    # The unit's head first, then everyone by name.
    rows = (members.annotate(is_head=ExpressionWrapper(Q(pk=head_id or 0), output_field=BooleanField()))
            .order_by("-is_head", "name", "id").values_list("pk", "name", "title")[start:start + size])
    return [MapNode(key=f"person:{pk}", kind="person", name=name, ref=pk, detail=title)
            for pk, name, title in rows]


@dataclass(frozen=True)
class _Row:
    pk: int
    title: str
    status: str
    category_id: int | None
    category_name: str | None
    category_position: int | None
    weighted: float | None
    weight_sum: float | None
    owner: tuple  # ("unit", id) or ("person", id)
    seen: bool  # the reader may see it (okrflow.okrs.access.visibility_q, in the same query)


def _objective_rows(person, cycle, *, unit_ids, people_ids) -> list:
    """All objectives of these owners in the cycle, with their scores (the SQL form of the one
    rule), their category and whether the reader may see each (the visibility condition as a
    column): one query for a whole page of owners, in the owners' order of objectives. Rows the
    reader may not see count only in their owner's score; nothing else of them leaves here."""
    if not unit_ids and not people_ids:
        return []
    reader = reader_of(person)
    seen = Value(True) if reader.everything else ExpressionWrapper(visibility_q(reader),
                                                                    output_field=BooleanField())
    rows = (selectors.with_scores(Objective.objects.for_org(person.organization_id).filter(
        Q(owner_unit_id__in=unit_ids) | Q(owner_person_id__in=people_ids), cycle=cycle))
        .annotate(seen=seen).order_by("position", "id")
        .values_list("pk", "title", "status", "category_id", "category__name", "category__position",
                     "weighted", "weight_sum", "owner_unit_id", "owner_person_id", "seen"))
    return [_Row(*row[:8], owner=("person", row[9]) if row[9] else ("unit", row[8]), seen=bool(row[10]))
            for row in rows]


def _figures(rows) -> tuple[dict, dict]:
    """({owner: score}, {owner: objectives the reader sees}): the score by selectors.owner_score's
    rule (the plain mean of ALL the owner's counted objectives, the owner's page's number)."""
    scores, shown = {}, {}
    for row in rows:
        if scoring.counts(row.status):
            scores.setdefault(row.owner, []).append(scoring.ratio(row.weighted, row.weight_sum))
        shown[row.owner] = shown.get(row.owner, 0) + row.seen
    return {owner: scoring.owner_score(found) for owner, found in scores.items()}, shown


def _shown(rows, owner) -> list:
    """The owner's objectives the reader may see, at most OBJECTIVES_SHOWN of them."""
    return [row for row in rows if row.owner == owner and row.seen][:OBJECTIVES_SHOWN]


def _by_category(owner_key: str, rows, policy) -> list:
    """Category nodes (the organization's order; "no category" last), each holding its objectives."""
    groups: dict = {}
    for row in rows:
        category_id, category_name = row.category_id, row.category_name
        group = groups.get(category_id)
        if group is None:
            order = ((1, 0, "", 0) if category_id is None
                     else (0, row.category_position, category_name, category_id))
            name = category_name if category_id is not None else _("No category")
            node = MapNode(key=f"category:{owner_key}:{category_id or 0}", kind="category", name=name,
                           children=[])
            group = groups[category_id] = (order, node, [])
        score = scoring.ratio(row.weighted, row.weight_sum)
        counts = scoring.counts(row.status)  # a draft is drawn, never in the category's mean
        if counts:
            group[2].append(score)
        detail = "" if counts else str(ObjectiveStatus(row.status).label)
        group[1].children.append(_graded(MapNode(key=f"objective:{row.pk}", kind="objective", name=row.title,
                                                 ref=row.pk, detail=detail), score, policy))
    nodes = []
    for _order, node, counted in sorted(groups.values(), key=lambda group: group[0]):
        node.objectives = len(node.children)
        nodes.append(_graded(node, scoring.owner_score(counted), policy))
    return nodes


# --- finding a node -------------------------------------------------------------------------------

FOUND_SHOWN = 8  # matches of each kind (units, people, objectives) per search


@dataclass
class Found:
    """A match of a search and the way down to it: the keys of the nodes to open, from the company."""

    key: str
    kind: str  # unit | person | objective
    name: str
    detail: str  # where it is: a unit's parent, a person's unit, an objective's owner
    path: list

    def as_json(self) -> dict:
        return asdict(self)


def _unit_keys(path: str) -> list:
    ids = tree.path_ids(path or "")
    return ["company"] + [f"unit:{pk}" for pk in ids[1:]]


def find(person, cycle, text: str) -> list:
    """Units (by name or code), people (by name) and objectives of the cycle the reader may see
    (by title) matching `text`, a few of each, each with the keys to open on the way to it. A
    search reads names with LIKE (no index serves a substring), limited to FOUND_SHOWN rows each."""
    text = (text or "").strip()[:80]
    if not text:
        return []
    org = person.organization_id
    found = []
    units = (Unit.objects.for_org(org).filter(Q(name__icontains=text) | Q(code__iexact=text))
             .order_by("path").values_list("pk", "name", "path", "parent__name", "parent_id")[:FOUND_SHOWN])
    for pk, name, path, parent_name, parent_id in units:
        if parent_id is None:
            continue  # the company is always on the screen
        found.append(Found(f"unit:{pk}", "unit", name, parent_name or "", _unit_keys(path)[:-1]))
    people = (Person.objects.for_org(org).filter(name__icontains=text, is_active=True, unit__isnull=False)
              .order_by("name", "id").values_list("pk", "name", "unit__name", "unit__path")[:FOUND_SHOWN])
    for pk, name, unit_name, unit_path in people:
        found.append(Found(f"person:{pk}", "person", name, unit_name, _unit_keys(unit_path)))
    objectives = (visible_objectives(person).filter(cycle=cycle, title__icontains=text)
                  .order_by("position", "id")
                  .values_list("pk", "title", "owner_unit__name", "owner_unit__path", "owner_person_id",
                               "owner_person__name", "owner_person__unit__path")[:FOUND_SHOWN])
    for pk, title, unit_name, unit_path, person_id, person_name, person_unit_path in objectives:
        if person_id is not None:
            if person_unit_path is None:
                continue  # a person outside every unit is on no branch of the map
            path = _unit_keys(person_unit_path) + [f"person:{person_id}"]
        else:
            path = _unit_keys(unit_path)
        found.append(Found(f"objective:{pk}", "objective", title, person_name or unit_name, path))
    return found
