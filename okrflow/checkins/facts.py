"""Check-ins as plain facts for the OKR rules check (okrflow/okrs/lint.py), which sits below the
check-ins in the apps' layering and so takes them as data instead of reading them."""

from collections.abc import Iterator

from okrflow.checkins.models import CheckIn
from okrflow.cycles import pilots
from okrflow.okrs.lint import CheckInFacts


def checkin_facts(cycle) -> Iterator[CheckInFacts]:
    """The cycle's check-ins that carry a confidence, ordered by key result, date and the order
    recorded (the order the confidence-drop rule compares them in), streamed in one query.
    Check-ins without a confidence neither drop nor set the level a later one drops from. In a
    pilot, only the covered objectives' (okrflow/cycles/pilots.py)."""
    rows = (CheckIn.objects.for_org(cycle.organization)
            .filter(key_result__objective__cycle=cycle, confidence__isnull=False)
            .filter(pilots.objectives_q(cycle, "key_result__objective__"))
            .order_by("key_result_id", "date", "id")
            .values_list("key_result__ref", "date", "confidence", "note"))
    for kr_ref, date, confidence, note in rows.iterator(chunk_size=5000):
        yield CheckInFacts(kr_ref, date, confidence, note)
