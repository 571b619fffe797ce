"""My tasks (行动计划): a person's action items across all their key results, their status
moved in place with htmx, overdue ones highlighted, and a new task under a key result with
the 5W2H fields."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.access import get_action_item
from okrflow.meetings.actions import FIVE_W_TWO_H, create_action_item, task_list, update_action_item
from okrflow.meetings.models import ActionStatus
from okrflow.okrs.access import editable_objectives
from okrflow.okrs.models import LIVE_STATUSES, KeyResult
from okrflow.web.rhythm_forms import ActionItemForm, StatusForm
from okrflow.web.views.guards import member_view
from okrflow.web.views.rhythm import local_today


def plannable_key_results(person):
    """The person's key results (they own the key result or its objective) of active objectives
    whose tasks they may plan, in one query."""
    return (KeyResult.objects.for_org(person.organization)
            .filter(Q(owner=person) | Q(objective__owner_person=person),
                    objective__status__in=LIVE_STATUSES,
                    objective__in=editable_objectives(person))
            .select_related("objective").order_by("objective_id", "position", "id"))

@member_view
def my_tasks(request):
    person = request.user
    show_all = request.GET.get("show") == "all"
    key_results = plannable_key_results(person)
    form = ActionItemForm(key_results, request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            create_action_item(person, data["key_result"], title=data["title"], owner=person,
                               due_date=data["due_date"], **{name: data[name] for name in FIVE_W_TWO_H})
        except (AccessDenied, NotFound):
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Task added."))
            return redirect("my_tasks")
    today = local_today()
    items = list(task_list(person, open_only=not show_all))
    for item in items:
        item.overdue = item.is_overdue(today)
    return render(request, "web/rhythm/tasks.html", {
        "items": items, "show_all": show_all, "form": form, "today": today,
        "statuses": ActionStatus.choices, "has_key_results": key_results.exists(),
    })


@require_POST
@member_view
def task_status(request, item_id):
    """One row's status; htmx gets the row back, a plain form post goes back to the list."""
    item, _can_edit = get_action_item(request.user, item_id)
    form = StatusForm(request.POST)
    error = None
    if form.is_valid():
        try:
            item = update_action_item(request.user, item, expected_version=form.cleaned_data["version"],
                                      status=form.cleaned_data["status"])
        except (AccessDenied, NotFound):
            raise
        except DomainError as domain_error:  # e.g. someone changed it meanwhile: shown on the row
            error = str(domain_error.message)
    else:
        error = _("Choose a status.")
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("my_tasks")
    item.overdue = item.is_overdue(local_today())
    return render(request, "web/rhythm/_task_row.html", {
        "item": item, "statuses": ActionStatus.choices, "row_error": error})
