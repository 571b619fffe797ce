"""Helper A's fixtures: the champion, the shipped templates seeded into acme, a scheduled meeting;
the real SMTP server of the notifications tests."""

import datetime

import pytest
from django.utils import timezone

from okrflow.org.models import Role
from okrflow.workshops import agendas, scheduling
from tests.factories import make_person
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)


@pytest.fixture
def champion(org):
    return make_person(
        org, email="champion@acme.test", name="Chen 冠军", unit=org.root_unit(), role=Role.CHAMPION
    )


@pytest.fixture
def templates(org, admin, tech, sales):
    agendas.seed_templates(admin, org, language="en")
    return {t.key: t for t in agendas.templates_for(admin)}


@pytest.fixture
def soon():
    return (timezone.now() + datetime.timedelta(days=3)).replace(microsecond=0)


@pytest.fixture
def schedule(templates, admin, soon, django_capture_on_commit_callbacks):
    """Schedule a meeting from a shipped template (the invitations' job runs on commit)."""

    def make(key="cocreation", *, actor=None, **fields):
        fields.setdefault("title", "Q3 团队共创")
        fields.setdefault("starts_at", soon)
        fields.setdefault("facilitator", admin)
        with django_capture_on_commit_callbacks(execute=True):
            return scheduling.schedule(actor or admin, templates[key], **fields)

    return make
