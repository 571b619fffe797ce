"""A published quarter for the self-assessment tests: bob's objective with two key results
(0 → 10, checked in at 6 and at 2), a private one of alice, and carol's in sales."""

import pytest
from django.utils import timezone

from okrflow.cycles.models import Cycle
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.org.models import Role
from tests.api.conftest import api_as  # noqa: F401 (the API tests' fixture)
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective


def publish(cycle):
    """The cycle as publishing leaves it (the publish service is another step's)."""
    Cycle.objects.filter(pk=cycle.pk).update(published_at=timezone.now())
    agreed = Objective.objects.filter(cycle=cycle, status=ObjectiveStatus.AGREED)
    agreed.update(status=ObjectiveStatus.PUBLISHED)
    cycle.refresh_from_db()
    return cycle


@pytest.fixture
def hr(org):
    return make_person(org, email="hr@acme.test", name="Helen HR", unit=org.root_unit(), role=Role.HR)


@pytest.fixture
def dave(org, tech, alice):
    """bob's colleague in tech (same manager)."""
    return make_person(org, email="dave@acme.test", name="Dave 赵", unit=tech, manager=alice)


@pytest.fixture
def bobs_objective(q1, bob):
    return make_objective(q1, owner=bob, title="Make the platform reliable")


@pytest.fixture
def kr(bobs_objective, bob):
    kr = make_key_result(bobs_objective, start=0, target=10, owner=bob, title="Cut incidents to 10")
    make_checkin(kr, 6, author=bob)
    return kr


@pytest.fixture
def kr2(bobs_objective, bob):
    kr = make_key_result(bobs_objective, start=0, target=10, owner=bob, title="Ship 10 runbooks")
    make_checkin(kr, 2, author=bob)
    return kr


@pytest.fixture
def published(q1, kr, kr2):
    return publish(q1)
