"""Django admin, scoped: an organization's staff see and change only their own rows.

Install-wide superusers (the operators) see everything.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from okrflow.org.models import ApiToken, Organization, Person, Unit


class TenantAdmin(admin.ModelAdmin):
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


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Unit)
class UnitAdmin(TenantAdmin):
    list_display = ["code", "name", "parent", "head"]
    search_fields = ["code", "name"]


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
    filter_horizontal = []


@admin.register(ApiToken)
class ApiTokenAdmin(TenantAdmin):
    list_display = ["hint", "person", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["hint", "created_at", "last_used_at"]
