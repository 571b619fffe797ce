"""The check-in rhythm settings: the organization's cadence and each unit's override.

Admins and the OKR champion set when people check in (weekly or biweekly, which day, what time)
and when stand-up nudges and the weekly team summary go out; okrflow/notifications does the rest.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from okrflow.errors import DomainError
from okrflow.notifications.models import CheckinCadence
from okrflow.notifications.services import CADENCE_FIELDS, save_cadence
from okrflow.org.access import can_manage_cycles, get_unit
from okrflow.web.forms import BootstrapMixin
from okrflow.web.views.guards import member_view, require_permission


class CadenceForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CheckinCadence
        fields = CADENCE_FIELDS
        widgets = {
            "time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "standup_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "summary_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "anchor_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def add_domain_error(self, error):
        self.add_error(error.field if error.field in self.fields else None, str(error.message))
        self.style_fields()


@member_view
def cadence_settings(request, code=None):
    require_permission(can_manage_cycles(request.user))
    if code is None and request.GET.get("unit"):
        return redirect("cadence_unit", get_unit(request.user, request.GET["unit"].strip()).code)
    org = request.user.organization
    unit = get_unit(request.user, code) if code else None
    current = CheckinCadence.objects.for_org(org).filter(unit=unit).first() \
        or CheckinCadence(organization=org, unit=unit)
    form = CadenceForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in CADENCE_FIELDS}
            save_cadence(request.user, org, unit=unit, **fields)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The check-in rhythm is saved."))
            return redirect("cadence_unit", code) if code else redirect("cadence")
    overrides = CheckinCadence.objects.for_org(org).filter(unit__isnull=False).select_related("unit")
    return render(request, "web/manage/cadence.html", {
        "form": form, "unit": unit, "overrides": overrides, "is_saved": current.pk is not None,
    })
