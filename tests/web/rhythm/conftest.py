"""A live cycle around today, and bob owning three key results with last week's readings."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def login(client):
    def log_in(person):
        client.force_login(person)
        return client
    return log_in


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def now_cycle(org, today):
    return make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=60),
                      end=today + datetime.timedelta(days=30))


@pytest.fixture
def bobs_krs(now_cycle, bob, today):
    """Three key results of bob's, each read 8 and 15 days ago (confidence 80 last time)."""
    objective = make_objective(now_cycle, owner=bob, title="让核心接口快如闪电", ref="BOB-1")
    krs = [make_key_result(objective, start=0, target=100, title=title, ref=f"BOB-1-{n}", owner=bob)
           for n, title in enumerate(["接口P95延迟达标", "错误率下降", "缓存命中率提升"], start=1)]
    for kr in krs:
        make_checkin(kr, 10, date=today - datetime.timedelta(days=15), confidence=70)
        make_checkin(kr, 30, date=today - datetime.timedelta(days=8), confidence=80)
    return SimpleNamespace(objective=objective, krs=krs)


def weekly_post(krs, **overrides):
    """A full weekly form: every key result to 50 at 70% confidence unless overridden."""
    data = {}
    for kr in krs:
        data.update({f"kr{kr.pk}-value": "50", f"kr{kr.pk}-confidence": "70", f"kr{kr.pk}-note": "",
                     f"kr{kr.pk}-blockers": ""})
    data.update(overrides)
    return data
