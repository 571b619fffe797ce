"""The review form (月（季）绩效回顾表) of one person: their OKRs with the scores and grades of the
one rule, each key result's self-assessment and the manager's review, the objective's summary,
signature lines; read only by those who may read the review sheet (HR, admins, the person,
their managers)."""
# ruff: noqa: F811 (fixtures imported from the self-assessment tests)

import io

import pytest
from django.utils import translation

from okrflow.assessments.services import review, self_assess, summarize
from okrflow.errors import DomainError, NotFound
from okrflow.reports.document import ReportParams, Signatures, definition
from okrflow.reports.render import render
from tests.assessments.conftest import bobs_objective, dave, hr, kr, kr2, publish, published  # noqa: F401
from tests.okrs.factories import make_key_result, make_objective
from tests.reports.document_reading import blocks_of, headings, rows, texts
from tests.reports.files import flat, pdf_text, xlsx_values


def build(reader, cycle, person):
    return definition("review").build(reader, ReportParams(cycle=cycle, person=person))


@pytest.fixture
def assessed(published, kr, kr2, bob, alice, bobs_objective):
    assessment = self_assess(bob, kr, score="0.7", comment="")
    review(alice, assessment, agree=False, score="0.5", comment="两次事故算在内")
    self_assess(bob, kr2, score="0.2")
    summarize(bob, bobs_objective, achieved="事故减半", missed="运行手册只写了两本", why="人手不足")
    return published


def test_hr_reads_the_form_with_scores_grades_self_assessment_and_review(assessed, hr, bob):
    report = build(hr, assessed, bob)
    blocks = blocks_of(report)
    assert report.name == "review" and "Bob 李" in dict(report.fields).values()
    assert dict(report.fields)["OKR score"] == "0.40"   # (0.6 + 0.2) / 2
    assert dict(report.fields)["Grade"] == "Fair"
    assert ("2 / 2") in dict(report.fields).values()
    assert [h[1] for h in headings(blocks, 2)] == ["Make the platform reliable"]
    first, second = rows(blocks)
    assert (first["kr"], first["score"], first["grade"], first["self_score"]) == (
        "Cut incidents to 10", 0.6, "Good", 0.7)
    assert (first["review"], first["reviewed_score"]) == ("Adjusted", 0.5)
    assert "两次事故算在内" in first["review_comment"] and "Alice 王" in first["review_comment"]
    assert (second["score"], second["grade"], second["self_score"], second["review"]) == (
        0.2, "Poor", 0.2, "Awaiting review")
    text = texts(blocks)
    assert "事故减半" in text and "人手不足" in text
    assert isinstance(blocks[-1], Signatures) and blocks[-1].labels == ["Employee", "Manager", "HR"]


def test_the_person_and_their_manager_read_it(assessed, bob, alice, admin):
    for reader in (bob, alice, admin):
        assert rows(blocks_of(build(reader, assessed, bob)))


def test_a_peer_who_is_not_hr_is_told_there_is_no_such_form(assessed, dave, carol, bob, mallory):
    for reader in (dave, carol, mallory):
        with pytest.raises(NotFound):
            build(reader, assessed, bob)


def test_the_form_needs_its_person(published, hr):
    with pytest.raises(DomainError) as refused:
        definition("review").build(hr, ReportParams(cycle=published))
    assert (refused.value.code, refused.value.field) == ("required", "person")


def test_a_private_objective_shows_only_to_readers_who_may_see_it(q1, kr, bob, alice, hr):
    secret = make_objective(q1, owner=bob, title="Bob 的保密目标", visibility="private")
    make_key_result(secret, title="保密的关键成果", target=5)
    published = publish(q1)
    assert "Bob 的保密目标" in texts(blocks_of(build(bob, published, bob)))
    assert "Bob 的保密目标" in texts(blocks_of(build(alice, published, bob)))   # his manager
    assert "Bob 的保密目标" not in texts(blocks_of(build(hr, published, bob)))


def test_the_form_is_in_the_readers_language(assessed, hr, bob, tmp_path, settings):
    with translation.override("zh-hans"):
        report = build(hr, assessed, bob)
    assert report.title == "月（季）绩效回顾表"


def test_the_pdf_and_the_xlsx_read_back_with_the_scores_and_the_review(assessed, hr, bob):
    pdf, xlsx = io.BytesIO(), io.BytesIO()
    render(build(hr, assessed, bob), "pdf", pdf)
    render(build(hr, assessed, bob), "xlsx", xlsx)
    text = flat(pdf_text(pdf.getvalue()))
    for expected in ("Maketheplatformreliable", "Cutincidentsto10", "0.60", "0.70", "两次事故算在内",
                     "事故减半", "Employee", "Manager"):
        assert expected in text
    cells = [value for row in xlsx_values(xlsx.getvalue()) for value in row]
    assert "Cut incidents to 10" in cells and 0.6 in cells and 0.7 in cells
    assert "两次事故算在内 — Alice 王" in cells
