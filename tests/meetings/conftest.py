"""Key results for the execution-rhythm tests: bob's own, and one of carol's in sales."""

import datetime

import pytest

from tests.okrs.factories import make_key_result, make_objective

D = datetime.date


@pytest.fixture
def bobs_kr(q1, bob):
    return make_key_result(make_objective(q1, owner=bob, title="Bob's objective"), target=100, owner=bob,
                           title="Ship the mobile app")


@pytest.fixture
def carols_kr(q1, carol):
    return make_key_result(make_objective(q1, owner=carol), target=10, owner=carol, title="Sign 10 clients")


@pytest.fixture
def globex_kr(other_org, mallory):
    from tests.factories import make_cycle

    cycle = make_cycle(other_org, code="G1", start=D(2026, 1, 1), end=D(2026, 3, 31))
    return make_key_result(make_objective(cycle, owner=mallory), target=5, owner=mallory)
