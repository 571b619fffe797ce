"""Action plans (行动计划): every write to a key result's tasks, and the task lists.

Whoever may edit the key result's objective plans its tasks; a task's owner may move its
status (start it, finish it). Writes lock the row, raise `version` (StaleWrite when the
caller's `expected_version` is old) and write the audit entry with the field diff.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles.rules import check_sane_date
from okrflow.errors import AccessDenied, DomainError, NotFound, locked, require_current
from okrflow.meetings.access import can_plan, can_update_status
from okrflow.meetings.models import OPEN_STATUSES, ActionItem, ActionStatus
from okrflow.okrs import rules
from okrflow.okrs.access import visibility_q
from okrflow.org.reader import reader_of
from okrflow.org.services import validated
from okrflow.writes import apply_update

FIVE_W_TWO_H = ("what", "why", "who", "when", "where", "how", "how_much")
FIELDS = ["title", "owner_id", "due_date", "status", *FIVE_W_TWO_H, "position", "completed_at"]
CHANGEABLE = {"title", "owner", "due_date", "status", *FIVE_W_TWO_H, "position"}
STATUS_ONLY = {"status"}


def _clean(value):
    return value.strip() if isinstance(value, str) else value


def _same_org(actor, obj) -> None:
    """Another organization's items do not exist for the actor."""
    if not is_system(actor) and actor.organization_id != obj.organization_id:
        raise NotFound()


def _prepare(item: ActionItem) -> None:
    """Normalise and validate: nothing is stored on bad input."""
    if not item.title:
        raise DomainError("title_required", _("Give the task a title."), field="title")
    rules.check_choice(item.status, ActionStatus, "status")
    rules.check_same_org(item.key_result, item.owner, "owner")
    item.due_date = rules.as_date(item.due_date, "due_date")
    check_sane_date(item.due_date, "due_date")
    if item.status == ActionStatus.DONE and item.completed_at is None:
        item.completed_at = timezone.now()
    elif item.status != ActionStatus.DONE:
        item.completed_at = None
    validated(item)


@transaction.atomic
def create_action_item(actor, kr, *, title, owner=None, due_date=None, status=ActionStatus.TODO,
                       position=None, **five_w_two_h) -> ActionItem:
    """A new task under `kr`; `five_w_two_h` takes what, why, who, when, where, how, how_much."""
    unknown = set(five_w_two_h) - set(FIVE_W_TWO_H)
    if unknown:
        raise TypeError("unknown fields: {}".format(", ".join(sorted(unknown))))
    _same_org(actor, kr)
    if not can_plan(actor, kr):
        raise AccessDenied()
    if position is None:
        position = ActionItem.objects.filter(key_result=kr).count()
    item = ActionItem(organization=kr.organization, key_result=kr, title=_clean(title or ""), owner=owner,
                      due_date=due_date, status=status, position=position,
                      **{name: _clean(value or "") for name, value in five_w_two_h.items()})
    _prepare(item)
    item.save()
    log.record(item, "action_item.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(item, FIELDS).items()})
    return item


def update_action_item(actor, item: ActionItem, *, expected_version=None, **changes) -> ActionItem:
    """Change any of CHANGEABLE; the task's owner alone may change only the status."""
    unknown = set(changes) - CHANGEABLE
    if unknown:
        raise TypeError("cannot change {}".format(", ".join(sorted(unknown))))
    _same_org(actor, item)
    status_only = set(changes) <= STATUS_ONLY

    def authorize(locked_item):
        if not (can_plan(actor, locked_item.key_result)
                or (status_only and can_update_status(actor, locked_item))):
            raise AccessDenied()

    def apply(changed, values):
        for field, value in values.items():
            setattr(changed, field, _clean(value) if field != "owner" else value)

    return apply_update(
        ActionItem.objects.select_related("key_result__objective").filter(organization=item.organization_id),
        item.pk, changes, fields=FIELDS, action="action_item.update", actor=actor,
        expected_version=expected_version, authorize=authorize, apply=apply,
        validate=lambda changed, _original: _prepare(changed))


def complete_action_item(actor, item: ActionItem, *, expected_version=None) -> ActionItem:
    return update_action_item(actor, item, expected_version=expected_version, status=ActionStatus.DONE)


@transaction.atomic
def delete_action_item(actor, item: ActionItem, *, expected_version=None) -> None:
    _same_org(actor, item)
    item = locked(ActionItem.objects.select_related("key_result__objective"), pk=item.pk,
                  organization=item.organization_id)
    if not can_plan(actor, item.key_result):
        raise AccessDenied()
    require_current(item, expected_version)
    log.record(item, "action_item.delete", actor=actor,
               changes={k: [v, None] for k, v in log.snapshot(item, FIELDS).items()})
    item.delete()


# --- lists ----------------------------------------------------------------------------------

def _visible_items(viewer):
    return (ActionItem.objects.for_org(viewer.organization)
            .filter(visibility_q(reader_of(viewer), "key_result__objective__"))
            .select_related("key_result__objective", "owner"))


def _by_due_date(items):
    return items.order_by(F("due_date").asc(nulls_last=True), "key_result_id", "position", "id")


def task_list(viewer, person=None, *, open_only=True):
    """`person`'s tasks (they own the task or its key result) that `viewer` may see, earliest
    due first; `person` defaults to the viewer."""
    person = person or viewer
    items = _visible_items(viewer).filter(Q(owner=person) | Q(key_result__owner=person))
    if open_only:
        items = items.filter(status__in=OPEN_STATUSES)
    return _by_due_date(items)


def overdue_items(viewer, today, *, people=None):
    """Open tasks due before `today` that `viewer` may see; `people` narrows them to the
    tasks owned by (or under key results owned by) those people."""
    items = _visible_items(viewer).filter(status__in=OPEN_STATUSES, due_date__lt=today)
    if people is not None:
        items = items.filter(Q(owner__in=people) | Q(key_result__owner__in=people))
    return _by_due_date(items)

