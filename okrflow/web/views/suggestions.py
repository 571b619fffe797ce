"""The suggestion box (制定): everyone submits and upvotes; admins and the OKR champion see the
ideas merged by similarity and turn one, or a merged group, into a draft company objective."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.errors import DomainError, NotFound
from okrflow.okrs.access import valid_id
from okrflow.suggestions import services
from okrflow.suggestions.models import Suggestion
from okrflow.suggestions.selectors import box, suggestions_of
from okrflow.web.celebration_forms import SuggestionForm
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view


@member_view
def suggestion_box(request):
    actor, cycle = request.user, current_cycle(request)
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and cycle is not None and form.is_valid():
        try:
            services.submit_suggestion(actor, cycle, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Thank you: your suggestion is in the box."))
            return redirect("suggestions")
    groups, adopted = box(actor, cycle, request.GET.get("page")) if cycle else ([], [])
    return render(request, "web/suggestions/box.html", {
        "cycle": cycle, "form": form, "groups": groups, "adopted": adopted,
        "may_adopt": services.may_adopt(actor)})


@member_view
@require_POST
def suggestion_vote(request, suggestion_id):
    actor = request.user
    suggestion = services.get_suggestion(actor, suggestion_id)
    try:
        services.toggle_vote(actor, suggestion)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("suggestions")
    if request.headers.get("HX-Request"):
        fresh = suggestions_of(actor, suggestion.cycle).get(pk=suggestion.pk)
        return render(request, "web/suggestions/_vote.html", {"suggestion": fresh})
    return redirect("suggestions")


@member_view
@require_POST
def suggestion_adopt(request):
    actor = request.user
    try:  # an id no database holds (20 digits, "abc") is not ours: refuse the lot
        ids = {valid_id(value) for value in request.POST.getlist("suggestions")}
    except NotFound:
        ids = set()
    chosen = list(Suggestion.objects.for_org(actor.organization_id).filter(pk__in=sorted(ids)[:100]))
    if len(chosen) != len(ids):
        chosen = []  # one of them is not ours (or gone): refuse the lot, as the service does
    try:
        objective = services.adopt_suggestions(actor, chosen, title=request.POST.get("title", ""))
    except DomainError as error:
        if error.status != 400:
            raise
        messages.error(request, str(error.message))
        return redirect("suggestions")
    messages.success(request, _("The draft company objective is created: refine it and add key results."))
    return redirect(reverse("objective", args=[objective.pk]))
