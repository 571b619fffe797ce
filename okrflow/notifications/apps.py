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
        from okrflow.notifications import receivers_consensus as consensus

        events.objective_proposed.connect(consensus.tell_the_manager_of_a_proposal,
                                          dispatch_uid="notifications.proposed")
        events.objective_sent_back.connect(consensus.tell_the_owner_it_was_sent_back,
                                           dispatch_uid="notifications.sent_back")
        events.objective_agreed.connect(consensus.tell_the_owner_it_was_agreed,
                                        dispatch_uid="notifications.agreed")
        from okrflow.notifications import receivers_celebrate
        events.kudos_given.connect(receivers_celebrate.notify_kudos_recipient,
                                   dispatch_uid="notifications.kudos")
        from okrflow.notifications import receivers_assess
        events.self_assessment_submitted.connect(receivers_assess.notify_manager_of_submission,
                                                 dispatch_uid="notifications.self_assessment_submitted")
        events.self_assessment_reviewed.connect(receivers_assess.notify_person_of_review,
                                                dispatch_uid="notifications.self_assessment_reviewed")
        from okrflow.notifications import receivers_changes
        events.change_request_decided.connect(receivers_changes.tell_the_requester,
                                              dispatch_uid="notifications.change_request_decided")
