from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    """Publish (发布): the cycle's publication, every person's digest, the OKR book."""

    name = "okrflow.publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from okrflow.notifications.channels import email
        from okrflow.publishing import digest

        # The digest's mail is written by publishing; notifications sends, retries and logs it.
        email.register_renderer(digest.KIND, digest.render)
