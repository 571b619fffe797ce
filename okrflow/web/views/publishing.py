"""Publishing a cycle (the admin's and the champion's button, with its confirmation) and the
cycle's OKR book (every reader, printable)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from okrflow.errors import DomainError
from okrflow.org.access import can_manage_cycles
from okrflow.publishing import book, digest, services
from okrflow.web.current_cycle import cycle_of
from okrflow.web.views.guards import member_view
from okrflow.web.views.okrs_cards import badge

SHOWN_UNFINISHED = 50


@require_http_methods(["GET", "POST"])
@member_view
def publish(request, code):
    """GET: what publishing would do (what is not agreed yet); POST: publish, queue the digests."""
    cycle = cycle_of(request, code)
    if not can_manage_cycles(request.user):
        raise PermissionDenied()
    if request.method == "POST":
        try:
            result = services.publish_cycle(request.user, cycle,
                                            only_agreed=bool(request.POST.get("only_agreed")),
                                            resend=bool(request.POST.get("resend")))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("cycle_publish", cycle.code)
        services.queue_digests(result, actor=request.user)
        (messages.info if result.already_published and result.round_key is None else messages.success)(
            request, result.message)
        return redirect("cycles")
    waiting = services.unfinished(cycle)
    shown = waiting.select_related("owner_unit", "owner_person")[:SHOWN_UNFINISHED]
    return render(request, "web/publishing/publish.html", {
        "cycle": cycle, "unfinished": list(shown),
        "unfinished_count": waiting.count(), "recipients": digest.recipients(cycle).count(),
    })


@member_view
def cycle_book(request, code):
    """The OKR book: the company's page, or one department's (?unit=CODE) with all below it."""
    cycle = cycle_of(request, code)
    unit_code = request.GET.get("unit", "")
    context = {"cycle": cycle, "organization": cycle.organization, "chapters": book.departments(cycle)}
    if unit_code:
        context.update(book.chapter(request.user, cycle, unit_code))
        codes = [unit.code for unit in context["chapters"]]
        if unit_code in codes:
            position = codes.index(unit_code)
            context["previous_chapter"] = context["chapters"][position - 1] if position else None
            context["next_chapter"] = (context["chapters"][position + 1]
                                       if position + 1 < len(codes) else None)
    else:
        context.update(book.front_page(request.user, cycle))
        context["grade"] = badge(context["grade"])
        context["next_chapter"] = context["chapters"][0] if context["chapters"] else None
        _badges(context["annual"] + context["company"])
    for group in context.get("groups", []):
        _badges(group.objectives + [o for _person, objectives in group.people_rows for o in objectives])
    return render(request, "web/publishing/book.html", context)


def _badges(objectives) -> None:
    """Each grade code as the OKR pages' badge (label and Bootstrap colour)."""
    for objective in objectives:
        objective.badge = badge(objective.grade)
