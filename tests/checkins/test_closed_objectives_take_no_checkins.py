"""A closed cycle is an archive (issue 9, Update): its key results take no new check-in and lose
none, through the service every door calls; a published one goes on taking them."""

import datetime

import pytest

from okrflow.actors import SYSTEM
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import delete_checkin, record_checkin
from okrflow.errors import DomainError
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus
from okrflow.retros.closing import close_cycle
from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_kr(org, admin, bob):
    today = datetime.date.today()
    # Ended three days ago: still inside the check-in grace after a cycle's end.
    cycle = make_cycle(org, code="LAST", start=today - datetime.timedelta(days=90),
                       end=today - datetime.timedelta(days=3))
    kr = make_key_result(make_objective(cycle, owner=bob), start=0, target=10, owner=bob)
    make_checkin(kr, 4, date=today - datetime.timedelta(days=10))
    close_cycle(admin, cycle)
    kr.refresh_from_db()
    assert kr.objective.status == ObjectiveStatus.CLOSED
    return kr


def test_a_closed_objectives_key_result_refuses_a_new_checkin(closed_kr, bob):
    with pytest.raises(DomainError) as refused:
        record_checkin(bob, closed_kr, value=9, date=datetime.date.today() - datetime.timedelta(days=4))
    assert refused.value.code == "locked" and refused.value.field == "value"
    assert "closed cycle" in str(refused.value.message)
    assert CheckIn.objects.filter(key_result=closed_kr).count() == 1
    assert KeyResult.objects.get(pk=closed_kr.pk).current_value == 4


def test_a_closed_objectives_checkin_cannot_be_deleted(closed_kr):
    with pytest.raises(DomainError) as refused:
        delete_checkin(SYSTEM, closed_kr.checkins.get())
    assert refused.value.code == "locked"
    assert CheckIn.objects.filter(key_result=closed_kr).count() == 1


def test_a_published_key_result_still_takes_checkins(q1, bob):
    kr = make_key_result(make_objective(q1, owner=bob), owner=bob)
    Objective.objects.filter(pk=kr.objective_id).update(status=ObjectiveStatus.PUBLISHED)
    record_checkin(bob, kr, value=5, date=datetime.date(2026, 2, 2))
    assert KeyResult.objects.get(pk=kr.pk).current_value == 5
