from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CelebrationsConfig(AppConfig):
    """Celebrate (庆祝): celebrations with reward tiers, and kudos."""

    name = "okrflow.celebrations"
    verbose_name = _("Celebrations")
