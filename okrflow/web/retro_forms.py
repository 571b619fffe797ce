"""Forms of the retrospective, next-cycle and closing pages. They only parse input; the services
(okrflow/retros) decide and store."""

from django import forms
from django.utils.translation import gettext_lazy as _

from okrflow.retros.models import Outcome, Prompt
from okrflow.web.forms import BootstrapMixin, PersonByEmailField

TEXT = {"max_length": 20000, "required": False}


class RetroForm(BootstrapMixin, forms.Form):
    """What went well, what did not, the causes, and one answer per prompt of the checklist."""

    went_well = forms.CharField(label=_("What went well"), widget=forms.Textarea(attrs={"rows": 3}), **TEXT)
    went_badly = forms.CharField(label=_("What did not go well"), widget=forms.Textarea(attrs={"rows": 3}),
                                 **TEXT)
    causes = forms.CharField(label=_("Causes"), widget=forms.Textarea(attrs={"rows": 3}), **TEXT)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prompt in Prompt:
            self.fields[f"answer_{prompt.value}"] = forms.CharField(
                label=prompt.label, widget=forms.Textarea(attrs={"rows": 2}), **TEXT)
        self.style_fields()

    def answer_fields(self):
        return [self[f"answer_{prompt.value}"] for prompt in Prompt]

    def answers(self) -> dict:
        return {prompt.value: self.cleaned_data[f"answer_{prompt.value}"] for prompt in Prompt}


class ImprovementForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Improvement"), max_length=200)
    owner = PersonByEmailField(label=_("Owner (email)"), required=True)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].organization = organization
        self.style_fields()


class CarryImprovementsForm(BootstrapMixin, forms.Form):
    key_result = forms.ModelChoiceField(label=_("Key result of the next cycle"), queryset=None,
                                        help_text=_("Each improvement becomes one of its action items."))

    def __init__(self, key_results, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_result"].queryset = key_results
        self.fields["key_result"].label_from_instance = lambda kr: f"{kr.objective.title} · {kr.title}"
        self.style_fields()


KR_CHOICES = [
    ("skip", _("Leave it")),
    ("copy", _("Copy afresh")),
    ("carry", _("Carry over from its last value")),
    ("carry_target", _("Carry over: old start, new target")),
]


class KeyResultChoiceForm(BootstrapMixin, forms.Form):
    """What the next cycle makes of one key result of a continued objective (prefix "kr<id>")."""

    choice = forms.ChoiceField(label=_("In the next cycle"), choices=KR_CHOICES, initial="skip")
    reason = forms.CharField(label=_("Reason for carrying over"), required=False, max_length=2000)
    target = forms.DecimalField(label=_("New target"), required=False, max_digits=20, decimal_places=4,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class OutcomeForm(BootstrapMixin, forms.Form):
    """What closing makes of one key result (prefix "kr<id>")."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    reason = forms.CharField(label=_("Reason for carrying over"), required=False, max_length=2000)
    target = forms.DecimalField(label=_("New target"), required=False, max_digits=20, decimal_places=4,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
