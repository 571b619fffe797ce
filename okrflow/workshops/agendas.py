"""Every write to an organization's meeting templates: seeding the shipped ones (catalog.py),
creating, editing and archiving a template, and adding, editing, reordering and deleting its
items. Admins and the OKR champion edit; whoever may schedule a meeting uses them.

Each function checks access, validates (nothing is stored on bad input), runs in one transaction,
raises the template's version and writes the audit entry. A parent item's minutes are the sum of
its steps' and are kept so by every write that touches a step.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, NotFound, locked, require_current
from okrflow.org.models import Unit
from okrflow.org.reader import reader_of
from okrflow.workshops import access, catalog
from okrflow.workshops.models import Kind, Method, Template, TemplateItem
from okrflow.writes import checked_text

NAME_LIMIT, TEXT_LIMIT, OWNER_LIMIT = 200, 4000, 100
MAX_MINUTES = 8 * 60
MAX_ITEMS = 200


def may_edit_templates(actor) -> bool:
    return is_system(actor) or reader_of(actor).everything


def may_use_templates(actor) -> bool:
    return access.may_schedule(actor)


def templates_for(actor, *, archived=False):
    """The organization's templates the actor may use (none for someone who may not schedule)."""
    if not may_use_templates(actor):
        return Template.objects.none()
    return Template.objects.for_org(actor.organization).filter(is_archived=archived)


def get_template(actor, pk) -> Template:
    if may_use_templates(actor):
        try:
            return Template.objects.for_org(actor.organization).get(pk=pk)
        except (Template.DoesNotExist, ValueError, TypeError):
            pass
    raise NotFound()


def _require_edit(actor, organization_id) -> None:
    if not is_system(actor) and actor.organization_id != organization_id:
        raise NotFound()
    if not may_edit_templates(actor):
        raise AccessDenied()


def _language_of(actor) -> str:
    return (None if is_system(actor) else actor.language) or settings.LANGUAGE_CODE


# --- seeding the shipped templates ----------------------------------------------------------------


def _departments(organization) -> list[str]:
    root = organization.root_unit()
    if root is None:
        return []
    return list(Unit.objects.for_org(organization).filter(parent=root).values_list("name", flat=True))


def _copy_items(template, items, departments, parent=None, start=0) -> int:
    position = start
    for item in items:
        for department in (departments or [None]) if item.per_department else [None]:
            title, notes = str(item.title), str(item.notes)
            if item.per_department:
                name = department or str(_("Each department"))
                title, notes = title.format(department=name), notes.format(department=name)
            row = TemplateItem.objects.create(
                organization_id=template.organization_id,
                template=template,
                parent=parent,
                position=position,
                title=title[:NAME_LIMIT],
                minutes=item.minutes,
                method=item.method,
                owner_label=str(item.owner)[:OWNER_LIMIT],
                questions="\n".join(str(q) for q in item.questions),
                notes=notes,
            )
            position += 1
            _copy_items(template, item.steps, departments, parent=row)
    return position


@transaction.atomic
def seed_templates(actor, organization, *, language=None) -> list[Template]:
    """Copy the shipped templates the organization does not have yet (by their key, archived
    ones included: seeding again never brings back what the organization archived or changed),
    written in `language` (default: the actor's, else the installation's). Returns the new ones."""
    _require_edit(actor, organization.pk)
    have = set(
        Template.objects.for_org(organization)
        .select_for_update()
        .exclude(key="")
        .values_list("key", flat=True)
    )
    created = []
    with translation.override(language or _language_of(actor)):
        departments = _departments(organization)
        for shipped in catalog.SHIPPED:
            if shipped.key in have:
                continue
            template = Template.objects.create(
                organization=organization,
                key=shipped.key,
                kind=shipped.kind,
                name=str(shipped.name),
                description=str(shipped.description),
            )
            _copy_items(template, shipped.items, departments)
            created.append(template)
    if created:
        log.record(
            organization,
            "workshop_templates.seed",
            actor=actor,
            organization=organization,
            changes={"templates": [None, [t.key for t in created]]},
        )
    return created


# --- templates -------------------------------------------------------------------------------------


def _checked_template(name, kind, description) -> dict:
    if kind not in Kind.values:
        raise DomainError("invalid", _("Choose a kind of meeting."), field="kind")
    return {
        "name": checked_text(name, field="name", limit=NAME_LIMIT, required=True),
        "kind": kind,
        "description": checked_text(description, field="description", limit=TEXT_LIMIT),
    }


@transaction.atomic
def create_template(actor, organization, *, name, kind=Kind.CUSTOM, description="") -> Template:
    _require_edit(actor, organization.pk)
    fields = _checked_template(name, kind, description)
    template = Template.objects.create(organization=organization, **fields)
    log.record(template, "workshop_template.create", actor=actor, changes={"name": [None, template.name]})
    return template


def _locked_template(actor, template, expected_version=None) -> Template:
    _require_edit(actor, template.organization_id)
    template = locked(Template.objects.for_org(template.organization_id), pk=template.pk)
    require_current(template, expected_version)
    return template


def _touch(template, fields=()) -> None:
    template.version += 1
    template.updated_at = timezone.now()
    template.save(update_fields=["version", "updated_at", *fields])


@transaction.atomic
def update_template(actor, template, *, name, kind, description="", expected_version=None) -> Template:
    template = _locked_template(actor, template, expected_version)
    fields = _checked_template(name, kind, description)
    changes = {k: [getattr(template, k), v] for k, v in fields.items() if getattr(template, k) != v}
    if not changes:
        return template
    for key, (_old, new) in changes.items():
        setattr(template, key, new)
    _touch(template, changes)
    log.record(template, "workshop_template.update", actor=actor, changes=changes)
    return template


@transaction.atomic
def archive_template(actor, template, *, archived=True) -> Template:
    """Archive (or restore) a template: it leaves the schedule form; meetings made from it keep
    their own agenda."""
    template = _locked_template(actor, template)
    if template.is_archived == archived:
        raise DomainError(
            "unchanged",
            _("The template is already archived.") if archived else _("The template is not archived."),
        )
    template.is_archived = archived
    _touch(template, ["is_archived"])
    log.record(
        template,
        "workshop_template.archive" if archived else "workshop_template.restore",
        actor=actor,
        changes={"is_archived": [not archived, archived]},
    )
    return template


# --- items ---------------------------------------------------------------------------------------


def _checked_item(template, *, title, minutes, method, owner_label, questions, notes, parent) -> dict:
    if method not in Method.values:
        raise DomainError("invalid", _("Choose how the item is run."), field="method")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_MINUTES:
        raise DomainError(
            "invalid",
            _("An item lasts from 1 to {limit} minutes.").format(limit=MAX_MINUTES),
            field="minutes",
        )
    if parent is not None:
        if parent.template_id != template.pk:
            raise NotFound()
        if parent.parent_id is not None:
            raise DomainError("too_deep", _("A step cannot have steps of its own."), field="parent")
    return {
        "title": checked_text(title, field="title", limit=NAME_LIMIT, required=True),
        "minutes": minutes,
        "method": method,
        "owner_label": checked_text(owner_label, field="owner_label", limit=OWNER_LIMIT),
        "questions": "\n".join(
            line.strip()
            for line in checked_text(questions, field="questions", limit=TEXT_LIMIT).splitlines()
            if line.strip()
        ),
        "notes": checked_text(notes, field="notes", limit=TEXT_LIMIT),
        "parent": parent,
    }


def _sum_steps(parent_id) -> None:
    """A parent's minutes are its steps' sum (a parent whose last step went keeps its minutes)."""
    if parent_id is None:
        return
    total = TemplateItem.objects.filter(parent_id=parent_id).aggregate(total=Sum("minutes"))["total"]
    if total:
        TemplateItem.objects.filter(pk=parent_id).update(minutes=total)


def _item_of(template, pk) -> TemplateItem:
    try:
        return TemplateItem.objects.select_for_update().get(template=template, pk=pk)
    except (TemplateItem.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


@transaction.atomic
def add_item(
    actor,
    template,
    *,
    title,
    minutes,
    method=Method.TALK,
    owner_label="",
    questions="",
    notes="",
    parent=None,
    expected_version=None,
) -> TemplateItem:
    """Append an item (or, with `parent`, a step of that item) at the end."""
    template = _locked_template(actor, template, expected_version)
    if template.items.count() >= MAX_ITEMS:
        raise DomainError("too_many", _("A template holds at most {limit} items.").format(limit=MAX_ITEMS))
    if parent is not None:
        parent = _item_of(template, getattr(parent, "pk", parent))
    fields = _checked_item(
        template,
        title=title,
        minutes=minutes,
        method=method,
        owner_label=owner_label,
        questions=questions,
        notes=notes,
        parent=parent,
    )
    last = template.items.filter(parent=parent).aggregate(last=Max("position"))["last"]
    item = TemplateItem.objects.create(
        organization_id=template.organization_id,
        template=template,
        position=0 if last is None else last + 1,
        **fields,
    )
    _sum_steps(item.parent_id)
    _touch(template)
    log.record(
        template,
        "workshop_template.add_item",
        actor=actor,
        changes={"item": [None, item.title], "minutes": [None, item.minutes]},
    )
    return item


@transaction.atomic
def update_item(
    actor, item, *, title, minutes, method, owner_label="", questions="", notes="", expected_version=None
) -> TemplateItem:
    template = _locked_template(actor, item.template, expected_version)
    item = _item_of(template, item.pk)
    fields = _checked_item(
        template,
        title=title,
        minutes=minutes,
        method=method,
        owner_label=owner_label,
        questions=questions,
        notes=notes,
        parent=item.parent,
    )
    fields.pop("parent")
    if item.steps.exists():
        fields["minutes"] = item.minutes  # a parent's minutes follow its steps
    changes = {k: [getattr(item, k), v] for k, v in fields.items() if getattr(item, k) != v}
    if not changes:
        return item
    for key, (_old, new) in changes.items():
        setattr(item, key, new)
    item.save(update_fields=list(changes))
    _sum_steps(item.parent_id)
    _touch(template)
    log.record(
        template,
        "workshop_template.update_item",
        actor=actor,
        changes={f"item {item.pk} {k}": v for k, v in changes.items()},
    )
    return item


@transaction.atomic
def reorder_items(actor, template, ordered_ids, *, parent=None, expected_version=None) -> None:
    """Put the items of one level (the top level, or the steps of `parent`) in the given order;
    the ids must be exactly that level's items (SortableJS posts them after a drag)."""
    template = _locked_template(actor, template, expected_version)
    try:
        wanted = [int(pk) for pk in ordered_ids]
    except (TypeError, ValueError):
        raise DomainError("invalid", _("The new order names an unknown item.")) from None
    parent_id = getattr(parent, "pk", parent)
    level = list(
        TemplateItem.objects.filter(template=template, parent_id=parent_id).order_by("position", "id")
    )
    if sorted(wanted) != sorted(i.pk for i in level) or len(set(wanted)) != len(wanted):
        raise DomainError("invalid", _("The new order names an unknown item."))
    before = [i.pk for i in level]
    if before == wanted:
        return
    by_pk = {i.pk: i for i in level}
    for position, pk in enumerate(wanted):
        by_pk[pk].position = position
    TemplateItem.objects.bulk_update(level, ["position"])
    _touch(template)
    log.record(template, "workshop_template.reorder", actor=actor, changes={"order": [before, wanted]})


@transaction.atomic
def delete_item(actor, item, *, expected_version=None) -> None:
    """Delete an item with its steps."""
    template = _locked_template(actor, item.template, expected_version)
    item = _item_of(template, item.pk)
    title, parent_id = item.title, item.parent_id
    item.delete()
    _sum_steps(parent_id)
    _touch(template)
    log.record(template, "workshop_template.delete_item", actor=actor, changes={"item": [title, None]})


def agenda_of(template) -> list[TemplateItem]:
    """The template's top-level items in order, each with `.substeps` (a list) — two queries."""
    items = list(template.items.order_by("position", "id"))
    top = [i for i in items if i.parent_id is None]
    for item in top:
        item.substeps = [s for s in items if s.parent_id == item.pk]
    return top


def total_minutes(template) -> int:
    return template.items.filter(parent__isnull=True).aggregate(total=Sum("minutes"))["total"] or 0
