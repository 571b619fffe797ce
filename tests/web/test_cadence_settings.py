"""The check-in rhythm settings: admins and the OKR champion set the organization's cadence and
a unit's override; everyone else is refused, and other organizations' units are not found."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.notifications.models import CheckinCadence
from okrflow.org.models import Role
from tests.factories import make_person


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Champion", role=Role.CHAMPION)


def rhythm(**overrides):
    data = {"frequency": "biweekly", "weekday": "4", "time": "16:00", "anchor_date": "2026-01-05",
            "time_zone": "Asia/Shanghai", "standup_time": "09:30", "summary_weekday": "4",
            "summary_time": "17:30"}
    data.update(overrides)
    return data


def test_the_champion_sets_the_organizations_rhythm(client, org, champion):
    client.force_login(champion)
    assert client.get("/manage/rhythm/").status_code == 200
    response = client.post("/manage/rhythm/", rhythm())
    assert response.status_code == 302
    cadence = CheckinCadence.objects.for_org(org).get(unit=None)
    assert (cadence.frequency, cadence.weekday, cadence.time.hour) == ("biweekly", 4, 16)
    assert AuditEntry.objects.filter(action="checkin_cadence.save", actor=champion).exists()


def test_an_admin_gives_a_unit_its_own_rhythm_and_it_is_listed(client, org, admin, tech):
    client.force_login(admin)
    response = client.post("/manage/rhythm/TECH/", rhythm(frequency="weekly", weekday="0"))
    assert response.status_code == 302
    assert CheckinCadence.objects.for_org(org).get(unit=tech).weekday == 0
    assert "技术中心" in client.get("/manage/rhythm/").text


def test_the_unit_picker_goes_to_the_units_page(client, admin, tech):
    client.force_login(admin)
    response = client.get("/manage/rhythm/?unit=TECH")
    assert response.status_code == 302 and response["Location"] == "/manage/rhythm/TECH/"


def test_an_unknown_time_zone_is_refused_and_nothing_is_stored(client, org, admin):
    client.force_login(admin)
    response = client.post("/manage/rhythm/", rhythm(time_zone="Mars/Olympus"))
    assert response.status_code == 200
    assert "Unknown time zone" in response.text
    assert not CheckinCadence.objects.for_org(org).exists()


def test_members_may_not_change_the_rhythm(client, org, bob):
    client.force_login(bob)
    assert client.get("/manage/rhythm/").status_code == 403
    assert client.post("/manage/rhythm/", rhythm()).status_code == 403
    assert not CheckinCadence.objects.for_org(org).exists()


def test_another_organizations_unit_is_not_found(client, tech, mallory):
    client.force_login(mallory)
    assert client.get("/manage/rhythm/TECH/").status_code == 404
    assert client.post("/manage/rhythm/TECH/", rhythm()).status_code == 404
