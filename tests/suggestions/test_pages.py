"""The suggestion box page: submit, upvote (htmx), the champion's merge and adoption."""

import pytest
from django.urls import reverse

from okrflow.okrs.models import Objective
from okrflow.org.models import Role
from okrflow.suggestions.models import Suggestion, SuggestionVote
from okrflow.suggestions.services import submit_suggestion
from tests.factories import make_person


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


@pytest.fixture
def in_q1(client, q1):
    session = client.session
    session["cycle_id"] = q1.pk
    session.save()
    return client


def test_a_member_submits_a_suggestion_on_the_page(client, in_q1, bob, q1):
    client.force_login(bob)
    response = client.post(reverse("suggestions"), {"title": "提升客户满意度", "why": "投诉在增加"})
    assert response.status_code == 302
    assert Suggestion.objects.get().author == bob
    assert "提升客户满意度" in client.get(reverse("suggestions")).content.decode()


def test_an_empty_suggestion_shows_the_form_again(client, in_q1, bob):
    client.force_login(bob)
    response = client.post(reverse("suggestions"), {"title": ""})
    assert response.status_code == 200 and "Nothing was saved" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_upvote_button_toggles_in_place(client, bob, alice, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    client.force_login(alice)
    url = reverse("suggestion_vote", args=[suggestion.pk])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    response = client.post(url, headers={"HX-Request": "true"})
    assert 'aria-pressed="false"' in response.content.decode()
    assert not SuggestionVote.objects.exists()


def test_the_champion_sees_similar_suggestions_merged_and_adopts_them(
        client, in_q1, bob, carol, champion, q1):
    first = submit_suggestion(bob, q1, title="提升客户满意度")
    second = submit_suggestion(carol, q1, title="提高客户满意度")
    client.force_login(champion)
    page = client.get(reverse("suggestions")).content.decode()
    assert "2 similar suggestions" in page and "Make it a draft company objective" in page
    response = client.post(reverse("suggestion_adopt"), {"suggestions": [first.pk, second.pk],
                                                          "title": "客户满意度达到 90 分"})
    objective = Objective.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("objective", args=[objective.pk])
    assert (objective.status, objective.title) == ("draft", "客户满意度达到 90 分")


def test_a_member_cannot_adopt_and_sees_no_adopt_button(client, in_q1, bob, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    client.force_login(bob)
    assert "Make it a draft company objective" not in client.get(reverse("suggestions")).content.decode()
    assert client.post(reverse("suggestion_adopt"), {"suggestions": [suggestion.pk]}).status_code == 403
    assert not Objective.objects.exists()


def test_adopting_a_foreign_suggestion_stores_nothing(client, mallory, bob, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    client.force_login(mallory)
    response = client.post(reverse("suggestion_adopt"), {"suggestions": [suggestion.pk]})
    assert response.status_code == 302
    assert not Objective.objects.exists() and Suggestion.objects.get().objective is None


@pytest.mark.parametrize("bad", ["99999999999999999999", "abc", "-1"])
def test_adopting_an_id_no_database_holds_is_refused_with_a_message(client, in_q1, bob, champion, q1, bad):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    client.force_login(champion)
    response = client.post(reverse("suggestion_adopt"), {"suggestions": [suggestion.pk, bad]}, follow=True)
    assert response.status_code == 200 and "Choose at least one suggestion." in response.content.decode()
    assert not Objective.objects.exists() and Suggestion.objects.get().objective is None
