"""The alignment tree: company → units → people, with scores, grades and secondary links; the first
screen holds the company's objectives and the level below them, the rest arrives on demand."""

from okrflow.actors import SYSTEM
from okrflow.okrs import selectors
from okrflow.okrs.services import create_objective
from okrflow.web.views import okrs_tree
from tests.okrs.factories import make_key_result, make_objective


def children_of(client, objective):
    return client.get(f"/okrs/tree/{objective.pk}/children/").content.decode()


def test_the_first_screen_nests_the_company_and_the_level_below_and_loads_the_rest_on_demand(
        login, admin, okrs):
    client = login(admin)
    html = client.get("/okrs/tree/").content.decode()
    company = html.index("成为华东地区最受欢迎的在线教育平台")
    unit = html.index("打造稳定高效的技术平台")
    assert company < unit
    assert "让核心接口快如闪电" not in html  # two levels down: folded, not read
    assert f'hx-get="/okrs/tree/{okrs.platform.pk}/children/"' in html
    assert html.count('data-level="company"') == 1
    below = children_of(client, okrs.platform)
    assert "让核心接口快如闪电" in below and below.count('data-level="person"') == 1


def test_each_node_shows_its_score_and_grade_and_its_childrens_count_and_mean(login, admin, okrs):
    html = login(admin).get("/okrs/tree/").content.decode()
    assert "0.33 · Poor" in html  # the platform objective
    assert "1 aligned, mean 0.25" in html  # bob's objective below it, counted before it is loaded
    assert "2 aligned" in html  # the company's: the platform and carol's


def test_the_company_score_is_shown_at_the_top_the_same_for_every_reader(login, admin, bob, okrs):
    score = selectors.company_score(okrs.company.cycle)
    assert score is not None
    for person in (admin, bob):
        response = login(person).get("/okrs/tree/")
        assert response.context["score"] == score
        assert "Company score" in response.content.decode()


def test_contributes_to_links_are_shown_but_not_counted_as_children(login, admin, okrs):
    client = login(admin)
    assert "2 aligned" in client.get("/okrs/tree/").content.decode()  # bob's link does not count
    below = children_of(client, okrs.platform)
    assert "contributes to" in below and f'href="/objectives/{okrs.company.pk}/"' in below


def test_an_objective_whose_parent_is_hidden_from_the_reader_is_listed_as_not_aligned(
        login, bob, carol, okrs):
    create_objective(SYSTEM, carol.organization, cycle=okrs.company.cycle, owner_person=bob,
                     title="支持大客户签约", ref="BOB-2", parent_objective=okrs.private)
    client = login(bob)
    html = client.get("/okrs/tree/").content.decode()
    assert "拿下三个华东大客户" not in html and 'hx-get="/okrs/tree/unaligned/"' in html
    unaligned = client.get("/okrs/tree/unaligned/").content.decode()
    assert "支持大客户签约" in unaligned and "拿下三个华东大客户" not in unaligned
    assert "让核心接口快如闪电" not in unaligned  # aligned to the platform, which bob sees


def test_the_children_of_an_objective_the_reader_cannot_see_are_not_found(login, bob, okrs):
    assert login(bob).get(f"/okrs/tree/{okrs.private.pk}/children/").status_code == 404


def test_the_not_aligned_group_comes_a_page_at_a_time(login, admin, q1, tech, monkeypatch):
    monkeypatch.setattr(okrs_tree, "UNALIGNED_PAGE", 2)
    for n in range(3):
        make_objective(q1, owner=tech, title=f"独立目标{n}", ref=f"S{n}")
    client = login(admin)
    first = client.get("/okrs/tree/unaligned/").content.decode()
    assert "独立目标0" in first and "独立目标1" in first and "独立目标2" not in first
    assert 'hx-get="/okrs/tree/unaligned/?page=2"' in first
    second = client.get("/okrs/tree/unaligned/?page=2").content.decode()
    assert "独立目标2" in second and "Show more" not in second
    for malformed in ("x", "0", "²", "9" * 40):  # read as page 1, never a 500
        assert "独立目标0" in client.get("/okrs/tree/unaligned/", {"page": malformed}).content.decode()


def test_a_key_result_in_the_tree_counts_through_its_objective(login, admin, q1, tech):
    company = make_objective(q1, title="公司目标", ref="C")
    kr = make_key_result(company, start=0, target=10, title="签约10家", ref="C-KR")
    make_objective(q1, owner=tech, title="技术支持签约", ref="U", parent_key_result=kr)
    html = login(admin).get("/okrs/tree/").content.decode()
    assert html.index("公司目标") < html.index("技术支持签约") and "1 aligned" in html
