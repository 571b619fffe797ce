"""The unit tree, built in Python from two queries (all units, member counts) however big the org."""

from dataclasses import dataclass, field

from django.db.models import Count

from okrflow.org import tree
from okrflow.org.models import Person, Unit


@dataclass
class TreeNode:
    id: int
    code: str
    name: str
    head_id: int | None
    head_name: str
    members: int
    depth: int = 0
    children: list["TreeNode"] = field(default_factory=list)
    total: int = 0  # members of this unit and every unit below it

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def member_counts(org) -> dict[int, int]:
    rows = (Person.objects.for_org(org).filter(is_active=True, unit__isnull=False)
            .values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n"))
    return dict(rows)


def build_unit_tree(org) -> list[TreeNode]:
    """The roots (normally the one company unit) with their sub-units nested below."""
    counts = member_counts(org)
    rows = Unit.objects.for_org(org).values_list("id", "code", "name", "parent_id", "head_id", "head__name")
    nodes, parents = {}, {}
    for unit_id, code, name, parent_id, head_id, head_name in rows:
        nodes[unit_id] = TreeNode(unit_id, code, name, head_id, head_name or "", counts.get(unit_id, 0))
        parents[unit_id] = parent_id
    roots = []
    for unit_id, node in nodes.items():  # rows come in the units' display order
        parent = nodes.get(parents[unit_id])
        (parent.children if parent else roots).append(node)
    for root in roots:
        _fill_depth_and_totals(root, 0)
    return roots


def _fill_depth_and_totals(node: TreeNode, depth: int) -> int:
    # Iterative would survive deeper trees, but org charts are a handful of levels deep.
    node.depth = depth
    node.total = node.members + sum(_fill_depth_and_totals(c, depth + 1) for c in node.children)
    return node.total


def unit_ancestors(unit: Unit) -> list[tuple[str, str]]:
    """(code, name) from the root down to the unit's parent: the ids are in the unit's path, so
    one query by primary keys whatever the depth or the size of the organization."""
    ids = tree.path_ids(unit.path)[:-1]
    rows = Unit.objects.for_org(unit.organization_id).filter(pk__in=ids).values_list("id", "code", "name")
    names = {pk: (code, name) for pk, code, name in rows}
    return [names[pk] for pk in ids if pk in names]
