"""The person's own account: changing one's password (every logged-in person)."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from okrflow.errors import DomainError
from okrflow.org import services as org_services
from okrflow.web.forms import OwnPasswordForm
from okrflow.web.views.guards import member_view


@member_view
def change_password(request):
    person = request.user
    form = OwnPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org_services.set_password(person, person, form.cleaned_data["new_password1"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            # The new hash would end this session (and it is the one the person is using).
            update_session_auth_hash(request, person)
            messages.success(request, _("Your password was changed."))
            return redirect(reverse("person", args=[person.pk]))
    # The management forms' page, with the action's own words.
    return render(request, "web/manage/form.html", {
        "form": form, "title": _("Change password"), "submit_label": _("Change password"),
        "cancel_url": reverse("person", args=[person.pk])})
