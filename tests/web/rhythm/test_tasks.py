"""My tasks: action items across all my key results, status moved in place, overdue flagged."""

import datetime

import pytest

from okrflow.meetings.actions import create_action_item
from okrflow.meetings.models import ActionItem, ActionStatus


@pytest.fixture
def tasks(bob, bobs_krs, today):
    krs = bobs_krs.krs
    day = datetime.timedelta(days=1)
    late = create_action_item(bob, krs[0], title="压测报告", owner=bob, due_date=today - 2 * day)
    soon = create_action_item(bob, krs[1], title="接入告警", owner=bob, due_date=today + 5 * day)
    return late, soon


def test_my_tasks_lists_tasks_across_my_key_results_with_the_overdue_one_flagged(login, bob, tasks):
    response = login(bob).get("/tasks/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [item.title for item in response.context["items"]] == ["压测报告", "接入告警"]
    assert html.count("rhythm-task-overdue") == 1 and "Overdue" in html


def test_a_status_change_through_htmx_returns_the_updated_row(login, bob, tasks):
    late, _soon = tasks
    response = login(bob).post(f"/tasks/{late.pk}/status/", {"status": "done", "version": late.version},
                               HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="task-{late.pk}"' in response.content.decode()
    assert "rhythm-task-overdue" not in response.content.decode()
    late.refresh_from_db()
    assert late.status == ActionStatus.DONE
    assert [item.title for item in login(bob).get("/tasks/").context["items"]] == ["接入告警"]


def test_a_stale_status_change_is_refused_on_the_row(login, bob, tasks):
    late, _soon = tasks
    response = login(bob).post(f"/tasks/{late.pk}/status/", {"status": "done", "version": late.version + 5},
                               HTTP_HX_REQUEST="true")
    assert 'role="alert"' in response.content.decode()
    late.refresh_from_db()
    assert late.status == ActionStatus.TODO


def test_a_task_is_added_under_a_key_result_with_the_5w2h_fields(login, bob, bobs_krs):
    kr = bobs_krs.krs[2]
    response = login(bob).post("/tasks/", {"new-key_result": kr.pk, "new-title": "调优缓存淘汰策略",
                                           "new-due_date": "2026-12-01", "new-why": "命中率低",
                                           "new-how_much": "2人日"})
    assert response.status_code == 302
    item = ActionItem.objects.get(title="调优缓存淘汰策略")
    assert (item.key_result, item.owner, item.why, item.how_much) == (kr, bob, "命中率低", "2人日")


def test_a_task_without_a_title_is_refused_and_nothing_is_stored(login, bob, bobs_krs):
    response = login(bob).post("/tasks/", {"new-key_result": bobs_krs.krs[0].pk, "new-title": ""})
    assert response.status_code == 200 and not ActionItem.objects.exists()
    assert "is-invalid" in response.content.decode()


def test_someone_elses_task_is_not_found(login, carol, mallory, tasks):
    late, _soon = tasks
    assert login(mallory).post(f"/tasks/{late.pk}/status/", {"status": "done"}).status_code == 404


def test_a_colleague_who_neither_owns_nor_plans_the_task_cannot_move_it(login, carol, tasks):
    late, _soon = tasks
    assert login(carol).post(f"/tasks/{late.pk}/status/", {"status": "done"}).status_code == 403
    late.refresh_from_db()
    assert late.status == ActionStatus.TODO
