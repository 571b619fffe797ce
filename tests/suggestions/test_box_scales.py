"""The suggestion box's cost is bounded: a suggestion joins its similarity group when submitted,
compared with a bounded number of the cycle's open groups; reading the box compares nothing and
reads one page of groups in the same few queries however full the box is."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from okrflow.org.models import Role
from okrflow.suggestions import selectors, services, similarity
from okrflow.suggestions.models import Suggestion
from okrflow.suggestions.selectors import box
from okrflow.suggestions.services import adopt_suggestions, submit_suggestion
from tests.factories import make_person

IDEAS = ["Improve hiring", "提升客户满意度", "Ship the mobile app", "Open an office in Berlin",
         "Cut cloud costs", "降低员工流失率"]


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


def fill(cycle, author, count):
    """`count` unrelated open suggestions, each its own group (as submitting would leave them)."""
    Suggestion.objects.bulk_create([
        Suggestion(organization_id=cycle.organization_id, cycle=cycle, author=author,
                   title=f"Idea number {n:05d} {'x' * (n % 7)} {chr(0x4e00 + n)}") for n in range(count)])
    Suggestion.objects.filter(group=None).update(group_id=F("pk"))


def test_a_similar_suggestion_joins_the_group_when_it_is_submitted(bob, carol, q1):
    first = submit_suggestion(bob, q1, title="提升客户满意度")
    other = submit_suggestion(bob, q1, title="Improve hiring")
    second = submit_suggestion(carol, q1, title="提高客户满意度")
    assert (first.group_id, other.group_id, second.group_id) == (first.pk, other.pk, first.pk)


def test_submitting_compares_with_a_bounded_number_of_open_groups(bob, q1, monkeypatch):
    monkeypatch.setattr(services, "LEADERS_COMPARED", 3)
    compared = []
    monkeypatch.setattr(services, "similar", lambda a, b: compared.append(b) or similarity.similar(a, b))
    oldest, *newer = [submit_suggestion(bob, q1, title=title) for title in IDEAS]
    compared.clear()
    again = submit_suggestion(bob, q1, title=IDEAS[0])  # like the oldest group: beyond the bound
    assert len(compared) == 3 and again.group_id == again.pk != oldest.pk
    joined = submit_suggestion(bob, q1, title=IDEAS[-1])
    assert joined.group_id == newer[-1].pk


def test_an_adopted_group_takes_no_new_member(bob, carol, champion, q1):
    first = submit_suggestion(bob, q1, title="提升客户满意度")
    adopt_suggestions(champion, [first])
    later = submit_suggestion(carol, q1, title="提高客户满意度")
    assert later.group_id == later.pk


def test_reading_the_box_compares_nothing_and_costs_the_same_for_a_full_box(bob, q1, monkeypatch):
    monkeypatch.setattr(selectors, "GROUPS_PER_PAGE", 10)
    fill(q1, bob, 12)
    with CaptureQueriesContext(connection) as small:
        groups, _adopted = box(bob, q1)
    assert len(groups) == 10 and groups.paginator.num_pages == 2
    fill(q1, bob, 600)
    monkeypatch.setattr(similarity, "_near", lambda *args: (_ for _ in ()).throw(AssertionError("compared")))
    with CaptureQueriesContext(connection) as full:
        groups, _adopted = box(bob, q1, page=3)
    assert len(groups) == 10 and groups.number == 3 and groups.paginator.count == 612
    assert len(full.captured_queries) == len(small.captured_queries) <= 4


def test_the_groups_are_ranked_by_their_votes_across_pages(bob, alice, carol, q1, monkeypatch):
    monkeypatch.setattr(selectors, "GROUPS_PER_PAGE", 1)
    first = submit_suggestion(bob, q1, title="提升客户满意度")
    second = submit_suggestion(carol, q1, title="提高客户满意度")
    other = submit_suggestion(alice, q1, title="Improve hiring")
    services.toggle_vote(alice, other)
    services.toggle_vote(bob, other)
    services.toggle_vote(carol, second)
    assert [g.ids for g in box(bob, q1, page=1)[0]] == [[other.pk]]
    assert [g.ids for g in box(bob, q1, page=2)[0]] == [[second.pk, first.pk]]
