"""The company board on the home page (its score, the lowest units, who is behind) is computed by
a job and stored: the request that shows it reads one row, whatever the size of the organization."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from okrflow.web.models import CompanyBoard
from okrflow.web.views import home_boards
from tests.factories import make_cycle, make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective

TODAY = timezone.localdate()


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def running_cycle(org, tech):
    cycle = make_cycle(org, code="NOW", start=TODAY - datetime.timedelta(days=30),
                       end=TODAY + datetime.timedelta(days=40))
    unit_kr = make_key_result(make_objective(cycle), start=0, target=10)  # the company's
    make_checkin(unit_kr, 4, date=TODAY - datetime.timedelta(days=2))
    return cycle


def grow(org, cycle, tech, n):
    for _ in range(n):
        person = make_person(org, unit=tech)
        kr = make_key_result(make_objective(cycle, owner=person), owner=person)
        make_checkin(kr, 1, date=TODAY - datetime.timedelta(days=20))


@pytest.mark.django_db(transaction=True)
def test_the_admins_home_page_queues_the_board_once_and_shows_it_when_the_job_has_run(
        database_queue, client, org, tech, admin, running_cycle):
    grow(org, running_cycle, tech, 3)
    client.force_login(admin)
    first = client.get("/").content.decode()
    assert 'data-testid="company-pending"' in first and DBTaskResult.objects.count() == 1
    client.get("/")  # a second view before the job ran queues nothing more
    assert DBTaskResult.objects.count() == 1

    call_command("worker", batch=True, startup_delay=False, verbosity=0)
    page = client.get("/").content.decode()
    assert 'data-testid="company-pending"' not in page and 'data-testid="company-computed"' in page
    assert '<span class="badge rounded-pill text-bg-warning">3</span>' in page  # three behind


def test_a_fresh_board_is_read_not_computed_by_the_request(client, org, tech, admin, running_cycle,
                                                           monkeypatch):
    client.force_login(admin)
    client.get("/")  # the inline backend of the tests computes the board here

    def whole_organization_read(*args, **kwargs):
        raise AssertionError("the request computed the company board")

    monkeypatch.setattr(home_boards, "compute_company_board", whole_organization_read)
    grow(org, running_cycle, tech, 15)
    with CaptureQueriesContext(connection) as captured:
        page = client.get("/").content.decode()
    assert 'data-testid="company-score">0.40<' in page
    assert sum("web_companyboard" in q["sql"] for q in captured) == 1


def test_a_stale_board_is_refreshed_and_then_shows_the_new_state(client, org, tech, admin, running_cycle):
    client.force_login(admin)
    client.get("/")
    board = CompanyBoard.objects.get()
    assert board.data["behind"]["total"] == 0
    grow(org, running_cycle, tech, 2)
    CompanyBoard.objects.update(computed_at=timezone.now() - home_boards.BOARD_FRESH * 2, requested_at=None)
    page = client.get("/").content.decode()  # stale: the refresh runs inline under the tests' backend
    assert CompanyBoard.objects.get().data["behind"]["total"] == 2
    assert '<span class="badge rounded-pill text-bg-warning">2</span>' in page
