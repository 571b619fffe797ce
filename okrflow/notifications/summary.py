"""The weekly team summary: per unit, who checked in this period, the average confidence and
the key results at risk; sent to the unit's head (and the team chat, by preference)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

# Below this confidence (in %) a key result is listed as at risk.
from okrflow.checkins.forecast import AT_RISK_CONFIDENCE  # one threshold for every view
from okrflow.notifications import rhythm
from okrflow.notifications.models import Notification, NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify
from okrflow.okrs import scoring
from okrflow.okrs.models import KeyResult, ObjectiveStatus
from okrflow.org.models import Unit


@dataclass
class TeamSummary:
    unit: Unit
    checked_in: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    average_confidence: float | None = None
    at_risk: list = field(default_factory=list)  # (key result, score), lowest confidence first


def team_summary(unit, period, today) -> TeamSummary:
    """The summary of the unit's direct members' key results in the cycles containing `today`
    (two queries: the key results with their owners, and their scores)."""
    key_results = list(
        KeyResult.objects.for_org(unit.organization)
        .filter(owner__unit=unit, owner__is_active=True, objective__status=ObjectiveStatus.ACTIVE,
                objective__cycle__start_date__lte=today, objective__cycle__end_date__gte=today)
        .select_related("owner").order_by("owner__name", "id"))
    scores = scoring.kr_scores(KeyResult.objects.filter(pk__in=[kr.pk for kr in key_results]))
    result = TeamSummary(unit=unit)
    owners = {}
    for kr in key_results:
        done = kr.last_checkin_date is not None and kr.last_checkin_date >= period.start
        owners[kr.owner] = owners.get(kr.owner, True) and done
    result.checked_in = [person for person, done in owners.items() if done]
    result.missing = [person for person, done in owners.items() if not done]
    confidences = [kr.confidence for kr in key_results if kr.confidence is not None]
    if confidences:
        result.average_confidence = round(sum(confidences) / len(confidences), 1)
    risky = [kr for kr in key_results if kr.confidence is not None and kr.confidence < AT_RISK_CONFIDENCE]
    result.at_risk = [(kr, scores.get(kr.pk)) for kr in sorted(risky, key=lambda kr: (kr.confidence, kr.pk))]
    return result


def render(summary: TeamSummary) -> tuple[str, str]:
    """(title, body) in the active language."""
    names = ", ".join
    title = gettext("Weekly summary: {unit}").format(unit=summary.unit.name)
    lines = [
        gettext("Checked in: {names}").format(names=names(p.name for p in summary.checked_in) or "-"),
        gettext("Not checked in yet: {names}").format(names=names(p.name for p in summary.missing) or "-"),
    ]
    if summary.average_confidence is not None:
        lines.append(gettext("Average confidence: {value}%").format(value=summary.average_confidence))
    if summary.at_risk:
        lines.append(gettext("At risk:"))
        lines += [gettext("- {kr} ({owner}): confidence {confidence}%, score {score}").format(
            kr=kr.title, owner=kr.owner.name, confidence=kr.confidence,
            score="-" if score is None else f"{score:.2f}") for kr, score in summary.at_risk]
    return title, "\n".join(lines)


def send_weekly_summaries(organization, schedule, now) -> int:
    sent = 0
    for unit in Unit.objects.for_org(organization).filter(head__is_active=True).select_related("head"):
        cadence = schedule.for_unit(unit.pk)
        week = cadence and rhythm.summary_due(cadence, now)
        if not week:
            continue
        key = f"summary:{unit.pk}:{week.isoformat()}"
        if Notification.objects.filter(recipient=unit.head, dedupe_key=key).exists():
            continue  # sent earlier in the window: skip the queries
        period = rhythm.checkin_period(cadence, now)
        with speaking_to(unit.head):
            title, body = render(team_summary(unit, period, rhythm.local_date(cadence, now)))
        sent += notify(unit.head, NotificationKind.WEEKLY_SUMMARY, title, body,
                       dedupe_key=key, chat_unit=unit) is not None
    return sent
