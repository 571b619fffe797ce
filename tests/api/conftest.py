"""API test helpers: a bearer token per persona and a client that speaks JSON."""

import json
from types import SimpleNamespace

import pytest
from django.test import Client

from okrflow.actors import SYSTEM
from okrflow.org.services import issue_token
from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective


class ApiClient:
    """Calls /api/v1/ as one person (or anonymously, or with any Authorization header)."""

    def __init__(self, authorization=None, language="en"):
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if authorization:
            self.headers["Authorization"] = authorization

    def call(self, method, path, body=None, **headers):
        kwargs = {"headers": {**self.headers, **headers}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)("/api/v1" + path, **kwargs)

    def get(self, path, **headers):
        return self.call("get", path, **headers)

    def post(self, path, body, **headers):
        return self.call("post", path, body, **headers)

    def patch(self, path, body, **headers):
        return self.call("patch", path, body, **headers)

    def delete(self, path, **headers):
        return self.call("delete", path, **headers)


def token_for(person) -> str:
    _, key = issue_token(SYSTEM, person, name="tests")
    return key


@pytest.fixture
def api_as():
    """api_as(person) -> a client authenticated with a fresh token of that person."""
    def build(person, language="en"):
        return ApiClient(f"Bearer {token_for(person)}", language=language)
    return build


@pytest.fixture
def anonymous():
    return ApiClient()


@pytest.fixture
def okrs(org, q1, tech, admin, alice, bob, carol, mallory):
    """A small OKR world in acme (plus one objective in globex), named by what the tests need."""
    world = SimpleNamespace()
    world.company = make_objective(q1, title="成为客户首选的协作平台", ref="O-CO")
    world.company_kr = make_key_result(world.company, start=0, target=100, owner=bob, ref="KR-CO-1")
    world.company_kr2 = make_key_result(world.company, start=50, target=10, owner=alice, ref="KR-CO-2",
                                        weight=3)
    make_checkin(world.company_kr, 40, confidence=70)
    world.tech = make_objective(q1, owner=tech, title="交付稳定的发布节奏", ref="O-TECH")
    world.alices = make_objective(q1, owner=alice, title="带出一支自驱团队", ref="O-ALICE")
    world.bobs = make_objective(q1, owner=bob, title="把构建时间缩短一半", ref="O-BOB")
    world.bobs_kr = make_key_result(world.bobs, start=20, target=10, unit="min", owner=bob, ref="KR-BOB")
    world.bobs_private = make_objective(q1, owner=bob, title="准备架构师认证", ref="O-BOB-P",
                                        visibility="private")
    world.private_kr = make_key_result(world.bobs_private, kind="milestone", owner=bob, ref="KR-BOB-P")
    world.carols = make_objective(q1, owner=carol, title="打开华东市场", ref="O-CAROL")
    world.carols_kr = make_key_result(world.carols, target=30, owner=carol, ref="KR-CAROL")
    globex_q1 = make_cycle(mallory.organization, code="2026Q1")
    world.foreign = make_objective(globex_q1, title="Globex wins", ref="O-GLOBEX")
    world.foreign_kr = make_key_result(world.foreign, ref="KR-GLOBEX")
    from tests.workshops.c.api_world import cocreation_meeting

    world.cc_workshop, world.cc_column = cocreation_meeting(org, alice, bob)
    from tests.workshops.a.api_world import meeting_template

    world.a_template = meeting_template(org)
    return world
