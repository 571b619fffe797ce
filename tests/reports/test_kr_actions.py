# ruff: noqa: E501  (Chinese data rows read best one per line)
"""The key results and action table (关键成果KRS和行动实施表): for one objective or a whole unit, each
key result with its action plan in 5W2H columns, the tasks' owners, due dates and states — through
the reader's visibility (an objective they may not see is not found)."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from okrflow.actors import SYSTEM
from okrflow.errors import DomainError, NotFound
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.models import ActionStatus
from okrflow.reports.document import ReportParams, Table, definition
from okrflow.reports.render import render
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective
from tests.reports.document_reading import blocks_of, rows
from tests.reports.files import flat, pdf_text, xlsx_cells

DUE = datetime.date(2026, 3, 15)


def build(reader, cycle, *, objective=None, unit=None):
    return definition("kr-actions").build(reader, ReportParams(cycle=cycle, objective=objective, unit=unit))


@pytest.fixture
def plan(q1, tech, alice, bob, carol):
    """TECH's objective: a key result with a full 5W2H task and a bare one, a key result without
    tasks; bob's objective with one task; carol's private objective with one."""
    objective = make_objective(q1, owner=tech, title="打造稳定高效的产品", ref="O-TECH")
    latency = make_key_result(objective, title="接口P95延迟从800ms降到200ms", start=800, target=200, owner=alice)
    make_checkin(latency, 500)                                                        # 0.5
    create_action_item(SYSTEM, latency, title="缓存预热脚本", owner=bob, due_date=DUE, status=ActionStatus.DOING,
                       what="为热点接口预热缓存", why="冷启动时延迟最高", who="运维组配合", where="生产环境",
                       when="每次发布后", how="发布流水线最后一步执行", how_much="2人日")
    create_action_item(SYSTEM, latency, title="压测报告", status=ActionStatus.DONE)
    make_key_result(objective, title="可用性从90%达到99%", start=90, target=99)
    bobs = make_objective(q1, owner=bob, title="把构建时间缩短一半", ref="O-BOB")
    create_action_item(SYSTEM, make_key_result(bobs, title="构建时间降到10分钟", start=20, target=10, owner=bob),
                       title="并行化测试", owner=bob)
    secret = make_objective(q1, owner=carol, title="拿下三个华东大客户", ref="O-CAROL", visibility="private")
    create_action_item(SYSTEM, make_key_result(secret, title="签约3家", target=3, owner=carol), title="拜访客户")
    return objective


def test_each_key_result_carries_its_action_plan_in_5w2h_columns(plan, q1, alice):
    report = build(alice, q1, objective=plan)
    table = next(b for b in blocks_of(report) if isinstance(b, Table))
    assert [c.key for c in table.columns] == ["kr", "kr_owner", "kr_score", "what", "why", "who", "where",
                                              "when", "due", "how", "how_much", "state"]
    first, second, third = table.rows
    assert first == {"kr": "接口P95延迟从800ms降到200ms", "kr_owner": "Alice 王", "kr_score": 0.5,
                     "what": "缓存预热脚本\n为热点接口预热缓存", "why": "冷启动时延迟最高", "who": "Bob 李 · 运维组配合",
                     "where": "生产环境", "when": "每次发布后", "due": DUE, "how": "发布流水线最后一步执行",
                     "how_much": "2人日", "state": "In progress"}
    assert (second["kr"], second["what"], second["who"], second["due"], second["state"]) == (
        "接口P95延迟从800ms降到200ms", "压测报告", None, None, "Done")
    assert (third["kr"], third["kr_score"], third["what"]) == ("可用性从90%达到99%", 0.0, None)
    fields = dict(report.fields)
    assert (fields["Objective"], fields["Owner"], fields["OKR score"], fields["Grade"]) == (
        "打造稳定高效的产品", "技术中心", 0.25, "Poor")
    assert report.landscape and report.filename == "kr-actions-O-TECH"


def test_a_units_table_holds_its_objectives_and_its_peoples_each_spanning_its_rows(plan, q1, tech, alice):
    table = rows(blocks_of(build(alice, q1, unit=tech)))
    assert [(r["objective"], r["kr"], r["what"]) for r in table] == [
        ("打造稳定高效的产品", "接口P95延迟从800ms降到200ms", "缓存预热脚本\n为热点接口预热缓存"),
        ("打造稳定高效的产品", "接口P95延迟从800ms降到200ms", "压测报告"),
        ("打造稳定高效的产品", "可用性从90%达到99%", None),
        ("把构建时间缩短一半", "构建时间降到10分钟", "并行化测试")]


def test_a_private_objective_is_not_found_for_a_reader_who_may_not_see_it(plan, q1, bob, carol, admin, mallory):
    secret = make_objective(q1, owner=carol, title="另一个保密目标", visibility="private")
    for reader in (bob, mallory):
        with pytest.raises(NotFound):
            build(reader, q1, objective=secret)
    for reader in (carol, admin):
        assert build(reader, q1, objective=secret).fields[0] == ("Objective", "另一个保密目标")


def test_a_units_table_leaves_out_what_the_reader_may_not_see(plan, q1, org, bob, carol):
    everything = {r["objective"] for r in rows(blocks_of(build(carol, q1, unit=org.root_unit())))}
    assert "拿下三个华东大客户" in everything
    seen_by_bob = {r["objective"] for r in rows(blocks_of(build(bob, q1, unit=org.root_unit())))}
    assert "拿下三个华东大客户" not in seen_by_bob and "打造稳定高效的产品" in seen_by_bob


def test_the_whole_company_is_heavy_one_objective_is_not(plan, q1, org, tech):
    heavy = definition("kr-actions").heavy
    assert heavy(ReportParams(cycle=q1, unit=org.root_unit()))
    assert not heavy(ReportParams(cycle=q1, unit=tech)) and not heavy(ReportParams(cycle=q1, objective=plan))


def _queries(reader, cycle, unit) -> int:
    with CaptureQueriesContext(connection) as context:
        blocks_of(build(reader, cycle, unit=unit))
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_objectives(
        plan, q1, org, tech, alice, django_assert_max_num_queries):
    few = _queries(alice, q1, tech)
    for n in range(30):
        person = make_person(org, name=f"同事 {n:02d}", unit=tech, manager=alice)
        kr = make_key_result(make_objective(q1, owner=person, title=f"同事目标 {n:02d}"), target=10, owner=person)
        create_action_item(SYSTEM, kr, title=f"行动 {n}", owner=person, due_date=DUE)
    with django_assert_max_num_queries(few):
        table = rows(blocks_of(build(alice, q1, unit=tech)))
    assert len(table) == 4 + 30


# --- the files: PDF and XLSX, read back ---------------------------------------------------------


def rendered(reader, cycle, fmt, **scope) -> bytes:
    stream = io.BytesIO()
    render(build(reader, cycle, **scope), fmt, stream)
    return stream.getvalue()


def test_the_pdf_and_the_xlsx_hold_the_plan_in_chinese(plan, q1, tech, alice, tmp_path, settings):
    with translation.override("zh-hans"):
        text = flat(pdf_text(rendered(alice, q1, "pdf", objective=plan)))
        cells = xlsx_cells(rendered(alice, q1, "xlsx", unit=tech))
    for label in ("关键成果KRS和行动实施表", "KR关键结果", "做什么（行动）", "为什么", "谁来做", "在哪里", "何时完成",
                  "截止日期", "怎么做", "多少成本", "打造稳定高效的产品"):
        assert label in text
    assert "冷启动时延迟最高" in text and "2人日" in text and "2026-03-15" in text and "进行中" in text
    header = next(i for i, row in enumerate(cells) if row[0][0] == "目标")
    first = cells[header + 1]
    assert (first[0][0], first[1][0], first[3][:3:2]) == ("打造稳定高效的产品", "接口P95延迟从800ms降到200ms", (0.5, "n"))
    due = first[9]
    assert due[0] == datetime.datetime(2026, 3, 15) and due[1] == "yyyy-mm-dd"


def test_without_an_objective_or_a_unit_it_asks_for_one(plan, q1, alice):
    with pytest.raises(DomainError) as error:
        build(alice, q1)
    assert (error.value.code, error.value.field) == ("required", "objective")
