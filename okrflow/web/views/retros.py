"""Reflect (反思) and update (更新): a unit's or the management's retrospective of a cycle
(/cycles/<code>/retros/units/<unit>/, /cycles/<code>/retros/management/), the next-cycle wizard
(/cycles/<code>/next/) and closing a cycle (/cycles/<code>/close/). Thin views over okrflow/retros.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from okrflow.cycles.models import Cycle
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.access import editable_objectives, valid_id
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, Objective, policy_for
from okrflow.okrs.scoring import GRADE_LABELS
from okrflow.okrs.selectors import objectives_for
from okrflow.org.access import can_manage_cycles, get_unit
from okrflow.retros import closing, services, wizard
from okrflow.retros.insights import insights_for
from okrflow.retros.models import Improvement, Prompt
from okrflow.web.current_cycle import cycle_of
from okrflow.web.retro_forms import (
    CarryImprovementsForm,
    ImprovementForm,
    KeyResultChoiceForm,
    OutcomeForm,
    RetroForm,
)
from okrflow.web.views.guards import member_view


def _later_key_results(person, cycle):
    """Key results of later cycles' objectives the person may plan for (improvements' home)."""
    return (KeyResult.objects.filter(objective__in=editable_objectives(person)
                                     .filter(cycle__start_date__gt=cycle.end_date).values("pk"))
            .select_related("objective")
            .order_by("objective__cycle__start_date", "objective_id", "position", "id"))


def _retro_forms(request, cycle, retro, posted):
    sent = posted.get("form") if posted else None
    initial = {"went_well": "", "went_badly": "", "causes": "", "version": None}
    if retro is not None:
        initial = {"went_well": retro.went_well, "went_badly": retro.went_badly, "causes": retro.causes,
                   "version": retro.version,
                   **{f"answer_{a.prompt}": a.text for a in retro.answers.all()}}
    return (RetroForm(posted if sent == "retro" else None, initial=initial),
            ImprovementForm(request.user.organization, posted if sent == "improvement" else None,
                            prefix="improvement"),
            CarryImprovementsForm(_later_key_results(request.user, cycle),
                                  posted if sent == "carry" else None, prefix="carry"))


def _save_retro(request, cycle, unit, retro, forms) -> bool:
    retro_form, improvement_form, carry_form = forms
    sent = request.POST.get("form")
    try:
        if sent == "delete":
            pk = valid_id(request.POST.get("improvement"))
            item = Improvement.objects.filter(retrospective=retro, pk=pk).first() if retro else None
            if item is None:
                raise NotFound()
            services.delete_improvement(request.user, item)
            return True
        form = {"retro": retro_form, "improvement": improvement_form, "carry": carry_form}.get(sent)
        if form is None or not form.is_valid():
            return False
        retro = retro or services.open_retro(request.user, cycle, unit)
        data = form.cleaned_data
        if form is retro_form:
            services.update_retro(request.user, retro, expected_version=data["version"],
                                  answers=form.answers(), went_well=data["went_well"],
                                  went_badly=data["went_badly"], causes=data["causes"])
        elif form is improvement_form:
            services.add_improvement(request.user, retro, **data)
        else:
            created = services.carry_improvements(request.user, retro, key_result=data["key_result"])
            messages.success(request, _("{count} improvements became action items.")
                             .format(count=len(created)))
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        (form if sent != "delete" else retro_form).add_domain_error(error)
        return False
    return True


def _retro_page(request, code, unit_code=None):
    cycle = cycle_of(request, code)
    unit = get_unit(request.user, unit_code) if unit_code is not None else None
    retro, may_edit = services.retro_of(request.user, cycle, unit)
    posted = request.POST if request.method == "POST" else None
    if posted is not None and not may_edit:
        raise AccessDenied()
    forms = _retro_forms(request, cycle, retro, posted)
    if posted is not None and _save_retro(request, cycle, unit, retro, forms):
        if request.POST.get("form") != "carry":
            messages.success(request, _("Saved."))
        return redirect(request.path)
    answers = {a.prompt: a.text for a in retro.answers.all()} if retro else {}
    improvements = (list(retro.improvements.select_related(
        "owner", "action_item__key_result__objective__cycle")) if retro else [])
    insights = insights_for(request.user, cycle, unit)
    return render(request, "web/retros/retro.html", {
        "cycle": cycle, "unit": unit, "retro": retro, "may_edit": may_edit,
        "insights": insights,
        "grades": [(g, GRADE_LABELS[g]["label"], n) for g, n in insights.summary.grades.items()],
        "prompts": [(p, answers.get(p.value, "")) for p in Prompt],
        "improvements": improvements, "pending": sum(1 for i in improvements if i.action_item_id is None),
        "retro_form": forms[0], "improvement_form": forms[1], "carry_form": forms[2],
    })


@member_view
def unit_retro(request, code, unit_code):
    return _retro_page(request, code, unit_code)


@member_view
def management_retro(request, code):
    return _retro_page(request, code)


# ── the next-cycle wizard ──────────────────────────────────────────────────────────────────

def _next_cycle(request, cycle):
    chosen = request.GET.get("into") or request.POST.get("into")
    if chosen:
        later = (Cycle.objects.for_org(cycle.organization_id)
                 .filter(code=chosen, start_date__gt=cycle.start_date).first())
        if later is None:
            raise NotFound()
        return later
    return wizard.next_cycle_of(cycle)


def _kr_choices(request, objective):
    """{key result: KeyResultChoiceForm} of a posted objective; copy list and carry dict."""
    copy, carry, forms = [], {}, []
    for kr in objective.key_results.all():
        form = KeyResultChoiceForm(request.POST, prefix=f"kr{kr.pk}")
        forms.append(form)
        if not form.is_valid():
            raise DomainError("invalid", _("Check the choices for “{title}”.").format(title=kr.title))
        choice = form.cleaned_data["choice"]
        if choice == "copy":
            copy.append(kr)
        elif choice in ("carry", "carry_target"):
            carry[kr] = wizard.Carry(form.cleaned_data["reason"], target_value=form.cleaned_data["target"],
                                     keep_start=choice == "carry_target")
    return copy, carry


def _continue_posted(request, cycle, next_cycle) -> None:
    pk = valid_id(request.POST.get("objective"))
    objective = (editable_objectives(request.user).filter(cycle=cycle, pk=pk)
                 .select_related("owner_unit", "owner_person", "cycle").first())
    if objective is None:
        raise NotFound()
    copy, carry = _kr_choices(request, objective)
    draft = wizard.continue_objective(request.user, objective, next_cycle, copy=copy, carry=carry)
    messages.success(request, _("“{title}” is drafted in {cycle}.").format(title=draft.title,
                                                                         cycle=next_cycle))


def _wizard_levels(person, cycle, next_cycle):
    """[(level, label, the level above drafted in the next cycle, the reader's old objectives)]."""
    levels = []
    for level in wizard.LEVELS:
        mine = objectives_for(person, wizard.old_objectives(cycle, editable_objectives(person))
                              .filter(wizard.level_q(level)))
        if not mine:
            continue
        continued = set(Objective.objects.filter(cycle=next_cycle, continued_from__in=[o.pk for o in mine])
                        .values_list("continued_from_id", flat=True))
        above = wizard.ABOVE.get(level)
        drafted = (objectives_for(person, Objective.objects.filter(wizard.level_q(above), cycle=next_cycle))
                   if above and next_cycle else [])
        for objective in mine:
            objective.is_continued = objective.pk in continued
            objective.choice_forms = [(kr, KeyResultChoiceForm(prefix=f"kr{kr.pk}")) for kr in objective.krs]
        levels.append((level, wizard.LEVEL_LABELS[level], wizard.LEVEL_LABELS.get(above), drafted, mine))
    return levels


@member_view
def next_cycle_wizard(request, code):
    cycle = cycle_of(request, code)
    next_cycle = _next_cycle(request, cycle)
    if request.method == "POST":
        if next_cycle is None:
            messages.error(request, _("Create the next cycle first."))
            return redirect(request.path)
        try:
            _continue_posted(request, cycle, next_cycle)
        except (AccessDenied, NotFound):
            raise
        except DomainError as error:
            messages.error(request, str(error.message))
        return redirect(f"{request.path}?into={next_cycle.code}")
    retros = [r for r in cycle.retrospectives.select_related("unit").all()
              if services.access.can_edit(request.user, cycle, r.unit)]
    return render(request, "web/retros/next.html", {
        "cycle": cycle, "next_cycle": next_cycle,
        "levels": _wizard_levels(request.user, cycle, next_cycle) if next_cycle else [],
        "retros": retros, "may_close": can_manage_cycles(request.user) and not cycle.is_closed,
    })


# ── closing ────────────────────────────────────────────────────────────────────────────────

def _closing_rows(cycle, posted=None):
    policy = policy_for(cycle.organization_id)
    krs = (KeyResult.objects.filter(objective__cycle=cycle, objective__status__in=LIVE_STATUSES)
           .select_related("objective", "owner")
           .order_by("objective__position", "objective_id", "position", "id"))
    return [(kr, OutcomeForm(posted, prefix=f"kr{kr.pk}",
                             initial={"outcome": closing.default_outcome(kr, policy)})) for kr in krs]


@member_view
def close_cycle_page(request, code):
    cycle = cycle_of(request, code)
    if not can_manage_cycles(request.user):
        raise AccessDenied()
    next_cycle = _next_cycle(request, cycle)
    rows = _closing_rows(cycle, request.POST if request.method == "POST" else None)
    if request.method == "POST" and not cycle.is_closed:
        if all(form.is_valid() for _kr, form in rows):
            decisions = {kr: closing.Decision(form.cleaned_data["outcome"],
                                              reason=form.cleaned_data["reason"],
                                              target_value=form.cleaned_data["target"])
                         for kr, form in rows}
            try:
                closing.close_cycle(request.user, cycle, decisions, next_cycle=next_cycle)
            except (AccessDenied, NotFound):
                raise
            except DomainError as error:
                messages.error(request, str(error.message))
            else:
                messages.success(request, _("{cycle} is closed.").format(cycle=cycle))
                return redirect("cycle", code=cycle.code)
        else:
            messages.error(request, _("Check the outcomes below."))
    return render(request, "web/retros/close.html", {"cycle": cycle, "next_cycle": next_cycle, "rows": rows})
