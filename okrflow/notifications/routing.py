"""Who hears about what, how, and in which language: preferences with their defaults, the chat
endpoints that serve a person's unit, and the recipient's language."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation

from okrflow.notifications.models import NotificationPreference, WebhookEndpoint
from okrflow.org import tree
from okrflow.org.models import Unit


def language_of(person) -> str:
    return person.language or settings.LANGUAGE_CODE


@contextmanager
def speaking_to(person):
    """Build a message inside this block and it comes out in the person's language."""
    with translation.override(language_of(person)):
        yield


def channels_for(person, kind) -> dict:
    """{"in_app": bool, "email": bool, "chat": bool} for one person and kind of notice."""
    preference = NotificationPreference.objects.filter(person=person, kind=kind).first()
    if preference is not None:
        return preference.channels
    return dict(NotificationPreference.DEFAULT_CHANNELS[kind])


def all_channels(person) -> dict:
    """{kind: channels} for every kind of notice, in one query (the preferences form)."""
    chosen = {p.kind: p.channels for p in NotificationPreference.objects.filter(person=person)}
    return {kind: chosen.get(kind, dict(defaults)) for kind, defaults in
            NotificationPreference.DEFAULT_CHANNELS.items()}


def opted_out(organization, kind) -> set:
    """Ids of the people who turned every channel off for this kind (one query)."""
    return set(
        NotificationPreference.objects.for_org(organization)
        .filter(kind=kind, in_app=False, email=False, chat=False)
        .values_list("person_id", flat=True)
    )


def endpoints_for(organization, unit_id) -> list:
    """The active chat endpoints of the unit or its nearest ancestor that has some (the ids in its
    tree path); else the organization-wide ones. Two small queries."""
    by_unit = {}
    for endpoint in WebhookEndpoint.objects.for_org(organization).filter(active=True):
        by_unit.setdefault(endpoint.unit_id, []).append(endpoint)
    if unit_id is not None and set(by_unit) - {None}:
        path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or ""
        for ancestor in reversed(tree.path_ids(path)):  # nearest first
            if ancestor in by_unit:
                return by_unit[ancestor]
    return by_unit.get(None, [])


def absolute_link(link: str) -> str:
    """Mail and chat need full addresses; OKRFLOW_BASE_URL (e.g. https://okr.example.com) is
    prefixed to site-relative links when it is configured."""
    base = getattr(settings, "OKRFLOW_BASE_URL", "").rstrip("/")
    return base + link if link.startswith("/") and base else link
