"""The self-assessment pages: the person's page, the review queue, the review sheet and its
visibility, a unit's aggregate, and the XLSX export opened back with openpyxl."""

import io

import openpyxl
import pytest

from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.assessments.services import self_assess
from okrflow.audit.models import AuditEntry
from tests.factories import make_person


@pytest.fixture
def as_(client):
    def login(person):
        client.force_login(person)
        return client
    return login


def test_the_page_prefills_the_computed_score_and_says_it_is_for_learning(as_, published, kr, bob):
    page = as_(bob).get(f"/cycles/{published.code}/self-assessment/").content.decode()
    assert f'id="score-{kr.pk}" min="0" max="1" step="0.05" value="0.600"' in page
    assert "for learning, not for appraisal" in page


def test_the_owner_submits_from_the_page(as_, published, kr, bob):
    answer = as_(bob).post(f"/cycles/{published.code}/self-assessment/",
                           {"form": "kr", "key_result": kr.pk, "score": "0.65", "comment": ""})
    assert answer.status_code == 302
    assert str(SelfAssessment.objects.get().score) == "0.650"


def test_a_gap_without_a_comment_comes_back_with_its_message_and_stores_nothing(as_, published, kr, bob):
    client = as_(bob)
    answer = client.post(f"/cycles/{published.code}/self-assessment/",
                         {"form": "kr", "key_result": kr.pk, "score": "1", "comment": ""}, follow=True)
    assert "more than 0.2 away from the computed score" in answer.content.decode()
    assert not SelfAssessment.objects.exists()


def test_a_score_of_1_2_comes_back_with_its_message(as_, published, kr, bob):
    answer = as_(bob).post(f"/cycles/{published.code}/self-assessment/",
                           {"form": "kr", "key_result": kr.pk, "score": "1.2", "comment": "x"}, follow=True)
    assert "A score runs from 0 to 1; 1.2 is outside that range." in answer.content.decode()
    assert not SelfAssessment.objects.exists()


def test_the_manager_reads_a_reports_page_and_a_colleague_gets_404(as_, published, kr, bob, alice, dave):
    url = f"/cycles/{published.code}/self-assessment/?person={bob.pk}"
    assert as_(alice).get(url).status_code == 200
    assert as_(dave).get(url).status_code == 404


def test_the_manager_may_not_self_assess_for_the_report(as_, published, kr, bob, alice):
    answer = as_(alice).post(f"/cycles/{published.code}/self-assessment/",
                             {"form": "kr", "key_result": kr.pk, "score": "0.6", "person": bob.pk})
    assert answer.status_code == 302
    assert not SelfAssessment.objects.exists()


def test_the_summary_is_saved_from_the_page(as_, published, bobs_objective, bob):
    as_(bob).post(f"/cycles/{published.code}/self-assessment/",
                  {"form": "summary", "objective": bobs_objective.pk, "achieved": "事故减半", "missed": "",
                   "why": ""})
    assert bobs_objective.summary.achieved == "事故减半"


def test_the_review_queue_lists_the_reports_assessments_and_the_manager_adjusts(as_, published, kr, bob,
                                                                                 alice, carol):
    assessment = self_assess(bob, kr)
    assert kr.title in as_(alice).get(f"/cycles/{published.code}/reviews/").content.decode()
    assert kr.title not in as_(carol).get(f"/cycles/{published.code}/reviews/").content.decode()
    as_(alice).post(f"/cycles/{published.code}/reviews/",
                    {"assessment": assessment.pk, "decision": "adjust", "score": "0.5",
                     "comment": "算上事故"})
    assessment.refresh_from_db()
    assert (assessment.review_state, str(assessment.reviewed_score)) == (ReviewState.ADJUSTED, "0.500")


def test_adjusting_without_a_comment_is_refused_on_the_page(as_, published, kr, bob, alice):
    assessment = self_assess(bob, kr)
    answer = as_(alice).post(f"/cycles/{published.code}/reviews/",
                             {"assessment": assessment.pk, "decision": "adjust", "score": "0.5",
                              "comment": ""}, follow=True)
    assert "Say why you adjust the score in a comment." in answer.content.decode()
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.PENDING


def test_a_colleague_cannot_review_through_the_page(as_, published, kr, bob, dave):
    assessment = self_assess(bob, kr)
    as_(dave).post(f"/cycles/{published.code}/reviews/", {"assessment": assessment.pk, "decision": "agree"})
    assessment.refresh_from_db()
    assert assessment.review_state == ReviewState.PENDING


@pytest.mark.parametrize(("who", "status"), [("hr", 200), ("admin", 200), ("bob", 200), ("alice", 200),
                                             ("dave", 404), ("carol", 404), ("mallory", 404)])
def test_the_review_sheet_is_seen_by_hr_admins_the_person_and_managers_only(as_, published, kr, bob, who,
                                                                             status, request):
    self_assess(bob, kr, score="0.7", comment="")
    answer = as_(request.getfixturevalue(who)).get(f"/cycles/{published.code}/review-sheet/{bob.pk}/")
    assert answer.status_code == status
    if status == 200:
        assert "Cut incidents to 10" in answer.content.decode()


def test_the_unit_view_is_for_its_head_and_admins(as_, published, kr, bob, alice, admin, carol):
    self_assess(bob, kr)
    url = f"/cycles/{published.code}/self-assessment/units/TECH/"
    assert "Distribution by grade" in as_(alice).get(url).content.decode()
    assert as_(admin).get(url).status_code == 200
    assert as_(bob).get(url).status_code == 403
    assert as_(carol).get(url).status_code == 403


def test_the_unit_view_reads_in_a_fixed_number_of_queries(as_, org, published, kr, bob, alice,
                                                          django_assert_max_num_queries):
    client = as_(alice)
    client.get(f"/cycles/{published.code}/self-assessment/units/TECH/")
    for n in range(5):
        make_person(org, name=f"Extra {n}", unit=bob.unit, manager=alice)
    with django_assert_max_num_queries(14):
        client.get(f"/cycles/{published.code}/self-assessment/units/TECH/")


def test_hr_exports_the_units_review_sheet_as_xlsx_one_row_per_key_result(as_, published, kr, kr2, bob, hr):
    self_assess(bob, kr, score="0.7", comment="=HYPERLINK(\"x\")")
    answer = as_(hr).post(f"/cycles/{published.code}/review-sheet/units/TECH.xlsx")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Person", "Unit", "Objective", "Key result", "OKR score")
    by_title = {row[3]: row for row in rows[1:]}
    assert set(by_title) == {"Cut incidents to 10", "Ship 10 runbooks"}
    assert by_title["Cut incidents to 10"][4:8] == (0.6, "Good", 0.7, "=HYPERLINK(\"x\")")
    assert by_title["Ship 10 runbooks"][6] is None
    assert AuditEntry.objects.filter(action="review_sheet.export").count() == 1


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_only_hr_and_admins_export(as_, published, kr, who, request):
    assert as_(request.getfixturevalue(who)).post(
        f"/cycles/{published.code}/review-sheet/units/TECH.xlsx").status_code == 403
    assert not AuditEntry.objects.filter(action="review_sheet.export").exists()
