"""The daily stand-up (DOMAIN.md §5 step 3): 昨日进展 / 今日计划 / 障碍 in under a minute.

One entry per person per day, updated in place. Obstacles are not discussed in the meeting:
someone takes them out as a FollowUp with an owner and a status.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.access import leads_person
from okrflow.meetings.models import FollowUp, FollowUpStatus, StandupEntry
from okrflow.okrs import rules
from okrflow.org.models import Person
from okrflow.writes import apply_update

ENTRY_FIELDS = ["yesterday", "today", "blockers"]
FOLLOW_UP_FIELDS = ["text", "owner_id", "status", "standup_entry_id"]


def _today():
    return timezone.localdate(timezone=timezone.get_default_timezone())


def _entry_for(actor, day) -> tuple[StandupEntry, bool]:
    """The actor's entry of `day`, locked, or a new one (a concurrent first save wins once)."""
    entry = StandupEntry.objects.select_for_update().filter(person=actor, date=day).first()
    if entry is not None:
        return entry, False
    try:
        with transaction.atomic():
            return StandupEntry.objects.create(organization=actor.organization, person=actor, date=day), True
    except IntegrityError:
        return StandupEntry.objects.select_for_update().get(person=actor, date=day), False


@transaction.atomic
def save_standup(actor, *, yesterday="", today="", blockers="", date=None) -> StandupEntry:
    """The actor's stand-up of `date` (default today): created, or updated in place."""
    texts = {"yesterday": (yesterday or "").strip(), "today": (today or "").strip(),
             "blockers": (blockers or "").strip()}
    if not any(texts.values()):
        raise DomainError("empty_standup", _("Write at least one line: yesterday, today or blockers."))
    day = rules.as_date(date, "date") or _today()
    entry, created = _entry_for(actor, day)
    before = dict.fromkeys(ENTRY_FIELDS) if created else log.snapshot(entry, ENTRY_FIELDS)
    for name, text in texts.items():
        setattr(entry, name, text)
    entry.updated_at = timezone.now()
    entry.save(update_fields=[*ENTRY_FIELDS, "updated_at"])
    delta = log.diff(before, log.snapshot(entry, ENTRY_FIELDS))
    if delta:
        log.record(entry, "standup.save", actor=actor, changes=delta)
    return entry


@dataclass
class TeamStandup:
    """A unit's stand-up page of one day: the entries, and the members who have not posted."""

    entries: list = field(default_factory=list)
    missing: list = field(default_factory=list)


def team_standup(unit, day) -> TeamStandup:
    """The unit's active members' entries of `day` and who is missing (two queries)."""
    members = list(Person.objects.for_org(unit.organization).filter(unit=unit, is_active=True)
                   .order_by("name", "id"))
    entries = list(StandupEntry.objects.for_org(unit.organization).filter(person__in=members, date=day)
                   .select_related("person__unit").order_by("person__name", "person_id"))
    posted = {entry.person_id for entry in entries}
    return TeamStandup(entries=entries, missing=[p for p in members if p.pk not in posted])


def authors_on(organization, day) -> set:
    """Ids of the people who posted a stand-up on `day` (for the stand-up nudges)."""
    entries = StandupEntry.objects.for_org(organization).filter(date=day)
    return set(entries.values_list("person_id", flat=True))


# --- follow-ups -----------------------------------------------------------------------------

@transaction.atomic
def turn_blocker_into_follow_up(actor, entry: StandupEntry, owner, *, text=None) -> FollowUp:
    """Take an obstacle out of the stand-up: `owner` removes it. The entry's author, their
    managers and unit heads, admins and the OKR champion may do this."""
    if not is_system(actor) and actor.organization_id != entry.organization_id:
        raise NotFound()
    if not leads_person(actor, entry.person):
        raise AccessDenied()
    if owner is None or owner.organization_id != entry.organization_id:
        raise DomainError("not_found", _("Choose an owner from your organization."), field="owner")
    text = (text if text is not None else entry.blockers).strip()
    if not text:
        raise DomainError("no_blocker", _("There is no obstacle to follow up."), field="text")
    follow_up = FollowUp(organization=entry.organization, standup_entry=entry, text=text, owner=owner,
                         created_by=person_of(actor))
    follow_up.save()
    log.record(follow_up, "follow_up.create", actor=actor,
               changes={k: [None, v] for k, v in log.snapshot(follow_up, FOLLOW_UP_FIELDS).items()})
    return follow_up


def close_follow_up(actor, follow_up: FollowUp, *, expected_version=None) -> FollowUp:
    """Mark the obstacle removed: its owner, whoever created it, or whoever leads its owner."""
    if not is_system(actor) and actor.organization_id != follow_up.organization_id:
        raise NotFound()

    def authorize(locked_follow_up):
        allowed = (is_system(actor) or actor.pk in (locked_follow_up.owner_id, locked_follow_up.created_by_id)
                   or (locked_follow_up.owner is not None and leads_person(actor, locked_follow_up.owner)))
        if not allowed:
            raise AccessDenied()

    def close(changed, _changes):
        if changed.status != FollowUpStatus.DONE:  # closing twice changes nothing
            changed.status, changed.closed_at = FollowUpStatus.DONE, timezone.now()

    follow_ups = FollowUp.objects.select_related("owner").filter(organization=follow_up.organization_id)
    return apply_update(follow_ups, follow_up.pk, {}, fields=["status"], action="follow_up.close",
                        actor=actor, expected_version=expected_version, authorize=authorize, apply=close)


def open_follow_ups(unit):
    """The unit's members' open follow-ups (owned by them or raised from their stand-ups)."""
    return (FollowUp.objects.for_org(unit.organization)
            .filter(Q(owner__unit=unit) | Q(standup_entry__person__unit=unit), status=FollowUpStatus.OPEN)
            .select_related("owner", "standup_entry__person").order_by("created_at", "id"))
