"""Schema-driven test: schemathesis fuzzes every operation of the OpenAPI document.

Over a seeded organization (with OKRs, a private objective and a foreign organization) and with
an admin's token, no request may cause a server error, and every response (status code, content
type and body) must be one the document declares.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

# Loaded when the module is collected (the document needs no database); the lazy fixture loader
# of schemathesis 4.32 does not run under pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calls through the WSGI app fire request_started/finished, whose close_old_connections
    would close the connection (and its test transaction) on PostgreSQL; Django's test client
    disconnects it the same way."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(okrs, admin):
    """The token of acme's admin and the names worth aiming at (random ones would all be 404)."""
    objectives = [okrs.company, okrs.bobs, okrs.bobs_private, okrs.carols, okrs.foreign]
    key_results = [okrs.company_kr, okrs.company_kr2, okrs.bobs_kr, okrs.private_kr, okrs.foreign_kr]
    targets = {
        "objective_id": [o.pk for o in objectives], "kr_id": [k.pk for k in key_results],
        "person_id": [admin.pk, okrs.company_kr.owner_id, okrs.carols.owner_person_id],
        "/units": ["TECH", "SALES", "ROOT"], "/cycles": ["2026Q1", "2026"],
        "cycle": ["2026Q1", "2026"], "owner": ["company", "unit:TECH", "person:bob@acme.test"],
        "owner_id": [admin.pk, okrs.company_kr.owner_id],
    }
    return token_for(admin), targets


def pick(options, generated):
    """One of the options, or (one time in n + 1) the generated value itself."""
    index = len(str(generated)) % (len(options) + 1)
    return generated if index == len(options) else options[index]


def aim_at_seeded_objects(case, targets) -> None:
    """Point generated ids, codes and body references at seeded objects some of the time."""
    for name, value in (case.path_parameters or {}).items():
        key = name if name != "code" else "/" + case.operation.path.split("/")[3]
        if key in targets and isinstance(value, int | str):
            case.path_parameters[name] = pick(targets[key], value)
    if isinstance(case.body, dict):
        for name in ("cycle", "owner", "owner_id"):
            if name in case.body:
                case.body[name] = pick(targets[name], case.body[name])


@schema.parametrize()
@settings(max_examples=20, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_operation_answers_within_its_schema(case, seeded):
    token, targets = seeded
    aim_at_seeded_objects(case, targets)
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
