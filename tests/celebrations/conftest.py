import pytest

from okrflow.org.models import Role
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


@pytest.fixture
def techs_objective(q1, tech):
    """TECH's objective, scored 0.95 (excellent under the default bands)."""
    objective = make_objective(q1, owner=tech, title="构建时间缩短一半")
    kr = make_key_result(objective, start=0, target=100)
    make_checkin(kr, 95)
    return objective


@pytest.fixture
def bobs_objective(q1, bob):
    """Bob's objective, scored 0.5 (fair)."""
    objective = make_objective(q1, owner=bob, title="自动化测试覆盖率")
    kr = make_key_result(objective, start=0, target=10, owner=bob)
    make_checkin(kr, 5)
    return objective
