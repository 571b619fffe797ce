"""Change requests of published annual key results (okrflow/okrs/changes.py): the request form
for the key result's or objective's owner, and the decision page that shows the approver the old
and new values side by side. Thin views: the service decides."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from okrflow.errors import DomainError, NotFound
from okrflow.okrs import changes
from okrflow.okrs.access import get_key_result, valid_id
from okrflow.okrs.models import KeyResultChangeRequest
from okrflow.web.forms import BootstrapMixin
from okrflow.web.views.guards import member_view, require_permission


class ChangeRequestForm(BootstrapMixin, forms.Form):
    new_title = forms.CharField(label=gettext_lazy("New title"), max_length=200)
    new_target = forms.CharField(label=gettext_lazy("New target"), max_length=40)
    reason = forms.CharField(label=gettext_lazy("Why it should change"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class DecisionForm(BootstrapMixin, forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=gettext_lazy("Required when you reject: say why."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


def _number(value) -> str:
    """A stored value without its trailing zeros (120.0000 → 120)."""
    text = format(value.normalize(), "f") if value is not None else ""
    return text


@member_view
def change_request_form(request, kr_id):
    kr, _can_edit = get_key_result(request.user, kr_id)
    require_permission(changes.may_request(request.user, kr))
    initial = {"new_title": kr.title, "new_target": _number(kr.target_value)}
    form = ChangeRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = changes.request_change(request.user, kr, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your change request is waiting for a decision."))
            return redirect("change_request", created.pk)
    return render(request, "web/okrs/change_request_form.html", {
        "kr": kr, "objective": kr.objective, "form": form,
        "requestable": changes.is_changeable_by_request(kr), "pending": changes.pending_for(kr),
    })


def _request_of(person, request_id) -> KeyResultChangeRequest:
    """The change request if `person` may see its key result; else NotFound."""
    change = (KeyResultChangeRequest.objects.for_org(person.organization_id)
              .select_related("requested_by", "decided_by").filter(pk=valid_id(request_id)).first())
    if change is None:
        raise NotFound()
    kr, _can_edit = get_key_result(person, change.key_result_id)
    change.key_result = kr
    return change


@member_view
def change_request_page(request, request_id):
    change = _request_of(request.user, request_id)
    may_decide = changes.may_decide(request.user, change)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        require_permission(may_decide)
        if form.is_valid():
            try:
                changes.decide(request.user, change, approve=request.POST.get("decision") == "approve",
                               comment=form.cleaned_data["comment"])
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Decision saved."))
                return redirect(reverse("objective", args=[change.key_result.objective_id]) + "#key-results")
    kr = change.key_result
    rows = [(_("Title"), change.old_title, change.new_title),
            (_("Target"), f"{_number(change.old_target)} {kr.unit}".strip(),
             f"{_number(change.new_target)} {kr.unit}".strip())]
    return render(request, "web/okrs/change_request.html", {
        "change": change, "kr": kr, "objective": kr.objective, "rows": rows,
        "may_decide": may_decide and change.state == "pending", "form": form,
    })
