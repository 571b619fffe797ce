"""The weekly check-in page: all of a person's key results in one submit, all or nothing."""

from okrflow.checkins.models import CheckIn
from okrflow.meetings.models import WeeklyUpdateEntry
from tests.web.rhythm.conftest import weekly_post


def test_it_lists_every_key_result_with_last_periods_reading_score_and_forecast(login, bob, bobs_krs):
    response = login(bob).get("/checkin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [row.kr for row in response.context["rows"]] == bobs_krs.krs
    assert all(row.row.previous.confidence == 80 for row in response.context["rows"])
    assert "接口P95延迟达标" in html and "缓存命中率提升" in html
    assert f'name="kr{bobs_krs.krs[0].pk}-value"' in html
    assert "30 · 80%" in html  # last period's value and confidence beside the row
    assert "At the current pace" in html  # the forecast's explanation
    assert 'data-grade="poor"' in html  # 30 of 100: the score's grade


def test_one_submit_stores_a_check_in_for_each_of_three_key_results(login, bob, bobs_krs, today):
    krs = bobs_krs.krs
    response = login(bob).post("/checkin/", weekly_post(krs, **{f"kr{krs[1].pk}-blockers": "等运维扩容"}))
    assert response.status_code == 302 and response["Location"] == "/checkin/"
    stored = CheckIn.objects.filter(key_result__in=krs, date=today)
    assert sorted(c.key_result_id for c in stored) == sorted(kr.pk for kr in krs)
    assert {c.value for c in stored} == {50}
    assert WeeklyUpdateEntry.objects.get(checkin__key_result=krs[1]).blockers == "等运维扩容"
    page = login(bob).get("/checkin/").content.decode()
    assert "Your weekly check-in is saved" in page and "Checked in this period" in page


def test_an_unexplained_confidence_drop_refuses_all_shows_the_question_and_keeps_the_input(
        login, bob, bobs_krs, today):
    krs = bobs_krs.krs
    data = weekly_post(krs, **{f"kr{krs[2].pk}-confidence": "20", f"kr{krs[0].pk}-note": "进展顺利",
                               f"kr{krs[0].pk}-value": "61.5"})
    response = login(bob).post("/checkin/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not CheckIn.objects.filter(key_result__in=krs, date=today).exists()
    assert "80% → 20%: what changed?" in html
    failed = response.context["rows"][2].form
    assert "note" in failed.errors and f'aria-describedby="kr{krs[2].pk}_note_errors"' in html
    assert 'value="61.5"' in html and "进展顺利" in html  # what was typed stays


def test_the_drop_goes_through_once_the_note_says_what_changed(login, bob, bobs_krs, today):
    krs = bobs_krs.krs
    data = weekly_post(krs, **{f"kr{krs[2].pk}-confidence": "20", f"kr{krs[2].pk}-note": "大客户流失"})
    assert login(bob).post("/checkin/", data).status_code == 302
    assert CheckIn.objects.get(key_result=krs[2], date=today).confidence == 20


def test_a_row_left_empty_is_skipped_and_bad_numbers_store_nothing(login, bob, bobs_krs, today):
    krs = bobs_krs.krs
    login(bob).post("/checkin/", weekly_post(krs, **{f"kr{krs[0].pk}-value": ""}))
    assert CheckIn.objects.filter(date=today).count() == 2
    response = login(bob).post("/checkin/", weekly_post(krs, **{f"kr{krs[1].pk}-confidence": "140"}))
    assert response.status_code == 200 and CheckIn.objects.filter(date=today).count() == 2
    assert "nothing was saved" in response.content.decode()


def test_a_person_without_key_results_is_told_there_is_nothing_to_check_in(login, carol, now_cycle):
    response = login(carol).get("/checkin/")
    assert response.status_code == 200 and "nothing to check in" in response.content.decode()


def test_the_page_needs_a_login(client, bobs_krs):
    assert client.get("/checkin/").status_code == 302
