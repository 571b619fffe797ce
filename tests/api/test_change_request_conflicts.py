"""A change request that conflicts with the key result's state answers 409 over the API (like
`locked` and `bad_transition`, okrflow/api/errors.py): a second request while one waits, a
decision on a request already decided; nothing changes on refusal."""

from decimal import Decimal

import pytest

from okrflow.okrs import changes
from okrflow.okrs.models import (
    ChangeRequestState,
    KeyResult,
    KeyResultChangeRequest,
    Objective,
    ObjectiveStatus,
)
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def annual_kr(year, bob):
    objective = make_objective(year, owner=bob, title="全年把构建时间缩短一半", ref="O-YEAR-BOB")
    kr = make_key_result(objective, start=20, target=10, unit="min", owner=bob, ref="KR-YEAR-BOB")
    Objective.objects.filter(pk=objective.pk).update(status=ObjectiveStatus.PUBLISHED)
    return kr


def test_a_second_request_while_one_waits_is_409_request_pending(api_as, annual_kr, bob):
    changes.request_change(bob, annual_kr, new_target=Decimal("8"), reason="新的缓存方案")
    response = api_as(bob).post(f"/key-results/{annual_kr.pk}/change-requests",
                                {"new_target": 7, "reason": "再快一点"})
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "request_pending"
    assert KeyResultChangeRequest.objects.count() == 1


def test_deciding_a_decided_request_again_is_409_already_decided(api_as, annual_kr, bob, alice, admin):
    request = changes.request_change(bob, annual_kr, new_target=Decimal("8"), reason="新的缓存方案")
    changes.decide(alice, request, approve=False, comment="先按原目标执行")
    response = api_as(admin).post(f"/change-requests/{request.pk}/decision", {"approve": True})
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "already_decided"
    assert KeyResultChangeRequest.objects.get().state == ChangeRequestState.REJECTED
    assert KeyResult.objects.get(pk=annual_kr.pk).target_value == Decimal("10")
