"""The celebrate pages: celebrations, reward tiers, kudos on the objective and person pages, the
mission and vision above the company's OKRs."""


import pytest
from django.urls import reverse

from okrflow.celebrations.models import Celebration, Kudos, RewardTier
from okrflow.celebrations.services import give_kudos
from okrflow.org.models import Organization
from tests.okrs.factories import make_key_result, make_objective


@pytest.fixture
def in_q1(client, q1):
    session = client.session
    session["cycle_id"] = q1.pk
    session.save()
    return client


def test_the_company_page_shows_the_mission_and_vision_above_its_okrs(client, bob, org, q1):
    Organization.objects.filter(pk=org.pk).update(mission="让协作更简单", vision="三年内服务一万家企业")
    client.force_login(bob)
    page = client.get(reverse("company_okrs")).content.decode()
    assert "让协作更简单" in page and "三年内服务一万家企业" in page
    assert reverse("mission") not in page


def test_the_champion_edits_the_mission_on_its_page(client, champion, org):
    client.force_login(champion)
    assert client.get(reverse("mission")).status_code == 200
    response = client.post(reverse("mission"), {"mission": "让协作更简单", "vision": "行业第一"})
    assert response.status_code == 302
    assert Organization.objects.get(pk=org.pk).vision == "行业第一"


def test_a_member_may_not_open_the_mission_page(client, bob):
    client.force_login(bob)
    assert client.get(reverse("mission")).status_code == 403


def test_the_team_head_creates_a_celebration_and_the_page_shows_its_tier(
        client, in_q1, alice, tech, q1, techs_objective):
    client.force_login(alice)
    response = client.post(reverse("celebrations"), {
        "level": "team", "title": "构建提速庆功", "date": "2026-03-27", "unit": tech.pk,
        "objectives": [techs_objective.pk], "notes": "周五聚餐"})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(reverse("celebrations")).content.decode()
    assert "构建提速庆功" in page and "Team dinner + bonus" in page and "0.95" in page


def test_a_member_sees_celebrations_but_no_form_and_cannot_post_one(
        client, in_q1, bob, tech, q1, techs_objective):
    client.force_login(bob)
    assert "New celebration" not in client.get(reverse("celebrations")).content.decode()
    response = client.post(reverse("celebrations"), {"level": "team", "title": "x", "date": "2026-03-27",
                                                     "unit": tech.pk})
    assert response.status_code == 403
    assert not Celebration.objects.exists()


def test_a_celebration_without_a_date_shows_the_form_again_and_stores_nothing(client, in_q1, alice, tech):
    client.force_login(alice)
    response = client.post(reverse("celebrations"),
                           {"level": "team", "title": "庆祝", "date": "", "unit": tech.pk})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    assert not Celebration.objects.exists()


def test_the_reward_tiers_page_proposes_defaults_and_saves_them(client, admin, org):
    client.force_login(admin)
    page = client.get(reverse("reward_tiers")).content.decode()
    assert "Team dinner + bonus" in page and "proposed tiers" in page
    data = {"excellent-name": "年终奖加码", "excellent-description": "", "good-name": "团队午餐",
            "good-description": "", "fair-name": "感谢信", "fair-description": "", "poor-name": "",
            "poor-description": ""}
    assert client.post(reverse("reward_tiers"), data).status_code == 302
    names = RewardTier.objects.for_org(org).values_list("name", flat=True)
    assert sorted(names) == ["团队午餐", "年终奖加码", "感谢信"]


def test_kudos_are_given_from_the_objective_page_fragment(client, alice, bob, bobs_objective):
    client.force_login(alice)
    url = reverse("objective_kudos", args=[bobs_objective.pk])
    assert url in client.get(reverse("objective", args=[bobs_objective.pk])).content.decode()
    kr = bobs_objective.key_results.get()
    response = client.post(url, {"recipient": bob.pk, "target": f"kr-{kr.pk}", "message": "干得漂亮"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and "干得漂亮" in response.content.decode()
    assert Kudos.objects.get().key_result == kr


def test_the_objective_fragment_names_who_suggested_the_objective(client, bob, champion, q1):
    from okrflow.suggestions.services import adopt_suggestions, submit_suggestion

    objective = adopt_suggestions(champion, [submit_suggestion(bob, q1, title="提升客户满意度")])
    client.force_login(bob)
    fragment = client.get(reverse("objective_kudos", args=[objective.pk])).content.decode()
    assert "Suggested by" in fragment and bob.name in fragment


def test_the_person_page_shows_only_the_kudos_the_reader_may_see(client, admin, bob, carol, alice, q1):
    private = make_objective(q1, owner=carol, visibility="private")
    make_key_result(private, owner=carol)
    public = make_objective(q1, owner=carol)
    give_kudos(admin, carol, objective=private, message="秘密大单")
    give_kudos(alice, carol, objective=public, message="谢谢支援")
    client.force_login(bob)
    page = client.get(reverse("person", args=[carol.pk])).content.decode()
    assert reverse("person_kudos", args=[carol.pk]) in page
    fragment = client.get(reverse("person_kudos", args=[carol.pk])).content.decode()
    assert "谢谢支援" in fragment and "秘密大单" not in fragment
    client.force_login(carol)
    fragment = client.get(reverse("person_kudos", args=[carol.pk])).content.decode()
    assert "谢谢支援" in fragment and "秘密大单" in fragment


def test_kudos_for_oneself_are_refused_on_the_form(client, bob, bobs_objective):
    client.force_login(bob)
    response = client.post(reverse("objective_kudos", args=[bobs_objective.pk]),
                           {"recipient": bob.pk, "target": "objective", "message": "我真棒"})
    assert response.status_code == 200
    assert not Kudos.objects.exists()


def test_a_foreign_person_page_fragment_is_not_found(client, mallory, bob):
    client.force_login(mallory)
    assert client.get(reverse("person_kudos", args=[bob.pk])).status_code == 404


