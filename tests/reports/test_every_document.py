# ruff: noqa: F811 (the demo fixtures are imported from tests/reports/card_world.py)
"""Every document of okrflow/reports, for the demo company, in both formats, read back from the
files (pdftotext, openpyxl): it carries its title, the key result's score the one scoring rule
gives, and a private objective only for a reader who may see it. A new document must join the
table below, or this test fails."""

import io

import pytest
from django.utils import translation

from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.models import KeyResult
from okrflow.reports import document, services
from tests.reports.card_world import DEV1, FORMULA_TITLE, PRIVATE_TITLE, demo, demo_world, person  # noqa: F401
from tests.reports.files import flat, pdf_text, xlsx_cells

MANAGER, PEER = "be.lead@xingyun.example", "dev2@xingyun.example"
# name: (scope, lists dev1's objectives, the key result whose score it shows)
DOCUMENTS = {
    "diagram": ({}, True, "DEV1-Q4-KR1"),
    "kr-actions": ({"unit": "TECH-BE"}, True, "DEV1-Q4-KR1"),
    "person-card": ({"person": DEV1}, True, "DEV1-Q4-KR1"),
    "unit-card": ({"unit": "TECH-BE"}, False, "BE-Q4-KR1"),
    "review": ({"person": DEV1}, True, "DEV1-Q4-KR1"),
    "book": ({}, True, "DEV1-Q4-KR1"),
    "summary": ({}, False, None),
}


def generated(reader, name, fmt):
    with translation.override("zh-hans"):
        definition, params = services.resolve(reader, name, cycle="2026-Q4", **DOCUMENTS[name][0])
        stream = io.BytesIO()
        services.generate(reader, name, params, fmt, stream)
    data = stream.getvalue()
    if fmt == "pdf":
        return definition, flat(pdf_text(data)), None
    cells = [cell for row in xlsx_cells(data) for cell in row if cell[0] is not None]
    return definition, flat(" ".join(str(value) for value, _f, _t in cells)), cells


def test_the_table_names_every_registered_document():
    assert sorted(d.name for d in document.definitions()) == sorted(DOCUMENTS)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_document_holds_its_title_the_rules_score_and_the_private_objective_for_who_may_see_it(
        demo, name, fmt):
    definition, text, values = generated(person(demo, MANAGER), name, fmt)
    with translation.override("zh-hans"):
        assert flat(str(definition.title)) in text
    _scope, lists_dev1, ref = DOCUMENTS[name]
    if ref:
        kr = KeyResult.objects.get(ref=ref)
        score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
        assert flat(kr.title) in text
        if fmt == "pdf":
            assert f"{score:.2f}" in text
        else:  # a number, not text
            assert any(isinstance(v, float) and abs(v - score) < 0.005 for v, _f, _t in values)
    assert (PRIVATE_TITLE in text) is lists_dev1
    if lists_dev1:
        assert flat(FORMULA_TITLE) in text
        if fmt == "xlsx":  # the formula-looking title is a text cell, never a formula
            kinds = {kind for value, _f, kind in values if FORMULA_TITLE in str(value)}
            assert kinds == {"s"}


@pytest.mark.parametrize("name", [name for name, (_s, lists, _r) in DOCUMENTS.items() if lists])
def test_a_reader_who_may_not_see_the_private_objective_gets_the_document_without_it(demo, name):
    try:
        _definition, text, _values = generated(person(demo, PEER), name, "pdf")
    except NotFound:
        assert name == "review"  # a peer may not read another's review form at all
        return
    assert name != "review"
    assert PRIVATE_TITLE not in text
    assert flat(FORMULA_TITLE) in text
