"""The organization's mission and vision: an edit page for admins and the OKR champion; shown
above the company's OKRs (web/mission/_header.html on the company page)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from okrflow.errors import DomainError
from okrflow.org import access
from okrflow.org.services import update_mission_vision
from okrflow.web.celebration_forms import MissionForm
from okrflow.web.views.guards import member_view, require_permission


@member_view
def mission_form(request):
    actor = request.user
    require_permission(access.can_manage_cycles(actor))
    organization = actor.organization
    form = MissionForm(request.POST or None,
                       initial={"mission": organization.mission, "vision": organization.vision})
    if request.method == "POST" and form.is_valid():
        try:
            update_mission_vision(actor, organization, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Mission and vision saved."))
            return redirect(reverse("company_okrs"))
    return render(request, "web/manage/form.html", {
        "form": form, "title": _("Mission and vision"), "cancel_url": reverse("company_okrs")})
