"""The OKR book of a cycle: the cover, the company's annual and quarterly OKRs, a chapter per
department in the tree's order with every unit's and person's OKRs the reader may see, the
scores and grades of the one rule; streamed, in a number of queries that does not grow with the
number of people."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.org.models import Unit
from okrflow.reports.document import ReportParams, definition
from okrflow.reports.render import render
from tests.factories import make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective
from tests.reports.document_reading import blocks_of, headings, rows, texts
from tests.reports.files import flat, pdf_text, xlsx_values


def build(reader, cycle, unit=None, progress=None):
    return definition("book").build(reader, ReportParams(cycle=cycle, unit=unit, progress=progress))


@pytest.fixture
def book_world(org, year, q1, tech, sales, admin, alice, bob, carol):
    """TECH (position 1) before SALES (position 2) although its code sorts after; PLATFORM below
    TECH; bob's public and private objectives; the admin's own at the company level."""
    org.mission, org.vision = "让协作更简单", "三年内成为华东第一"
    org.save(update_fields=["mission", "vision"])
    Unit.objects.filter(pk=tech.pk).update(position=1)
    Unit.objects.filter(pk=sales.pk).update(position=2)
    platform = make_unit(org, code="PLATFORM", name="平台组", parent=tech)
    erin = make_person(org, email="erin@acme.test", name="Erin 周", unit=platform, manager=alice)
    make_objective(year, title="年度公司目标", ref="O-YEAR")
    company = make_objective(q1, title="公司季度目标", ref="O-CO")
    make_checkin(make_key_result(company, title="签约 10 家客户", target=10), 7)   # 0.7 good
    tech_goal = make_objective(q1, owner=tech, title="技术中心目标", ref="O-TECH")
    make_checkin(make_key_result(tech_goal, title="稳定性 99.9%", target=10), 5)    # 0.5 fair
    bobs = make_objective(q1, owner=bob, title="Bob 公开目标", ref="O-BOB")
    make_checkin(make_key_result(bobs, title="上线 8 个服务", target=10, owner=bob), 8)   # 0.8 good
    secret = make_objective(q1, owner=bob, title="Bob 保密目标", ref="O-BOB-P", visibility="private")
    make_key_result(secret, title="保密的关键成果", target=10)
    make_key_result(make_objective(q1, owner=carol, title="Carol 销售目标", ref="O-CAROL"), target=5)
    make_key_result(make_objective(q1, owner=erin, title="Erin 平台目标", ref="O-ERIN"), target=5)
    make_key_result(make_objective(q1, owner=admin, title="Ada 管理目标", ref="O-ADA"), target=5)
    return platform


def test_the_book_has_a_cover_the_company_and_a_chapter_per_department_in_tree_order(book_world, q1, admin):
    report = build(admin, q1)
    blocks = blocks_of(report)
    assert report.toc and report.name == "book"
    fields = dict(report.fields)
    assert (fields["Organization"], fields["Cycle"], fields["Mission"], fields["Vision"]) == (
        "Acme 科技", "2026Q1", "让协作更简单", "三年内成为华东第一")
    assert headings(blocks, 1) == [(1, "Company OKRs", "company"), (1, "技术中心", "chapter-TECH"),
                                   (1, "销售部", "chapter-SALES")]
    assert [h[1] for h in headings(blocks, 2)] == [
        "Annual OKRs: 2026", "OKRs of 2026Q1", "At the company level", "技术中心", "平台组", "销售部"]
    assert [h[1] for h in headings(blocks, 3)] == ["Ada Admin", "Bob 李", "Erin 周", "Carol 张"]
    text = texts(blocks)
    for title in ("年度公司目标", "公司季度目标", "技术中心目标", "Bob 公开目标", "Carol 销售目标",
                  "Erin 平台目标"):
        assert title in text


def test_scores_and_grades_follow_the_scoring_rule(book_world, q1, admin):
    by_item = {row["item"]: row for row in rows(blocks_of(build(admin, q1)))}
    assert (by_item["O1 公司季度目标"]["score"], by_item["O1 公司季度目标"]["grade"]) == (0.7, "Good")
    assert (by_item["KR1.1 稳定性 99.9%"]["score"], by_item["KR1.1 稳定性 99.9%"]["grade"]) == (0.5, "Fair")
    assert (by_item["O1 Bob 公开目标"]["score"], by_item["O1 Bob 公开目标"]["grade"]) == (0.8, "Good")


def test_a_private_objective_is_absent_for_a_reader_who_may_not_see_it(book_world, q1, alice, bob, carol):
    assert "Bob 保密目标" in texts(blocks_of(build(bob, q1)))
    assert "Bob 保密目标" in texts(blocks_of(build(alice, q1)))     # his manager
    text = texts(blocks_of(build(carol, q1)))
    assert "Bob 保密目标" not in text and "保密的关键成果" not in text
    assert "Bob 公开目标" in text


def test_one_departments_book(book_world, q1, tech, carol):
    report = build(carol, q1, unit=tech)
    blocks = blocks_of(report)
    assert headings(blocks, 1) == [(1, "Company OKRs", "company"), (1, "技术中心", "chapter-TECH")]
    assert "Carol 销售目标" not in texts(blocks) and "Ada 管理目标" not in texts(blocks)
    assert definition("book").heavy(ReportParams(cycle=q1, unit=tech)) is False
    assert definition("book").heavy(ReportParams(cycle=q1)) is True


def test_the_blocks_stream_and_report_progress(book_world, q1, admin):
    seen = []
    report = build(admin, q1, progress=seen.append)
    assert not seen                         # nothing read before the renderer asks for blocks
    blocks_of(report)
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)


def _queries(reader, cycle) -> int:
    with CaptureQueriesContext(connection) as context:
        blocks_of(build(reader, cycle))
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_number_of_people(
        book_world, q1, org, tech, sales, admin, django_assert_max_num_queries):
    few = _queries(admin, q1)
    for n in range(30):
        person = make_person(org, name=f"同事 {n:02d}", unit=tech if n % 2 else sales)
        objective = make_objective(q1, owner=person, title=f"同事目标 {n:02d}")
        for k in range(3):
            make_checkin(make_key_result(objective, target=10, owner=person), k + 1,
                         date=datetime.date(2026, 2, 1))
    with django_assert_max_num_queries(few):
        blocks = blocks_of(build(admin, q1))
    assert len(headings(blocks, 3)) == 4 + 30


def test_the_pdf_lists_the_chapters_in_tree_order_and_the_xlsx_keeps_scores_as_numbers(book_world, q1, admin,
                                                                                     carol):
    pdf, xlsx = io.BytesIO(), io.BytesIO()
    render(build(admin, q1), "pdf", pdf)
    render(build(carol, q1), "xlsx", xlsx)
    text = flat(pdf_text(pdf.getvalue()))
    contents = text[:text.index("Annual")]          # the cover and the table of contents
    assert contents.index("CompanyOKRs") < contents.index("技术中心") < contents.index("销售部")
    for title in ("年度公司目标", "公司季度目标", "技术中心目标", "Bob公开目标", "Bob保密目标",
                  "Erin平台目标"):
        assert title in text
    cells = [value for row in xlsx_values(xlsx.getvalue()) for value in row]
    assert "O1 Bob 公开目标" in cells and 0.8 in cells and "O1 Bob 保密目标" not in cells


def test_the_sections_are_the_same_whatever_the_chunk(book_world, q1, tech, alice):
    from okrflow.publishing import book

    def shape(chunk):
        return [(s.unit.code, [o.title for o in s.objectives],
                 [(p.name, [o.title for o in objectives]) for p, objectives in s.people])
                for s in book.sections(alice, q1, book.subtree(q1, tech), chunk=chunk)]
    assert shape(1) == shape(2) == shape(300)
    assert shape(300) == [("TECH", ["技术中心目标"], [("Bob 李", ["Bob 公开目标", "Bob 保密目标"])]),
                          ("PLATFORM", [], [("Erin 周", ["Erin 平台目标"])])]


def test_the_web_books_print_button_works_under_the_content_security_policy(book_world, q1, carol, client):
    client.force_login(carol)
    page = client.get(f"/cycles/{q1.code}/book/?unit=TECH")
    html = page.content.decode()
    assert page.status_code == 200 and "data-report-print" in html and "reports/report" in html
    assert "onclick=" not in html     # inline handlers are blocked by script-src 'self'
    assert f"/reports/book/?cycle={q1.code}&amp;unit=TECH" in html     # this chapter as PDF or Excel
    assert html.index("技术中心目标") < html.index("平台组") < html.index("Erin 平台目标")
