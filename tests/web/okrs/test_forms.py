"""Creating and changing OKRs through the web forms: services decide, forms show their word."""

from okrflow.okrs.models import KeyResult, Objective
from okrflow.okrs.services import update_objective


def objective_data(**overrides):
    data = {"title": "让新用户第一周就爱上产品", "description": "", "owner": "", "category": "",
            "origin": "bottom_up", "visibility": "public", "parent": ""}
    data.update(overrides)
    return data


def kr_data(**overrides):
    data = {"title": "次周留存率从35%提升到50%", "kind": "percent", "start_value": "35", "target_value": "50",
            "unit": "", "weight": "1", "owner": "bob@acme.test", "due_date": "2026-03-31"}
    data.update(overrides)
    return data


def test_a_person_creates_an_objective_aligned_to_their_units(login, bob, q1, okrs):
    data = objective_data(owner=f"person:{bob.pk}", parent=f"objective:{okrs.platform.pk}")
    response = login(bob).post("/objectives/new/", data)
    created = Objective.objects.get(title="让新用户第一周就爱上产品")
    assert response.status_code == 302 and response["Location"] == f"/objectives/{created.pk}/"
    assert (created.owner_person, created.cycle, created.parent_objective) == (bob, q1, okrs.platform)


def test_the_owner_choices_offer_only_what_the_person_may_own(login, bob, alice, okrs):
    owners = login(bob).get("/objectives/new/").context["form"]._flat("owner")
    assert owners == {f"person:{bob.pk}"}
    owners = login(alice).get("/objectives/new/").context["form"]._flat("owner")
    assert f"person:{bob.pk}" in owners and "company" not in owners
    assert any(key.startswith("unit:") for key in owners)


def test_an_objective_without_a_title_is_refused_and_nothing_is_stored(login, bob, okrs):
    before = Objective.objects.count()
    response = login(bob).post("/objectives/new/", objective_data(title="  ", owner=f"person:{bob.pk}"))
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert Objective.objects.count() == before


def test_a_key_result_is_added_through_the_form(login, bob, okrs):
    response = login(bob).post(f"/objectives/{okrs.speed.pk}/key-results/new/", kr_data())
    assert response.status_code == 302
    kr = KeyResult.objects.get(title="次周留存率从35%提升到50%")
    assert (kr.objective, kr.owner.email, str(kr.target_value)) == (okrs.speed, "bob@acme.test", "50.0000")


def test_a_bad_number_shows_the_services_message_on_the_field_and_stores_nothing(login, bob, okrs):
    before = KeyResult.objects.count()
    response = login(bob).post(f"/objectives/{okrs.speed.pk}/key-results/new/", kr_data(target_value="很多"))
    assert response.status_code == 200
    assert response.context["form"].errors["target_value"] == ["Enter a number."]
    assert "Enter a number." in response.content.decode()
    assert KeyResult.objects.count() == before


def test_a_weight_of_zero_is_refused_with_the_rule(login, bob, okrs):
    response = login(bob).post(f"/objectives/{okrs.speed.pk}/key-results/new/", kr_data(weight="0"))
    assert response.context["form"].errors["weight"] == ["The weight must be greater than zero."]
    assert not KeyResult.objects.filter(title="次周留存率从35%提升到50%").exists()


def test_an_unknown_owner_email_is_refused(login, bob, okrs):
    response = login(bob).post(f"/objectives/{okrs.speed.pk}/key-results/new/",
                               kr_data(owner="nobody@acme.test"))
    assert "No one with this email works in your organization." in response.content.decode()


def test_editing_an_objective_keeps_the_version_and_saves(login, bob, okrs):
    client = login(bob)
    form = client.get(f"/objectives/{okrs.speed.pk}/edit/").context["form"]
    data = {**form.initial, "title": "让核心接口快如闪电，稳如泰山", "category": ""}
    response = client.post(f"/objectives/{okrs.speed.pk}/edit/", data)
    assert response.status_code == 302
    okrs.speed.refresh_from_db()
    assert okrs.speed.title == "让核心接口快如闪电，稳如泰山"
    assert okrs.speed.version == form.initial["version"] + 1


def test_a_stale_objective_form_is_refused_and_the_newer_change_kept(login, bob, alice, okrs):
    client = login(bob)
    form = client.get(f"/objectives/{okrs.speed.pk}/edit/").context["form"]
    update_objective(alice, okrs.speed, title="Alice 改过的标题")
    response = client.post(f"/objectives/{okrs.speed.pk}/edit/", {**form.initial, "title": "Bob 的标题",
                                                                    "category": ""})
    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    okrs.speed.refresh_from_db()
    assert okrs.speed.title == "Alice 改过的标题"


def test_a_stale_key_result_form_is_refused(login, bob, okrs):
    client = login(bob)
    form = client.get(f"/key-results/{okrs.latency.pk}/edit/").context["form"]
    client.post(f"/key-results/{okrs.latency.pk}/check-in/", {
        f"kr{okrs.latency.pk}-value": "500", f"kr{okrs.latency.pk}-date": "2026-02-20"})
    data = {**{k: v for k, v in form.initial.items() if v is not None}, "owner": "bob@acme.test",
            "title": "接口P95延迟降到250ms", "due_date": "2026-03-31"}
    response = client.post(f"/key-results/{okrs.latency.pk}/edit/", data)
    assert "changed by someone else" in response.content.decode()
    okrs.latency.refresh_from_db()
    assert okrs.latency.title == "接口P95延迟从800ms降到300ms"
