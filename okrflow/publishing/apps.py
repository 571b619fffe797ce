from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Publish (发布): the cycle's publication, every person's digest, the OKR book."""

    name = "okrflow.publishing"
    verbose_name = _("Publishing")
