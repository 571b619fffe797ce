from django.contrib import admin
from django.db import models

from okrflow.notifications.models import (
    CheckinCadence,
    Delivery,
    DeliveryAttempt,
    Notification,
    NotificationPreference,
    WebhookEndpoint,
)
from okrflow.org.admin import TenantAdmin


@admin.register(CheckinCadence)
class CheckinCadenceAdmin(TenantAdmin):
    list_display = ["__str__", "unit", "frequency", "weekday", "time", "time_zone", "standup_time",
                    "summary_weekday"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TenantAdmin):
    list_display = ["name", "platform", "unit", "active", "created_at"]
    list_filter = ["platform", "active"]
    # An address typed without a scheme is taken as https, the only scheme allowed by default.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        # The audit entry lists changed fields with their values: keep the signing secret out.
        if "secret" in form.changed_data:
            form.changed_data.remove("secret")
        super().save_model(request, obj, form, change)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(TenantAdmin):
    list_display = ["person", "kind", "in_app", "email", "chat"]
    list_filter = ["kind"]


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    fields = ["number", "at", "succeeded", "error"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Delivery)
class DeliveryAdmin(TenantAdmin):
    """The delivery log, read-only: what was sent where, and every failed attempt."""

    list_display = ["notification", "channel", "endpoint", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
    readonly_fields = ["notification", "channel", "endpoint", "status", "attempts", "last_error",
                       "next_attempt_at", "sent_at", "created_at"]
    inlines = [DeliveryAttemptInline]

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(TenantAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    readonly_fields = ["recipient", "actor", "kind", "title", "body", "link", "in_app", "dedupe_key",
                       "created_at", "read_at"]

    def has_add_permission(self, request):
        return False
