"""Writes to check-ins, and the key result's mirror of its latest check-in.

A key result keeps current_value / confidence / last_checkin_date equal to its latest check-in
(by date; among equal dates, the one recorded last, i.e. the highest id) so that scores can be
computed set-wise. record_checkin keeps it true for one reading; refresh_current_values
recomputes it for many key results at once after bulk inserts (the importer).
"""

from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from okrflow.actors import person_of
from okrflow.audit import log
from okrflow.checkins import rules as checkin_rules
from okrflow.checkins.drops import previous_confidences, refusal, unexplained_drop
from okrflow.checkins.models import CheckIn
from okrflow.cycles import phases
from okrflow.errors import AccessDenied, NotFound, locked
from okrflow.events import checkin_recorded, emit_on_commit
from okrflow.okrs import rules
from okrflow.okrs.access import can_check_in
from okrflow.okrs.models import KeyResult, policy_for
from okrflow.org.services import validated

MIRROR_FIELDS = ["current_value", "confidence", "last_checkin_date"]
CHUNK = 2000  # ids per statement: well under SQLite's and PostgreSQL's parameter limits


def check_open_for_checkins(kr: KeyResult) -> None:
    """A closed objective is the archive of its cycle (okrflow/cycles/phases.py locks every field
    of it): its readings neither grow nor shrink, so the score closing decided on stays."""
    phases.check_unlocked(kr.objective.status, {"value"}, key_result=True)


def _is_latest(kr: KeyResult, day) -> bool:
    # The new row gets the highest id, so on an equal date it is the latest too.
    return kr.last_checkin_date is None or day >= kr.last_checkin_date


@transaction.atomic
def record_checkin(actor, kr: KeyResult, *, value, confidence=None, note="", date=None,
                   author=None, allow_unexplained_drop=False) -> CheckIn:
    """One reading of a key result: its value, optionally the owner's confidence and a note.

    A confidence the policy's threshold or more below the latest one needs a note, whoever
    records it (okrflow/checkins/drops.py). `allow_unexplained_drop=True` stores a reading
    recorded elsewhere as it was given (history replayed by the console: the demo, tests'
    fixtures), the missing reason noted in this check-in's audit entry; the rules check flags
    it too. Every door where a person types a check-in leaves it False. The file importer does
    not pass through here at all: it writes the organization's record in bulk
    (okrflow/interchange/writing.py), and stored drops are the rules check's finding.
    """
    kr = locked(KeyResult.objects.select_related("objective__cycle", "owner"), pk=kr.pk)
    if not can_check_in(actor, kr):
        raise AccessDenied()
    check_open_for_checkins(kr)
    today = checkin_rules.today()
    checkin = CheckIn(
        organization=kr.organization, key_result=kr, value=rules.as_decimal(value, "value"),
        confidence=rules.as_confidence(confidence), note=(note or "").strip(),
        date=rules.as_date(date, "date") or today, author=author or person_of(actor))
    rules.check_same_org(kr, checkin.author, "author")
    validated(checkin)
    cycle = kr.objective.cycle
    checkin_rules.check_checkin_date(checkin.date, cycle_start=cycle.start_date, cycle_end=cycle.end_date,
                                     today=today)
    drop = unexplained_drop(kr, previous_confidences([kr], checkin.date).get(kr.pk), checkin.confidence,
                            checkin.note, policy_for(kr.organization_id).confidence_drop)
    if drop is not None and not allow_unexplained_drop:
        raise refusal(drop)
    checkin.save()
    before, is_latest = log.snapshot(kr, MIRROR_FIELDS), _is_latest(kr, checkin.date)
    if is_latest:
        kr.current_value, kr.confidence = checkin.value, checkin.confidence
        kr.last_checkin_date = checkin.date
    kr.version += 1
    kr.updated_at = timezone.now()
    kr.save(update_fields=[*MIRROR_FIELDS, "version", "updated_at"])
    changes = log.diff(before, log.snapshot(kr, MIRROR_FIELDS))
    changes["checkin"] = [None, {"id": checkin.pk, "date": str(checkin.date), "value": str(checkin.value),
                                 "confidence": checkin.confidence, "note": checkin.note}]
    if drop is not None:
        changes["unexplained_drop"] = [None, {"before": drop.before, "after": drop.after}]
    log.record(kr, "key_result.checkin", actor=actor, changes=changes)
    emit_on_commit(checkin_recorded, checkin=checkin, key_result=kr, actor=actor, is_latest=is_latest)
    return checkin


@transaction.atomic
def delete_checkin(actor, checkin: CheckIn) -> None:
    """Removes a wrong reading; the key result's current value falls back to the one before."""
    kr = locked(KeyResult.objects.select_related("objective", "owner"), pk=checkin.key_result_id)
    if not can_check_in(actor, kr):
        raise AccessDenied()
    check_open_for_checkins(kr)
    before = log.snapshot(kr, MIRROR_FIELDS)
    removed = {"id": checkin.pk, "date": str(checkin.date), "value": str(checkin.value),
               "confidence": checkin.confidence, "note": checkin.note}
    deleted, _counts = CheckIn.objects.filter(pk=checkin.pk, key_result=kr).delete()
    if not deleted:  # removed meanwhile by someone else
        raise NotFound()
    latest = kr.checkins.order_by("-date", "-id").first()
    kr.current_value = latest.value if latest else kr.start_value
    kr.confidence = latest.confidence if latest else None
    kr.last_checkin_date = latest.date if latest else None
    kr.version += 1
    kr.updated_at = timezone.now()
    kr.save(update_fields=[*MIRROR_FIELDS, "version", "updated_at"])
    changes = log.diff(before, log.snapshot(kr, MIRROR_FIELDS))
    changes["checkin"] = [removed, None]
    log.record(kr, "key_result.checkin_delete", actor=actor, changes=changes)


def _latest(field: str):
    rows = CheckIn.objects.filter(key_result=OuterRef("pk")).order_by("-date", "-id").values(field)[:1]
    return Subquery(rows)


def refresh_current_values(key_result_ids) -> None:
    """Recompute the mirror from the check-ins for many key results: per chunk of ids, one
    query finds the rows that are out of date and one UPDATE fixes them (raising `version`
    only where something changed, so a repeated import changes nothing)."""
    ids = sorted(set(key_result_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        stale = [
            kr_id for kr_id, value, confidence, day, new_value, new_confidence, new_day in
            KeyResult.objects.filter(pk__in=chunk)
            .annotate(new_value=Coalesce(_latest("value"), F("start_value")),
                      new_confidence=_latest("confidence"), new_day=_latest("date"))
            .values_list("id", "current_value", "confidence", "last_checkin_date",
                         "new_value", "new_confidence", "new_day")
            if (value, confidence, day) != (new_value, new_confidence, new_day)
        ]
        if stale:
            KeyResult.objects.filter(pk__in=stale).update(
                current_value=Coalesce(_latest("value"), F("start_value")),
                confidence=_latest("confidence"), last_checkin_date=_latest("date"),
                version=F("version") + 1, updated_at=timezone.now())
