"""The weekly company report's setting (okrflow/reports/schedules.py): who gets the company
dashboard's summary by mail, with its PDF, and on which weekday. Admins and the OKR champion."""

import datetime
import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.errors import DomainError
from okrflow.notifications.models import Weekday
from okrflow.org.access import can_manage_cycles
from okrflow.reports import schedules
from okrflow.web.forms import BootstrapMixin
from okrflow.web.views.guards import member_view, require_permission


class ReportScheduleForm(BootstrapMixin, forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("Send the weekly company report"), required=False)
    weekday = forms.TypedChoiceField(label=gettext_lazy("Weekday"), choices=Weekday.choices, coerce=int,
                                     initial=Weekday.MONDAY)
    recipients = forms.CharField(
        label=gettext_lazy("Recipients"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "ceo@example.com\nhr@example.com"}),
        help_text=gettext_lazy("One email per line: people of the organization. Each gets the mail in "
                               "their own language."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


def _next_send(schedule, now) -> datetime.date | None:
    if schedule is None or not schedule.enabled:
        return None
    local = timezone.localtime(now)
    days = (schedule.weekday - local.weekday()) % 7
    if days == 0 and local.hour >= schedules.SEND_HOUR:
        return local.date()   # today's goes out at the next tick (once)
    return local.date() + datetime.timedelta(days=days)


@member_view
def report_schedule(request):
    actor = request.user
    require_permission(can_manage_cycles(actor))
    organization = actor.organization
    schedule = schedules.schedule_of(organization)
    recipients = list(schedule.recipients.all()) if schedule else []
    initial = {"enabled": schedule.enabled if schedule else False,
               "weekday": schedule.weekday if schedule else Weekday.MONDAY,
               "recipients": "\n".join(person.email for person in recipients)}
    form = ReportScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            emails = re.split(r"[\s,;，；]+", data["recipients"])
            schedules.set_schedule(actor, organization, recipients=emails, weekday=data["weekday"],
                                   enabled=data["enabled"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The weekly report setting is saved."))
            return redirect("report_schedule")
    return render(request, "web/manage/report_schedule.html", {
        "form": form, "schedule": schedule, "recipients": recipients,
        "next_send": _next_send(schedule, timezone.now()), "send_hour": schedules.SEND_HOUR,
        "cycle": schedules.reported_cycle(organization, timezone.localdate())})
