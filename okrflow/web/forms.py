"""Forms of the web shell. They only parse input; the services decide and store."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from okrflow.cycles.models import Cycle, CycleKind
from okrflow.org.models import Person, Role, Unit, normalize_email


class BootstrapMixin:
    """Bootstrap classes on every widget, and `is-invalid` where a field has an error."""

    def style_fields(self):
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if self._errors and name in self._errors:
                css += " is-invalid"
                widget.attrs["aria-describedby"] = f"{self.prefix or 'id'}_{name}_errors"
            widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()
        self.style_fields()

    def add_domain_error(self, error):
        """Show a service's DomainError on the field it names, else above the form."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))
        self.style_fields()


class LoginForm(BootstrapMixin, AuthenticationForm):
    """The field stays named `username`: django-axes counts failures per that value."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Email")
        # AuthenticationForm sets max_length after the field is built, so nothing enforces it:
        # a longer "email" reached django-axes, whose varchar(255) made PostgreSQL answer 500.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "autofocus": True, "placeholder": "name@company.com"})
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.style_fields()


class PersonByEmailField(forms.CharField):
    """A person of the organization, typed by email: scales to orgs far beyond a select box."""

    def __init__(self, organization=None, **kwargs):
        self.organization = organization
        kwargs.setdefault("widget", forms.EmailInput)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.email if isinstance(value, Person) else value

    def to_python(self, value):
        text = super().to_python(value)
        self.run_validators(text)  # a NUL byte (refused by CharField) must not reach PostgreSQL's lookup
        email = normalize_email(text)
        if not email:
            return None
        person = Person.objects.for_org(self.organization).filter(email=email).first()
        if person is None:
            raise forms.ValidationError(_("No one with this email works in your organization."))
        return person


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class UnitForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40,
                           help_text=_("A short, stable identifier such as TECH or SALES-E."))
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = UnitChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    head = PersonByEmailField(label=_("Head (email)"))

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.for_org(organization)
        self.fields["head"].organization = organization
        self.style_fields()


SWEEPING_ROLES = (Role.ADMIN, Role.CHAMPION)


class PersonForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    name = forms.CharField(label=_("Name"), max_length=120)
    title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    manager = PersonByEmailField(label=_("Manager (email)"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    is_backup_champion = forms.BooleanField(label=_("Backup OKR champion"), required=False)
    password = forms.CharField(
        label=_("Initial password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Optional. At least 10 characters; the person can change it later."),
    )

    def __init__(self, organization, *args, editing=False, by_admin=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.for_org(organization)
        if not by_admin:
            # HR manages people, not the rights over every OKR, nor their passwords
            # (org.services decides; the form only leaves out what would be refused).
            self.fields["role"].choices = [c for c in Role.choices if c[0] not in SWEEPING_ROLES]
            del self.fields["is_backup_champion"]
        self.fields["manager"].organization = organization
        if editing or not by_admin:
            del self.fields["password"]
        self.style_fields()


class OwnPasswordForm(BootstrapMixin, PasswordChangeForm):
    """Django's change-password form: the current password, the new one twice, the settings'
    password validators. The view stores it through org.services.set_password, never form.save()."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.style_fields()


class CycleForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("For example 2026-Q1."))
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=CycleKind.choices)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    parent = forms.ModelChoiceField(label=_("Parent cycle"), queryset=Cycle.objects.none(),
                                    required=False)

    def __init__(self, organization, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Cycle.objects.for_org(organization)
        for name in ("start_date", "end_date"):
            self.fields[name].widget.format = "%Y-%m-%d"
        self.style_fields()
