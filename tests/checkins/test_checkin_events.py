"""Recording a check-in sends events.checkin_recorded once the write has committed."""

import datetime

import pytest
from django.db import transaction

from okrflow import events
from okrflow.checkins.services import record_checkin
from tests.listening import listening
from tests.okrs.factories import make_key_result, make_objective

D = datetime.date


class Rollback(Exception):
    pass


@pytest.fixture
def kr(q1, bob):
    return make_key_result(make_objective(q1, owner=bob), start=0, target=10, owner=bob)


def test_a_check_in_is_announced_after_commit_with_whether_it_is_the_latest(kr, bob,
                                                                          django_capture_on_commit_callbacks):
    with listening(events.checkin_recorded) as heard:
        with django_capture_on_commit_callbacks() as pending:
            latest = record_checkin(bob, kr, value=5, date=D(2026, 2, 9))
            older = record_checkin(bob, kr, value=3, date=D(2026, 2, 2))
            assert heard == []  # nothing before the commit
        for callback in pending:
            callback()
    assert [(p["checkin"], p["key_result"].pk, p["actor"], p["is_latest"]) for p in heard] == [
        (latest, kr.pk, bob, True), (older, kr.pk, bob, False)]


def test_a_check_in_rolled_back_with_its_transaction_is_never_announced(kr, bob,
                                                                        django_capture_on_commit_callbacks):
    with (listening(events.checkin_recorded) as heard, django_capture_on_commit_callbacks(execute=True),
          pytest.raises(Rollback), transaction.atomic()):
        record_checkin(bob, kr, value=5, date=D(2026, 2, 9))
        raise Rollback
    assert heard == []
