"""Business categories (业务类别): the rows of the objective system diagram (目标体系模式图), in the
organization's order — 自有平台, 外部平台, 游戏, 页面广告, 其他 in the seed's table.

Admins and the OKR champion (who run the OKR process, okrflow/org/access.py::can_manage_cycles)
add, rename, delete and order them; each write is one transaction with its audit entry. The
importer adds the categories a file names in the order it first names them, after these
(okrflow/interchange/writing.py). Deleting a category leaves its objectives without one.
"""

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.errors import DomainError, NotFound, locked
from okrflow.okrs.access import valid_id
from okrflow.okrs.models import Category
from okrflow.org.access import can_manage_cycles, require
from okrflow.writes import checked_text

NAME_LIMIT = Category._meta.get_field("name").max_length


def may_manage(actor, organization) -> bool:
    """Whether `actor` orders and names the categories of `organization` (or its id)."""
    organization_id = getattr(organization, "pk", organization)
    return can_manage_cycles(actor) and (is_system(actor) or actor.organization_id == organization_id)


def categories_of(organization):
    """The organization's categories in their order, each with `objective_count` (how many objectives
    of any cycle it holds), one query."""
    # Explicitly ordered: Django drops Meta.ordering from a grouped query.
    return (Category.objects.for_org(organization).annotate(objective_count=Count("objectives"))
            .order_by("position", "name", "id"))


def get_category(actor, category_id) -> Category:
    """One of the actor's organization's categories; NotFound for any other id."""
    category = Category.objects.for_org(actor.organization_id).filter(pk=valid_id(category_id)).first()
    if category is None:
        raise NotFound()
    return category


def _clean_name(organization, name, *, category=None) -> str:
    # The shared text check of a write (okrflow/writes.py): not text, required, too long, NUL.
    name = checked_text(name, field="name", limit=NAME_LIMIT, required=True)
    taken = Category.objects.for_org(organization).filter(name=name)
    if category is not None:
        taken = taken.exclude(pk=category.pk)
    if taken.exists():
        raise DomainError("duplicate", _("A category with this name already exists."), field="name")
    return name


@transaction.atomic
def create_category(actor, organization, *, name: str) -> Category:
    """A new category, last in the organization's order."""
    require(may_manage(actor, organization))
    name = _clean_name(organization, name)
    # Two racing additions may share a position; the order then falls back to the name.
    last = Category.objects.for_org(organization).aggregate(last=Max("position"))["last"]
    category = Category.objects.create(organization=organization, name=name,
                                       position=0 if last is None else last + 1)
    log.record(category, "category.create", actor=actor, changes={"name": [None, name]})
    return category


@transaction.atomic
def rename_category(actor, category: Category, *, name: str) -> Category:
    require(may_manage(actor, category.organization_id))
    category = locked(Category.objects.for_org(category.organization_id), pk=category.pk)
    name = _clean_name(category.organization_id, name, category=category)
    if name != category.name:
        before = category.name
        category.name = name
        category.save(update_fields=["name"])
        log.record(category, "category.rename", actor=actor, changes={"name": [before, name]})
    return category


@transaction.atomic
def delete_category(actor, category: Category) -> None:
    """Delete a category; its objectives keep everything else and have no category."""
    require(may_manage(actor, category.organization_id))
    category = locked(Category.objects.for_org(category.organization_id), pk=category.pk)
    held = category.objectives.count()
    log.record(category, "category.delete", actor=actor,
               changes={"name": [category.name, None], "objectives": [held, None]})
    category.delete()


@transaction.atomic
def reorder_categories(actor, organization, ids) -> list[Category]:
    """Put all of the organization's categories in the order of `ids` (the settings page posts
    them after a drag or a move): every category once, nothing else — or nothing changes."""
    require(may_manage(actor, organization))
    stored = list(Category.objects.for_org(organization).select_for_update())  # in their order
    try:
        wanted = [int(pk) for pk in ids]
    except (TypeError, ValueError):
        raise DomainError("invalid", _("The new order names an unknown category.")) from None
    by_pk = {c.pk: c for c in stored}
    if any(pk not in by_pk for pk in wanted) or len(set(wanted)) != len(wanted):
        raise DomainError("invalid", _("The new order names an unknown category."))
    if len(wanted) != len(stored):
        raise DomainError("stale", _("The categories were changed meanwhile. Reload the page and try again."))
    before = [c.name for c in stored]
    ordered = [by_pk[pk] for pk in wanted]
    changed = [c for position, c in enumerate(ordered) if c.position != position]
    for position, category in enumerate(ordered):
        category.position = position
    if changed:
        Category.objects.bulk_update(changed, ["position"])
        after = [c.name for c in ordered]
        if after != before:
            log.record(organization, "category.reorder", actor=actor, organization=organization,
                       changes={"order": [before, after]})
    return ordered


def moved(ids: list[int], category_id: int, step: int) -> list[int]:
    """`ids` with `category_id` moved `step` places (−1 up, +1 down), stopping at either end:
    the phone's up and down buttons, which post the whole order like a drag."""
    ids = list(ids)
    at = ids.index(category_id)
    to = min(max(at + step, 0), len(ids) - 1)
    ids.insert(to, ids.pop(at))
    return ids
