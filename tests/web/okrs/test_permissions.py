"""Who sees and changes which OKRs on the web: the same rules as okrflow.okrs.access."""

import pytest

from okrflow.checkins.models import CheckIn
from okrflow.okrs.access import Rights, can_check_in, can_edit_objective
from okrflow.okrs.models import Objective


def test_bob_cannot_edit_carols_objective(login, bob, okrs):
    client = login(bob)
    carol_public = okrs.private
    carol_public.visibility = "public"
    carol_public.save(update_fields=["visibility"])
    assert client.get(f"/objectives/{carol_public.pk}/edit/").status_code == 403
    response = client.post(f"/objectives/{carol_public.pk}/edit/", {"title": "Hijacked"})
    assert response.status_code == 403
    assert Objective.objects.get(pk=carol_public.pk).title == "拿下三个华东大客户"


def test_bob_cannot_add_a_key_result_to_carols_objective(login, bob, carol, okrs):
    okrs.private.visibility = "public"
    okrs.private.save(update_fields=["visibility"])
    response = login(bob).post(f"/objectives/{okrs.private.pk}/key-results/new/",
                               {"title": "x", "kind": "number", "start_value": "0", "target_value": "1",
                                "weight": "1"})
    assert response.status_code == 403
    assert okrs.private.key_results.count() == 1


def test_another_organization_gets_not_found_everywhere(login, mallory, okrs):
    client = login(mallory)
    for url in (f"/objectives/{okrs.company.pk}/", f"/objectives/{okrs.company.pk}/edit/",
                f"/objectives/{okrs.company.pk}/key-results/new/", f"/key-results/{okrs.paying.pk}/edit/",
                "/units/TECH/okrs/", f"/okrs/tree/{okrs.company.pk}/children/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/key-results/{okrs.paying.pk}/check-in/", {f"kr{okrs.paying.pk}-value": "1"})
    assert response.status_code == 404
    assert not CheckIn.objects.filter(key_result=okrs.paying, value=1).exists()


def test_a_private_objective_is_hidden_from_carols_colleague_in_another_unit(login, bob, okrs):
    client = login(bob)
    assert client.get(f"/objectives/{okrs.private.pk}/").status_code == 404
    company = client.get(f"/objectives/{okrs.company.pk}/")
    assert "拿下三个华东大客户" not in company.content.decode()
    assert "拿下三个华东大客户" not in client.get("/okrs/tree/").content.decode()


def test_a_private_objective_is_shown_to_its_owner_and_admins(login, carol, admin, okrs):
    assert login(carol).get(f"/objectives/{okrs.private.pk}/").status_code == 200
    assert login(admin).get(f"/objectives/{okrs.private.pk}/").status_code == 200


def test_someone_who_may_not_check_in_gets_403_and_nothing_is_stored(login, carol, okrs):
    response = login(carol).post(f"/key-results/{okrs.latency.pk}/check-in/",
                                 {f"kr{okrs.latency.pk}-value": "100",
                                  f"kr{okrs.latency.pk}-date": "2026-02-20"},
                                 HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert not CheckIn.objects.filter(key_result=okrs.latency, value=100).exists()


def test_the_check_in_form_is_shown_only_to_people_who_may_check_in(login, carol, bob, okrs):
    url = f"/objectives/{okrs.speed.pk}/"
    assert f'id="checkin-{okrs.latency.pk}"' in login(bob).get(url).content.decode()
    assert f'id="checkin-{okrs.latency.pk}"' not in login(carol).get(url).content.decode()


@pytest.mark.parametrize("persona", ["admin", "alice", "bob", "carol"])
def test_the_set_wise_rights_agree_with_the_access_rules(request, persona, okrs):
    person = request.getfixturevalue(persona)
    rights = Rights(person)
    for objective in Objective.objects.all():
        assert rights.can_edit(objective) == can_edit_objective(person, objective), objective.ref
        for kr in objective.key_results.all():
            assert rights.can_check_in(kr, objective) == can_check_in(person, kr), kr.ref
