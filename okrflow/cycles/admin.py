from django.contrib import admin

from okrflow.cycles.models import Cycle
from okrflow.cycles.rules import check_cycle
from okrflow.org.admin import RuleCheckedForm, TenantAdmin


class CycleAdminForm(RuleCheckedForm):
    class Meta:
        model = Cycle
        fields = ["code", "name", "kind", "start_date", "end_date", "parent"]

    def check_rules(self, cycle):
        check_cycle(kind=cycle.kind, start_date=cycle.start_date, end_date=cycle.end_date,
                    parent=cycle.parent)


@admin.register(Cycle)
class CycleAdmin(TenantAdmin):
    form = CycleAdminForm
    list_display = ["code", "name", "kind", "start_date", "end_date", "parent"]
    list_filter = ["kind"]
