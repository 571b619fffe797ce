"""Comment threads on objectives, key results, check-ins and tasks: posted and listed through
htmx partials, @mentions notify and link, unseen items are 404, empty comments are refused."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from okrflow.meetings.actions import create_action_item
from okrflow.meetings.comments import add_comment
from okrflow.meetings.models import Comment
from okrflow.notifications.models import Notification
from tests.factories import make_cycle
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def login(client):
    def log_in(person):
        client.force_login(person)
        return client
    return log_in


@pytest.fixture
def okr(org, bob):
    today = timezone.localdate()
    cycle = make_cycle(org, code="NOW", start=today - datetime.timedelta(days=30),
                       end=today + datetime.timedelta(days=60))
    objective = make_objective(cycle, owner=bob, title="让核心接口快如闪电", ref="BOB-1")
    kr = make_key_result(objective, title="接口P95延迟达标", ref="BOB-1-1", owner=bob)
    checkin = make_checkin(kr, 30, date=today, confidence=80, author=bob)
    task = create_action_item(bob, kr, title="压测报告", owner=bob)
    return SimpleNamespace(objective=objective, kr=kr, checkin=checkin, task=task, cycle=cycle)


def targets(okr):
    return {"objective": okr.objective, "key-result": okr.kr, "checkin": okr.checkin, "task": okr.task}


@pytest.mark.parametrize("kind", ["objective", "key-result", "checkin", "task"])
def test_a_comment_posted_on_an_item_is_stored_and_listed_in_the_refreshed_thread(login, bob, okr, kind):
    target = targets(okr)[kind]
    url = f"/comments/{kind}/{target.pk}/"
    response = login(bob).post(url, {"body": "本周进展顺利"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="comments-{kind}-{target.pk}"' in html and "本周进展顺利" in html
    comment = Comment.objects.get()
    assert comment.author == bob and comment.body == "本周进展顺利"
    assert "本周进展顺利" in login(bob).get(url).content.decode()


def test_the_thread_shows_the_form_with_the_mention_help(login, bob, okr):
    html = login(bob).get(f"/comments/objective/{okr.objective.pk}/").content.decode()
    assert "Mention someone with @email or @name" in html and "No comments yet." in html


def test_a_mention_of_a_colleague_notifies_them_and_links_to_their_page(login, alice, bob, okr,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = login(bob).post(f"/comments/key-result/{okr.kr.pk}/",
                                   {"body": "@alice@acme.test 请看一下 <b>延迟</b>"})
    html = response.content.decode()
    assert Notification.objects.filter(recipient=alice).count() == 1
    assert f'<a href="/people/{alice.pk}/" class="comment-mention">@alice@acme.test</a>' in html
    assert "&lt;b&gt;延迟&lt;/b&gt;" in html  # the text itself is never trusted as HTML


def test_a_mention_by_name_is_linked_too(login, alice, bob, okr):
    html = login(bob).post(f"/comments/task/{okr.task.pk}/", {"body": "请 @Alice 王 帮忙"}).content.decode()
    assert f'<a href="/people/{alice.pk}/" class="comment-mention">@Alice 王</a>' in html


def test_an_empty_comment_is_refused_in_the_thread_and_nothing_is_stored(login, bob, okr):
    response = login(bob).post(f"/comments/objective/{okr.objective.pk}/", {"body": "   "})
    assert response.status_code == 200
    assert "Write a comment." in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("kind", ["objective", "key-result", "checkin", "task"])
def test_someone_from_another_organization_gets_404(login, mallory, okr, kind):
    target = targets(okr)[kind]
    client = login(mallory)
    assert client.get(f"/comments/{kind}/{target.pk}/").status_code == 404
    assert client.post(f"/comments/{kind}/{target.pk}/", {"body": "hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_private_objectives_threads_are_404_for_someone_who_cannot_see_it(login, bob, carol, okr):
    okr.objective.visibility = "private"
    okr.objective.save(update_fields=["visibility"])
    client = login(carol)
    for kind, target in targets(okr).items():
        assert client.get(f"/comments/{kind}/{target.pk}/").status_code == 404
    assert client.post(f"/comments/objective/{okr.objective.pk}/", {"body": "hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_an_unknown_kind_is_404(login, bob, okr):
    assert login(bob).get(f"/comments/cycle/{okr.cycle.pk}/").status_code == 404


def test_the_author_deletes_their_comment_and_gets_the_refreshed_thread(login, bob, okr):
    comment = add_comment(bob, okr.objective, "写错了")
    response = login(bob).post(f"/comments/{comment.pk}/delete/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "写错了" not in response.content.decode()
    assert not Comment.objects.exists()


def test_someone_else_may_not_delete_a_comment(login, bob, carol, okr):
    comment = add_comment(bob, okr.objective, "保留")
    thread = login(carol).get(f"/comments/objective/{okr.objective.pk}/").content.decode()
    assert f"/comments/{comment.pk}/delete/" not in thread
    assert login(carol).post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_the_thread_query_count_stays_bounded_with_30_comments(login, alice, bob, okr,
                                                               django_assert_max_num_queries):
    for n in range(30):
        add_comment(bob, okr.kr, f"第{n}条 @alice@acme.test")
    client = login(bob)
    with django_assert_max_num_queries(16):  # session, viewer, access checks; none per comment
        response = client.get(f"/comments/key-result/{okr.kr.pk}/")
    assert response.content.decode().count('class="comment-mention"') == 30


def test_the_objective_page_loads_threads_for_the_objective_its_key_results_and_check_ins(login, bob, okr):
    html = login(bob).get(f"/objectives/{okr.objective.pk}/").content.decode()
    for kind, target in [("objective", okr.objective), ("key-result", okr.kr), ("checkin", okr.checkin)]:
        assert f'hx-get="/comments/{kind}/{target.pk}/"' in html


def test_the_task_list_loads_a_thread_per_task(login, bob, okr):
    html = login(bob).get("/tasks/").content.decode()
    assert f'hx-get="/comments/task/{okr.task.pk}/"' in html
