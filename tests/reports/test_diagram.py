# ruff: noqa: E501  (Chinese data rows read best one per line)
"""The objective system diagram (目标体系模式图): rows by business category in the organization's
order (none last), each objective with its owner, score and grade, its key results with theirs, and
each key result's outputs (its action items) with their state — what the reader may see, scored by
the one rule, streamed in a number of queries that does not grow with the number of objectives."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from okrflow.actors import SYSTEM
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.models import ActionStatus
from okrflow.okrs.categories import create_category, reorder_categories
from okrflow.reports.document import ReportParams, Table, definition
from okrflow.reports.documents.diagram import Spanned
from okrflow.reports.render import render
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective
from tests.reports.document_reading import blocks_of, rows
from tests.reports.files import flat, pdf_text, xlsx_cells

SEED = ["自有平台", "外部平台", "游戏", "页面广告", "其他"]


def build(reader, cycle, unit=None, progress=None):
    return definition("diagram").build(reader, ReportParams(cycle=cycle, unit=unit, progress=progress))


def diagram_rows(reader, cycle, unit=None):
    return rows(blocks_of(build(reader, cycle, unit)))


@pytest.fixture
def categories(org, admin):
    return {name: create_category(admin, org, name=name) for name in SEED}


@pytest.fixture
def world(org, year, q1, tech, admin, alice, bob, carol, categories):
    """The company's objective under 外部平台, TECH's under 自有平台 with two outputs, bob's without a
    category, carol's private one under 游戏, a draft and another cycle's objective."""
    company = make_objective(q1, title="成为行业领先的协作平台", ref="O-CO", category=categories["外部平台"])
    make_checkin(make_key_result(company, title="付费客户从100家增加到500家", start=100, target=500), 300)  # 0.5
    make_checkin(make_key_result(company, title="发布2.0版本", target=10), 10)                           # 1.0
    tech_goal = make_objective(q1, owner=tech, title="打造稳定高效的产品", ref="O-TECH",
                               category=categories["自有平台"])
    latency = make_key_result(tech_goal, title="接口P95延迟从800ms降到200ms", start=800, target=200,
                              owner=alice)
    make_checkin(latency, 680)                                                                          # 0.2
    create_action_item(SYSTEM, latency, title="缓存预热脚本", owner=bob, status=ActionStatus.DOING)
    create_action_item(SYSTEM, latency, title="压测报告", owner=bob, status=ActionStatus.DONE)
    bobs = make_objective(q1, owner=bob, title="把构建时间缩短一半", ref="O-BOB")
    make_key_result(bobs, title="构建时间从20分钟降到10分钟", start=20, target=10, owner=bob)          # 0
    secret = make_objective(q1, owner=carol, title="拿下三个华东大客户", ref="O-CAROL", visibility="private",
                            category=categories["游戏"])
    make_checkin(make_key_result(secret, title="签约3家", target=3, owner=carol), 3)                    # 1.0
    make_objective(q1, owner=bob, title="还在起草的目标", ref="O-DRAFT", status="draft",
                   category=categories["自有平台"])
    make_objective(year, title="年度目标", ref="O-YEAR", category=categories["自有平台"])
    return q1


def categories_in(table_rows):
    """(no, category) of each category's first row, in order."""
    seen = []
    for row in table_rows:
        if not seen or seen[-1] != (row["no"], row["category"]):
            seen.append((row["no"], row["category"]))
    return seen


def test_categories_come_in_the_organizations_order_with_uncategorized_last(world, admin):
    assert categories_in(diagram_rows(admin, world)) == [
        (1, "自有平台"), (2, "外部平台"), (3, "游戏"), (4, "页面广告"), (5, "其他"), (6, "Uncategorized")]


def test_the_order_follows_when_an_admin_reorders_the_categories(world, org, admin, categories):
    order = ["其他", "游戏", "外部平台", "页面广告", "自有平台"]
    reorder_categories(admin, org, [categories[name].pk for name in order])

    assert [c for _no, c in categories_in(diagram_rows(admin, world))] == [*order, "Uncategorized"]


def test_each_objective_spans_its_key_results_and_each_key_result_its_outputs(world, admin):
    table = diagram_rows(admin, world)
    tech = [row for row in table if row["objective"] == "打造稳定高效的产品"]
    assert [(r["owner"], r["kr"], r["output"], r["state"]) for r in tech] == [
        ("技术中心", "接口P95延迟从800ms降到200ms", "缓存预热脚本", "In progress"),
        ("技术中心", "接口P95延迟从800ms降到200ms", "压测报告", "Done")]
    company = [row for row in table if row["objective"] == "成为行业领先的协作平台"]
    assert [(r["kr"], r["output"]) for r in company] == [("付费客户从100家增加到500家", None), ("发布2.0版本", None)]
    assert company[0]["owner"] == "Acme 科技"
    empty = [row for row in table if row["category"] == "页面广告"]
    assert empty == [{"no": 4, "category": "页面广告", "objective": None, "owner": None, "score": None,
                      "grade": None, "kr": None, "kr_score": None, "output": None, "state": None}]


def test_scores_and_grades_follow_the_scoring_rule(world, admin):
    by_kr = {row["kr"]: row for row in diagram_rows(admin, world) if row["kr"]}
    company = by_kr["付费客户从100家增加到500家"]
    assert (company["score"], company["grade"], company["kr_score"]) == (0.75, "Good", 0.5)
    assert by_kr["发布2.0版本"]["kr_score"] == 1.0
    tech = by_kr["接口P95延迟从800ms降到200ms"]
    assert (tech["score"], tech["grade"], tech["kr_score"]) == (0.2, "Poor", 0.2)
    bobs = by_kr["构建时间从20分钟降到10分钟"]
    assert (bobs["score"], bobs["grade"], bobs["kr_score"]) == (0.0, "Poor", 0.0)


def test_a_private_objective_is_absent_for_a_reader_who_may_not_see_it(world, alice, bob, carol, admin):
    for reader in (alice, bob):
        table = diagram_rows(reader, world)
        assert "拿下三个华东大客户" not in {row["objective"] for row in table}
        assert "签约3家" not in {row["kr"] for row in table}
        assert (3, "游戏") in categories_in(table)   # the category stays, empty
    for reader in (carol, admin):
        assert "拿下三个华东大客户" in {row["objective"] for row in diagram_rows(reader, world)}


def test_drafts_and_other_cycles_are_not_part_of_the_diagram(world, admin):
    objectives = {row["objective"] for row in diagram_rows(admin, world)}
    assert "还在起草的目标" not in objectives and "年度目标" not in objectives


def test_a_units_diagram_holds_the_unit_and_its_people_and_only_their_categories(world, admin, tech):
    table = diagram_rows(admin, world, tech)
    assert categories_in(table) == [(1, "自有平台"), (2, "Uncategorized")]
    assert {row["objective"] for row in table} == {"打造稳定高效的产品", "把构建时间缩短一半"}
    report = build(admin, world, tech)
    assert report.filename == "diagram-2026Q1-TECH" and dict(report.fields)["Scope"] == "技术中心"


def test_the_whole_company_is_heavy_and_a_unit_is_not(world, org, tech):
    heavy = definition("diagram").heavy
    assert heavy(ReportParams(cycle=world)) and heavy(ReportParams(cycle=world, unit=org.root_unit()))
    assert not heavy(ReportParams(cycle=world, unit=tech))


def test_it_is_landscape_merges_the_seeds_columns_and_reports_progress(world, admin):
    seen = []
    report = build(admin, world, progress=seen.append)
    table = next(b for b in blocks_of(report) if isinstance(b, Table))
    assert report.landscape and report.name == "diagram"
    assert [c.key for c in table.columns if c.merge] == [
        "no", "category", "objective", "owner", "score", "grade", "kr", "kr_score"]
    assert seen[0] == 0 and seen[-1] == 100


def test_neighbouring_objectives_with_the_same_title_stay_two_cells(world, q1, bob, carol):
    assert Spanned("同名目标", 1) != Spanned("同名目标", 2)
    assert Spanned("同名目标", 1) == Spanned("同名目标", 1) == "同名目标"
    make_key_result(make_objective(q1, owner=carol, title="同名目标", ref="O-SAME-1"), target=1)
    make_key_result(make_objective(q1, owner=carol, title="同名目标", ref="O-SAME-2"), target=1)
    same = [row["objective"] for row in diagram_rows(carol, q1) if row["objective"] == "同名目标"]
    assert len(same) == 2 and same[0] != same[1]


def _queries(reader, cycle) -> int:
    with CaptureQueriesContext(connection) as context:
        blocks_of(build(reader, cycle))
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_objectives(
        world, org, tech, categories, alice, django_assert_max_num_queries):
    few = _queries(alice, world)
    names = list(categories)
    for n in range(40):
        person = make_person(org, name=f"同事 {n:02d}", unit=tech, manager=alice)
        objective = make_objective(world, owner=person, title=f"同事目标 {n:02d}",
                                   category=categories[names[n % 5]] if n % 3 else None)
        for k in range(2):
            kr = make_key_result(objective, target=10, owner=person)
            make_checkin(kr, k + 1, date=datetime.date(2026, 2, 1))
            create_action_item(SYSTEM, kr, title=f"行动 {n}-{k}", owner=person)
    with django_assert_max_num_queries(few):
        table = diagram_rows(alice, world)
    assert len({row["objective"] for row in table if row["objective"]}) == 3 + 40


# --- the files: PDF and XLSX, read back ---------------------------------------------------------


@pytest.fixture
def chinese(tmp_path, settings):
    with translation.override("zh-hans"):
        yield


def rendered(reader, cycle, fmt) -> bytes:
    stream = io.BytesIO()
    render(build(reader, cycle), fmt, stream)
    return stream.getvalue()


def test_the_pdf_reads_like_the_seeds_table_in_chinese(world, admin, bob, chinese):
    text = flat(pdf_text(rendered(admin, world, "pdf")))
    for label in ("目标体系模式图", "序号", "业务类别", "目标“O”", "KR关键结果", "KRS产出成果"):
        assert label in text
    order = ["自有平台", "外部平台", "游戏", "页面广告", "其他", "未分类"]
    assert sorted(order, key=text.index) == order
    assert "成为行业领先的协作平台" in text and "0.75良好" in text and "缓存预热脚本进行中" in text
    assert "拿下三个华东大客户" in text
    assert "拿下三个华东大客户" not in flat(pdf_text(rendered(bob, world, "pdf")))


def test_the_xlsx_has_the_categories_in_order_scores_as_numbers_and_titles_as_text(world, admin, q1, chinese):
    make_key_result(make_objective(q1, title="=HYPERLINK(\"http://x\")", ref="O-FORMULA"), target=1)
    cells = xlsx_cells(rendered(admin, world, "xlsx"))
    header = next(i for i, row in enumerate(cells) if row[1][0] == "业务类别")
    body = cells[header + 1:]
    assert [row[1][0] for row in body if row[1][0]] == ["自有平台", "外部平台", "游戏", "页面广告", "其他", "未分类"]
    company = next(row for row in body if row[2][0] == "成为行业领先的协作平台")
    assert company[4] == (0.75, "0.00", "n") and company[7][0] == 0.5
    formula = next(row for row in body if row[2][0] and str(row[2][0]).startswith("=HYPERLINK"))
    assert formula[2][2] == "s"
