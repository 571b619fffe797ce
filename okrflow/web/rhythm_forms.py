"""Forms of the execution rhythm pages. They only parse input; the services decide and store."""

from django import forms
from django.utils.translation import gettext_lazy as _

from okrflow.meetings.models import ActionStatus
from okrflow.web.forms import BootstrapMixin, PersonByEmailField


class WeeklyRowForm(BootstrapMixin, forms.Form):
    """One key result's line of the weekly check-in (prefix "kr<id>"). An empty value skips it."""

    value = forms.DecimalField(label=_("Value"), required=False, max_digits=20, decimal_places=6,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    confidence = forms.IntegerField(label=_("Confidence (%)"), required=False, min_value=0, max_value=100,
                                    widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}))
    note = forms.CharField(label=_("Status note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2,
                                                        "placeholder": _("What moved this week?")}))
    blockers = forms.CharField(label=_("Blockers"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 2,
                                                            "placeholder": _("What is in the way?")}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    @property
    def skipped(self) -> bool:
        return self.is_valid() and self.cleaned_data["value"] is None


class StandupForm(BootstrapMixin, forms.Form):
    yesterday = forms.CharField(label=_("Yesterday's progress"), required=False, max_length=4000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    today = forms.CharField(label=_("Today's plan"), required=False, max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    blockers = forms.CharField(label=_("Blockers"), required=False, max_length=4000,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Name them only; they are taken out of the meeting "
                                           "as follow-ups."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class FollowUpForm(BootstrapMixin, forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)

    def __init__(self, people, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.style_fields()


class ActionItemForm(BootstrapMixin, forms.Form):
    """A task under a key result with the 5W2H fields."""

    key_result = forms.ModelChoiceField(label=_("Key result"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    what = forms.CharField(label=_("What"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    why = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    who = forms.CharField(label=_("Who"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    when = forms.CharField(label=_("When"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    where = forms.CharField(label=_("Where"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    how = forms.CharField(label=_("How"), required=False, widget=forms.Textarea(attrs={"rows": 1}))
    how_much = forms.CharField(label=_("How much"), required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def __init__(self, key_results, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_result"].queryset = key_results
        self.style_fields()


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    version = forms.IntegerField(required=False)


class MeetingNotesForm(BootstrapMixin, forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class DecisionForm(BootstrapMixin, forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonByEmailField(label=_("Owner (email)"))
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].organization = organization
        self.style_fields()
