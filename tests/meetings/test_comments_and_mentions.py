"""Comments on objectives, key results, check-ins and tasks; @mentions within the organization
notify the person (through okrflow/notifications) when they may see the item."""

import pytest
from django.db import IntegrityError

from okrflow.actors import SYSTEM
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.comments import add_comment, comments_on, delete_comment
from okrflow.meetings.mentions import find_mentions
from okrflow.meetings.models import Comment
from okrflow.notifications.models import Notification, NotificationKind
from okrflow.okrs.models import Visibility
from okrflow.okrs.services import update_objective
from tests.okrs.factories import make_checkin

PEOPLE = [(1, "Alice 王", "alice@acme.test"), (2, "Bob", "bob@acme.test"), (3, "王小明", "xm@acme.test"),
          (4, "Bobby", "bobby@acme.test"), (5, "Sam", "sam1@acme.test"), (6, "Sam", "sam2@acme.test")]


@pytest.mark.parametrize(("text", "ids"), [
    ("@bob@acme.test please look", [2]),
    ("cc @Bob, thanks", [2]),
    ("@Bobby not bob", [4]),
    ("@王小明请看一下", [3]),
    ("@Alice 王 和 @bob", [1, 2]),
    ("@bob @Bob twice", [2]),
    ("mail bob@acme.test is not a mention", []),
    ("@nobody here", []),
    ("@Sam is ambiguous, @sam2@acme.test is not", [6]),
])
def test_mentions_are_found_by_email_or_name(text, ids):
    assert find_mentions(text, PEOPLE) == ids


def test_someone_who_sees_the_key_result_comments_on_it(bobs_kr, carol):
    comment = add_comment(carol, bobs_kr, "  Looks good  ")
    assert (comment.body, comment.target, comment.author) == ("Looks good", bobs_kr, carol)
    assert list(comments_on(carol, bobs_kr)) == [comment]


def test_comments_go_on_objectives_check_ins_and_tasks_too(bobs_kr, bob):
    checkin = make_checkin(bobs_kr, 10)
    task = create_action_item(bob, bobs_kr, title="Beta")
    targets = [bobs_kr.objective, checkin, task]
    assert [add_comment(bob, target, "ok").target for target in targets] == targets


def test_a_mention_notifies_the_person_in_the_organization(bobs_kr, bob, alice,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        comment = add_comment(bob, bobs_kr, "@alice@acme.test 需要你批准预算")
    assert list(comment.mentioned.all()) == [alice]
    notice = Notification.objects.get(recipient=alice)
    assert (notice.kind, notice.actor, notice.body) == (NotificationKind.MENTION, bob, comment.body)
    assert notice.link == f"/objectives/{bobs_kr.objective_id}/"


def test_a_mention_never_reaches_another_organization(bobs_kr, bob, mallory):
    comment = add_comment(bob, bobs_kr, "@mallory@globex.test @Mallory look")
    assert not comment.mentioned.exists() and not Notification.objects.exists()


def test_a_mention_of_someone_who_may_not_see_a_private_objective_notifies_nobody(bobs_kr, bob, carol):
    update_objective(SYSTEM, bobs_kr.objective, visibility=Visibility.PRIVATE)
    bobs_kr.objective.refresh_from_db()
    comment = add_comment(bob, bobs_kr, "@carol@acme.test secret")
    assert not comment.mentioned.exists() and not Notification.objects.filter(recipient=carol).exists()


def test_someone_who_may_not_see_the_item_may_not_comment_or_read(bobs_kr, bob, carol):
    update_objective(SYSTEM, bobs_kr.objective, visibility=Visibility.PRIVATE)
    bobs_kr.refresh_from_db()
    with pytest.raises(NotFound):
        add_comment(carol, bobs_kr, "hi")
    with pytest.raises(NotFound):
        comments_on(carol, bobs_kr)


def test_mallory_never_sees_acme_comments(bobs_kr, bob, mallory):
    add_comment(bob, bobs_kr, "internal")
    with pytest.raises(NotFound):
        comments_on(mallory, bobs_kr)
    with pytest.raises(NotFound):
        add_comment(mallory, bobs_kr, "hello")


def test_an_empty_comment_is_refused(bobs_kr, bob):
    with pytest.raises(DomainError) as refused:
        add_comment(bob, bobs_kr, "   ")
    assert refused.value.code == "empty_comment" and not Comment.objects.exists()


def test_only_the_author_or_the_okr_champion_deletes_a_comment(bobs_kr, bob, carol, admin):
    comment = add_comment(bob, bobs_kr, "typo")
    with pytest.raises(AccessDenied):
        delete_comment(carol, comment)
    delete_comment(admin, comment)
    assert not Comment.objects.exists()


def test_the_database_refuses_a_comment_on_two_items_at_once(bobs_kr, org):
    with pytest.raises(IntegrityError):
        Comment.objects.create(organization=org, body="x", key_result=bobs_kr, objective=bobs_kr.objective)
