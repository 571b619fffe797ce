"""What comes out of a meeting: the promotion of its ranked results to draft OKRs, the claim
panel of the room (部门认领 with 5W2H), the minutes with the meeting's decisions and action items,
and the seminar feedback with its summary.

The promotion page and the feedback summary are for whoever runs the meeting (member pages,
403 for others who may see the meeting). The claim panel, the minutes and the feedback form are
room doors: a guest reaches them with the meeting's key in their session, so they resolve who
acts with `seats.room_actor` (NotFound → 404), as the room's screens do. Every write goes through
the workshop services (okrflow/workshops/outcomes.py, claims.py, followup.py, minutes.py); a
refusal comes back as the service's message, nothing stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from okrflow.cycles.models import Cycle
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.access import editable_objectives
from okrflow.okrs.models import KeyResult
from okrflow.org.models import Person, Unit
from okrflow.web.views.guards import member_view
from okrflow.workshops import access, claims, followup, minutes, outcomes
from okrflow.workshops.models import Kind
from okrflow.workshops.seats import room_actor


def _room(request, pk):
    try:
        return room_actor(request.user, request.session, pk)
    except NotFound:
        raise Http404() from None


def _managed(request, pk):
    workshop = access.get_workshop(request.user, pk)
    if not access.can_manage(request.user, workshop):
        raise AccessDenied()
    return workshop


def _pick(model_qs, value):
    """The row of `model_qs` with the posted id, None for an empty choice, NotFound otherwise."""
    if value in (None, ""):
        return None
    try:
        return model_qs.get(pk=int(value))
    except (model_qs.model.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


# --- promotion -----------------------------------------------------------------------------------

def _cycles(org):
    return Cycle.objects.for_org(org).order_by("-start_date", "pk")


@member_view
@require_http_methods(["GET", "POST"])
def workshop_promote(request, pk):
    """The ranked results → choose the cycle, the owner and the annual objective → "create drafts"."""
    workshop = _managed(request, pk)
    org = workshop.organization
    error = None
    if request.method == "POST":
        try:
            cycle = _pick(_cycles(org), request.POST.get("cycle")) or workshop.cycle
            unit = _pick(Unit.objects.for_org(org), request.POST.get("owner_unit"))
            parent = _pick(outcomes.promotable_parents(workshop, cycle), request.POST.get("parent"))
            kind = request.POST.get("kind", "objective")
            if kind == "key_result":
                done = outcomes.promote_key_results(request.user, workshop,
                                                    column_ids=request.POST.getlist("columns") or None)
            else:
                done = outcomes.promote_objectives(request.user, workshop,
                                                   column_ids=request.POST.getlist("columns") or None,
                                                   cycle=cycle, owner_unit=unit, parent_objective=parent)
        except NotFound:
            error = _("Choose from the lists.")
        except AccessDenied:
            raise
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("{created} drafts created, {kept} already promoted.").format(
                created=len(done.created), kept=len(done.kept)))
            return redirect("workshop_promote", pk=workshop.pk)
    cycle = workshop.cycle
    return render(request, "web/workshops/outcomes_promote.html", {
        "workshop": workshop, "error": error,
        "results": list(outcomes.result_columns(workshop)),
        "key_result_columns": list(outcomes.result_columns(workshop, kind="key_result")),
        "cycles": _cycles(org), "units": Unit.objects.for_org(org).order_by("path"),
        "parents": outcomes.promotable_parents(workshop, cycle),
        "default_unit_id": (workshop.unit_id or org.root_unit().pk), "limit": outcomes.MAX_OBJECTIVES,
        "promoted_count": outcomes._promoted_objective_count(workshop)})


# --- the claim panel -------------------------------------------------------------------------------

FIVE_W_TWO_H_LABELS = (("what", gettext_lazy("What: the department's objective")),
                       ("why", gettext_lazy("Why")), ("who", gettext_lazy("Who")),
                       ("when", gettext_lazy("When")),
                       ("where", gettext_lazy("Where")), ("how", gettext_lazy("How")),
                       ("how_much", gettext_lazy("How much")))


def _claim_target(workshop, value):
    """"objective:<id>" or "key_result:<id>" of the meeting's company OKRs."""
    kind, _sep, pk = (value or "").partition(":")
    company = claims.company_objectives(workshop)
    if kind == "objective":
        return _pick(company, pk), None
    if kind == "key_result":
        return None, _pick(KeyResult.objects.filter(objective__in=company), pk)
    return None, None


@require_http_methods(["GET", "POST"])
def workshop_claim_panel(request, pk):
    """The room's claim step: the company objectives of the cycle with who claimed what, and for a
    department's head (or whoever runs the meeting) the 5W2H form that claims one."""
    room = _room(request, pk)
    workshop = room.workshop
    screen = request.GET.get("screen") == "1"
    error, values = None, {}
    units = list(claims.claimable_units(room.person, workshop)) if room.person else []
    if request.method == "POST":
        if room.person is None or not units:
            raise PermissionDenied()
        values = {name: request.POST.get(name, "") for name, _label in FIVE_W_TWO_H_LABELS}
        values["unit"], values["target"] = request.POST.get("unit", ""), request.POST.get("target", "")
        try:
            unit = _pick(Unit.objects.for_org(workshop.organization), values["unit"])
            objective, key_result = _claim_target(workshop, values["target"])
            if unit is None:
                raise DomainError("unit_required", _("Choose the department that claims."), field="unit")
            claims.claim(room.person, workshop, unit=unit, objective=objective, key_result=key_result,
                         **{name: values[name] for name, _label in FIVE_W_TWO_H_LABELS})
        except NotFound:
            error = _("Choose from the lists.")
        except AccessDenied as refused:
            error = refused.message
        except DomainError as refused:
            error = refused.message
        else:
            values = {}
    return render(request, "web/workshops/outcomes_claim_panel.html", {
        "workshop": workshop, "screen": screen, "rows": claims.board(workshop, room.person),
        "units": units, "error": error, "values": values, "can_claim": bool(units) and not screen,
        "fields": [(name, label, values.get(name, "")) for name, label in FIVE_W_TWO_H_LABELS]})


@require_POST
def workshop_claim_withdraw(request, pk, claim_id):
    room = _room(request, pk)
    if room.person is None:
        raise PermissionDenied()
    try:
        claims.withdraw(room.person, claims.get_claim(room.workshop, claim_id))
    except NotFound:
        raise Http404() from None
    except AccessDenied:
        raise PermissionDenied() from None
    except DomainError as refused:
        messages.error(request, refused.message)
    if request.headers.get("HX-Request"):
        return workshop_claim_panel_get(request, pk)
    return redirect("workshop_room", pk=pk)


def workshop_claim_panel_get(request, pk):
    request.method = "GET"
    return workshop_claim_panel(request, pk)


# --- minutes, decisions, action items ----------------------------------------------------------------

def _minutes_context(request, room, **extra):
    workshop = room.workshop
    context = {"workshop": workshop, "minutes": minutes.minutes_of(workshop), "can_manage": room.can_manage,
               "printable": request.GET.get("print") == "1", **extra}
    if room.can_manage and room.person is not None:
        context["key_results"] = (KeyResult.objects.for_org(workshop.organization_id)
                                  .filter(objective__in=editable_objectives(room.person),
                                          objective__cycle_id=workshop.cycle_id)
                                  .select_related("objective").order_by("objective__position", "position",
                                                                        "id")[:200])
        context["people"] = Person.objects.for_org(workshop.organization_id).filter(
            is_active=True, workshop_seats__workshop=workshop).order_by("name", "pk")
        context["agenda_items"] = workshop.items.order_by("position", "id")
    return context


@require_GET
def workshop_minutes(request, pk):
    """The minutes page (printable: `?print=1` drops the forms); the facilitator's preview while
    the meeting runs, with the forms for decisions, action items and the mail."""
    room = _room(request, pk)
    if not minutes.may_read(room):
        raise PermissionDenied()
    return render(request, "web/workshops/outcomes_minutes.html", _minutes_context(request, room))


def _manager_write(request, pk, write):
    room = _room(request, pk)
    if room.person is None or not room.can_manage:
        raise PermissionDenied()
    try:
        message = write(room)
    except NotFound:
        messages.error(request, _("Choose from the lists."))
    except AccessDenied as refused:
        messages.error(request, refused.message)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, message)
    return redirect(reverse("workshop_minutes", args=[pk]))


@require_POST
def workshop_decision_add(request, pk):
    def write(room):
        item = followup.agenda_item_of(room.workshop, request.POST.get("agenda_item"))
        followup.record_decision(room.person, room.workshop, request.POST.get("text"), agenda_item=item)
        return _("Decision recorded.")
    return _manager_write(request, pk, write)


@require_POST
def workshop_action_add(request, pk):
    def write(room):
        workshop = room.workshop
        kr = _pick(KeyResult.objects.for_org(workshop.organization_id), request.POST.get("key_result"))
        owner = _pick(Person.objects.for_org(workshop.organization_id), request.POST.get("owner"))
        item = followup.agenda_item_of(workshop, request.POST.get("agenda_item"))
        followup.add_action_item(room.person, workshop, key_result=kr, owner=owner, agenda_item=item,
                                 title=request.POST.get("title", ""),
                                 due_date=request.POST.get("due_date") or None)
        return _("Action item added: it is on its owner's task list.")
    return _manager_write(request, pk, write)


@require_POST
def workshop_minutes_send(request, pk):
    def write(room):
        count = minutes.send_minutes(room.person, room.workshop, resend=request.POST.get("resend") == "1")
        return _("The minutes are on their way to {count} people.").format(count=count)
    return _manager_write(request, pk, write)


# --- feedback ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def workshop_feedback(request, pk):
    """A participant's rating and comment (a guest too), once."""
    room = _room(request, pk)
    if room.seat is None:
        raise PermissionDenied()
    error, values = None, {}
    if request.method == "POST":
        values = {"rating": request.POST.get("rating", ""), "comment": request.POST.get("comment", "")}
        try:
            followup.give_feedback(room.seat, rating=values["rating"], comment=values["comment"],
                                   person=room.person)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("workshop_feedback", pk=pk)
    given = not followup.may_give_feedback(room.seat) and room.workshop.state in ("live", "ended")
    return render(request, "web/workshops/outcomes_feedback.html", {
        "workshop": room.workshop, "error": error, "values": values, "given": given,
        "open": room.workshop.state in ("live", "ended"), "ratings": range(1, 6),
        "is_seminar": room.workshop.kind == Kind.SEMINAR})


@member_view
@require_GET
def workshop_feedback_summary(request, pk):
    workshop = _managed(request, pk)
    summary = followup.feedback_summary(request.user, workshop)
    return render(request, "web/workshops/outcomes_feedback_summary.html", {
        "workshop": workshop, "summary": summary,
        "bars": [(rating, summary.distribution[rating], summary.share(rating))
                 for rating in range(5, 0, -1)]})

