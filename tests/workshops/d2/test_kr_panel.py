"""The key-result step on the co-creation board: the leader claims objectives for the group, a
refused fourth claim says why under the board and stores nothing, a key-result column's select
offers only its group's claimed objectives."""

from django.urls import reverse

from okrflow.workshops import cocreation, key_results
from okrflow.workshops.models import Column, GroupObjective, Stage
from tests.workshops.d2.conftest import room


def _url(workshop, screen=False):
    return reverse("workshop_cocreation_panel", args=[workshop.pk]) + ("?screen=1" if screen else "")


def test_the_leader_claims_an_objective_from_the_board(client, workshop, groups, objectives, bob):
    client.force_login(bob)
    response = client.post(_url(workshop), {"action": "kr_claim", "group": groups[0].pk,
                                            "objective": objectives[1].pk})
    assert response.status_code == 200
    assert GroupObjective.objects.get(group=groups[0]).objective == objectives[1]
    page = response.content.decode()
    assert "Objectives the groups claim" in page and objectives[1].title in page


def test_a_fourth_claim_shows_the_limit_and_stores_nothing(client, workshop, groups, objectives, bob):
    for objective in objectives[:3]:
        key_results.claim_objective(room(bob, workshop), groups[0], objective)
    client.force_login(bob)
    response = client.post(_url(workshop), {"action": "kr_claim", "group": groups[0].pk,
                                            "objective": objectives[3].pk})
    assert response.status_code == 200
    assert "A group claims at most 3 objectives" in response.content.decode()
    assert GroupObjective.objects.filter(group=groups[0]).count() == 3


def test_a_member_who_does_not_lead_cannot_claim_for_the_group(client, workshop, groups, objectives, alice):
    client.force_login(alice)
    response = client.post(_url(workshop), {"action": "kr_claim", "group": groups[0].pk,
                                            "objective": objectives[0].pk})
    assert response.status_code == 403 and not GroupObjective.objects.exists()


def test_a_key_result_columns_select_offers_its_groups_claimed_objectives(client, workshop, item, groups,
                                                                          objectives, admin, bob, carol):
    key_results.claim_objective(room(bob, workshop), groups[0], objectives[0])
    key_results.claim_objective(room(carol, workshop), groups[1], objectives[1])
    cocreation.set_stage(admin, item, Stage.SORT)
    column = cocreation.add_column(room(bob, workshop), groups[0], keyword="回访")
    client.force_login(bob)
    page = client.get(_url(workshop)).content.decode()
    assert f'id="cc-kr-obj-{column.pk}"' in page
    select = page.split(f'id="cc-kr-obj-{column.pk}"', 1)[1].split("</select>", 1)[0]
    assert objectives[0].title in select and objectives[1].title not in select
    response = client.post(_url(workshop), {"action": "kr_objective", "column": column.pk,
                                            "objective": objectives[0].pk})
    assert response.status_code == 200
    refused = client.post(_url(workshop), {"action": "kr_target", "column": column.pk,
                                           "target_value": "九十", "target_unit": "%"})
    assert "Write the target as a number" in refused.content.decode()
    column.refresh_from_db()
    assert column.for_objective == objectives[0] and column.target_value is None
    screen = client.get(_url(workshop, screen=True)).content.decode()
    assert objectives[0].title in screen and 'name="target_value"' not in screen


def test_participants_see_no_claim_form_on_an_objective_brainstorm(client, workshop, groups, objectives,
                                                                    alice):
    client.force_login(alice)
    page = client.get(_url(workshop)).content.decode()
    assert "Objectives the groups claim" not in page
    assert not Column.objects.exists()
