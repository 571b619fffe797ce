"""A cycle's seven steps: dates proposed from the cycle, planned by the admin or the champion,
shown as a timeline on the cycle page; pilot units chosen there too."""

import datetime

import pytest

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.cycles import services, timeline
from okrflow.cycles.models import CyclePhase
from okrflow.errors import AccessDenied, DomainError
from okrflow.org.models import Role
from tests.factories import make_cycle, make_person

D = datetime.date


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


@pytest.fixture
def q2(org):
    return services.create_cycle(SYSTEM, org, code="2026Q2", name="2026 Q2", kind="quarterly",
                                 start_date=D(2026, 4, 1), end_date=D(2026, 6, 30))


def stored(cycle) -> dict:
    return {row.phase: (row.start_date, row.end_date) for row in CyclePhase.objects.filter(cycle=cycle)}


def test_a_new_quarter_gets_its_seven_steps_proposed_from_its_dates(q2):
    assert stored(q2) == {
        "set": (D(2026, 3, 18), D(2026, 3, 31)), "publish": (D(2026, 4, 1), D(2026, 4, 3)),
        "execute": (D(2026, 4, 1), D(2026, 6, 23)), "self_assess": (D(2026, 6, 24), D(2026, 6, 30)),
        "reflect": (D(2026, 7, 1), D(2026, 7, 5)), "update": (D(2026, 7, 1), D(2026, 7, 7)),
        "celebrate": (D(2026, 7, 3), D(2026, 7, 7)),
    }


def test_the_champion_moves_a_step_and_it_is_audited(q2, champion):
    services.plan_phases(champion, q2, {"self_assess": (D(2026, 6, 20), D(2026, 6, 30))})
    assert stored(q2)["self_assess"] == (D(2026, 6, 20), D(2026, 6, 30))
    entry = AuditEntry.objects.get(action="cycle.phase_update")
    assert entry.actor == champion and entry.changes["start_date"] == ["2026-06-24", "2026-06-20"]


@pytest.mark.parametrize("persona", ["bob", "alice", "carol"])
def test_members_and_managers_cannot_plan_the_steps(request, q2, persona):
    with pytest.raises(AccessDenied):
        services.plan_phases(request.getfixturevalue(persona), q2, {"set": (D(2026, 3, 1), D(2026, 3, 31))})
    assert stored(q2)["set"] == (D(2026, 3, 18), D(2026, 3, 31))


def test_a_step_that_ends_before_it_starts_is_refused_on_its_field(q2, admin):
    with pytest.raises(DomainError) as refused:
        services.plan_phases(admin, q2, {"reflect": (D(2026, 7, 5), D(2026, 7, 1))})
    assert (refused.value.code, refused.value.field) == ("ends_before_start", "reflect-end_date")
    assert stored(q2)["reflect"] == (D(2026, 7, 1), D(2026, 7, 5))


def test_a_step_far_from_its_cycle_is_refused(q2, admin):
    with pytest.raises(DomainError) as refused:
        services.plan_phases(admin, q2, {"set": (D(2025, 3, 1), D(2026, 3, 31))})
    assert refused.value.code == "phase_far_from_cycle"
    assert "between" in str(refused.value.message)


def test_an_old_cycle_gets_its_steps_when_first_planned_and_a_page_writes_nothing(client, org, admin, bob):
    old = make_cycle(org, code="OLD", start=D(2026, 1, 1), end=D(2026, 3, 31))
    client.force_login(bob)
    assert client.get("/cycles/OLD/").status_code == 200
    assert not CyclePhase.objects.filter(cycle=old).exists()
    services.plan_phases(admin, old, {"publish": (D(2026, 1, 1), D(2026, 1, 5))})
    assert len(stored(old)) == 7 and stored(old)["publish"] == (D(2026, 1, 1), D(2026, 1, 5))


def test_the_steps_nobody_moved_follow_the_cycles_new_dates(q2, admin):
    services.plan_phases(admin, q2, {"set": (D(2026, 3, 10), D(2026, 3, 31))})
    services.update_cycle(admin, q2, end_date=D(2026, 6, 29))
    assert stored(q2)["set"] == (D(2026, 3, 10), D(2026, 3, 31))  # planned by hand: stays
    assert stored(q2)["self_assess"] == (D(2026, 6, 23), D(2026, 6, 29))


def test_the_timeline_marks_today_and_the_current_steps(q2):
    steps = timeline.steps(q2, D(2026, 4, 2))
    assert [s.phase for s in steps["steps"] if s.is_current] == ["publish", "execute"]
    assert steps["marker"] is not None and [s.phase for s in steps["steps"] if s.is_past] == ["set"]


def test_the_cycle_page_shows_the_timeline_in_chinese_first(client, q2, bob):
    client.force_login(bob)
    page = client.get("/cycles/2026Q2/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "制定" in page and 'data-phase="celebrate"' in page
    assert 'action="/cycles/2026Q2/phases/"' not in page  # no plan form for a member


def test_the_admin_plans_on_the_cycle_page_and_a_bad_date_is_shown(client, q2, admin):
    client.force_login(admin)
    data = {f"{p}-{end}_date": f"{a if end == 'start' else b}"
            for p, (a, b) in stored(q2).items() for end in ("start", "end")}
    refused = client.post("/cycles/2026Q2/phases/", {**data, "update-end_date": "2026-06-01"})
    assert refused.status_code == 200 and "A phase cannot end before it starts." in refused.content.decode()
    assert stored(q2)["update"] == (D(2026, 7, 1), D(2026, 7, 7))
    saved = client.post("/cycles/2026Q2/phases/", {**data, "update-end_date": "2026-07-10"})
    assert saved.status_code == 302 and stored(q2)["update"] == (D(2026, 7, 1), D(2026, 7, 10))


def test_the_champion_makes_the_cycle_a_pilot_and_the_page_names_the_units(client, q2, champion, tech, sales):
    client.force_login(champion)
    assert client.post("/cycles/2026Q2/pilot/", {"pilot_units": [tech.pk, sales.pk]}).status_code == 302
    assert sorted(q2.pilot_units.values_list("code", flat=True)) == ["SALES", "TECH"]
    page = client.get("/cycles/2026Q2/").content.decode()
    line = page[page.index('data-testid="pilot-line"'):]
    assert "Pilot: 技术中心, 销售部" in line[:line.index("</p>")], line[:300]
    assert AuditEntry.objects.get(action="cycle.pilot").changes["pilot_units"] == [[], ["SALES", "TECH"]]


def test_pilot_units_are_the_organizations_departments_only(q2, admin, org, other_org):
    from tests.factories import make_unit

    with pytest.raises(DomainError):
        services.set_pilot_units(admin, q2, [make_unit(other_org, code="X")])
    with pytest.raises(DomainError) as company:
        services.set_pilot_units(admin, q2, [org.root_unit()])
    assert company.value.code == "pilot_is_company" and not q2.pilot_units.exists()


def test_members_cannot_choose_pilot_units(q2, bob, tech):
    with pytest.raises(AccessDenied):
        services.set_pilot_units(bob, q2, [tech])
    assert not q2.pilot_units.exists()
