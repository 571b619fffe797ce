"""Every write of self-assessments, their reviews and objective summaries (issue 9, 自评).

Self-assessment runs from the cycle's publishing until it closes (the phase calendar prompts and
reminds; it does not forbid): a draft's or proposal's key results are refused, and so is
anything of a closed cycle. The computed score (the one rule of okrflow/okrs/scoring.py, read
through the selectors) is the default self-score; a self-score more than 0.2 away from it needs
a comment. Re-assessing before the review updates the self-assessment; once reviewed it stands
(the manager may review again). Each write is one transaction with one audit entry, and its
event is sent after commit (okrflow/events.py).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import person_of
from okrflow.assessments import access
from okrflow.assessments.models import ObjectiveSummary, ReviewState, SelfAssessment
from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, locked, require_current
from okrflow.events import emit_on_commit, self_assessment_reviewed, self_assessment_submitted
from okrflow.okrs import rules, selectors
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, Objective, ObjectiveStatus
from okrflow.writes import checked_text

# A self-score further than this from the computed score needs a comment (the seeds' rule).
GAP = Decimal("0.2")
PLACES = Decimal("0.001")
MAX_TEXT = 4000
ASSESSMENT_FIELDS = ["score", "comment", "computed_score", "review_state", "reviewed_score",
                     "review_comment"]
SUMMARY_FIELDS = ["achieved", "missed", "why"]


class NotOpen(DomainError):
    """The cycle's state does not take this write now (not yet published, closed, reviewed)."""

    status = 409


def as_score(value, field: str = "score") -> Decimal:
    """A score from 0 to 1 (three decimal places kept); anything else refused with its value."""
    number = rules.as_decimal(value, field)
    if not Decimal(0) <= number <= Decimal(1):
        raise DomainError(
            "bad_score",
            _("A score runs from 0 to 1; {value} is outside that range.").format(value=value),
            field=field)
    return number.quantize(PLACES, rounding=ROUND_HALF_UP)


def _text(value, field: str) -> str:
    return checked_text(value, field=field, limit=MAX_TEXT)


def check_open(objective) -> None:
    """Self-assessments, reviews and summaries are written from publishing until closing."""
    cycle = objective.cycle
    if cycle.is_closed or objective.status == ObjectiveStatus.CLOSED:
        raise NotOpen("closed", _("This cycle is closed: its self-assessments can no longer change."))
    if not cycle.is_published or objective.status not in LIVE_STATUSES:
        raise NotOpen("not_open", _("Self-assessment opens when the cycle is published; this "
                                    "objective is not published yet."))


def computed_score(kr) -> Decimal:
    """The key result's score now, by the one rule (three places)."""
    value = selectors.scored_key_results(KeyResult.objects.filter(pk=kr.pk)).values_list(
        "score_value", flat=True).first()
    return Decimal(str(value or 0)).quantize(PLACES, rounding=ROUND_HALF_UP)


def _locked_key_result(kr) -> KeyResult:
    return locked(KeyResult.objects.select_related(*access.KEY_RESULT_RELATIONS), pk=kr.pk)


@transaction.atomic
def self_assess(actor, key_result, *, score=None, comment="", expected_version=None) -> SelfAssessment:
    """The owner's self-score of a key result (default: its computed score) and comment."""
    kr = _locked_key_result(key_result)
    if not access.may_self_assess(actor, kr):
        raise AccessDenied(_("Only the key result's owner or the objective's owner assesses it."))
    check_open(kr.objective)
    computed = computed_score(kr)
    score = computed if score is None or score == "" else as_score(score)
    comment = _text(comment, "comment")
    if abs(score - computed) > GAP and not comment:
        raise DomainError(
            "comment_required",
            _("Your score is more than 0.2 away from the computed score ({computed}): say why in "
              "a comment.").format(computed=computed),
            field="comment")
    assessment = SelfAssessment.objects.select_for_update().filter(key_result=kr).first()
    if assessment is None:
        assessment, before, action = SelfAssessment(organization=kr.organization, key_result=kr), {}, "create"
    else:
        require_current(assessment, expected_version)
        if assessment.review_state != ReviewState.PENDING:
            raise NotOpen("reviewed", _("This self-assessment has been reviewed already; it stands "
                                        "as reviewed."))
        before, action = log.snapshot(assessment, ASSESSMENT_FIELDS), "update"
        assessment.version += 1
    assessment.score, assessment.comment, assessment.computed_score = score, comment, computed
    assessment.assessed_by, assessment.assessed_at = person_of(actor), timezone.now()
    assessment.save()
    log.record(assessment, f"self_assessment.{action}", actor=actor,
               changes=log.diff(before, log.snapshot(assessment, ASSESSMENT_FIELDS)))
    emit_on_commit(self_assessment_submitted, assessment=assessment, key_result=kr, actor=actor,
                   person=access.assessed_person(kr), cycle=kr.objective.cycle)
    return assessment


@transaction.atomic
def review(actor, assessment, *, agree, score=None, comment="", expected_version=None) -> SelfAssessment:
    """The manager's review: agree (the self-score stands) or adjust it, with a comment."""
    assessment = locked(SelfAssessment.objects.select_related(
        *(f"key_result__{name}" for name in access.KEY_RESULT_RELATIONS)), pk=assessment.pk)
    kr = assessment.key_result
    if not access.may_review(actor, kr):
        raise AccessDenied(_("Only the owner's managers and admins review a self-assessment."))
    check_open(kr.objective)
    require_current(assessment, expected_version)
    if not isinstance(agree, bool):
        raise DomainError("invalid", _("Say whether you agree (true) or adjust (false)."), field="agree")
    comment = _text(comment, "comment")
    before = log.snapshot(assessment, ASSESSMENT_FIELDS)
    if agree:
        assessment.review_state, assessment.reviewed_score = ReviewState.AGREED, assessment.score
    else:
        if score is None or score == "":
            raise DomainError("score_required", _("Give the adjusted score."), field="score")
        adjusted = as_score(score)
        if not comment:
            raise DomainError("comment_required", _("Say why you adjust the score in a comment."),
                              field="comment")
        assessment.review_state, assessment.reviewed_score = ReviewState.ADJUSTED, adjusted
    assessment.review_comment = comment
    assessment.reviewed_by, assessment.reviewed_at = person_of(actor), timezone.now()
    assessment.version += 1
    assessment.save()
    log.record(assessment, "self_assessment.review", actor=actor,
               changes=log.diff(before, log.snapshot(assessment, ASSESSMENT_FIELDS)))
    emit_on_commit(self_assessment_reviewed, assessment=assessment, key_result=kr, actor=actor,
                   person=access.assessed_person(kr), cycle=kr.objective.cycle)
    return assessment


@transaction.atomic
def summarize(actor, objective, *, achieved="", missed="", why="") -> ObjectiveSummary:
    """The owner's summary of an objective: what was achieved, what was not, and why."""
    objective = locked(Objective.objects.select_related("cycle", "owner_unit", "owner_person"),
                       pk=objective.pk)
    if not access.may_summarize(actor, objective):
        raise AccessDenied(_("Only the objective's owner writes its summary."))
    check_open(objective)
    texts = {"achieved": _text(achieved, "achieved"), "missed": _text(missed, "missed"),
             "why": _text(why, "why")}
    if not any(texts.values()):
        raise DomainError("empty_summary", _("Write at least one part of the summary."), field="achieved")
    summary = ObjectiveSummary.objects.select_for_update().filter(objective=objective).first()
    before = {} if summary is None else log.snapshot(summary, SUMMARY_FIELDS)
    if summary is None:
        summary = ObjectiveSummary(organization=objective.organization, objective=objective)
    for name, text in texts.items():
        setattr(summary, name, text)
    summary.written_by, summary.written_at = person_of(actor), timezone.now()
    summary.save()
    log.record(summary, "objective_summary.update" if before else "objective_summary.create",
               actor=actor, changes=log.diff(before, log.snapshot(summary, SUMMARY_FIELDS)))
    return summary
