"""Meetings (issue 10, brief A): templates, scheduling, a meeting's page, invitations, guests
joining with a code, seminar registration, sign-in and materials."""

from django.urls import path

from okrflow.web.views import workshop_a, workshop_a_guests, workshop_a_templates

urlpatterns = [
    path("workshops/", workshop_a.workshop_list, name="workshops"),
    path("workshops/new/", workshop_a.workshop_new, name="workshop_new"),
    path("workshops/templates/", workshop_a_templates.template_list, name="workshop_templates"),
    path("workshops/templates/seed/", workshop_a_templates.template_seed, name="workshop_templates_seed"),
    path("workshops/templates/<int:pk>/", workshop_a_templates.template_detail, name="workshop_template"),
    path(
        "workshops/templates/<int:pk>/items/",
        workshop_a_templates.template_item_add,
        name="workshop_template_item_add",
    ),
    path(
        "workshops/templates/<int:pk>/items/<int:item_id>/",
        workshop_a_templates.template_item_edit,
        name="workshop_template_item",
    ),
    path(
        "workshops/templates/<int:pk>/items/<int:item_id>/delete/",
        workshop_a_templates.template_item_delete,
        name="workshop_template_item_delete",
    ),
    path(
        "workshops/templates/<int:pk>/reorder/",
        workshop_a_templates.template_reorder,
        name="workshop_template_reorder",
    ),
    path(
        "workshops/templates/<int:pk>/archive/",
        workshop_a_templates.template_archive,
        name="workshop_template_archive",
    ),
    path("workshops/<int:pk>/", workshop_a.workshop_detail, name="workshop_detail"),
    path("workshops/<int:pk>/edit/", workshop_a.workshop_edit, name="workshop_edit"),
    path("workshops/<int:pk>/cancel/", workshop_a.workshop_cancel, name="workshop_cancel"),
    path("workshops/<int:pk>/participants/", workshop_a.workshop_invite, name="workshop_invite"),
    path(
        "workshops/<int:pk>/participants/<int:seat_id>/remove/",
        workshop_a.workshop_remove_participant,
        name="workshop_remove_participant",
    ),
    path("workshops/<int:pk>/invitations/resend/", workshop_a.workshop_resend, name="workshop_resend"),
    path("workshops/<int:pk>/invitation.ics", workshop_a.workshop_ics, name="workshop_ics"),
    path("workshops/<int:pk>/register/", workshop_a_guests.workshop_register, name="workshop_register"),
    path(
        "workshops/<int:pk>/sign-in/",
        workshop_a_guests.workshop_sign_in_screen,
        name="workshop_sign_in_screen",
    ),
    path(
        "workshops/<int:pk>/sign-in/<str:code>/", workshop_a_guests.workshop_sign_in, name="workshop_sign_in"
    ),
    path(
        "workshops/<int:pk>/materials/", workshop_a_guests.workshop_material_add, name="workshop_material_add"
    ),
    path(
        "workshops/<int:pk>/materials/<int:material_id>/",
        workshop_a_guests.workshop_material,
        name="workshop_material",
    ),
    path(
        "workshops/<int:pk>/materials/<int:material_id>/delete/",
        workshop_a_guests.workshop_material_delete,
        name="workshop_material_delete",
    ),
    path("join/", workshop_a_guests.join_entry, name="join"),
    path("join/<str:code>/", workshop_a_guests.join_meeting, name="join_meeting"),
]
