"""Forms of the celebrate step: celebrations, reward tiers, kudos, suggestions, mission and vision.

They only parse; the services (okrflow/celebrations, okrflow/suggestions, okrflow/org) decide.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from okrflow.celebrations.models import CelebrationLevel
from okrflow.okrs.scoring import GRADE_LABELS, GRADES
from okrflow.web.forms import BootstrapMixin, UnitChoiceField


class MissionForm(BootstrapMixin, forms.Form):
    mission = forms.CharField(label=_("Mission"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Why the company exists: the purpose its OKRs serve."))
    vision = forms.CharField(label=_("Vision (3–5 years)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Where the company wants to be in three to five years."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class SuggestionForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Objective the company needs"), max_length=200)
    why = forms.CharField(label=_("Why"), required=False, max_length=2000,
                          widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class KudosForm(BootstrapMixin, forms.Form):
    """Recipient and target are chosen among the objective's people and key results."""

    recipient = forms.TypedChoiceField(label=_("To"), coerce=int)
    target = forms.ChoiceField(label=_("For"))
    message = forms.CharField(label=_("Message"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, people, objective, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = [(p.pk, p.name) for p in people]
        targets = [("objective", _("The objective"))]
        targets += [(f"kr-{kr.pk}", f"KR{n} · {kr.title}") for n, kr in enumerate(objective.krs, start=1)]
        self.fields["target"].choices = targets
        self.style_fields()


class RewardTiersForm(BootstrapMixin, forms.Form):
    """One name and description per grade, best first."""

    def __init__(self, tiers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        by_grade = {t.min_grade: t for t in tiers}
        for grade in reversed(GRADES):
            tier = by_grade.get(grade)
            label = GRADE_LABELS[grade]["label"]
            self.fields[f"{grade}-name"] = forms.CharField(
                label=label, required=False, max_length=120, initial=tier.name if tier else "")
            self.fields[f"{grade}-description"] = forms.CharField(
                label=_("What it means"), required=False, max_length=1000,
                initial=tier.description if tier else "")
        self.style_fields()

    def tiers(self) -> dict:
        return {grade: (self.cleaned_data[f"{grade}-name"], self.cleaned_data[f"{grade}-description"])
                for grade in GRADES}


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, objective):
        return f"{objective.title} · {objective.owner}"


class KeyResultChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, kr):
        return f"{kr.title} · {kr.objective.title}"


class CelebrationForm(BootstrapMixin, forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=CelebrationLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = UnitChoiceField(label=_("Unit"), queryset=None, required=False,
                           help_text=_("Leave empty for a management celebration of the company."))
    objectives = ObjectiveChoiceField(label=_("Objectives celebrated"), queryset=None, required=False)
    key_results = KeyResultChoiceField(label=_("Key results celebrated"), queryset=None, required=False)
    notes = forms.CharField(label=_("Notes on the celebration"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 2}))
    tier_override = forms.ModelChoiceField(label=_("Another reward tier"), queryset=None, required=False,
                                           help_text=_("Only when the computed tier does not fit."))
    override_reason = forms.CharField(label=_("Why another tier"), required=False, max_length=1000)

    def __init__(self, *, units, objectives, key_results, tiers, **kwargs):
        super().__init__(**kwargs)
        self.fields["unit"].queryset = units
        self.fields["objectives"].queryset = objectives
        self.fields["key_results"].queryset = key_results
        self.fields["tier_override"].queryset = tiers
        for name in ("objectives", "key_results"):
            self.fields[name].widget.attrs["size"] = 6
        self.style_fields()


class TierOverrideForm(forms.Form):
    tier_override = forms.ModelChoiceField(queryset=None, required=False)
    override_reason = forms.CharField(required=False, max_length=1000)

    def __init__(self, tiers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier_override"].queryset = tiers
