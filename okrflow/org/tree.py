"""The one home of tree walking: the unit tree and the manager chain.

Both trees are stored twice: as the parent pointer (`Unit.parent`, `Person.manager`) that people
edit, and as a materialized path of ids from the top down to the node itself (`Unit.path`
"/1/5/23/", `Person.manager_path` "/ceo/…/manager/self/"). The path answers "everything below X"
as one indexed prefix condition (`path__startswith=x.path`) and "everyone above Y" without any
query (the ids in `y.path`), on SQLite and PostgreSQL alike. Paths are derived data: the services
keep them true when a unit moves or a manager changes (`move_unit`, `move_person`, one UPDATE of
the subtree), the importer rebuilds them set-wise (`rebuild_paths`).

The pure functions at the top walk a {child: parent} map; they validate rows before anything is
stored (the importer, the services' loop checks), so a loop in the input never hangs them.
"""

from django.db.models import Q, Value
from django.db.models.functions import Concat, Substr

SEPARATOR = "/"

# --- pure: {child: parent} maps ---------------------------------------------------------------


def walk_up(start, parent_of: dict) -> list:
    """The ancestors of `start`, nearest first, following `parent_of`; stops before a repeat,
    so a loop ends the walk instead of hanging it."""
    chain, seen = [], {start}
    current = parent_of.get(start)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return chain


def in_loop(start, parent_of: dict) -> bool:
    """Following parents from `start` comes back to `start`."""
    current, seen = parent_of.get(start), set()
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def would_loop(node, new_parent, parent_of: dict) -> bool:
    """Hanging `node` below `new_parent` closes a loop (the parent is the node or below it)."""
    if new_parent is None or node is None:
        return False
    return new_parent == node or node in walk_up(new_parent, parent_of)


# --- paths ------------------------------------------------------------------------------------


def path_ids(path: str) -> list[int]:
    """The ids in a path, from the top down to the node itself."""
    return [int(part) for part in (path or "").split(SEPARATOR) if part]


def child_path(parent_path: str | None, node_id: int) -> str:
    return f"{parent_path or SEPARATOR}{node_id}{SEPARATOR}"


def is_below(path: str, ancestor_path: str) -> bool:
    """`path` is the ancestor's own path or lies below it."""
    return bool(path) and bool(ancestor_path) and path.startswith(ancestor_path)


def below(field: str, path: str) -> Q:
    """A condition for rows whose `field` (a path, possibly through a relation, e.g.
    "owner_unit__path") lies at or below `path`; an empty path matches nothing."""
    if not path:
        return Q(pk__in=[])
    return Q(**{f"{field}__startswith": path})


def _move_subtree(queryset, field: str, old_path: str, new_path: str) -> int:
    """Rewrite the prefix of every path in the subtree (one UPDATE)."""
    if old_path == new_path:
        return 0
    return queryset.filter(**{f"{field}__startswith": old_path}).update(
        **{field: Concat(Value(new_path), Substr(field, len(old_path) + 1))})


def lock_moves(organization_id) -> None:
    """Serialize the moves of one organization (a unit's new parent, a person's new manager)
    for the rest of the transaction: two opposite moves checked side by side could each pass the
    loop check and store a loop, or rewrite a subtree below a prefix that just changed."""
    from okrflow.org.models import Organization

    list(Organization.objects.select_for_update().filter(pk=organization_id).values_list("pk", flat=True))


def fresh_path(node) -> str:
    """The path of a unit or person as stored now (after lock_moves: no longer moving)."""
    field = "path" if node._meta.model_name == "unit" else "manager_path"
    return type(node).objects.filter(pk=node.pk).values_list(field, flat=True).first() or ""


def attach_unit(unit) -> None:
    """Give a freshly inserted unit its path (below its parent's)."""
    from okrflow.org.models import Unit

    unit.path = child_path(unit.parent.path if unit.parent_id else None, unit.pk)
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)


def move_unit(unit, old_parent_id) -> None:
    """After `unit.parent` changed (and was saved): the unit's subtree follows it."""
    from okrflow.org.models import Unit

    if unit.parent_id == old_parent_id and unit.path:
        return
    old_path = unit.path
    parent_path = Unit.objects.filter(pk=unit.parent_id).values_list("path", flat=True).first()
    unit.path = child_path(parent_path, unit.pk)
    if old_path:
        _move_subtree(Unit.objects.for_org(unit.organization_id), "path", old_path, unit.path)
    else:
        Unit.objects.filter(pk=unit.pk).update(path=unit.path)


def attach_person(person) -> None:
    """Give a freshly inserted person their manager path (below their manager's)."""
    from okrflow.org.models import Person

    manager_path = person.manager.manager_path if person.manager_id else None
    person.manager_path = child_path(manager_path, person.pk)
    Person.objects.filter(pk=person.pk).update(manager_path=person.manager_path)


def move_person(person, old_manager_id) -> None:
    """After `person.manager` changed (and was saved): their reports, at every level, follow."""
    from okrflow.org.models import Person

    if person.manager_id == old_manager_id and person.manager_path:
        return
    old_path = person.manager_path
    manager_path = (Person.objects.filter(pk=person.manager_id).values_list("manager_path", flat=True)
                    .first() if person.manager_id else None)
    person.manager_path = child_path(manager_path, person.pk)
    if old_path:
        _move_subtree(Person.objects.for_org(person.organization_id), "manager_path", old_path,
                      person.manager_path)
    else:
        Person.objects.filter(pk=person.pk).update(manager_path=person.manager_path)


def paths_from(parent_of: dict) -> dict:
    """{id: path} for a whole {id: parent id} map whose loops have been refused already."""
    paths: dict = {}
    for node in parent_of:
        if node in paths:
            continue
        chain = [node, *walk_up(node, parent_of)]
        # Walk down from the highest ancestor whose path is not known yet.
        known = next((i for i, n in enumerate(chain) if n in paths), len(chain))
        prefix = paths[chain[known]] if known < len(chain) else None
        for member in reversed(chain[:known]):
            prefix = paths[member] = child_path(prefix, member)
    return paths


def rebuild_paths(organization_id) -> int:
    """Recompute every unit path and manager path of an organization from the parent pointers,
    writing only the rows whose path changed (so a re-import that changes nothing writes
    nothing). Two reads and batched updates; returns the number of rows rewritten."""
    from okrflow.org.models import Person, Unit

    changed = 0
    for model, parent, field in ((Unit, "parent_id", "path"), (Person, "manager_id", "manager_path")):
        rows = list(model.objects.for_org(organization_id).values_list("id", parent, field))
        fresh = paths_from({node: parent_id for node, parent_id, _path in rows})
        stale = [(node, fresh[node]) for node, _parent, path in rows if fresh[node] != path]
        _write_paths(model, field, stale)
        changed += len(stale)
    return changed


def _write_paths(model, field: str, rows: list) -> None:
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE id = %s",  # noqa: S608
                               [(path, node) for node, path in rows[start:start + 5000]])
