"""Celebrate (庆祝): the celebrations page of a cycle, the reward tiers, and kudos (htmx
fragments on the objective page and the person page, loaded when shown so those pages keep their
query counts)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from okrflow.celebrations import access, services, tiers
from okrflow.celebrations.models import Celebration, RewardTier
from okrflow.errors import DomainError, NotFound
from okrflow.okrs.access import editable_objectives, valid_id, visible_objectives
from okrflow.okrs.models import COUNTED_STATUSES, KeyResult, policy_for
from okrflow.okrs.selectors import objective_for
from okrflow.org import access as org_access
from okrflow.org.models import Person, Unit
from okrflow.org.reader import reader_of
from okrflow.suggestions.services import suggesters_of
from okrflow.web.celebration_forms import CelebrationForm, KudosForm, RewardTiersForm, TierOverrideForm
from okrflow.web.current_cycle import current_cycle
from okrflow.web.views.guards import member_view, require_permission
from okrflow.web.views.okrs_cards import badge


def _celebration_form(actor, cycle, data=None):
    reader = reader_of(actor)
    units = Unit.objects.for_org(actor.organization_id)
    if not reader.everything:
        units = units.filter(reader.managed_units_q("path"))
    counted = editable_objectives(actor).filter(cycle=cycle, status__in=COUNTED_STATUSES)
    key_results = (KeyResult.objects.for_org(actor.organization_id)
                   .filter(objective__in=counted).select_related("objective"))
    return CelebrationForm(data=data, units=units, key_results=key_results,
                           objectives=counted.select_related("owner_unit", "owner_person"),
                           tiers=RewardTier.objects.for_org(actor.organization_id),
                           initial={"level": "management" if reader.everything else "team"})


def _celebrations(actor, cycle):
    """The cycle's celebrations with the objectives each reader may see and what each earns."""
    visible = visible_objectives(actor).select_related("owner_unit", "owner_person")
    rows = list(Celebration.objects.for_org(actor.organization_id).filter(cycle=cycle)
                .select_related("unit", "created_by", "tier_override")
                .prefetch_related(Prefetch("objectives", queryset=visible),
                                  Prefetch("key_results", queryset=KeyResult.objects.filter(
                                      objective__in=visible_objectives(actor)).select_related("objective"))))
    org_tiers, policy = tiers.tiers_for(actor.organization_id), policy_for(actor.organization_id)
    for celebration in rows:
        celebration.earned = tiers.earned(celebration, tiers=org_tiers, policy=policy)
        celebration.badge = badge(celebration.earned["grade"])
        celebration.may_change = access.may_change_celebration(actor, celebration)
    return rows


@member_view
def celebration_list(request):
    actor, cycle = request.user, current_cycle(request)
    may_create = access.may_celebrate_anything(actor)
    form = _celebration_form(actor, cycle, request.POST or None) if cycle and may_create else None
    if request.method == "POST":
        require_permission(may_create)
        if form is not None and form.is_valid():
            try:
                services.create_celebration(actor, cycle, **form.cleaned_data)
            except DomainError as error:
                if error.status != 400:
                    raise
                form.add_domain_error(error)
            else:
                messages.success(request, _("Celebration saved."))
                return redirect("celebrations")
    return render(request, "web/celebrations/list.html", {
        "cycle": cycle, "form": form, "celebrations": _celebrations(actor, cycle) if cycle else [],
        "saved_tiers": RewardTier.objects.for_org(actor.organization_id),
        "tiers": [(tier, badge(tier.min_grade)) for tier in reversed(tiers.tiers_for(actor.organization_id))],
        "may_set_tiers": org_access.can_manage_cycles(actor)})


def _celebration(actor, celebration_id):
    found = (Celebration.objects.for_org(actor.organization_id).select_related("unit")
             .filter(pk=valid_id(celebration_id)).first())
    if found is None:
        raise NotFound()
    return found


@member_view
@require_POST
def celebration_delete(request, celebration_id):
    services.delete_celebration(request.user, _celebration(request.user, celebration_id))
    messages.success(request, _("Celebration deleted."))
    return redirect("celebrations")


@member_view
@require_POST
def celebration_tier(request, celebration_id):
    actor = request.user
    celebration = _celebration(actor, celebration_id)
    form = TierOverrideForm(RewardTier.objects.for_org(actor.organization_id), request.POST)
    if not form.is_valid():
        messages.error(request, _("Reward tier not found."))
        return redirect("celebrations")
    try:
        services.override_tier(actor, celebration, tier=form.cleaned_data["tier_override"],
                               reason=form.cleaned_data["override_reason"])
    except DomainError as error:
        if error.status != 400:
            raise
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Reward tier saved."))
    return redirect("celebrations")


@member_view
def reward_tiers(request):
    actor = request.user
    require_permission(org_access.can_manage_cycles(actor))
    current = tiers.tiers_for(actor.organization_id)
    form = RewardTiersForm(current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reward_tiers(actor, actor.organization, form.tiers())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Reward tiers saved."))
            return redirect("celebrations")
    return render(request, "web/celebrations/tiers.html", {
        "form": form, "proposed": not tiers.saved_tiers(actor.organization_id)})


# --- kudos ------------------------------------------------------------------------------------

def _kudos_people(objective, actor):
    """Who may be thanked for this objective: its owner (the unit's head) and its key results'
    owners, not the giver."""
    ids = {kr.owner_id for kr in objective.krs if kr.owner_id}
    ids.add(objective.owner_person_id or (objective.owner_unit.head_id if objective.owner_unit_id else None))
    ids.discard(None)
    ids.discard(actor.pk)
    return list(Person.objects.for_org(actor.organization_id).filter(pk__in=ids, is_active=True))


@member_view
def objective_kudos(request, objective_id):
    actor = request.user
    objective = objective_for(actor, objective_id)
    people = _kudos_people(objective, actor)
    form = KudosForm(people, objective, request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        kr = next((k for k in objective.krs if f"kr-{k.pk}" == target), None)
        recipient = next(p for p in people if p.pk == form.cleaned_data["recipient"])
        try:
            services.give_kudos(actor, recipient, objective=objective, key_result=kr,
                                message=form.cleaned_data["message"])
        except DomainError as error:
            if error.status != 400:
                raise
            form.add_domain_error(error)
        else:
            if not request.headers.get("HX-Request"):
                messages.success(request, _("Kudos sent."))
                return redirect(reverse("objective", args=[objective.pk]) + "#kudos")
            form = KudosForm(people, objective)
    kudos = access.visible_kudos(actor).filter(objective=objective)
    return render(request, "web/celebrations/_objective_kudos.html", {
        "objective": objective, "kudos": kudos, "form": form if people else None,
        "suggesters": suggesters_of(objective), "posted": request.method == "POST"})


@member_view
def person_kudos(request, person_id):
    actor = request.user
    person = org_access.get_person(actor, person_id)
    kudos = access.visible_kudos(actor).filter(recipient=person)[:20]
    return render(request, "web/celebrations/_person_kudos.html", {"person": person, "kudos": kudos})

