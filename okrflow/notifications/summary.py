"""The weekly team summary: per unit, who checked in this period, the average confidence and
the key results at risk; sent to the unit's head (and the team chat, by preference).

"At risk" is the one rule of okrflow/checkins/forecast.py (the same list as the team's weekly
page); the key results' scores come from the read model (okrflow/okrs/selectors.py)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from okrflow.actors import SYSTEM
from okrflow.checkins.forecast import at_risk_first, forecasts_for, is_at_risk
from okrflow.notifications import rhythm
from okrflow.notifications.models import Notification, NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify
from okrflow.okrs import scoring, selectors
from okrflow.okrs.models import LIVE_STATUSES, KeyResult, Visibility, policy_for
from okrflow.org.models import Unit


@dataclass
class TeamSummary:
    unit: Unit
    checked_in: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    average_confidence: float | None = None
    # (key result, forecast), at risk first (okrflow.checkins.forecast.at_risk_first); each key
    # result carries its `score` from the read model.
    at_risk: list = field(default_factory=list)


def team_summary(unit, period, today, *, policy=None) -> TeamSummary:
    """The summary of the unit's direct members' key results in the cycles containing `today`
    (three queries: the key results scored with their owners and cycles, their check-ins for the
    forecasts, and the policy unless given)."""
    policy = policy or policy_for(unit.organization)
    key_results = list(selectors.scored_key_results(
        KeyResult.objects.for_org(unit.organization)
        # Public objectives only: the summary is posted to the team's chat too, where everyone
        # reads it; a private objective's key results stay on its own page.
        .filter(owner__unit=unit, owner__is_active=True, objective__status__in=LIVE_STATUSES,
                objective__visibility=Visibility.PUBLIC,
                objective__cycle__start_date__lte=today, objective__cycle__end_date__gte=today))
        .select_related("objective__cycle").order_by("owner__name", "id"))
    result = TeamSummary(unit=unit)
    owners = {}
    for kr in key_results:
        kr.score = scoring.tidy(kr.score_value)
        done = kr.last_checkin_date is not None and kr.last_checkin_date >= period.start
        owners[kr.owner] = owners.get(kr.owner, True) and done
    result.checked_in = [person for person, done in owners.items() if done]
    result.missing = [person for person, done in owners.items() if not done]
    confidences = [kr.confidence for kr in key_results if kr.confidence is not None]
    if confidences:
        result.average_confidence = round(sum(confidences) / len(confidences), 1)
    forecasts = forecasts_for(key_results)
    result.at_risk = at_risk_first([(kr, forecasts[kr.pk]) for kr in key_results
                                    if is_at_risk(forecasts[kr.pk], kr.confidence, policy)], policy)
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
        lines += [_risk_line(kr, forecast) for kr, forecast in summary.at_risk]
    return title, "\n".join(lines)


def _risk_line(kr, forecast) -> str:
    confidence = "-" if kr.confidence is None else f"{kr.confidence}%"
    projected = forecast.projected_score
    return gettext("- {kr} ({owner}): confidence {confidence}, score {score}, projected {projected}").format(
        kr=kr.title, owner=kr.owner.name, confidence=confidence, score=f"{kr.score:.2f}",
        projected="-" if projected is None else f"{projected:.2f}")


def send_weekly_summaries(organization, schedule, now) -> int:
    sent, policy = 0, policy_for(organization)
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
            title, body = render(team_summary(unit, period, rhythm.local_date(cadence, now), policy=policy))
        sent += notify(unit.head, NotificationKind.WEEKLY_SUMMARY, title, body,
                       dedupe_key=key, chat_unit=unit, actor=SYSTEM) is not None
    return sent
