"""Forms of the meetings pages (templates, scheduling, guests, seminars). They only parse input;
the services (okrflow/workshops) decide and store."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from okrflow.cycles.models import Cycle
from okrflow.org.models import Person, Unit, normalize_email
from okrflow.web.forms import BootstrapMixin, PersonByEmailField, UnitChoiceField
from okrflow.workshops.models import Kind, Method

MAX_EMAILS = 500
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class PeopleByEmailField(forms.CharField):
    """Several people of the organization, typed as emails (one a line, or separated by commas
    or spaces). A repeated email stays repeated: the service names the person listed twice."""

    widget = forms.Textarea

    def __init__(self, organization=None, **kwargs):
        self.organization = organization
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 20000)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(p.email if isinstance(p, Person) else str(p) for p in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        emails = [normalize_email(e) for e in re.split(r"[\s,;，；]+", text or "") if e.strip()]
        if len(emails) > MAX_EMAILS:
            raise forms.ValidationError(
                _("Name at most {limit} people at once; invite whole units instead.").format(limit=MAX_EMAILS)
            )
        found = {p.email: p for p in Person.objects.for_org(self.organization).filter(email__in=set(emails))}
        unknown = [e for e in dict.fromkeys(emails) if e not in found]
        if unknown:
            raise forms.ValidationError(
                _("No one with this email works in your organization: {emails}").format(
                    emails=", ".join(unknown[:5])
                )
            )
        return [found[e] for e in emails]


class TemplateForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices, initial=Kind.CUSTOM)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class TemplateItemForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=480, initial=10)
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices, initial=Method.TALK)
    owner_label = forms.CharField(label=_("Owner"), max_length=100, required=False)
    questions = forms.CharField(
        label=_("Guiding questions"),
        required=False,
        max_length=4000,
        help_text=_("One question per line."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class DateTimeLocalField(forms.DateTimeField):
    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        kwargs.setdefault(
            "widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
        )
        super().__init__(**kwargs)


class WhenWhereMixin(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = DateTimeLocalField(label=_("Starts"))
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Meeting room 3")}),
    )
    video_link = forms.CharField(
        label=_("Video link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    guests_allowed = forms.BooleanField(
        label=_("Guests may join with the code"),
        required=False,
        help_text=_("People without an account join this meeting only, with its code or QR code and a name."),
    )
    registration_open = forms.BooleanField(
        label=_("Open for registration"),
        required=False,
        help_text=_("Anyone of the organization may register (seminars)."),
    )


class ScheduleForm(BootstrapMixin, WhenWhereMixin):
    template = forms.ModelChoiceField(label=_("Template"), queryset=None, empty_label=None)
    facilitator = PersonByEmailField(label=_("Facilitator (email)"), required=True)
    participants = PeopleByEmailField(
        label=_("Participants (emails)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One email a line, or separated by commas."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Whole units"),
        queryset=None,
        required=False,
        help_text=_("Everyone in the unit and below it is invited."),
    )
    observers = PeopleByEmailField(
        label=_("Observers (emails)"),
        widget=forms.Textarea(attrs={"rows": 1}),
        help_text=_("They watch and speak last, e.g. the CEO at a co-creation."),
    )
    cycle = forms.ModelChoiceField(label=_("Cycle the results are for"), queryset=None, required=False)
    unit = UnitChoiceField(
        label=_("Unit that owns the results"),
        queryset=None,
        required=False,
        help_text=_("The company: the root unit."),
    )
    field_order = [
        "template",
        "title",
        "starts_at",
        "place",
        "video_link",
        "facilitator",
        "participants",
        "units",
        "observers",
        "cycle",
        "unit",
        "description",
        "guests_allowed",
        "registration_open",
    ]

    def __init__(self, organization, templates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        units = Unit.objects.for_org(organization)
        self.fields["units"].queryset = units
        self.fields["units"].label_from_instance = lambda u: f"{u.name} ({u.code})"
        self.fields["units"].widget.attrs["size"] = 5
        self.fields["unit"].queryset = units
        self.fields["cycle"].queryset = Cycle.objects.for_org(organization).order_by("-start_date")
        for name in ("facilitator", "participants", "observers"):
            self.fields[name].organization = organization
        self.order_fields(self.field_order)
        self.style_fields()


class EditMeetingForm(BootstrapMixin, WhenWhereMixin):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class InviteForm(BootstrapMixin, forms.Form):
    participants = PeopleByEmailField(
        label=_("Participants (emails)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    observers = PeopleByEmailField(label=_("Observers (emails)"), widget=forms.Textarea(attrs={"rows": 1}))
    units = forms.ModelMultipleChoiceField(label=_("Whole units"), queryset=None, required=False)

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.for_org(organization)
        self.fields["units"].label_from_instance = lambda u: f"{u.name} ({u.code})"
        self.fields["units"].widget.attrs["size"] = 4
        for name in ("participants", "observers"):
            self.fields[name].organization = organization
        self.style_fields()


class GuestNameForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class JoinCodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("Meeting code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "autofocus": True,
                "inputmode": "text",
                "placeholder": "ABCD2345",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()


class MaterialForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(
        label=_("Link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    file = forms.FileField(label=_("or a file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()
