"""The review queue comes a page at a time (an admin's holds the whole organization), and HR,
who exports a unit's review sheets, reaches the page with the export button from the unit page."""

import pytest

from okrflow.assessments.services import self_assess
from okrflow.web.current_cycle import SESSION_KEY
from okrflow.web.views import assessments as views


@pytest.fixture
def as_(client):
    def login(person, cycle=None):
        client.force_login(person)
        if cycle is not None:
            session = client.session
            session[SESSION_KEY] = cycle.pk
            session.save()
        return client
    return login


def test_the_review_queue_shows_one_page_at_a_time(as_, published, kr, kr2, bob, admin, monkeypatch):
    monkeypatch.setattr(views, "REVIEWS_PER_PAGE", 1)
    self_assess(bob, kr, score="0.6", comment="")
    self_assess(bob, kr2, score="0.2", comment="")
    client = as_(admin)
    first = client.get(f"/cycles/{published.code}/reviews/").content.decode()
    second = client.get(f"/cycles/{published.code}/reviews/?page=2").content.decode()
    assert "Page 1 of 2" in first and "2 awaiting your review" in first
    assert ("Cut incidents to 10" in first) != ("Cut incidents to 10" in second)
    assert ("Ship 10 runbooks" in first) != ("Ship 10 runbooks" in second)


def test_hr_reaches_the_units_self_assessments_and_its_export_from_the_unit_page(as_, published, hr):
    client = as_(hr, published)
    unit_page = client.get("/units/TECH/").content.decode()
    link = f"/cycles/{published.code}/self-assessment/units/TECH/"
    assert f'href="{link}"' in unit_page
    page = client.get(link)
    assert page.status_code == 200
    assert f"/cycles/{published.code}/review-sheet/units/TECH.xlsx" in page.content.decode()


def test_a_member_sees_no_link_to_the_units_self_assessments(as_, published, carol):
    unit_page = as_(carol, published).get("/units/TECH/").content.decode()
    assert "/self-assessment/units/TECH/" not in unit_page
