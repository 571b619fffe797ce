"""The suggestion box: submitting, upvoting (one vote each, a toggle), the merged view and the
champion turning an idea into a draft company objective that keeps its suggesters as its source."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.notifications.models import Notification
from okrflow.okrs.models import Objective
from okrflow.org.models import Role
from okrflow.suggestions.models import Suggestion, SuggestionVote
from okrflow.suggestions.selectors import box
from okrflow.suggestions.services import (
    adopt_suggestions,
    get_suggestion,
    submit_suggestion,
    suggesters_of,
    toggle_vote,
)
from tests.factories import make_person


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


def test_every_employee_can_submit_a_suggestion_and_it_is_audited(bob, q1):
    suggestion = submit_suggestion(bob, q1, title="  提升客户满意度 ", why="客户投诉在增加")
    assert (suggestion.title, suggestion.author, suggestion.cycle) == ("提升客户满意度", bob, q1)
    assert AuditEntry.objects.filter(action="suggestion.create", object_id=str(suggestion.pk)).exists()


def test_a_suggestion_without_a_title_is_refused_and_nothing_is_stored(bob, q1):
    with pytest.raises(DomainError) as refused:
        submit_suggestion(bob, q1, title="   ")
    assert refused.value.field == "title"
    assert not Suggestion.objects.exists()


def test_someone_of_another_organization_cannot_submit_to_acmes_box(mallory, q1):
    with pytest.raises(NotFound):
        submit_suggestion(mallory, q1, title="Globex knows best")
    assert not Suggestion.objects.exists()


def test_a_suggestion_of_another_organization_is_not_found(mallory, bob, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    with pytest.raises(NotFound):
        get_suggestion(mallory, suggestion.pk)


def test_an_upvote_toggles_one_vote_per_person(bob, alice, carol, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    assert toggle_vote(alice, suggestion) is True
    assert toggle_vote(carol, suggestion) is True
    assert SuggestionVote.objects.filter(suggestion=suggestion).count() == 2
    assert toggle_vote(alice, suggestion) is False
    voters = SuggestionVote.objects.filter(suggestion=suggestion).values_list("person", flat=True)
    assert list(voters) == [carol.pk]
    assert toggle_vote(alice, suggestion) is True
    assert SuggestionVote.objects.filter(suggestion=suggestion, person=alice).count() == 1


def test_the_box_merges_near_duplicates_with_their_votes_most_upvoted_first(bob, alice, carol, q1):
    first = submit_suggestion(bob, q1, title="提升客户满意度")
    second = submit_suggestion(carol, q1, title="提高客户满意度")
    other = submit_suggestion(alice, q1, title="Improve hiring")
    for person in (alice, carol, bob):
        toggle_vote(person, second)
    toggle_vote(bob, other)
    groups, adopted = box(bob, q1)
    assert [g.ids for g in groups] == [[second.pk, first.pk], [other.pk]]
    assert [g.votes for g in groups] == [3, 1]
    assert groups[0].lead.voted is True and groups[0].suggestions[1].voted is False
    assert adopted == []


def test_the_champion_turns_a_merged_group_into_a_draft_company_objective_with_its_source(
        bob, carol, champion, org, q1, django_capture_on_commit_callbacks):
    first = submit_suggestion(bob, q1, title="提升客户满意度", why="投诉在增加")
    second = submit_suggestion(carol, q1, title="提高客户满意度", why="续约率下降")
    with django_capture_on_commit_callbacks(execute=True):
        objective = adopt_suggestions(champion, [first, second], title="让客户满意度达到 90 分")
    objective = Objective.objects.get(pk=objective.pk)
    assert (objective.status, objective.origin) == ("draft", "bottom_up")
    assert objective.owner_unit == org.root_unit()
    assert objective.title == "让客户满意度达到 90 分"
    assert objective.description == "投诉在增加\n续约率下降"
    assert suggesters_of(objective) == [bob, carol]
    assert set(Suggestion.objects.values_list("objective", flat=True)) == {objective.pk}
    assert AuditEntry.objects.filter(action="suggestion.adopt").count() == 2
    assert AuditEntry.objects.filter(action="objective.create", object_id=str(objective.pk)).exists()
    told = Notification.objects.filter(link=f"/objectives/{objective.pk}/")
    assert sorted(told.values_list("recipient__name", flat=True)) == sorted([bob.name, carol.name])
    groups, adopted = box(bob, q1)
    assert list(groups) == [] and [s.pk for s in adopted] == [second.pk, first.pk]


def test_a_member_cannot_adopt_a_suggestion(bob, alice, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    with pytest.raises(AccessDenied):
        adopt_suggestions(alice, [suggestion])
    assert not Objective.objects.exists()


def test_an_adopted_suggestion_cannot_be_adopted_again(bob, champion, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    adopt_suggestions(champion, [suggestion])
    with pytest.raises(DomainError) as refused:
        adopt_suggestions(champion, [suggestion])
    assert refused.value.code == "already_adopted"
    assert Objective.objects.count() == 1


def test_an_admin_of_another_organization_cannot_adopt_acmes_suggestions(bob, mallory, q1):
    suggestion = submit_suggestion(bob, q1, title="提升客户满意度")
    with pytest.raises(NotFound):
        adopt_suggestions(mallory, [suggestion])
    assert not Objective.objects.exists()
