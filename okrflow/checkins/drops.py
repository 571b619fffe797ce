"""The confidence drop that needs a reason (DOMAIN.md §4: "80% → 20%: what changed?").

A check-in whose confidence is the policy's `confidence_drop` points (OkrPolicy, 30 by default)
or more below the key result's latest confidence on or before its date must carry a note.
record_checkin enforces it for every door (web pages, quick form, API, demo); the weekly page
asks it of all its rows first so that it can name the row at fault.
"""

from dataclasses import dataclass

from django.utils.translation import gettext

from okrflow.checkins.models import CheckIn
from okrflow.errors import DomainError
from okrflow.okrs import rules


@dataclass(frozen=True)
class Drop:
    """A confidence drop that needs a reason."""

    kr: object
    before: int
    after: int

    def question(self) -> str:
        return gettext("{kr}: {before}% → {after}%: what changed?").format(
            kr=self.kr.title, before=self.before, after=self.after)


def previous_confidences(key_results, day) -> dict:
    """{key result id: the latest confidence given on or before `day`} in one query."""
    rows = (CheckIn.objects.filter(key_result__in=[kr.pk for kr in key_results], date__lte=day,
                                   confidence__isnull=False)
            .order_by("key_result_id", "date", "id").values_list("key_result_id", "confidence"))
    return dict(rows)  # later rows overwrite earlier ones: the latest wins


def unexplained_drop(kr, before, confidence, note, threshold: int) -> Drop | None:
    """The drop from `before` to `confidence` when it needs a reason and `note` gives none."""
    after = rules.as_confidence(confidence)
    if before is None or after is None or (note or "").strip():
        return None
    return Drop(kr, before, after) if before - after >= threshold else None


def unexplained_drops(entries, previous: dict, threshold: int) -> list[Drop]:
    """The entries (with kr, confidence, note) whose confidence fell by `threshold` points or
    more without a note."""
    drops = (unexplained_drop(entry.kr, previous.get(entry.kr.pk), entry.confidence, entry.note, threshold)
             for entry in entries)
    return [drop for drop in drops if drop is not None]


def refusal(drop: Drop, field: str = "note") -> DomainError:
    """The one refusal every door shows for an unexplained drop."""
    return DomainError("confidence_drop_needs_reason", drop.question(), field=field)
