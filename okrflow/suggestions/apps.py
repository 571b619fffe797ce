from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """The suggestion box for the company's objectives."""

    name = "okrflow.suggestions"
    verbose_name = _("Suggestions")
