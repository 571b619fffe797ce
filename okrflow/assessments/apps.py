from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    """Self-assessment (自评), the manager's review, and the review sheet kept apart for HR."""

    name = "okrflow.assessments"
    verbose_name = _("Self-assessments")
