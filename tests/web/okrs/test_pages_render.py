"""Every OKR page renders with real-looking data and shows what it promises."""


def test_my_okrs_shows_my_objectives_with_scores_and_my_units_beneath(login, bob, okrs):
    response = login(bob).get("/okrs/mine/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [o.ref for o in response.context["mine"]] == ["BOB-1"]
    assert [o.ref for o in response.context["unit_objectives"]] == ["TECH-1"]
    # latency 800→550 of 800→300 is 0.5; the milestone is not done: (0.5 + 0) / 2.
    assert response.context["mine"][0].score == 0.25
    assert "让核心接口快如闪电" in html and "打造稳定高效的技术平台" in html
    assert 'data-grade="poor"' in html and "60%" in html


def test_the_unit_page_shows_its_objectives_and_the_mean_of_their_scores(login, carol, okrs):
    response = login(carol).get("/units/TECH/okrs/")
    assert response.status_code == 200
    assert [o.ref for o in response.context["objectives"]] == ["TECH-1"]
    # uptime untouched (0), incidents 12→6 of 12→3 (0.666667): the unit's mean is its one objective.
    assert response.context["score"] == 0.333333
    assert "打造稳定高效的技术平台" in response.content.decode()


def test_the_company_page_shows_the_company_objectives_and_score(login, carol, okrs):
    response = login(carol).get("/okrs/company/")
    assert response.status_code == 200
    assert response.context["is_company"] is True
    assert [o.ref for o in response.context["objectives"]] == ["CO-1"]
    assert response.context["score"] == 0.25  # paying users halfway, NPS not started


def test_the_objective_page_shows_everything_around_the_objective(login, alice, okrs):
    response = login(alice).get(f"/objectives/{okrs.platform.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["parent"] == (okrs.company, okrs.paying)
    assert [c.ref for c in response.context["children"]] == ["BOB-1"]
    assert "付费用户从8000增长到12000" in html  # the key result it supports
    assert 'id="okr-chart-data"' in html and "P1故障数从12起降到3起" in html
    # 12→3 at 6: two thirds of the way, as progress in percent (the value only for the tooltip)
    assert response.context["chart_data"][0]["points"] == [["2026-02-01", 66.7, 80, 6.0]]
    assert any(entry.action == "objective.create" for entry in response.context["history"])
    assert "created the objective" in html


def test_the_objective_page_shows_contributes_to_links_and_check_in_history(login, bob, okrs):
    response = login(bob).get(f"/objectives/{okrs.speed.pk}/")
    html = response.content.decode()
    assert [target.ref for target, _kr in response.context["links"]] == ["CO-1"]
    assert "缓存命中率提升" in html  # the note of a check-in
    latency = next(kr for kr in response.context["objective"].krs if kr.ref == "BOB-1-KR1")
    assert [c["value"] for c in latency.history] == [550, 650]  # newest first


def test_the_company_objective_lists_its_visible_children_and_contributors(login, admin, okrs):
    response = login(admin).get(f"/objectives/{okrs.company.pk}/")
    assert sorted(c.ref for c in response.context["children"]) == ["CAROL-1", "TECH-1"]
    assert [o.ref for o in response.context["contributors"]] == ["BOB-1"]


def test_my_okrs_follows_the_browsers_chinese_language(login, bob, okrs):
    client = login(bob)
    html = client.get("/okrs/mine/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-hans"' in html


def test_without_a_cycle_the_pages_say_so(login, bob):
    client = login(bob)
    for url in ("/okrs/mine/", "/okrs/company/", "/okrs/tree/"):
        assert "No cycle has been set up yet." in client.get(url).content.decode()


def test_the_objective_page_charts_the_objectives_weekly_mean_confidence(login, bob, q1):
    import datetime

    from tests.okrs.factories import make_checkin, make_key_result, make_objective

    objective = make_objective(q1, owner=bob, title="稳定交付", ref="CONF-O")
    first = make_key_result(objective, ref="CONF-1", owner=bob)
    second = make_key_result(objective, ref="CONF-2", owner=bob)
    monday = datetime.date(2026, 1, 5)
    make_checkin(first, 10, date=monday, confidence=80, author=bob)
    make_checkin(second, 10, date=monday + datetime.timedelta(days=2), confidence=60, author=bob)
    make_checkin(first, 20, date=monday + datetime.timedelta(days=7), confidence=40, author=bob)
    response = login(bob).get(f"/objectives/{objective.pk}/")
    # Week 1: (80 + 60) / 2; week 2: the first KR fell to 40, the second still 60.
    assert response.context["objective_confidence"] == [["2026-01-05", 70.0], ["2026-01-12", 50.0]]
    assert 'id="okr-objective-confidence"' in response.text


def test_the_objective_page_shows_the_newest_check_ins_and_loads_the_rest_on_demand(login, bob, okrs):
    """A year of weekly check-ins must not make the page grow: six inline, the rest by "Show all"."""
    import datetime

    from okrflow.web.views.okrs import HISTORY_SHOWN
    from tests.okrs.factories import make_checkin

    latency = okrs.speed.key_results.get(ref="BOB-1-KR1")
    for week in range(10):  # two exist already: twelve in all
        day = datetime.date(2026, 1, 5) + datetime.timedelta(days=8 * week)
        make_checkin(latency, 540 - week * 10, date=day)
    client = login(bob)
    page = client.get(f"/objectives/{okrs.speed.pk}/")
    kr = next(k for k in page.context["objective"].krs if k.pk == latency.pk)
    assert len(kr.history) == HISTORY_SHOWN == 6 and kr.history_total == 12
    assert kr.history[0]["date"] == datetime.date(2026, 3, 18)  # the newest first
    html = page.content.decode()
    assert "Show all 12 check-ins" in html and f"/key-results/{latency.pk}/check-ins/" in html

    rows = client.get(f"/key-results/{latency.pk}/check-ins/", HTTP_HX_REQUEST="true")
    assert rows.status_code == 200
    assert [c["date"] for c in rows.context["checkins"]][0] == datetime.date(2026, 3, 18)
    assert len(rows.context["checkins"]) == 12 and "Show all" not in rows.content.decode()


def test_a_private_key_results_check_ins_are_not_found_for_a_colleague(login, bob, okrs):
    private_kr = okrs.private.key_results.get()
    assert login(bob).get(f"/key-results/{private_kr.pk}/check-ins/").status_code == 404


def test_links_to_and_from_a_private_objective_show_only_to_those_who_may_see_it(login, admin, bob, okrs):
    """carol's private objective contributes to the company's key result and links to bob's."""
    from okrflow.actors import SYSTEM
    from okrflow.okrs.services import add_link

    add_link(SYSTEM, okrs.private, to_key_result=okrs.paying)
    add_link(SYSTEM, okrs.platform, to_objective=okrs.private)
    as_bob = login(bob).get(f"/objectives/{okrs.company.pk}/").context
    assert [o.ref for o in as_bob["contributors"]] == ["BOB-1"]
    assert login(bob).get(f"/objectives/{okrs.platform.pk}/").context["links"] == []
    as_admin = login(admin).get(f"/objectives/{okrs.company.pk}/").context
    assert sorted(o.ref for o in as_admin["contributors"]) == ["BOB-1", "CAROL-1"]
    platform = login(admin).get(f"/objectives/{okrs.platform.pk}/").context
    assert [target.ref for target, _kr in platform["links"]] == ["CAROL-1"]
