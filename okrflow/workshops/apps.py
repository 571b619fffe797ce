from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    """Workshops and meetings run live: timed agendas, team co-creation, votes, department claims,
    and the drafts, decisions, action items and minutes that come out of the room."""

    name = "okrflow.workshops"
    verbose_name = _("Workshops")

    def ready(self):
        from okrflow.notifications.channels import email
        from okrflow.workshops import minutes

        # The minutes' mail is written here; notifications sends, retries and logs it.
        email.register_renderer(minutes.KIND, minutes.render)
