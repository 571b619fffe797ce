from django.contrib import admin

from okrflow.cycles.models import Cycle
from okrflow.org.admin import TenantAdmin


@admin.register(Cycle)
class CycleAdmin(TenantAdmin):
    list_display = ["code", "name", "kind", "start_date", "end_date", "parent"]
    list_filter = ["kind"]
