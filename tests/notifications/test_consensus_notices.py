"""The Set step notifies the other side: the manager of a proposal, the owner of a send-back with
its reason and of the agreement."""

import pytest

from okrflow.notifications.models import Notification
from okrflow.okrs import states
from okrflow.okrs.models import ObjectiveStatus
from tests.okrs.factories import make_objective


@pytest.fixture
def draft(q1, bob):
    return make_objective(q1, owner=bob, title="Ship the app", status=ObjectiveStatus.DRAFT)


def test_the_manager_hears_of_the_proposal_and_the_owner_of_the_reason(
        draft, bob, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        states.propose(bob, draft, comment="Ready for you")
    notice = Notification.objects.get(recipient=alice)
    assert "submitted an objective" in notice.title and notice.body == "Ready for you"
    with django_capture_on_commit_callbacks(execute=True):
        states.send_back(alice, draft, comment="Name the number")
    notice = Notification.objects.get(recipient=bob)
    assert "sent your objective back" in notice.title and notice.body == "Name the number"
    assert notice.link == f"/objectives/{draft.pk}/"


def test_the_owner_hears_the_objective_is_agreed(draft, bob, alice, django_capture_on_commit_callbacks):
    states.propose(bob, draft)
    with django_capture_on_commit_callbacks(execute=True):
        states.accept(alice, draft)
    assert [n.title for n in Notification.objects.filter(recipient=bob)] == [
        "Your objective is agreed: Ship the app"]
