"""Publishing a cycle (发布): the one write behind the web button, the API and `okrflow publish`.

publish_cycle marks the cycle published and moves its agreed objectives to published in one
UPDATE (phases.next_state decides the target state; never a loop of saves), with one audit entry
for the cycle that names the count (the audit API writes one entry per call; a row per objective
for 300,000 objectives is what it avoids). Its digests are created afterwards (digest.py): queued
to the task worker for the web and the API, delivered by the console itself.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from okrflow import events
from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.cycles import phases, pilots
from okrflow.cycles.models import Cycle
from okrflow.errors import DomainError, NotFound, locked
from okrflow.okrs.models import Objective, ObjectiveStatus
from okrflow.org.access import can_manage_cycles, require, same_org
from okrflow.publishing import digest

NAMED = 10  # how many unfinished objectives a refusal names


class UnpublishedDrafts(DomainError):
    """Objectives of the cycle are still drafts or proposals (HTTP 409)."""

    status = 409


@dataclass
class PublishResult:
    cycle: Cycle
    published: int = 0          # objectives that became published now
    left_as_drafts: int = 0     # drafts and proposals left as they are, unpublished (only_agreed)
    digests: int = 0            # people a digest is going to in this round
    already_published: bool = False
    round_key: str | None = None  # the digests' round to create; None: none to send
    message: str = ""


def unfinished(cycle):
    """The cycle's objectives (within its pilot) that are still drafts or proposed."""
    return (Objective.objects.for_org(cycle.organization_id)
            .filter(pilots.objectives_q(cycle), cycle=cycle,
                    status__in=[ObjectiveStatus.DRAFT, ObjectiveStatus.PROPOSED])
            .order_by("ref", "pk"))


def refusal_message(cycle, refs: list[str], total: int) -> str:
    named = ", ".join(refs)
    if total > len(refs):
        named = gettext("{named} and {count} more").format(named=named, count=total - len(refs))
    return ngettext(
        "{cycle} cannot be published: {count} objective is not agreed yet ({named}). Agree it first, "
        "or publish the agreed ones and leave the rest unpublished.",
        "{cycle} cannot be published: {count} objectives are not agreed yet ({named}). Agree them first, "
        "or publish the agreed ones and leave the rest unpublished.", total,
    ).format(cycle=cycle.name, count=total, named=named)


def publish_cycle(actor, cycle, *, only_agreed=False, resend=False) -> PublishResult:
    """Publish `cycle` (admins and the OKR champion). Refuses (UnpublishedDrafts, naming them)
    while objectives are drafts or proposed, unless `only_agreed`: then the agreed ones are
    published and the rest keep their state (a proposal stays proposed, with the acceptances it
    may hold; the message says "not published", not "draft"). Publishing again changes and sends
    nothing and says so; `resend` sends every digest again. Returns the counts and the round of
    digests to create (create them after commit with digest.create_digests)."""
    if not same_org(actor, cycle):
        raise NotFound()
    require(can_manage_cycles(actor))
    with transaction.atomic():
        cycle = locked(Cycle.objects.for_org(cycle.organization_id).select_related("organization"),
                       pk=cycle.pk)
        if cycle.is_closed:
            raise DomainError("cycle_closed", _("{cycle} is closed: it cannot be published again.")
                              .format(cycle=cycle.name))
        if cycle.is_published:
            return _again(actor, cycle, resend)
        return _first_time(actor, cycle, only_agreed)


def _again(actor, cycle, resend) -> PublishResult:
    when = timezone.localtime(cycle.published_at).strftime("%Y-%m-%d %H:%M")
    if not resend:
        return PublishResult(cycle, already_published=True, message=gettext(
            "{cycle} was already published on {when}: nothing was sent again. Resend the digests "
            "to send every one again.").format(cycle=cycle.name, when=when))
    count = digest.recipients(cycle).count()
    log.record(cycle, "digests_resent", actor=actor, changes={"digests": [None, count]})
    return PublishResult(cycle, digests=count, already_published=True,
                         round_key=timezone.now().strftime("%Y%m%dT%H%M%S%f"), message=ngettext(
                             "{cycle} was already published on {when}: its digest is sent again to "
                             "{count} person.",
                             "{cycle} was already published on {when}: its digest is sent again to "
                             "{count} people.", count).format(cycle=cycle.name, when=when, count=count))


def _first_time(actor, cycle, only_agreed) -> PublishResult:
    waiting = unfinished(cycle)
    left = waiting.count()
    if left and not only_agreed:
        refs = list(waiting.values_list("ref", flat=True)[:NAMED])
        raise UnpublishedDrafts("unpublished_drafts", refusal_message(cycle, refs, left), field="only_agreed")
    now = timezone.now()
    target = phases.next_state(phases.AGREED, phases.PUBLISH)
    published = (Objective.objects.for_org(cycle.organization_id)
                 .filter(pilots.objectives_q(cycle), cycle=cycle, status=ObjectiveStatus.AGREED)
                 .update(status=target, version=F("version") + 1, updated_at=now))
    cycle.published_at, cycle.published_by = now, None if is_system(actor) else actor
    cycle.save(update_fields=["published_at", "published_by"])
    count = digest.recipients(cycle).count()
    log.record(cycle, "published", actor=actor, changes={
        "published_at": [None, now], "objectives_published": [0, published],
        "left_as_drafts": [0, left], "digests": [0, count]})
    events.emit_on_commit(events.cycle_published, cycle=cycle, actor=actor, objectives=published)
    message = " ".join([
        ngettext("{cycle} is published with {objectives} objective.",
                 "{cycle} is published with {objectives} objectives.", published)
        .format(cycle=cycle.name, objectives=published),
        ngettext("A digest goes to {count} person.", "A digest goes to {count} people.", count)
        .format(count=count)])
    if left:
        message += " " + ngettext(
            "{left} objective not agreed yet (a draft or a proposal) is not published and keeps its state.",
            "{left} objectives not agreed yet (drafts or proposals) are not published and keep their state.",
            left).format(left=left)
    return PublishResult(cycle, published=published, left_as_drafts=left, digests=count, round_key="",
                         message=message)


def queue_digests(result: PublishResult, *, actor) -> None:
    """After the publication commits, hand the digests to the task worker (web and API): one job
    creates them a chunk at a time and queues each mail; nothing is sent inside the request."""
    if result.round_key is None:
        return
    from okrflow.publishing import tasks

    actor_id = None if is_system(actor) else actor.pk
    transaction.on_commit(
        lambda: tasks.create_digests_task.enqueue(result.cycle.pk, result.round_key, actor_id))
