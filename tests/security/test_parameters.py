"""Hostile query and path parameters never crash a page (issue 7 item 11 and its class).

The sweep walks every URL pattern of the web UI and the notification centre (so a new page is
covered the day it is added) and requests each one, as a member and as an admin, with hostile
values: in each path converter in turn, and in every query parameter the views read. Whatever
the value, the answer is a page, a redirect, a 400, 403, 404 or 405: never a 5xx. PostgreSQL
refuses NUL bytes and integers beyond bigint where SQLite does not, so run it on both.
"""

import datetime
import re
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django_tasks_db.models import DBTaskResult

from okrflow.actors import SYSTEM
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.comments import add_comment
from okrflow.meetings.models import Comment
from okrflow.meetings.standups import save_standup, turn_blocker_into_follow_up
from okrflow.notifications.services import notify
from okrflow.okrs.models import KeyResult
from tests.okrs.factories import make_checkin, make_key_result, make_objective

HOSTILE = ["0001-01-01", "9999-12-31", "-1", "99999999999999999999", "NaN", "\x00", "x" * 5000, "🎯💥",
           "../", "2026-02-30"]

# Every query parameter a web view reads (grep request.GET in okrflow/web and notifications),
# plus the names a view might pick up next; all are sent at once.
QUERY_PARAMETERS = ["week", "date", "page", "unit", "parent", "show", "next", "cycle", "kind", "q"]
NOT_POSTED = {"/logout/"}  # it would end the session the sweep runs in
# The form fields views read from request.POST themselves, outside a Django form.
POSTED_FIELDS = ["body", "cycle_id", "next", "language", "form", "status", "version", "owner"]

CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")
SWEPT_URLCONFS = {"okrflow.web.urls": "/", "okrflow.web.notification_urls": "/notifications/"}


def _routes(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def swept_routes() -> list[str]:
    """The routes of the web UI and the notification centre, as absolute path templates."""
    routes = []
    for urlconf, root in SWEPT_URLCONFS.items():
        routes += [root + route for route in _routes(get_resolver(urlconf).url_patterns)]
    return routes


def fill(route, values, hostile_name=None, hostile=None) -> str:
    """The route with real values, and `hostile` (URL-quoted) in the converter `hostile_name`."""
    def value_of(match):
        name = match["name"]
        if name == hostile_name:
            return quote(hostile, safe="")
        return quote(str(values.get(name, 1)), safe="")
    return CONVERTER.sub(value_of, route)


@pytest.fixture
def world(org, tech, sales, admin, alice, bob, carol, q1, mallory):
    """One of everything a URL can name, in acme: the real values for each path converter."""
    today = datetime.date.today()
    objective = make_objective(q1, owner=bob, title="Fast APIs", ref="BOB-1")
    kr = make_key_result(objective, start=0, target=100, title="P95 under 300ms", ref="BOB-1-1", owner=bob)
    checkin = make_checkin(kr, 30, date=datetime.date(2026, 2, 1), confidence=70)
    item = create_action_item(SYSTEM, kr, title="Add a cache", owner=bob, due_date=today)
    comment = add_comment(bob, objective, "On it")
    entry = save_standup(bob, yesterday="a", today="b", blockers="the build is red", date=today)
    follow_up = turn_blocker_into_follow_up(alice, entry, bob)
    notification = (notify(bob, "mention", "Hello", actor=SYSTEM)
                    or notify(admin, "mention", "Hello", actor=SYSTEM))
    return {
        "code": tech.code, "person_id": bob.pk, "objective_id": objective.pk, "kr_id": kr.pk,
        "entry_id": entry.pk, "follow_up_id": follow_up.pk, "item_id": item.pk, "kind": "objective",
        "target_id": objective.pk, "comment_id": comment.pk, "checkin_id": checkin.pk,
        "notification_id": notification.pk if notification else 1,
    }


def _status(client, method, path, **kwargs) -> int:
    return getattr(client, method)(path, **kwargs).status_code


def sweep(client, world, hostile) -> list[str]:
    """Every swept route with `hostile` in all query parameters and posted fields at once (as a
    page and as an htmx fragment), then in each of its path converters in turn; the 5xx found."""
    failures = []
    query = dict.fromkeys(QUERY_PARAMETERS, hostile)
    for route in swept_routes():
        path = fill(route, world)
        for headers in ({}, {"HX-Request": "true"}):
            if _status(client, "get", path, data=query, headers=headers) >= 500:
                failures.append(f"GET {path}?…={hostile[:20]!r} {headers}")
        if path not in NOT_POSTED and _status(client, "post", path,
                                              data=dict.fromkeys(POSTED_FIELDS, hostile)) >= 500:
            failures.append(f"POST {path} …={hostile[:20]!r}")
        for match in CONVERTER.finditer(route):
            bad_path = fill(route, world, match["name"], hostile)
            for method in ("get", "post"):
                if _status(client, method, bad_path) >= 500:
                    failures.append(f"{method.upper()} {bad_path[:120]}")
    return failures


# bob is a plain member, alice heads TECH (she reaches its team pages), admin reaches every page.
@pytest.mark.parametrize("persona", ["bob", "alice", "admin"])
def test_no_page_answers_5xx_to_a_hostile_parameter(client, world, persona, request):
    client.raise_request_exception = False
    client.force_login(request.getfixturevalue(persona))
    failures = [failure for hostile in HOSTILE for failure in sweep(client, world, hostile)]
    assert not failures, "answered 5xx:\n" + "\n".join(failures)
    assert client.get("/").status_code == 200  # the sweep ran logged in, to its end


@pytest.fixture
def staff_admin(admin):
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    return admin


@pytest.mark.parametrize("object_id", ["1", "not-a-uuid", "99999999999999999999", "🎯", "x" * 5000])
def test_the_admin_view_on_site_shortcut_answers_404_for_an_id_a_uuid_key_cannot_hold(
        client, staff_admin, object_id):
    result_type = ContentType.objects.get_for_model(DBTaskResult)  # a UUID primary key
    client.force_login(staff_admin)
    client.raise_request_exception = False
    response = client.get(f"/admin/r/{result_type.pk}/{quote(object_id, safe='')}/")
    assert response.status_code == 404


def test_the_admin_view_on_site_shortcut_still_needs_a_staff_login(client, bob):
    result_type = ContentType.objects.get_for_model(DBTaskResult)
    client.force_login(bob)
    response = client.get(f"/admin/r/{result_type.pk}/1/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("address", ["/units/%00/", "/units/TECH/weekly/?week=2026-01-05%00",
                                     "/manage/rhythm/?unit=TECH%00", "/org/?%00=1"])
def test_a_nul_byte_in_the_address_is_refused_with_a_message(client, admin, tech, address):
    client.force_login(admin)
    response = client.get(address)
    assert response.status_code == 400
    assert "a NUL byte" in response.content.decode()


def test_a_nul_byte_in_an_api_address_is_refused_in_the_apis_json_shape(client, admin):
    response = client.get("/api/v1/units/%00")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda value: repr(value[:20]))
def test_the_login_page_answers_no_5xx_to_a_hostile_value_before_anyone_logs_in(client, db, hostile):
    client.raise_request_exception = False
    assert client.get("/login/", {"next": hostile}).status_code < 500
    response = client.post("/login/", {"username": hostile, "password": hostile, "next": hostile})
    assert response.status_code < 500


def test_an_email_longer_than_any_account_is_refused_on_the_login_form(client, db):
    # Before, it reached django-axes, whose varchar(255) made PostgreSQL answer 500.
    response = client.post("/login/", {"username": "x" * 300 + "@acme.test", "password": "secret"})
    assert response.status_code == 200
    assert "Ensure this value has at most 254 characters" in response.content.decode()


@pytest.mark.parametrize("raw", ["%FF", "%C0%80", "%ED%A0%80", "%F4%90%80%80", "%25", "%2e%2e%2f"])
def test_broken_utf8_and_odd_escapes_in_the_address_answer_no_5xx(client, admin, tech, raw):
    client.raise_request_exception = False
    client.force_login(admin)
    for address in [f"/units/{raw}/", f"/units/TECH/weekly/?week={raw}", f"/units/TECH/standup/?date={raw}",
                    f"/org/?page={raw}", f"/manage/rhythm/?unit={raw}", f"/comments/{raw}/1/"]:
        assert client.get(address).status_code < 500, address


def test_a_comment_holding_a_nul_byte_is_refused_with_a_message_and_not_stored(client, world, bob):
    client.force_login(bob)
    response = client.post(f"/comments/objective/{world['objective_id']}/", {"body": "ok\x00"})
    assert response.status_code < 500
    assert "A comment cannot hold a NUL byte." in response.content.decode()
    assert not Comment.objects.filter(body__startswith="ok").exists()


def test_a_key_result_owner_typed_with_a_nul_byte_is_refused_on_the_form(client, world, bob):
    client.force_login(bob)
    response = client.post(f"/objectives/{world['objective_id']}/key-results/new/",
                           {"title": "Cut costs", "start_value": "0", "target_value": "10", "weight": "1",
                            "kind": "number", "owner": "bob@acme.test\x00"})
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not KeyResult.objects.filter(title="Cut costs").exists()
