from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running an install: the server, the worker, admins, tokens and the demo."""

    name = "okrflow.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self):
        from okrflow.ops import checks  # noqa: F401  (registers the system checks)
