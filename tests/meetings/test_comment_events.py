"""A posted comment is an event (okrflow/events.py): sent after commit, never for a rolled-back
write, and the comment stands whatever its receivers do."""

import pytest
from django.db import transaction

from okrflow import events
from okrflow.meetings.comments import add_comment
from okrflow.meetings.models import Comment
from okrflow.notifications import receivers
from okrflow.notifications.models import Notification
from tests.listening import listening


class Rollback(Exception):
    pass


@pytest.fixture
def heard():
    """What comment_posted delivered."""
    with listening(events.comment_posted) as payloads:
        yield payloads


@pytest.fixture
def without_mention_notices():
    events.comment_posted.disconnect(dispatch_uid="notifications.mentions")
    yield
    events.comment_posted.connect(receivers.notify_the_mentioned, dispatch_uid="notifications.mentions")


def test_the_mention_is_notified_only_once_the_comment_is_committed(bobs_kr, bob, alice, heard,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as pending:
        comment = add_comment(bob, bobs_kr, "@alice@acme.test please approve")
        assert heard == [] and not Notification.objects.exists()  # still inside the transaction
    for callback in pending:
        callback()
    assert heard == [{"comment": comment, "target": bobs_kr, "objective": bobs_kr.objective, "actor": bob,
                      "mentioned": [alice]}]
    assert Notification.objects.get().recipient == alice


def test_a_comment_posted_in_a_transaction_that_rolls_back_notifies_nobody(bobs_kr, bob, alice, heard,
                                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback), transaction.atomic():
        add_comment(bob, bobs_kr, "@alice@acme.test please approve")
        raise Rollback
    assert heard == [] and not Notification.objects.exists() and not Comment.objects.exists()


def test_with_the_mention_receiver_disconnected_the_comment_is_still_posted(bobs_kr, bob, alice, heard,
                                                                            without_mention_notices,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(bob, bobs_kr, "@alice@acme.test please approve")
    assert list(comment.mentioned.all()) == [alice] and len(heard) == 1
    assert not Notification.objects.exists()


def test_a_failing_receiver_neither_undoes_the_comment_nor_stops_the_mention_notice(
        bobs_kr, bob, alice, django_capture_on_commit_callbacks):
    def broken(sender, **payload):
        raise RuntimeError("a receiver's bug")

    # The broken receiver runs first: the mention receiver is connected again after it.
    events.comment_posted.disconnect(dispatch_uid="notifications.mentions")
    events.comment_posted.connect(broken, dispatch_uid="test.broken")
    events.comment_posted.connect(receivers.notify_the_mentioned, dispatch_uid="notifications.mentions")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            add_comment(bob, bobs_kr, "@alice@acme.test please approve")
    finally:
        events.comment_posted.disconnect(dispatch_uid="test.broken")
    assert Comment.objects.count() == 1
    assert Notification.objects.get().recipient == alice
