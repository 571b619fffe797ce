"""Who may do what, over every API endpoint and the personas (pretix-style permission matrix).

alice manages TECH and bob; bob is in TECH; carol is in SALES; admin runs acme; hr manages acme's
people and units; champion runs its OKR process; mallory is an admin of another organization. A
refused write answers 403 (the reader may see the object) or 404 (they may not, or it is another
organization's) and changes nothing at all; an answer never shows another organization's names,
nor bob's private objective to those who may not see it.
"""

import pytest
from django.db.models import Sum

from okrflow.audit.models import AuditEntry
from okrflow.checkins.models import CheckIn
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Person, Role, Unit
from tests.factories import make_person
from tests.okrs.factories import make_key_result, make_objective

OK = {"get": 200, "post": 201, "patch": 200, "put": 200, "delete": 204}
TITLE = {"title": "新的标题"}
CHECKIN = {"value": 55, "confidence": 50, "note": "matrix", "date": "2026-03-02"}
KR = {"title": "上线 3 个新功能", "target_value": 3}
DORA = {"email": "dora@acme.test", "name": "Dora 赵", "unit": "TECH"}
SCHEDULE = {"template": "{a_template}", "title": "技术周会", "starts_at": "2099-01-05T09:00:00+08:00",
            "facilitator": "alice@acme.test", "participants": ["bob@acme.test"]}
EVERYONE = "admin:ok alice:ok bob:ok carol:ok hr:ok champion:ok mallory:ok"

# (method, path, body, "persona:status ..."); "ok" stands for the method's success status.
MATRIX = [
    # reading OKRs: public for the whole organization, private for the owner chain and admins
    ("get", "/objectives/{company}", None, "admin:ok alice:ok bob:ok carol:ok mallory:404"),
    ("get", "/objectives/{bobs_private}", None, "admin:ok alice:ok bob:ok carol:404 mallory:404"),
    ("get", "/key-results/{private_kr}", None, "admin:ok alice:ok bob:ok carol:404 mallory:404"),
    ("get", "/key-results/{private_kr}/check-ins", None,
     "admin:ok alice:ok bob:ok carol:404 mallory:404"),
    ("get", "/key-results/{company_kr}/check-ins", None, "carol:ok mallory:404"),
    ("get", "/objectives/{foreign}", None, "admin:404 bob:404 mallory:ok"),
    # documents as files (the cards' content and visibility: tests/reports/test_doors.py)
    ("get", "/reports/person-card?cycle=2026Q1&person=bob@acme.test&format=pdf", None, "mallory:404"),
    ("get", "/reports/unit-card?cycle=2026Q1&unit=TECH&format=xlsx", None, "mallory:404"),
    ("get", "/key-results/{foreign_kr}", None, "admin:404 carol:404 mallory:ok"),
    # changing objectives: own, reports' and units' for managers, everything for admins
    ("patch", "/objectives/{bobs}", TITLE, "admin:ok alice:ok bob:ok carol:403 mallory:404"),
    ("patch", "/objectives/{bobs_private}", TITLE, "alice:ok bob:ok carol:404 mallory:404"),
    ("patch", "/objectives/{company}", TITLE, "admin:ok alice:403 bob:403 carol:403 mallory:404"),
    ("patch", "/objectives/{tech}", TITLE, "alice:ok bob:403 carol:403"),
    ("patch", "/objectives/{carols}", TITLE, "alice:403 bob:403 carol:ok"),
    ("delete", "/objectives/{bobs}", None, "alice:ok carol:403 mallory:404"),
    ("delete", "/objectives/{company}", None, "admin:ok alice:403 bob:403"),
    ("post", "/objectives", {"cycle": "2026Q1", "title": "x", "owner": "person:bob@acme.test"},
     "admin:ok alice:ok bob:ok carol:403"),
    ("post", "/objectives", {"cycle": "2026Q1", "title": "x", "owner": "company"},
     "admin:ok alice:403 bob:403"),
    # the Set step (okrs/states.py): bob's objective is agreed, so only sending back succeeds here;
    # its success paths and 409s are in tests/api/test_objective_states.py
    ("post", "/objectives/{bobs}/propose", {}, "carol:403 mallory:404"),
    ("post", "/objectives/{bobs_private}/propose", {}, "carol:404 mallory:404"),
    ("post", "/objectives/{bobs}/send-back", {"comment": "再具体一点"},
     "alice:200 admin:200 bob:403 carol:403 mallory:404"),
    ("post", "/objectives/{bobs}/accept", {}, "carol:403 hr:403 mallory:404"),
    ("post", "/objectives/{tech}/confirm", {}, "bob:403 carol:403 alice:403 mallory:404"),
    # key results belong to their objective's editors
    ("post", "/objectives/{bobs}/key-results", KR, "alice:ok bob:ok carol:403 mallory:404"),
    ("post", "/objectives/{bobs_private}/key-results", KR, "bob:ok carol:404"),
    ("patch", "/key-results/{bobs_kr}", {"target_value": 8}, "alice:ok bob:ok carol:403 mallory:404"),
    ("delete", "/key-results/{bobs_kr}", None, "admin:ok carol:403 mallory:404"),
    # check-ins: the KR's owner, the objective's owner, their managers and admins
    ("post", "/key-results/{company_kr}/check-ins", CHECKIN,
     "admin:ok alice:ok bob:ok carol:403 mallory:404"),
    ("post", "/key-results/{carols_kr}/check-ins", CHECKIN, "alice:403 bob:403 carol:ok"),
    ("post", "/key-results/{private_kr}/check-ins", CHECKIN, "alice:ok bob:ok carol:404"),
    # self-assessments (the writes that succeed need a published cycle: tests/assessments/test_api.py)
    ("get", "/key-results/{bobs_kr}/self-assessment", None,
     "admin:ok alice:ok bob:ok hr:ok carol:403 mallory:404"),
    ("get", "/key-results/{private_kr}/self-assessment", None, "bob:ok carol:404 hr:404 mallory:404"),
    ("put", "/key-results/{bobs_kr}/self-assessment", {"score": 0.5},
     "alice:403 admin:403 carol:403 mallory:404"),
    ("put", "/key-results/{bobs_kr}/self-assessment/review", {"agree": True},
     "bob:403 carol:403 hr:403 mallory:404"),
    # change requests of a published annual key result: its owner asks, the manager or an admin decides
    ("post", "/key-results/{yearly_kr2}/change-requests", {"new_target": 5, "reason": "多一个"},
     "bob:201 alice:403 admin:403 carol:403 champion:403 mallory:404"),
    ("post", "/change-requests/{change_request}/decision", {"approve": False, "comment": "先不改"},
     "alice:200 admin:200 bob:403 carol:403 hr:403 champion:403 mallory:404"),
    # the organization: structure by admins (and HR), cycles by admins and the champion
    ("get", "/people/{bob_id}", None, "carol:ok mallory:404"),
    ("patch", "/people/{bob_id}", {"name": "Bob Li"}, "admin:ok bob:ok carol:403 mallory:404"),
    ("patch", "/people/{bob_id}", {"role": "admin"}, "bob:403 alice:403"),
    ("get", "/units/TECH", None, "carol:ok mallory:404"),
    ("patch", "/units/TECH", {"name": "研发中心"}, "admin:ok alice:403 bob:403 mallory:404"),
    ("post", "/units", {"code": "NEW", "name": "新部门", "parent": "ROOT"}, "admin:ok alice:403 bob:403"),
    ("post", "/cycles", {"code": "2026Q2", "name": "Q2", "kind": "quarterly", "start_date": "2026-04-01",
                         "end_date": "2026-06-30"}, "admin:ok alice:403 bob:403 carol:403"),
    ("patch", "/cycles/2026", {"name": "二〇二六"}, "admin:ok alice:403 bob:403"),
    # publishing a cycle: admins and the champion (mallory publishes globex's own 2026Q1)
    ("post", "/cycles/2026Q1/publish", {},
     "admin:202 champion:202 alice:403 bob:403 carol:403 hr:403 mallory:202"),
    # reading the organization: everyone reads their own (mallory globex's, never acme's)
    ("get", "/me", None, EVERYONE),
    ("get", "/units", None, EVERYONE),
    ("get", "/people", None, EVERYONE),
    ("get", "/people?unit=TECH&q=bob", None, EVERYONE),
    ("get", "/cycles", None, EVERYONE),
    ("get", "/cycles/2026", None, "admin:ok alice:ok bob:ok carol:ok hr:ok champion:ok mallory:404"),
    ("get", "/cycles/2026Q1", None, EVERYONE),  # globex has a 2026Q1 of its own
    # listing objectives and the rules check: bob's private objective only for his line and the
    # OKR process (see unseen_by)
    ("get", "/objectives", None, EVERYONE),
    ("get", "/objectives?ref=O-BOB-P", None, EVERYONE),
    ("get", "/cycles/2026Q1/lint", None, EVERYONE),
    ("get", "/cycles/2026/lint", None, "admin:ok alice:ok bob:ok carol:ok hr:ok champion:ok mallory:404"),
    # creating people: admins and HR; HR neither grants organization-wide rights nor sets passwords
    ("post", "/people", DORA, "admin:ok hr:ok alice:403 bob:403 carol:403 champion:403 mallory:400"),
    ("post", "/people", {**DORA, "role": "admin"}, "admin:ok hr:403 alice:403 champion:403"),
    ("post", "/people", {**DORA, "role": "champion"}, "admin:ok hr:403 champion:403"),
    ("post", "/people", {**DORA, "is_backup_champion": True}, "admin:ok hr:403"),
    ("post", "/people", {**DORA, "unit": None, "manager_id": "{bob_id}"}, "mallory:400"),
    ("post", "/people", {"email": "dora@globex.test", "name": "Dora"}, "mallory:ok alice:403"),
    # team co-creation (okrflow/workshops/cocreation.py, voting.py): a participant's seat writes and
    # votes; whoever runs the meeting without a seat reads; anyone else: 404
    ("post", "/workshops/{cc_workshop}/cards", {"text": "提升客户满意度到九十分"},
     "bob:ok alice:403 admin:403 champion:403 carol:404 hr:404 mallory:404"),
    ("get", "/workshops/{cc_workshop}/cards/mine", None, "bob:ok alice:ok carol:404 mallory:404"),
    ("post", "/workshops/{cc_workshop}/columns/{cc_column}/votes", None,
     "bob:ok alice:403 admin:403 carol:404 hr:404 mallory:404"),
    ("delete", "/workshops/{cc_workshop}/columns/{cc_column}/votes", None, "alice:403 carol:404 mallory:404"),
    ("get", "/workshops/{cc_workshop}/columns", None,
     "bob:ok alice:ok admin:ok champion:ok carol:404 mallory:404"),
    # meetings (okrflow/workshops/scheduling.py): everyone lists what they may see; a meeting is read
    # by its seats and whoever runs it; unit heads, the champion and admins schedule from their
    # organization's templates; whoever runs a meeting cancels it
    ("get", "/workshops", None, EVERYONE),
    ("get", "/workshops/{cc_workshop}", None,
     "bob:ok alice:ok admin:ok champion:ok carol:404 hr:404 mallory:404"),
    ("post", "/workshops", SCHEDULE, "alice:ok admin:ok champion:ok bob:403 carol:403 hr:403 mallory:404"),
    ("post", "/workshops/{cc_workshop}/cancel", None, "bob:403 carol:404 hr:404 mallory:404 alice:200"),
]

CASES = [pytest.param(method, path, body, persona, status, id=f"{persona}-{method}-{path}")
         for method, path, body, expected in MATRIX
         for persona, status in (pair.split(":") for pair in expected.split())]


SEES_PRIVATE = {"admin", "alice", "bob", "champion"}


@pytest.fixture
def hr(org):
    return make_person(org, email="hr@acme.test", name="Hana HR", unit=org.root_unit(), role=Role.HR)


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chen Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


def unseen_by(persona) -> tuple:
    """What may not appear in any answer to the persona (lowercase)."""
    if persona == "mallory":
        return ("acme",)
    return ("globex", "mallory") + (() if persona in SEES_PRIVATE else ("o-bob-p", "kr-bob-p"))


def filled(body, ids):
    """The body with its "{name}" values replaced by the world's ids."""
    if body is None:
        return None
    return {key: ids[value[1:-1]] if isinstance(value, str) and value[:1] == "{" else value
            for key, value in body.items()}


def state_of_everything() -> tuple:
    """What a refused request must leave untouched."""
    return (AuditEntry.objects.count(), CheckIn.objects.count(), Objective.objects.count(),
            KeyResult.objects.count(), Objective.objects.aggregate(v=Sum("version"))["v"],
            KeyResult.objects.aggregate(v=Sum("version"))["v"],
            sorted(Person.objects.values_list("email", "name", "role")),
            sorted(Unit.objects.values_list("code", "name")))


@pytest.fixture
def yearly(okrs, year, bob):
    """bob's published annual objective in the matrix's world: one key result with his pending
    change request (okrflow/okrs/changes.py), one without."""
    from okrflow.okrs.changes import request_change

    okrs.yearly = make_objective(year, owner=bob, title="全年交付提速", ref="O-BOB-YEAR")
    okrs.yearly_kr = make_key_result(okrs.yearly, target=12, owner=bob, ref="KR-BOB-YEAR")
    okrs.yearly_kr2 = make_key_result(okrs.yearly, target=4, owner=bob, ref="KR-BOB-YEAR-2")
    Objective.objects.filter(pk=okrs.yearly.pk).update(status="published")
    okrs.yearly_kr.objective.status = "published"
    okrs.change_request = request_change(bob, okrs.yearly_kr, new_target=10, reason="两个版本合并")
    return okrs


@pytest.mark.parametrize(("method", "path", "body", "persona", "status"), CASES)
def test_the_permission_matrix_holds(request, api_as, okrs, yearly, bob, method, path, body, persona, status):
    ids = {name: obj.pk for name, obj in vars(okrs).items()} | {"bob_id": bob.pk}
    client = api_as(request.getfixturevalue(persona))
    before = state_of_everything()
    response = client.call(method, path.format(**ids), filled(body, ids))
    expected = OK[method] if status == "ok" else int(status)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert response.json()["code"] in {"forbidden", "not_found"}
        assert state_of_everything() == before
    else:
        text = response.content.decode().lower()
        assert [word for word in unseen_by(persona) if word in text] == [], text


@pytest.mark.parametrize("persona", ["admin", "hr"])
def test_a_password_in_a_new_persons_body_sets_no_password(request, api_as, persona):
    """Whoever picks a password can log in as the account; the API sets none (an administrator
    sets one on the web), so a password in the body leaves the new account without one."""
    body = {**DORA, "unit": None, "password": "a-new-long-secret-42"}
    response = api_as(request.getfixturevalue(persona)).post("/people", body)
    assert response.status_code == 201, response.content
    dora = Person.objects.get(email="dora@acme.test")
    assert not dora.has_usable_password()
    assert not dora.check_password("a-new-long-secret-42")
