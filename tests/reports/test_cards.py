# ruff: noqa: F811 (the demo fixtures are imported from tests/reports/card_world.py)
"""The personal and department OKR cards (个人/部门OKR目标和关键成果卡) of the demo company: the
owner, the cycle, the objectives with their key results, scores and grades by the one rule, the
confidence of the last check-in, the alignment to the level above as far as the reader may see it,
and signature lines; a private objective only for those who may see it."""

import pytest

from okrflow.errors import NotFound
from okrflow.okrs import scoring
from okrflow.okrs.models import KeyResult, Objective, policy_for
from okrflow.reports.document import ReportParams, Signatures, definition
from okrflow.reports.services import console_actor
from tests.reports.card_world import DEV1, PRIVATE_TITLE, cycle_of, demo, demo_world, person  # noqa: F401
from tests.reports.document_reading import blocks_of, rows


def card(name, reader, cycle, **scope):
    report = definition(name).build(reader, ReportParams(cycle=cycle, **scope))
    return report, blocks_of(report)


def expected_kr(ref):
    kr = KeyResult.objects.get(ref=ref)
    score = scoring.kr_score(kr.start_value, kr.target_value, kr.current_value)
    return kr, score, str(scoring.GRADE_LABELS[scoring.grade(score, policy_for(kr.organization_id))]["label"])


def test_the_person_card_shows_the_owner_cycle_objectives_and_scores_by_the_one_rule(demo):
    dev1, cycle = person(demo, DEV1), cycle_of(demo)
    report, blocks = card("person-card", dev1, cycle, person=dev1)
    fields = dict(report.fields)
    assert report.title == "Personal OKR card" and report.landscape
    assert (fields["Full name"], fields["Department"], fields["Direct manager"]) == ("张伟", "后端组", "李强")
    assert "2026 第四季度" in fields["Cycle"]
    found = rows(blocks)
    kr, score, grade = expected_kr("DEV1-Q4-KR1")
    row = next(r for r in found if r["kr"] == kr.title)
    assert (row["score"], row["grade"], row["confidence"]) == (score, grade, kr.confidence)
    assert (row["start"], row["target"], row["current"]) == (3000, 8000, float(kr.current_value))
    assert row["objective"] == "把 API 网关做成团队的可靠基础设施"
    objective = Objective.objects.get(ref="DEV1-Q4-O1")
    assert row["objective_score"] == scoring.objective_scores(Objective.objects.filter(pk=objective.pk))[
        objective.pk]
    assert row["aligned"] == "KR TECH-Q4-KR3 P1 故障平均恢复时间从 60 分钟缩短到 15 分钟"
    assert isinstance(blocks[-1], Signatures)
    assert blocks[-1].labels == ["Owner's signature", "Manager's signature"]


def test_a_private_objective_is_on_the_card_for_the_owner_and_the_manager_only(demo):
    dev1, cycle = person(demo, DEV1), cycle_of(demo)
    for reader in (dev1, person(demo, "be.lead@xingyun.example"), person(demo, "ceo@xingyun.example"),
                   console_actor(demo)):
        _report, blocks = card("person-card", reader, cycle, person=dev1)
        assert PRIVATE_TITLE in {r["objective"] for r in rows(blocks)}, reader
    for reader in (person(demo, "dev2@xingyun.example"), person(demo, "sales.head@xingyun.example")):
        _report, blocks = card("person-card", reader, cycle, person=dev1)
        objectives = {r["objective"] for r in rows(blocks)}
        assert PRIVATE_TITLE not in objectives and "把 API 网关做成团队的可靠基础设施" in objectives


def test_an_alignment_the_reader_may_not_see_is_named_without_its_title(demo):
    dev1, cycle = person(demo, DEV1), cycle_of(demo)
    private = Objective.objects.get(ref="DEV1-Q4-P")
    bobs = Objective.objects.get(ref="BE-Q4-O1")
    Objective.objects.filter(pk=bobs.pk).update(parent_objective=private)
    _report, blocks = card("unit-card", person(demo, "dev2@xingyun.example"), cycle, unit=bobs.owner_unit)
    assert {r["aligned"] for r in rows(blocks)} == {"Aligned to an objective you cannot see"}
    _report, blocks = card("unit-card", dev1, cycle, unit=bobs.owner_unit)
    assert {r["aligned"] for r in rows(blocks)} == {f"O DEV1-Q4-P {PRIVATE_TITLE}"}


def test_the_unit_card_shows_the_unit_its_head_and_the_owners_of_its_key_results(demo):
    cycle = cycle_of(demo)
    tech = person(demo, "tech.head@xingyun.example").unit
    report, blocks = card("unit-card", person(demo, "dev1@xingyun.example"), cycle, unit=tech)
    fields = dict(report.fields)
    assert report.title == "Unit OKR card"
    assert (fields["Department"], fields["Head of department"], fields["Parent department"],
            fields["Direct manager"]) == (
        "技术中心", "王建国", "星云科技", "陈志远")
    assert fields["OKR score"] == scoring.owner_score(
        scoring.objective_scores(Objective.objects.filter(cycle=cycle, owner_unit=tech)).values())
    found = rows(blocks)
    assert {r["objective"] for r in found} == {"让研发交付又快又稳", "为大客户交付打好产品底座"}
    kr, score, grade = expected_kr("TECH-Q4-KR2")
    row = next(r for r in found if r["kr"] == kr.title)
    assert (row["kr_owner"], row["score"], row["grade"]) == ("赵磊", score, grade)
    assert blocks[-1].labels == ["Head of department's signature", "Manager's signature"]


def test_a_card_of_another_organizations_person_is_not_found(demo, mallory):
    with pytest.raises(NotFound):
        card("person-card", person(demo, DEV1), cycle_of(demo), person=mallory)


def test_the_person_card_reads_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    dev1, cycle = person(demo, DEV1), cycle_of(demo)
    reader = person(demo, "dev2@xingyun.example")
    with django_assert_max_num_queries(9):
        _report, blocks = card("person-card", reader, cycle, person=dev1)
    assert rows(blocks)


def test_the_unit_card_reads_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    cycle = cycle_of(demo)
    tech = person(demo, "tech.head@xingyun.example").unit
    reader = person(demo, "dev2@xingyun.example")
    with django_assert_max_num_queries(11):
        _report, blocks = card("unit-card", reader, cycle, unit=tech)
    assert rows(blocks)
