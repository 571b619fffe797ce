from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "okrflow.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from okrflow.web.middleware import note_login_as_touch

        user_logged_in.connect(note_login_as_touch, dispatch_uid="okrflow.web.session_touch")
