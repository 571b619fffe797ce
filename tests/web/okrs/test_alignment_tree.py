"""The alignment tree: company → units → people, with scores, grades and secondary links."""

from okrflow.okrs.services import create_objective
from okrflow.web.views import okrs_tree
from tests.okrs.factories import make_key_result, make_objective


def test_the_tree_nests_company_unit_and_person_objectives(login, admin, okrs):
    response = login(admin).get("/okrs/tree/")
    html = response.content.decode()
    assert response.status_code == 200 and response.context["count"] == 4
    company = html.index("成为华东地区最受欢迎的在线教育平台")
    unit = html.index("打造稳定高效的技术平台")
    person = html.index("让核心接口快如闪电")
    assert company < unit < person
    assert html.count('data-level="company"') == 1 and html.count('data-level="person"') == 2


def test_each_node_shows_its_score_and_grade_and_its_childrens_mean(login, admin, okrs):
    roots, nodes = okrs_tree.build_tree(admin, okrs.company.cycle)
    assert [r.title for r in roots] == ["成为华东地区最受欢迎的在线教育平台"]
    assert nodes[okrs.platform.pk].score == 0.333333 and nodes[okrs.platform.pk].grade.code == "poor"
    assert nodes[okrs.platform.pk].children_mean == 0.25  # bob's objective
    html = login(admin).get("/okrs/tree/").content.decode()
    assert "0.33 · Poor" in html and "1 aligned, mean 0.25" in html


def test_contributes_to_links_are_shown_but_not_counted_as_children(login, admin, okrs):
    roots, nodes = okrs_tree.build_tree(admin, okrs.company.cycle)
    company = nodes[okrs.company.pk]
    assert okrs.speed.pk not in [c.id for c in company.children]
    assert [t.id for t in nodes[okrs.speed.pk].links] == [okrs.company.pk]
    assert "contributes to" in login(admin).get("/okrs/tree/").content.decode()


def test_an_objective_whose_parent_is_hidden_from_the_reader_stays_in_the_tree_as_a_root(
        login, bob, carol, okrs):
    hidden_parent = okrs.private
    create_objective(None, carol.organization, cycle=okrs.company.cycle, owner_person=bob,
                     title="支持大客户签约", ref="BOB-2", parent_objective=hidden_parent)
    roots, _nodes = okrs_tree.build_tree(bob, okrs.company.cycle)
    assert "支持大客户签约" in [r.title for r in roots]
    assert "拿下三个华东大客户" not in login(bob).get("/okrs/tree/").content.decode()


def test_a_large_subtree_arrives_folded_and_loads_its_children_on_demand(login, admin, org, q1, tech,
                                                                        monkeypatch):
    monkeypatch.setattr(okrs_tree, "LAZY_SUBTREE", 3)
    company = make_objective(q1, title="公司目标", ref="C")
    unit = make_objective(q1, owner=tech, title="技术中心目标", ref="U", parent_objective=company)
    for n in range(5):
        make_objective(q1, owner=tech, title=f"子目标{n}", ref=f"S{n}", parent_objective=unit)
    client = login(admin)
    html = client.get("/okrs/tree/").content.decode()
    assert "技术中心目标" in html and "子目标0" not in html
    assert f'hx-get="/okrs/tree/{unit.pk}/children/"' in html
    children = client.get(f"/okrs/tree/{unit.pk}/children/").content.decode()
    assert all(f"子目标{n}" in children for n in range(5))


def test_a_key_result_in_the_tree_counts_through_its_objective(login, admin, q1, tech):
    company = make_objective(q1, title="公司目标", ref="C")
    kr = make_key_result(company, start=0, target=10, title="签约10家", ref="C-KR")
    make_objective(q1, owner=tech, title="技术支持签约", ref="U", parent_key_result=kr)
    _roots, nodes = okrs_tree.build_tree(admin, q1)
    assert [c.title for c in nodes[company.pk].children] == ["技术支持签约"]
