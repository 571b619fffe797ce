import datetime

import pytest

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.cycles.services import create_cycle, update_cycle
from okrflow.errors import AccessDenied, DomainError

D = datetime.date


def test_it_creates_a_quarter_inside_its_year(org, admin, year):
    q2 = create_cycle(admin, org, code="2026Q2", name="2026 Q2", kind="quarterly",
                      start_date=D(2026, 4, 1), end_date=D(2026, 6, 30), parent=year)
    assert q2.parent == year
    assert Cycle.objects.for_org(org).filter(code="2026Q2").exists()


def test_it_refuses_a_cycle_that_ends_before_it_starts(org, admin):
    with pytest.raises(DomainError) as error:
        create_cycle(admin, org, code="BAD", name="Bad", kind="custom",
                     start_date=D(2026, 5, 1), end_date=D(2026, 4, 1))
    assert error.value.code == "ends_before_start"
    assert not Cycle.objects.for_org(org).filter(code="BAD").exists()


def test_it_refuses_a_quarter_that_spills_out_of_its_year(org, admin, year):
    with pytest.raises(DomainError) as error:
        create_cycle(admin, org, code="2026Q4", name="Q4", kind="quarterly",
                     start_date=D(2026, 10, 1), end_date=D(2027, 1, 15), parent=year)
    assert error.value.code == "outside_parent"


def test_it_refuses_a_quarter_inside_a_month(org, admin, year):
    month = create_cycle(admin, org, code="M1", name="Jan", kind="monthly",
                         start_date=D(2026, 1, 1), end_date=D(2026, 1, 31), parent=year)
    with pytest.raises(DomainError) as error:
        create_cycle(admin, org, code="QX", name="QX", kind="quarterly",
                     start_date=D(2026, 1, 1), end_date=D(2026, 1, 31), parent=month)
    assert error.value.code == "bad_parent_kind"


def test_shrinking_a_year_may_not_strand_its_quarters(org, admin, year, q1):
    with pytest.raises(DomainError) as error:
        update_cycle(admin, year, start_date=D(2026, 2, 1))
    assert error.value.code == "child_outside"
    year.refresh_from_db()
    assert year.start_date == D(2026, 1, 1)


def test_cycle_codes_are_unique_in_an_organization(org, admin, year):
    with pytest.raises(DomainError):
        create_cycle(admin, org, code="2026", name="again", kind="annual",
                     start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))


def test_another_organization_may_reuse_a_code(other_org, year):
    cycle = create_cycle(SYSTEM, other_org, code="2026", name="2026", kind="annual",
                         start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    assert cycle.organization == other_org


def test_a_member_may_not_create_cycles(org, bob):
    with pytest.raises(AccessDenied):
        create_cycle(bob, org, code="X", name="X", kind="custom",
                     start_date=D(2026, 1, 1), end_date=D(2026, 1, 2))


def test_every_cycle_change_is_audited(org, admin, year):
    from okrflow.audit.log import history

    update_cycle(admin, year, name="二〇二六年")
    entry = history(year).first()
    assert entry.action == "cycle.update"
    assert entry.actor == admin
    assert entry.changes == {"name": ["2026", "二〇二六年"]}
