"""A key result's self-assessment (自评) and the manager's review, written by
okrflow.assessments.services (which decides who may and when).

Reading: those who may write or review it, and HR; anyone else who sees the key result gets 403,
those who do not see it 404. The self-assessment is for learning, not for appraisal: it never
changes the key result's score.
"""

import datetime
from typing import Annotated

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema
from ninja.params import Path
from pydantic import Strict, StrictBool

from okrflow.api.errors import READ_ERRORS, WRITE_ERRORS, ErrorOut
from okrflow.api.schemas import Id, PersonRef
from okrflow.assessments import access as assessment_access
from okrflow.assessments import services
from okrflow.assessments.models import ReviewState, SelfAssessment
from okrflow.errors import AccessDenied
from okrflow.okrs import access

router = Router(tags=["self-assessments"])

# A JSON number; the range (0–1) is the service's rule, refused with its own clear message (400).
Score = Annotated[float, Strict(), Field(allow_inf_nan=False, examples=[0.7])]
Comment = Annotated[str, Field(max_length=4000)]


class SelfAssessmentIn(Schema):
    score: Score | None = Field(None, description="0 to 1; default: the computed score.")
    comment: Comment = Field("", description="Needed when the score is more than 0.2 away from the "
                                             "computed score.")


class ReviewIn(Schema):
    agree: StrictBool = Field(description="true: the self-score stands; false: adjust it to `score`.")
    score: Score | None = Field(None, description="The adjusted score (0 to 1), when not agreeing.")
    comment: Comment = Field("", description="Needed when adjusting.")


class SelfAssessmentOut(Schema):
    key_result: int
    computed_score: float = Field(description="The key result's score now, by its check-ins.")
    assessed: bool
    score: float | None = None
    comment: str = ""
    computed_score_then: float | None = Field(None, description="The computed score when assessed.")
    assessed_by: PersonRef | None = None
    assessed_at: datetime.datetime | None = None
    review_state: ReviewState | None = None
    reviewed_score: float | None = None
    review_comment: str = ""
    reviewed_by: PersonRef | None = None
    reviewed_at: datetime.datetime | None = None
    can_assess: bool
    can_review: bool


def _readable_key_result(actor, kr_id):
    kr, _can_edit = access.get_key_result(actor, kr_id)
    kr = type(kr).objects.select_related(*assessment_access.KEY_RESULT_RELATIONS).get(pk=kr.pk)
    if not assessment_access.may_read(actor, kr):
        raise AccessDenied(_("Only the owner, their managers, HR and admins see a self-assessment."))
    return kr


def _answer(actor, kr) -> dict:
    found = (SelfAssessment.objects.filter(key_result=kr)
             .select_related("assessed_by", "reviewed_by").first())
    answer = {"key_result": kr.pk, "computed_score": float(services.computed_score(kr)),
              "assessed": found is not None, "can_assess": assessment_access.may_self_assess(actor, kr),
              "can_review": assessment_access.may_review(actor, kr)}
    if found is not None:
        answer.update(
            score=float(found.score), comment=found.comment, computed_score_then=float(found.computed_score),
            assessed_by=found.assessed_by, assessed_at=found.assessed_at, review_state=found.review_state,
            reviewed_score=None if found.reviewed_score is None else float(found.reviewed_score),
            review_comment=found.review_comment, reviewed_by=found.reviewed_by, reviewed_at=found.reviewed_at)
    return answer


@router.get("/key-results/{kr_id}/self-assessment", response={200: SelfAssessmentOut, 403: ErrorOut,
                                                               **READ_ERRORS})
def get_self_assessment(request, kr_id: Path[Id]):
    """The self-assessment of a key result (or none yet) and the computed score beside it."""
    kr = _readable_key_result(request.auth, kr_id)
    return _answer(request.auth, kr)


@router.put("/key-results/{kr_id}/self-assessment", response={200: SelfAssessmentOut, **WRITE_ERRORS})
@transaction.atomic
def put_self_assessment(request, kr_id: Path[Id], payload: SelfAssessmentIn):
    """Self-assess a key result: its owner or the objective's owner, from publishing until closing."""
    kr, _can_edit = access.get_key_result(request.auth, kr_id)
    services.self_assess(request.auth, kr, score=payload.score, comment=payload.comment)
    return _answer(request.auth, _readable_key_result(request.auth, kr_id))


@router.put("/key-results/{kr_id}/self-assessment/review", response={200: SelfAssessmentOut, **WRITE_ERRORS})
@transaction.atomic
def put_review(request, kr_id: Path[Id], payload: ReviewIn):
    """Review a self-assessment: the owner's managers and admins agree or adjust (with a comment)."""
    kr = _readable_key_result(request.auth, kr_id)
    if not assessment_access.may_review(request.auth, kr):
        raise AccessDenied(_("Only the owner's managers and admins review a self-assessment."))
    assessment = SelfAssessment.objects.filter(key_result=kr).first()
    if assessment is None:
        raise services.NotOpen("not_assessed", _("This key result has not been self-assessed yet."))
    services.review(request.auth, assessment, agree=payload.agree, score=payload.score,
                    comment=payload.comment)
    return _answer(request.auth, kr)
