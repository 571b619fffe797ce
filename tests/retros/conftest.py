import datetime

import pytest

from tests.factories import make_cycle


@pytest.fixture
def q2(org, year):
    return make_cycle(org, code="2026Q2", kind="quarterly", start=datetime.date(2026, 4, 1),
                      end=datetime.date(2026, 6, 30), parent=year)
