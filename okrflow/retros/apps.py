from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrosConfig(AppConfig):
    """Reflect (反思) and update (更新): retrospectives, improvements, the next-cycle wizard, closing."""

    name = "okrflow.retros"
    verbose_name = _("Retrospectives")
