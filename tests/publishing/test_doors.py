"""The doors of publishing: the command delivers before it returns, the API and the web button
queue the digests for the worker, and the OKR book shows what its reader may see."""

import io

import pytest
from django.core.management import CommandError, call_command

from okrflow.cycles.models import Cycle
from okrflow.notifications.models import Delivery
from okrflow.okrs.models import Objective
from tests.api.conftest import ApiClient, token_for
from tests.publishing.conftest import make_draft


def run_publish(*args) -> str:
    out = io.StringIO()
    call_command("publish", *args, stdout=out)
    return out.getvalue()


def test_the_command_delivers_every_digest_and_says_how_many(smtp_server, world, other_org):
    out = run_publish("--cycle", "2026Q1", "--org", "acme")
    assert "2026Q1 is published with 5 objectives." in out and "Digests sent: 4; failed: 0." in out
    assert len(smtp_server.messages) == 4


def test_the_command_publishing_again_sends_nothing_and_resend_sends_again(smtp_server, world):
    run_publish("--cycle", "2026Q1")
    smtp_server.messages.clear()
    assert "nothing was sent again" in run_publish("--cycle", "2026Q1")
    assert smtp_server.messages == []
    assert "Digests sent: 4; failed: 0." in run_publish("--cycle", "2026Q1", "--resend")
    assert len(smtp_server.messages) == 4


def test_the_command_refuses_drafts_with_their_names_and_a_failing_exit(smtp_server, world, bob):
    make_draft(world.q1, bob, "O-DRAFT-1")
    with pytest.raises(CommandError, match="O-DRAFT-1"):
        run_publish("--cycle", "2026Q1")
    assert not Cycle.objects.get(pk=world.q1.pk).is_published and smtp_server.messages == []
    assert "is not published and keeps its state" in run_publish("--cycle", "2026Q1", "--only-agreed")


def test_the_command_names_an_unknown_cycle_or_organization(world):
    with pytest.raises(CommandError, match='No cycle with the code "NOPE"'):
        run_publish("--cycle", "NOPE")
    with pytest.raises(CommandError, match='No organization "nope"'):
        run_publish("--cycle", "2026Q1", "--org", "nope")


def test_the_command_counts_the_failed_deliveries(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    out = run_publish("--cycle", "2026Q1")
    assert "Digests sent: 0; failed: 4." in out and "retried by the worker" in out


def api(person) -> ApiClient:
    return ApiClient(f"Bearer {token_for(person)}")


def test_the_api_publishes_and_queues_the_digests(world, admin, django_capture_on_commit_callbacks,
                                                  smtp_server):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(admin).post("/cycles/2026Q1/publish", {"only_agreed": False, "resend": False})
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["objectives_published"] == 5 and body["digests_queued"] == 4 and not body["already_published"]
    assert len(smtp_server.messages) == 4
    again = api(admin).post("/cycles/2026Q1/publish", {})
    assert again.status_code == 202
    assert again.json()["already_published"] and again.json()["digests_queued"] == 0


def test_the_api_refuses_drafts_with_409_naming_them(world, admin, bob):
    make_draft(world.q1, bob, "O-DRAFT-1")
    response = api(admin).post("/cycles/2026Q1/publish", {})
    assert response.status_code == 409
    assert response.json()["code"] == "unpublished_drafts" and "O-DRAFT-1" in response.json()["message"]
    assert not Objective.objects.filter(status="published").exists()


def test_the_api_refuses_others_with_403_and_other_organizations_with_404(world, bob, mallory):
    assert api(bob).post("/cycles/2026Q1/publish", {}).status_code == 403
    assert api(mallory).post("/cycles/2026Q1/publish", {}).status_code == 404
    assert api(bob).post("/cycles/2026Q1/publish", {"resend": "yes"}).status_code == 422
    assert not Cycle.objects.get(pk=world.q1.pk).is_published


def test_the_publish_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "202" in paths["/api/v1/cycles/{code}/publish"]["post"]["responses"]


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_the_web_button_only_queues_and_the_worker_delivers(database_queue, world, admin, client,
                                                            smtp_server):
    client.force_login(admin)
    response = client.post("/cycles/2026Q1/publish/", {})
    assert response.status_code == 302 and smtp_server.messages == []
    assert Cycle.objects.get(pk=world.q1.pk).is_published
    call_command("worker", batch=True, startup_delay=False, verbosity=0)  # creates the digests, queues mail
    call_command("worker", batch=True, startup_delay=False, verbosity=0)  # sends them
    assert len(smtp_server.messages) == 4
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_the_confirmation_lists_what_is_not_agreed_and_offers_the_agreed_ones(world, admin, bob, client):
    make_draft(world.q1, bob, "O-DRAFT-1")
    client.force_login(admin)
    page = client.get("/cycles/2026Q1/publish/").content.decode()
    assert "O-DRAFT-1" in page and "Publish the agreed ones, leave the rest unpublished" in page
    refused = client.post("/cycles/2026Q1/publish/", {}, follow=True)
    assert "O-DRAFT-1" in refused.content.decode() and not Cycle.objects.get(pk=world.q1.pk).is_published
    done = client.post("/cycles/2026Q1/publish/", {"only_agreed": "1"}, follow=True)
    assert "is not published and keeps its state" in done.content.decode()
    assert Cycle.objects.get(pk=world.q1.pk).is_published


def test_the_publish_button_is_for_admins_and_the_champion(world, admin, bob, client):
    client.force_login(bob)
    assert "/cycles/2026Q1/publish/" not in client.get("/cycles/").content.decode()
    assert client.get("/cycles/2026Q1/publish/").status_code == 403
    assert client.post("/cycles/2026Q1/publish/", {}).status_code == 403
    client.force_login(admin)
    assert "/cycles/2026Q1/publish/" in client.get("/cycles/").content.decode()


def test_the_book_shows_the_company_with_mission_and_a_department_with_its_people(world, carol, client):
    client.force_login(carol)
    front = client.get("/cycles/2026Q1/book/").content.decode()
    assert "让协作更简单" in front and "Company goal Q1" in front and "Annual company goal" in front
    tech = client.get("/cycles/2026Q1/book/?unit=TECH").content.decode()
    assert "Tech goal Q1" in tech and "Bob public goal" in tech and "Bob 李" in tech
    assert "Bob secret goal" not in tech  # carol may not see bob's private objective


def test_the_book_shows_a_private_objective_to_those_who_may_see_it(world, alice, client):
    client.force_login(alice)
    assert "Bob secret goal" in client.get("/cycles/2026Q1/book/?unit=TECH").content.decode()


def test_the_book_reads_a_fixed_number_of_queries_per_department(world, org, tech, carol, client,
                                                               django_assert_max_num_queries):
    from tests.factories import make_person
    from tests.okrs.factories import make_objective

    client.force_login(carol)
    client.get("/cycles/2026Q1/book/?unit=TECH")
    for n in range(15):
        make_objective(world.q1, owner=make_person(org, unit=tech), ref=f"O-MORE-{n}")
    with django_assert_max_num_queries(20):
        assert client.get("/cycles/2026Q1/book/?unit=TECH").status_code == 200


def test_the_book_of_an_unknown_unit_or_cycle_is_not_found(world, carol, mallory, client):
    client.force_login(carol)
    assert client.get("/cycles/2026Q1/book/?unit=NOPE").status_code == 404
    assert client.get("/cycles/NOPE/book/").status_code == 404
    client.force_login(mallory)
    assert client.get("/cycles/2026Q1/book/").status_code == 404
