"""Phase 1 of the API: me, units and people, their rules and their tenant walls."""

from okrflow.org.models import Person, Unit


def test_me_answers_who_the_token_belongs_to(api_as, bob):
    response = api_as(bob).get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "bob@acme.test"
    assert body["unit"] == "TECH"
    assert body["manager"]["email"] == "alice@acme.test"
    assert body["organization"] == {"slug": "acme", "name": "Acme 科技"}


def test_units_are_listed_with_a_count(api_as, bob, sales):
    body = api_as(bob).get("/units").json()
    assert body["count"] == 3
    assert [u["code"] for u in body["items"]] == ["ROOT", "SALES", "TECH"]


def test_a_unit_shows_its_members_and_sub_units(api_as, admin, alice, bob, tech):
    Unit.objects.create(organization=tech.organization, code="TECH-BE", name="后端组", parent=tech)
    body = api_as(bob).get("/units/TECH").json()
    assert body["head"]["email"] == "alice@acme.test"
    assert {m["email"] for m in body["members"]} == {"alice@acme.test", "bob@acme.test"}
    assert [u["code"] for u in body["sub_units"]] == ["TECH-BE"]
    assert body["parent"] == "ROOT"


def test_an_admin_creates_a_unit_and_moves_it_to_a_new_parent(api_as, admin, tech, sales):
    client = api_as(admin)
    created = client.post("/units", {"code": "TECH-BE", "name": "后端组", "parent": "TECH"})
    assert created.status_code == 201, created.content
    moved = client.patch("/units/TECH-BE", {"parent": "SALES"})
    assert moved.status_code == 200
    assert moved.json()["parent"] == "SALES"
    assert Unit.objects.get(code="TECH-BE").parent == sales


def test_it_refuses_to_make_a_unit_its_own_ancestor(api_as, admin, tech):
    client = api_as(admin)
    client.post("/units", {"code": "TECH-BE", "name": "后端组", "parent": "TECH"})
    response = client.patch("/units/TECH", {"parent": "TECH-BE"})
    assert response.status_code == 400
    assert response.json()["code"] == "unit_loop"
    assert response.json()["field"] == "parent"
    tech.refresh_from_db()
    assert tech.parent.code == "ROOT"


def test_a_member_may_not_create_units(api_as, bob, tech):
    response = api_as(bob).post("/units", {"code": "X", "name": "X", "parent": "TECH"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert not Unit.objects.filter(code="X").exists()


def test_an_unknown_parent_unit_is_bad_input_naming_the_field(api_as, admin):
    response = api_as(admin).post("/units", {"code": "X", "name": "X", "parent": "NOPE"})
    assert response.status_code == 400
    assert response.json() == {"code": "not_found", "message": "Parent unit not found.", "field": "parent"}


def test_people_can_be_filtered_by_unit_and_text(api_as, bob, alice, carol):
    client = api_as(bob)
    assert {p["email"] for p in client.get("/people?unit=TECH").json()["items"]} == {
        "alice@acme.test", "bob@acme.test"}
    found = client.get("/people?q=carol").json()
    assert found["count"] == 1 and found["items"][0]["email"] == "carol@acme.test"


def test_an_admin_creates_and_changes_a_person(api_as, admin, alice, tech):
    client = api_as(admin)
    created = client.post("/people", {"email": "Dora@Acme.test", "name": "Dora", "unit": "TECH",
                                       "manager_id": alice.pk})
    assert created.status_code == 201, created.content
    assert created.json()["email"] == "dora@acme.test"
    changed = client.patch(f"/people/{created.json()['id']}", {"title": "工程师", "manager_id": None})
    assert changed.status_code == 200
    assert changed.json()["title"] == "工程师" and changed.json()["manager"] is None


def test_it_refuses_a_duplicate_email_differing_only_in_case(api_as, admin, bob):
    response = api_as(admin).post("/people", {"email": "BOB@Acme.Test", "name": "Bob again"})
    assert response.status_code == 400
    assert response.json()["code"] == "email_taken"
    assert response.json()["field"] == "email"
    assert Person.objects.filter(email__iexact="bob@acme.test").count() == 1


def test_another_organizations_people_and_units_are_not_found(api_as, mallory, bob):
    client = api_as(mallory)
    assert client.get(f"/people/{bob.pk}").status_code == 404
    assert client.get("/units/TECH").status_code == 404
    assert client.patch(f"/people/{bob.pk}", {"name": "pwned"}).status_code == 404
    assert client.get("/people").json()["items"][0]["email"] == "mallory@globex.test"
    bob.refresh_from_db()
    assert bob.name == "Bob 李"


def test_a_manager_from_another_organization_is_refused(api_as, admin, bob, mallory):
    response = api_as(admin).patch(f"/people/{bob.pk}", {"manager_id": mallory.pk})
    assert response.status_code == 400
    assert response.json()["field"] == "manager_id"
    bob.refresh_from_db()
    assert bob.manager.email == "alice@acme.test"


def test_errors_speak_the_language_the_request_asks_for(api_as, admin):
    body = {"email": "not-an-email", "name": "Dora"}
    english = api_as(admin, language="en").post("/people", body)
    chinese = api_as(admin, language="zh-Hans").post("/people", body)
    assert english.status_code == chinese.status_code == 400
    assert english.json()["field"] == chinese.json()["field"] == "email"
    assert english.json()["message"] == "Enter a valid email address."
    assert chinese.json()["message"] == "输入一个有效的 Email 地址。"
    assert chinese["Content-Language"] == "zh-hans"
    assert not Person.objects.filter(name="Dora").exists()
