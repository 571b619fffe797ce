"""The notification centre: a person's notices, marking them read, and their preferences (the
notifications app owns the data and the services; its pages are the web's, like every other page)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.notifications import services
from okrflow.notifications.forms import PreferencesForm
from okrflow.web.views.guards import member_view


@member_view
def centre(request):
    person = request.user
    form = PreferencesForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        for kind, channels in form.choices().items():
            services.set_preference(person, person, kind, **channels)
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:centre")
    context = {"notifications": services.inbox(person), "unread": services.unread_count(person),
               "form": form}
    return render(request, "web/notifications/centre.html", context)


@member_view
@require_POST
def read(request, notification_id: int):
    """Mark a notice read and follow its link (only to this site)."""
    notification = services.mark_read(request.user, notification_id)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, {request.get_host()}, request.is_secure()):
        return redirect(link)
    return redirect("notifications:centre")


@member_view
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    return redirect("notifications:centre")
