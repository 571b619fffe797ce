"""The quick check-in updates the key result and the objective's score in place."""

from okrflow.checkins.models import CheckIn


def post_check_in(client, kr, value, **fields):
    data = {f"kr{kr.pk}-value": value, f"kr{kr.pk}-date": "2026-02-20"}
    data.update({f"kr{kr.pk}-{name}": v for name, v in fields.items()})
    return client.post(f"/key-results/{kr.pk}/check-in/", data, HTTP_HX_REQUEST="true")


def test_a_check_in_returns_the_objective_with_its_new_score_and_grade(login, bob, okrs):
    response = post_check_in(login(bob), okrs.cache, "1", confidence="90", note="上线了")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div id="objective-body-{okrs.speed.pk}"')
    # latency 0.5 and the milestone now done: (0.5 + 1) / 2 = 0.75, a good grade.
    assert response.context["objective"].score == 0.75
    assert 'data-grade="good"' in html and "0.75" in html and "Check-in saved." in html
    checkin = CheckIn.objects.get(key_result=okrs.cache)
    assert (checkin.confidence, checkin.note, checkin.author) == (90, "上线了", bob)


def test_a_bad_check_in_shows_the_message_in_the_form_and_stores_nothing(login, bob, okrs):
    response = post_check_in(login(bob), okrs.cache, "1", confidence="150")
    html = response.content.decode()
    assert "Confidence is a whole number from 0 to 100." in html
    assert f'class="collapse show" id="checkin-{okrs.cache.pk}"' in html
    assert not CheckIn.objects.filter(key_result=okrs.cache).exists()


def test_a_check_in_without_a_number_is_refused(login, bob, okrs):
    response = post_check_in(login(bob), okrs.latency, "快了很多")
    assert "Enter a number." in response.content.decode()
    assert CheckIn.objects.filter(key_result=okrs.latency).count() == 2


def test_without_htmx_the_check_in_returns_to_the_objective_page(login, bob, okrs):
    client = login(bob)
    response = client.post(f"/key-results/{okrs.cache.pk}/check-in/",
                           {f"kr{okrs.cache.pk}-value": "1", f"kr{okrs.cache.pk}-date": "2026-02-20"})
    assert response.status_code == 302 and response["Location"] == f"/objectives/{okrs.speed.pk}/"
    assert CheckIn.objects.filter(key_result=okrs.cache).exists()


def test_the_manager_may_check_in_on_a_reports_key_result(login, alice, okrs):
    assert post_check_in(login(alice), okrs.latency, "400").status_code == 200


def test_a_big_confidence_drop_needs_a_reason_in_the_quick_form_too(login, bob, okrs):
    post_check_in(login(bob), okrs.cache, "0", confidence="80", note="")
    response = post_check_in(login(bob), okrs.cache, "0", confidence="40", note="")
    assert "80% → 40%: what changed?" in response.content.decode()
    assert CheckIn.objects.filter(key_result=okrs.cache).count() == 1
    post_check_in(login(bob), okrs.cache, "0", confidence="40", note="供应商延期交付")
    assert CheckIn.objects.filter(key_result=okrs.cache).count() == 2


def test_the_page_renders_no_check_in_form_until_a_row_is_opened(client, okrs, bob):
    client.force_login(bob)
    page = client.get(f"/objectives/{okrs.latency.objective_id}/").content.decode()
    assert 'class="okr-checkin-form' not in page
    assert f'hx-get="/key-results/{okrs.latency.pk}/check-in/"' in page
    form = client.get(f"/key-results/{okrs.latency.pk}/check-in/").content.decode()
    assert f'name="kr{okrs.latency.pk}-value"' in form
