"""What comes out of a meeting (brief D): promotion to drafts, the claim panel, minutes with
decisions and action items, feedback."""

from django.urls import path

from okrflow.web.views import workshop_outcomes as views

urlpatterns = [
    path("workshops/<int:pk>/promote/", views.workshop_promote, name="workshop_promote"),
    path("workshops/<int:pk>/room/panels/claim/", views.workshop_claim_panel, name="workshop_claim_panel"),
    path("workshops/<int:pk>/claims/<int:claim_id>/withdraw/", views.workshop_claim_withdraw,
         name="workshop_claim_withdraw"),
    path("workshops/<int:pk>/minutes/", views.workshop_minutes, name="workshop_minutes"),
    path("workshops/<int:pk>/minutes/send/", views.workshop_minutes_send, name="workshop_minutes_send"),
    path("workshops/<int:pk>/decisions/", views.workshop_decision_add, name="workshop_decision_add"),
    path("workshops/<int:pk>/actions/", views.workshop_action_add, name="workshop_action_add"),
    path("workshops/<int:pk>/feedback/", views.workshop_feedback, name="workshop_feedback"),
    path("workshops/<int:pk>/feedback/summary/", views.workshop_feedback_summary,
         name="workshop_feedback_summary"),
]
