"""Django admin, scoped: an organization's staff see and change only their own rows.

Install-wide superusers (the operators) see everything.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from okrflow.actors import SYSTEM
from okrflow.audit import log
from okrflow.audit.models import AuditEntry
from okrflow.errors import DomainError
from okrflow.org import services
from okrflow.org.models import ApiToken, Organization, Person, Role, Unit, normalize_email
from okrflow.org.services import check_manager, check_person_change, check_unit_parent


def _is_admin(request) -> bool:
    user = request.user
    return user.is_active and user.is_staff and user.is_org_admin


class RuleCheckedForm(forms.ModelForm):
    """Runs the services' rule check on the edited object, so the admin cannot break a rule."""

    def check_rules(self, obj) -> None:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        obj = copy.copy(self.instance)
        for name, value in cleaned.items():
            if hasattr(obj, name) and name in self.changed_data:
                setattr(obj, name, value)
        try:
            self.check_rules(obj)
        except DomainError as error:
            message = {error.field: error.message} if error.field else error.message
            raise forms.ValidationError(message) from None
        return cleaned


class TenantAdmin(admin.ModelAdmin):
    """Organization admins manage their own organization's rows; every save is audited."""

    def has_module_permission(self, request):
        return _is_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)

    def has_add_permission(self, request):
        return _is_admin(request)

    def has_change_permission(self, request, obj=None):
        return _is_admin(request)

    def has_delete_permission(self, request, obj=None):
        return _is_admin(request)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(organization=request.user.organization)

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded if request.user.is_superuser else [*excluded, "organization"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.remote_field.model
        if not request.user.is_superuser and any(f.name == "organization" for f in model._meta.fields):
            kwargs["queryset"] = model._default_manager.filter(organization=request.user.organization)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change and not request.user.is_superuser:
            obj.organization = request.user.organization
        super().save_model(request, obj, form, change)
        changes = {name: [None, str(form.cleaned_data.get(name))] for name in form.changed_data
                   if name not in ("password", "password1", "password2")}
        log.record(obj, "admin.change" if change else "admin.add", actor=request.user, changes=changes)

    def delete_model(self, request, obj):
        log.record(obj, "admin.delete", actor=request.user)
        super().delete_model(request, obj)


class PersonCreationForm(BaseUserCreationForm):
    class Meta:
        model = Person
        fields = ["email", "name", "unit", "role"]

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if Person.objects.filter(email=email).exists():
            raise forms.ValidationError(_("Someone with this email already exists."))
        return email


class PersonChangeForm(UserChangeForm, RuleCheckedForm):
    """Shows the services' refusals on the form; PersonAdmin.save_model then stores the change
    through services.update_person, which checks the same rules again under its locks."""

    actor = None  # set per request by PersonAdmin.get_form

    class Meta:
        model = Person
        fields = ["email", "password", "name", "title", "unit", "manager", "role", "is_backup_champion",
                  "language", "is_active", "is_staff"]

    def check_rules(self, person):
        check_manager(person, person.manager)
        before = Person.objects.get(pk=self.instance.pk)
        check_person_change(self.actor, before, person)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class UnitAdminForm(RuleCheckedForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "parent", "head", "position"]

    def check_rules(self, unit):
        was_root = self.instance.pk is not None and self.instance.parent_id is None
        check_unit_parent(unit, unit.parent, was_root=was_root)


@admin.register(Unit)
class UnitAdmin(TenantAdmin):
    form = UnitAdminForm
    list_display = ["code", "name", "parent", "head"]
    search_fields = ["code", "name"]

    def save_model(self, request, obj, form, change):
        # Through the services, like every other door: the rules, the tree paths, the audit.
        actor = _actor(request, obj)
        if change:
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            saved = services.update_unit(actor, Unit.objects.get(pk=obj.pk), **changes)
        else:
            organization = obj.organization if request.user.is_superuser else request.user.organization
            saved = services.create_unit(actor, organization, **{
                name: form.cleaned_data.get(name) for name in ("code", "name", "parent", "head", "position")})
        obj.pk, obj.path = saved.pk, saved.path


@admin.register(Person)
class PersonAdmin(TenantAdmin, UserAdmin):
    ordering = ["name"]
    list_display = ["email", "name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password", "name", "title"]}),
        ("", {"fields": ["unit", "manager", "role", "is_backup_champion", "language"]}),
        ("", {"fields": ["is_active", "is_staff"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "name", "unit", "role", "password1", "password2"]})]
    add_form = PersonCreationForm
    form = PersonChangeForm
    filter_horizontal = []

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None:
            form = type(form.__name__, (form,), {"actor": _actor(request, obj)})
        return form

    def get_actions(self, request):
        # Deleting several people at once could take every administrator with them; people leave
        # one at a time (or, as a rule, are deactivated).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and services.is_last_admin(obj))

    def changeform_view(self, request, *args, **kwargs):
        return self._refusing_cleanly(super().changeform_view, request, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusing_cleanly(super().delete_view, request, *args, **kwargs)

    def _refusing_cleanly(self, view, request, *args, **kwargs):
        # The form and the delete permission show a refusal up front; this catches the one the
        # service finds under its lock when a concurrent change slipped in between (the admin's
        # transaction is then rolled back): a message, not a 500.
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            self.message_user(request, error.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change:  # through the service, like every other door: rules, path, audit
            organization = obj.organization if request.user.is_superuser else request.user.organization
            saved = services.create_person(
                _actor(request, obj), organization, email=form.cleaned_data["email"],
                name=form.cleaned_data["name"], unit=form.cleaned_data.get("unit"),
                role=form.cleaned_data.get("role") or Role.MEMBER,
                password=form.cleaned_data.get("password1"))
            obj.pk, obj.password, obj.manager_path = saved.pk, saved.password, saved.manager_path
            obj._state.adding = False
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "password"}
        services.update_person(_actor(request, obj), Person.objects.get(pk=obj.pk), **changes)

    def delete_model(self, request, obj):
        services.delete_person(_actor(request, obj), obj)


def _actor(request, person):
    """The acting person for the services; an install superuser working on another organization
    acts as the operator (the services' console actor), the only one allowed across tenants."""
    user = request.user
    return SYSTEM if user.is_superuser and user.organization_id != person.organization_id else user


@admin.register(ApiToken)
class ApiTokenAdmin(TenantAdmin):
    list_display = ["hint", "person", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["hint", "created_at", "last_used_at"]


@admin.register(AuditEntry)
class AuditEntryAdmin(TenantAdmin):
    """The audit history, read-only. Registered here rather than in okrflow/audit: the audit app
    sits below org in the apps' layering and cannot use TenantAdmin."""

    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
