"""Forms of the cycle page: the seven phases' dates and the pilot units. They only parse input;
okrflow/cycles/services.py decides and stores."""

from django import forms
from django.utils.translation import gettext_lazy as _

from okrflow.cycles import phases
from okrflow.org.models import Unit
from okrflow.web.forms import BootstrapMixin


class PhasesForm(BootstrapMixin, forms.Form):
    """Two dates per phase, named "<phase>-start_date" and "<phase>-end_date"."""

    def __init__(self, dates: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for phase in phases.PHASE_ORDER:
            label = phases.Phase(phase).label
            start, end = dates[phase]
            self.fields[f"{phase}-start_date"] = forms.DateField(
                label=_("{phase}: first day").format(phase=label), initial=start,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
            self.fields[f"{phase}-end_date"] = forms.DateField(
                label=_("{phase}: last day").format(phase=label), initial=end,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
            self.rows.append((phase, label))
        self.style_fields()

    def bound_rows(self):
        return [(phase, label, self[f"{phase}-start_date"], self[f"{phase}-end_date"])
                for phase, label in self.rows]

    def dates(self) -> dict:
        data = self.cleaned_data
        return {phase: (data[f"{phase}-start_date"], data[f"{phase}-end_date"])
                for phase, _label in self.rows}


class PilotForm(BootstrapMixin, forms.Form):
    """The departments a pilot cycle runs in (the units right below the company, and any unit
    the cycle already pilots); none checked: the whole company."""

    pilot_units = forms.ModelMultipleChoiceField(
        label=_("Pilot units"), required=False, queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The seeds recommend one or two willing departments for one full quarter before "
                    "rolling out. Leave all unchecked to run the cycle for the whole company."))

    def __init__(self, cycle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        root = cycle.organization.root_unit()
        chosen = list(cycle.pilot_units.values_list("pk", flat=True))
        self.fields["pilot_units"].queryset = (
            Unit.objects.for_org(cycle.organization_id).filter(parent=root)
            | Unit.objects.for_org(cycle.organization_id).filter(pk__in=chosen)
        ).order_by("name", "id")
        self.fields["pilot_units"].initial = chosen
        self.style_fields()

    def style_fields(self):
        super().style_fields()
        self.fields["pilot_units"].widget.attrs["class"] = "form-check-input"  # boxes, not a text field
