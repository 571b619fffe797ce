"""Management forms: units and people (admins, HR), cycles (admins, OKR champion).

Each view parses with a form, calls the service, and shows a DomainError on its field.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from okrflow.cycles import services as cycle_services
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError, NotFound
from okrflow.org import access
from okrflow.org import services as org_services
from okrflow.web.forms import CycleForm, PersonForm, UnitForm
from okrflow.web.views.guards import member_view, require_permission


def _form_page(request, form, title, cancel_url):
    return render(request, "web/manage/form.html",
                  {"form": form, "title": title, "cancel_url": cancel_url})


def _saved(request, message, url):
    messages.success(request, message)
    return redirect(url)


@member_view
def unit_form(request, code=None):
    actor = request.user
    require_permission(access.can_manage_structure(actor))
    unit = access.get_unit(actor, code) if code else None
    initial = ({"code": unit.code, "name": unit.name, "parent": unit.parent_id, "head": unit.head}
               if unit else {"parent": request.GET.get("parent") or actor.organization.root_unit()})
    form = UnitForm(actor.organization, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if unit:
                unit = org_services.update_unit(actor, unit, **form.cleaned_data)
            else:
                unit = org_services.create_unit(actor, actor.organization, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, _("Unit {name} saved.").format(name=unit.name),
                          reverse("unit", args=[unit.code]))
    title = _("Edit unit {name}").format(name=unit.name) if unit else _("New unit")
    return _form_page(request, form, title, reverse("unit", args=[unit.code]) if unit else reverse("org"))


@member_view
def person_form(request, person_id=None):
    actor = request.user
    require_permission(access.can_manage_structure(actor))
    person = access.get_person(actor, person_id) if person_id else None
    # HR does not edit administrators or champions: a 403 before the form, not after it.
    require_permission(person is None or access.can_manage_person(actor, person))
    fields = ["email", "name", "title", "unit", "manager", "role", "is_backup_champion"]
    initial = ({name: getattr(person, name) for name in fields} if person
               else {"unit": request.GET.get("unit")})
    form = PersonForm(actor.organization, request.POST or None, initial=initial, editing=bool(person),
                      by_admin=actor.is_org_admin)
    if request.method == "POST" and form.is_valid():
        try:
            if person:
                person = org_services.update_person(actor, person, **form.cleaned_data)
            else:
                person = org_services.create_person(actor, actor.organization, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, _("{name} saved.").format(name=person.name),
                          reverse("person", args=[person.pk]))
    title = _("Edit {name}").format(name=person.name) if person else _("New person")
    cancel = reverse("person", args=[person.pk]) if person else reverse("org")
    return _form_page(request, form, title, cancel)


@member_view
def cycle_form(request, code=None):
    actor = request.user
    require_permission(access.can_manage_cycles(actor))
    cycle = None
    if code:
        cycle = Cycle.objects.for_org(actor.organization).filter(code=code).first()
        if cycle is None:
            raise NotFound()
    fields = ["code", "name", "kind", "start_date", "end_date", "parent"]
    initial = {name: getattr(cycle, name) for name in fields} if cycle else {}
    form = CycleForm(actor.organization, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if cycle:
                cycle = cycle_services.update_cycle(actor, cycle, **form.cleaned_data)
            else:
                cycle = cycle_services.create_cycle(actor, actor.organization, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, _("Cycle {name} saved.").format(name=cycle.name), reverse("cycles"))
    title = _("Edit cycle {name}").format(name=cycle.name) if cycle else _("New cycle")
    return _form_page(request, form, title, reverse("cycles"))
