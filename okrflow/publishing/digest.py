"""Every person's digest of a published cycle: one email in their language (plain text and HTML)
with the organization's mission and vision, the company's annual and this cycle's OKRs, their
first-level department's and their own unit's OKRs, their own OKRs, last cycle's summary and the
link to the OKR book.

Each digest is a notice of kind "cycle_digest" (okrflow/notifications): the notice is created
set-wise per chunk of people (`create_digests`), its email delivery goes through the same worker,
retries and attempt log as every other mail, and the message itself is written when it is sent
(`render`, registered with the mail channel in PublishingConfig.ready()).

What a digest shows is read through the reader's own visibility (`okrs.selectors.objectives_for`),
so a private objective reaches only those who may see it. A fixed number of queries per person:
the reader, two for this cycle's (and the annual cycle's) objectives with their key results, two
for last cycle's.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from okrflow.cycles import pilots
from okrflow.cycles.models import Cycle
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import absolute_link, speaking_to
from okrflow.notifications.services import notify_each
from okrflow.okrs import scoring
from okrflow.okrs.models import COUNTED_STATUSES, Objective, policy_for
from okrflow.okrs.selectors import objectives_for
from okrflow.org import tree
from okrflow.org.models import Person, Unit

KIND = NotificationKind.CYCLE_DIGEST
CHUNK = 500


def dedupe_key(cycle, round_key: str = "") -> str:
    """The once-only key of a cycle's digests: one per person for the first publication, and a
    new round for every resend. `render` reads the cycle's id back from it."""
    return f"cycle_digest:{cycle.pk}" + (f":{round_key}" if round_key else "")


def book_link(cycle) -> str:
    return reverse("cycle_book", args=[cycle.code])


def recipients(cycle):
    """The active people the cycle's digest goes to (in a pilot, the covered people only)."""
    return (Person.objects.for_org(cycle.organization_id).filter(is_active=True)
            .filter(pilots.people_q(cycle)).select_related("unit").order_by("pk"))


def previous_cycle(cycle) -> Cycle | None:
    """Last cycle of the same kind: the latest one that ended before this one started."""
    return (Cycle.objects.for_org(cycle.organization_id)
            .filter(kind=cycle.kind, end_date__lt=cycle.start_date).order_by("-end_date", "-pk").first())


def _notice(cycle):
    def message(person):
        return (gettext("{cycle} is published").format(cycle=cycle.name),
                gettext("The OKRs of {cycle} are agreed and published: read them in the OKR book.")
                .format(cycle=cycle.name))
    return message


def create_digests(cycle, *, actor, round_key="", enqueue=True):
    """Create one digest notice per recipient, a chunk at a time; yields each chunk's email
    deliveries (queued after commit, or left to the caller with enqueue=False). A second run with
    the same round creates nothing (the once-only key)."""
    people = recipients(cycle)
    key, link, last_pk = dedupe_key(cycle, round_key), book_link(cycle), 0
    while True:
        chunk = list(people.filter(pk__gt=last_pk)[:CHUNK])
        if not chunk:
            return
        last_pk = chunk[-1].pk
        yield notify_each(chunk, KIND, _notice(cycle), actor=actor, dedupe_key=key, link=link,
                          enqueue=enqueue)


# --- what one person's digest says ------------------------------------------------------------

@dataclass
class Section:
    title: str
    objectives: list = field(default_factory=list)


def _grade(objective) -> dict | None:
    if objective.grade is None:
        return None
    return {"code": objective.grade, **scoring.GRADE_LABELS[objective.grade]}


def _shown(objectives) -> list:
    for objective in objectives:
        objective.grade_info = _grade(objective)
    return objectives


def sections_for(person, cycle, *, previous=None, root=None, policy=None) -> dict:
    """The digest's content for one person, every objective read through their visibility;
    `previous` is last cycle (previous_cycle), for its summary."""
    organization = cycle.organization
    root = root or organization.root_unit()
    policy = policy or policy_for(organization.pk)
    ids = tree.path_ids(person.unit.path) if person.unit_id else []
    department_id = ids[1] if len(ids) > 1 else None
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[i for i in (department_id, person.unit_id) if i])}
    owners = Q(owner_person_id=person.pk) | Q(owner_unit_id__in=[i for i in (root.pk, department_id,
                                                                          person.unit_id) if i])
    cycles = [cycle.pk] + ([cycle.parent_id] if cycle.parent_id else [])
    shown = _shown(objectives_for(person, Objective.objects.filter(
        owners, cycle_id__in=cycles, status__in=COUNTED_STATUSES), policy=policy))

    def pick(cycle_id, **owner):
        ((name, value),) = owner.items()
        return [o for o in shown if o.cycle_id == cycle_id and getattr(o, name) == value]

    sections = []
    if cycle.parent_id:
        sections.append(Section(gettext("The company's OKRs for {cycle}").format(cycle=cycle.parent.name),
                                pick(cycle.parent_id, owner_unit_id=root.pk)))
    sections.append(Section(gettext("The company's OKRs for {cycle}").format(cycle=cycle.name),
                            pick(cycle.pk, owner_unit_id=root.pk)))
    for unit_id in dict.fromkeys(i for i in (department_id, person.unit_id) if i and i != root.pk):
        sections.append(Section(gettext("{unit}'s OKRs").format(unit=units[unit_id].name),
                                pick(cycle.pk, owner_unit_id=unit_id)))
    sections.append(Section(gettext("Your OKRs"), pick(cycle.pk, owner_person_id=person.pk)))
    return {"sections": [s for s in sections if s.objectives],
            "last": _last_cycle(person, previous, department_id, policy) if previous else None}


def _last_cycle(person, last, department_id, policy) -> dict | None:
    """Last cycle's scores and grades of the person's own and their department's objectives."""
    owners = Q(owner_person_id=person.pk)
    if department_id:
        owners |= Q(owner_unit_id=department_id)
    objectives = _shown(objectives_for(person, Objective.objects.filter(
        owners, cycle=last, status__in=COUNTED_STATUSES), policy=policy))
    if not objectives:
        return None
    return {"cycle": last, "objectives": objectives}


def render(notification) -> tuple[str, str, str]:
    """(subject, text, html) of a digest mail, written in its recipient's language at sending."""
    person = notification.recipient
    cycle_id = int(notification.dedupe_key.split(":")[1])
    cycle = (Cycle.objects.for_org(person.organization_id).select_related("organization", "parent")
             .get(pk=cycle_id))
    person = Person.objects.select_related("unit", "organization").get(pk=person.pk)
    with speaking_to(person):
        context = {"person": person, "cycle": cycle, "organization": cycle.organization,
                   "book": absolute_link(notification.link),
                   **sections_for(person, cycle, previous=previous_cycle(cycle))}
        subject = render_to_string("publishing/digest/subject.txt", context)
        text = render_to_string("publishing/digest/body.txt", context)
        html = render_to_string("publishing/digest/body.html", context)
    return " ".join(subject.split()), text, html
