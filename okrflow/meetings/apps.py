from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "okrflow.meetings"
    label = "meetings"
    verbose_name = _("Meetings and action plans")
