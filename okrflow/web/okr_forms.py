"""Forms of the OKR pages. They only parse input into service arguments; the services decide.

Domain rules (a weight above zero, a parent in the right cycle, who may own what) are not
repeated here: the services raise DomainError and the view puts the message on the field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.okrs.models import Category, KeyResultKind, Objective, Origin, Visibility
from okrflow.org.models import Person, Unit
from okrflow.web.forms import BootstrapMixin, PersonByEmailField

# Service fields that the forms show under another name.
FIELD_OF = {"owner_unit": "owner", "owner_person": "owner", "parent_objective": "parent",
            "parent_key_result": "parent", "cycle": "__all__"}
MAX_PEOPLE_CHOICES = 300


def owner_choices(actor, rights) -> list:
    """Owners the actor may give an objective to: themselves, the people and units they manage,
    and the company when they run the OKR process (or head it)."""
    org = actor.organization
    units = Unit.objects.for_org(org).order_by("parent_id", "name")
    if not rights.everything:
        units = units.filter(rights.reader.managed_units_q("path"))
    people = Person.objects.for_org(org).filter(is_active=True).exclude(pk=actor.pk)
    if not rights.everything:
        people = people.filter(rights.reader.managed_people_q(""))
    choices = [(f"person:{actor.pk}", _("Me ({name})").format(name=actor.name))]
    unit_choices = []
    for unit in units:
        if unit.parent_id is None:
            choices.insert(0, ("company", _("The company ({name})").format(name=unit.name)))
        else:
            unit_choices.append((f"unit:{unit.pk}", unit.name))
    if unit_choices:
        choices.append((_("Units"), unit_choices))
    person_choices = [(f"person:{p.pk}", p.name) for p in people[:MAX_PEOPLE_CHOICES]]
    if person_choices:
        choices.append((_("People"), person_choices))
    return choices


def owner_key(objective) -> str:
    if objective.owner_person_id:
        return f"person:{objective.owner_person_id}"
    return "company" if objective.owner_unit.parent_id is None else f"unit:{objective.owner_unit_id}"


def parent_key(objective) -> str:
    if objective.parent_key_result_id:
        return f"kr:{objective.parent_key_result_id}"
    return f"objective:{objective.parent_objective_id}" if objective.parent_objective_id else ""


def parent_choices(candidates, exclude_id=None) -> list:
    """Objectives (and their key results, indented) an objective may support."""
    choices = [("", _("— none —"))]
    for objective in candidates:
        if objective.pk == exclude_id:
            continue
        choices.append((f"objective:{objective.pk}", objective.title))
        choices.extend((f"kr:{kr.pk}", f"\u2003↳ KR: {kr.title}")
                       for kr in objective.key_results.all())
    return choices


class ObjectiveForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=200,
                            help_text=_("Qualitative and inspiring: where do we want to go?"))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ChoiceField(label=_("Owner"))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(), required=False,
                                      empty_label=_("— none —"))
    origin = forms.ChoiceField(label=_("Origin"), choices=Origin.choices, initial=Origin.BOTTOM_UP)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices,
                                   initial=Visibility.PUBLIC)
    parent = forms.ChoiceField(
        label=_("Supports"), required=False,
        help_text=_("The objective or key result one level up that this one helps reach."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, rights, parents, objective=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = actor.organization
        self.fields["owner"].choices = owner_choices(actor, rights)
        if objective is not None and owner_key(objective) not in self._flat("owner"):
            self.fields["owner"].choices.append((owner_key(objective), str(objective.owner)))
        self.fields["category"].queryset = Category.objects.for_org(actor.organization)
        self.fields["parent"].choices = parent_choices(parents, exclude_id=getattr(objective, "pk", None))
        self.style_fields()

    def _flat(self, name) -> set:
        keys = set()
        for key, label in self.fields[name].choices:
            keys.update(k for k, _label in label) if isinstance(label, list) else keys.add(key)
        return keys

    def service_arguments(self) -> dict:
        """Cleaned input as keyword arguments of create_objective / update_objective."""
        data = self.cleaned_data
        names = ("title", "description", "category", "origin", "visibility")
        arguments = {name: data[name] for name in names}
        arguments.update(self._owner(data["owner"]))
        arguments.update(self._parent(data.get("parent") or ""))
        return arguments

    def _owner(self, key) -> dict:
        kind, _sep, pk = key.partition(":")
        if kind == "company":
            return {"owner_unit": self.organization.root_unit(), "owner_person": None}
        if kind == "unit":
            return {"owner_unit": Unit.objects.for_org(self.organization).get(pk=pk), "owner_person": None}
        return {"owner_person": Person.objects.for_org(self.organization).get(pk=pk), "owner_unit": None}

    def _parent(self, key) -> dict:
        from okrflow.okrs.models import KeyResult

        kind, _sep, pk = key.partition(":")
        if kind == "kr":
            kr = KeyResult.objects.for_org(self.organization).get(pk=pk)
            return {"parent_key_result": kr, "parent_objective": None}
        if kind == "objective":
            parent = Objective.objects.for_org(self.organization).get(pk=pk)
            return {"parent_objective": parent, "parent_key_result": None}
        return {"parent_objective": None, "parent_key_result": None}


def objective_initial(objective) -> dict:
    return {"title": objective.title, "description": objective.description, "owner": owner_key(objective),
            "category": objective.category_id, "origin": objective.origin,
            "visibility": objective.visibility, "parent": parent_key(objective),
            "version": objective.version}


class KeyResultForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Key result"), max_length=200,
                            help_text=_("Verb + metric + target, e.g. “raise NPS from 30 to 45”."))
    kind = forms.ChoiceField(label=_("Kind"), choices=KeyResultKind.choices)
    # Numbers stay text here: the service parses them and names the field at fault.
    start_value = forms.CharField(label=_("Start value"), initial="0")
    target_value = forms.CharField(label=_("Target value"))
    unit = forms.CharField(label=_("Unit of measure"), max_length=20, required=False)
    weight = forms.CharField(label=_("Weight"), initial="1")
    owner = PersonByEmailField(label=_("Owner (email)"))
    due_date = forms.DateField(label=_("Due date"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].organization = actor.organization
        self.style_fields()

    def service_arguments(self) -> dict:
        return {name: self.cleaned_data[name] for name in
                ("title", "kind", "start_value", "target_value", "unit", "weight", "owner", "due_date")}


def key_result_initial(kr) -> dict:
    return {"title": kr.title, "kind": kr.kind, "start_value": _plain(kr.start_value),
            "target_value": _plain(kr.target_value), "unit": kr.unit, "weight": _plain(kr.weight),
            "owner": kr.owner, "due_date": kr.due_date, "version": kr.version}


def _plain(number) -> str:
    """4.5000 → "4.5", 100.0000 → "100": what a person would have typed."""
    text = format(number.normalize(), "f")
    return text


class CheckInForm(BootstrapMixin, forms.Form):
    value = forms.CharField(label=_("Value"))
    confidence = forms.CharField(label=_("Confidence (0-100)"), required=False,
                                 widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}))
    note = forms.CharField(label=_("Note"), required=False, widget=forms.TextInput(
        attrs={"placeholder": _("What changed?")}))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.style_fields()
