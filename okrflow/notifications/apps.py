from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "okrflow.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from okrflow import events
        from okrflow.notifications import receivers

        events.comment_posted.connect(receivers.notify_the_mentioned, dispatch_uid="notifications.mentions")
        from okrflow.notifications import receivers_celebrate
        events.kudos_given.connect(receivers_celebrate.notify_kudos_recipient,
                                   dispatch_uid="notifications.kudos")
        from okrflow.notifications import receivers_assess
        events.self_assessment_submitted.connect(receivers_assess.notify_manager_of_submission,
                                                 dispatch_uid="notifications.self_assessment_submitted")
        events.self_assessment_reviewed.connect(receivers_assess.notify_person_of_review,
                                                dispatch_uid="notifications.self_assessment_reviewed")
