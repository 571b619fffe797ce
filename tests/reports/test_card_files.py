# ruff: noqa: F811 (the demo fixtures are imported from tests/reports/card_world.py)
"""Both cards of the demo company in both formats, read back from the files (pdftotext, openpyxl):
the titles, the scores and grades the one scoring rule gives, the signature lines, and a private
objective absent for a reader who may not see it and present for one who may."""

import io

import pytest
from django.utils import translation

from okrflow.okrs import scoring
from okrflow.okrs.models import KeyResult, policy_for
from okrflow.reports import services
from tests.reports.card_world import DEV1, PRIVATE_TITLE, demo, demo_world, person  # noqa: F401
from tests.reports.files import flat, pdf_text, xlsx_values

CARDS = {"person-card": ({"person": DEV1}, "DEV1-Q4-KR1", "Personal OKR card"),
         "unit-card": ({"unit": "TECH-BE"}, "BE-Q4-KR1", "Unit OKR card")}


def generated(reader, name, fmt, language="en") -> str:
    scope = CARDS[name][0]
    with translation.override(language):
        _definition, params = services.resolve(reader, name, cycle="2026-Q4", **scope)
        stream = io.BytesIO()
        services.generate(reader, name, params, fmt, stream)
    data = stream.getvalue()
    if fmt == "pdf":
        return flat(pdf_text(data))
    return flat(" ".join(str(v) for row in xlsx_values(data) for v in row if v is not None))


def score_and_grade(ref):
    kr = KeyResult.objects.get(ref=ref)
    score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
    grade = scoring.GRADE_LABELS[scoring.grade(score, policy_for(kr.organization_id))]["label"]
    return kr, score, str(grade)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
@pytest.mark.parametrize("name", list(CARDS))
def test_the_card_file_holds_its_title_scores_grades_and_signatures(demo, name, fmt):
    text = generated(person(demo, "be.lead@xingyun.example"), name, fmt)
    _scope, ref, title = CARDS[name]
    kr, score, grade = score_and_grade(ref)
    assert flat(title) in text and flat(kr.title) in text and flat(kr.objective.title) in text
    assert (f"{score:.2f}" if fmt == "pdf" else str(score)) in text and grade in text
    assert "signature" in text


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_private_objective_is_in_the_file_for_those_who_may_see_it_only(demo, fmt):
    assert PRIVATE_TITLE in generated(person(demo, DEV1), "person-card", fmt)
    assert PRIVATE_TITLE in generated(person(demo, "be.lead@xingyun.example"), "person-card", fmt)
    assert PRIVATE_TITLE not in generated(person(demo, "dev2@xingyun.example"), "person-card", fmt)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_the_card_file_is_in_chinese_for_a_chinese_reader(demo, tmp_path, settings, fmt):
    text = generated(person(demo, DEV1), "person-card", fmt, language="zh-hans")
    assert "个人OKR目标和关键成果卡" in text and "本人签字" in text and "直接上级签字" in text
    assert "一般" in text    # the grade of 0.57 in the catalogue's Chinese
    if fmt == "pdf":
        assert "第1页/共1页" in text
