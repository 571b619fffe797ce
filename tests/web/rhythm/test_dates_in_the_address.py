"""The ?week= and ?date= of the rhythm pages: one parser (web/views/rhythm.py::day_from) that
refuses a malformed date or one outside 2000–2100 by showing today, with a message, never a 500
(issue 7 item 11: 0001-01-01 and 9999-12-31 overflowed the week arithmetic)."""

import datetime

import pytest

from okrflow.meetings.weekly_meetings import monday_of

REFUSED = "The date in the address is not a date between 2000 and 2100; showing today instead."


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "not-a-date"])
@pytest.mark.parametrize("page", ["/units/TECH/weekly/", "/units/TECH/meetings/", "/meetings/management/"])
def test_a_week_outside_the_sane_years_shows_this_week_with_a_message(login, admin, tech, today, page, week):
    response = login(admin).get(page, {"week": week})
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    shown = response.context["period"].start if "period" in response.context else response.context["monday"]
    assert shown <= today < shown + datetime.timedelta(days=14)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30"])
def test_a_standup_day_outside_the_sane_years_shows_today_with_a_message(login, alice, tech, today, day):
    response = login(alice).get("/units/TECH/standup/", {"date": day})
    assert response.status_code == 200
    assert response.context["day"] == today
    assert REFUSED in response.content.decode()


def test_a_week_at_the_edge_of_the_sane_years_is_shown_as_asked(login, admin, tech):
    response = login(admin).get("/units/TECH/meetings/", {"week": "2000-01-05"})
    assert response.status_code == 200
    assert response.context["monday"] == monday_of(datetime.date(2000, 1, 5))
    assert REFUSED not in response.content.decode()


def test_no_week_in_the_address_shows_this_week_without_a_message(login, admin, tech, today):
    response = login(admin).get("/units/TECH/meetings/")
    assert response.context["monday"] == monday_of(today)
    assert REFUSED not in response.content.decode()
