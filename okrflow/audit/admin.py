from django.contrib import admin

from okrflow.audit.models import AuditEntry
from okrflow.org.admin import TenantAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(TenantAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
