"""Every write to the suggestion box goes through here: submitting, upvoting and adopting.

Submitting and upvoting are open to every active person of the organization; adopting (turning
one suggestion, or a merged group of near-duplicates, into a draft company objective) is for
admins and the OKR champion, through okrflow/okrs/services.py::create_objective, so the new
objective passes the same rules as every other one. Each write is one transaction with its audit
entry; the suggesters are told after commit that their idea became an objective.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.errors import AccessDenied, DomainError, NotFound, locked
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify
from okrflow.okrs.access import valid_id
from okrflow.okrs.models import ObjectiveStatus, Origin
from okrflow.okrs.services import create_objective
from okrflow.org.access import can_manage_cycles
from okrflow.suggestions.models import Suggestion, SuggestionVote
from okrflow.suggestions.similarity import similar
from okrflow.writes import checked_text

TITLE_LIMIT = 200
WHY_LIMIT = 2000
# A new suggestion is compared with this many of its cycle's open groups, the newest first: the
# cost of submitting stays bounded however full the box is (an idea like one of older groups
# than these starts a group of its own, which the champion may still merge when adopting).
LEADERS_COMPARED = 500


def may_adopt(actor) -> bool:
    """Admins and the OKR champion (and backups) turn suggestions into company objectives."""
    return can_manage_cycles(actor)


def _require_member(actor, organization_id) -> None:
    if is_system(actor):
        return
    if actor.organization_id != organization_id:
        raise NotFound()
    if not actor.is_active:
        raise AccessDenied()


def _require_open(cycle) -> None:
    if cycle.is_closed:
        raise DomainError("cycle_closed", _("This cycle is closed: its suggestion box is closed too."))


def _similar_group(cycle, title: str):
    """The id of the newest open group of `cycle` whose first suggestion says the same as
    `title` (okrflow/suggestions/similarity.py), or None."""
    leaders = (Suggestion.objects.for_org(cycle.organization_id)
               .filter(cycle=cycle, group_id=F("pk"), objective=None, adopted_at=None)
               .order_by("-created_at", "-id").values_list("pk", "title")[:LEADERS_COMPARED])
    return next((pk for pk, text in leaders if similar(title, text)), None)


@transaction.atomic
def submit_suggestion(actor, cycle, *, title, why="") -> Suggestion:
    """An objective the actor thinks the company needs in `cycle`, in the group of a similar
    open one (or the first of a new group)."""
    _require_member(actor, cycle.organization_id)
    _require_open(cycle)
    title = checked_text(title, field="title", limit=TITLE_LIMIT, required=True)
    suggestion = Suggestion.objects.create(
        organization_id=cycle.organization_id, cycle=cycle, author=person_of(actor), title=title,
        why=checked_text(why, field="why", limit=WHY_LIMIT, required=False),
        group_id=_similar_group(cycle, title))
    if suggestion.group_id is None:
        suggestion.group = suggestion
        suggestion.save(update_fields=["group"])
    log.record(suggestion, "suggestion.create", actor=actor,
               changes={"title": [None, suggestion.title], "why": [None, suggestion.why]})
    return suggestion


def get_suggestion(actor, suggestion_id) -> Suggestion:
    """A suggestion of the actor's organization (every member may read the box); else NotFound."""
    found = (Suggestion.objects.for_org(actor.organization_id).select_related("cycle", "author")
             .filter(pk=valid_id(suggestion_id)).first())
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def toggle_vote(actor, suggestion: Suggestion) -> bool:
    """Upvote the suggestion, or take the upvote back: one vote per person. Returns whether the
    actor's vote stands now."""
    if is_system(actor):
        raise AccessDenied()
    _require_member(actor, suggestion.organization_id)
    suggestion = locked(Suggestion.objects.select_related("cycle"), pk=suggestion.pk)
    _require_open(suggestion.cycle)
    existing = SuggestionVote.objects.filter(suggestion=suggestion, person=actor).first()
    if existing is not None:
        existing.delete()
        log.record(suggestion, "suggestion.unvote", actor=actor)
        return False
    try:
        with transaction.atomic():
            SuggestionVote.objects.create(organization_id=suggestion.organization_id,
                                          suggestion=suggestion, person=actor)
    except IntegrityError:  # a double click raced this one: the vote stands either way
        return True
    log.record(suggestion, "suggestion.vote", actor=actor)
    return True


@transaction.atomic
def adopt_suggestions(actor, suggestions, *, title="", description=""):
    """Turn one suggestion or a merged group into one draft company objective (owned by the root
    unit, bottom-up), recording the suggestions as its source. The title defaults to the first
    suggestion's, the description to their reasons."""
    if not may_adopt(actor):
        raise AccessDenied()
    ids = sorted({s.pk for s in suggestions})
    if not ids:
        raise DomainError("required", _("Choose at least one suggestion."), field="suggestions")
    # Only the suggestions' rows are locked: FOR UPDATE cannot take the nullable author's side
    # of the outer join on PostgreSQL.
    rows = list(Suggestion.objects.select_for_update(of=("self",)).filter(pk__in=ids)
                .select_related("cycle", "author").order_by("created_at", "id"))
    if len(rows) != len(ids) or any(not is_system(actor) and s.organization_id != actor.organization_id
                                    for s in rows):
        raise NotFound()
    cycle = rows[0].cycle
    if any(s.cycle_id != cycle.pk for s in rows):
        raise DomainError("mixed_cycles", _("Merge only suggestions of the same cycle."), field="suggestions")
    if any(s.is_adopted for s in rows):
        raise DomainError("already_adopted", _("One of these suggestions is already an objective."),
                          field="suggestions")
    _require_open(cycle)
    title = (title or "").strip() or rows[0].title
    if not (description or "").strip():
        description = "\n".join(s.why for s in rows if s.why)
    objective = create_objective(
        actor, cycle.organization, cycle=cycle, title=title, description=description,
        owner_unit=cycle.organization.root_unit(), origin=Origin.BOTTOM_UP, status=ObjectiveStatus.DRAFT)
    now = timezone.now()
    for suggestion in rows:
        suggestion.objective, suggestion.adopted_by, suggestion.adopted_at = objective, person_of(actor), now
        suggestion.save(update_fields=["objective", "adopted_by", "adopted_at"])
        log.record(suggestion, "suggestion.adopt", actor=actor,
                   changes={"objective_id": [None, objective.pk]})
    authors = {s.author_id: s.author for s in rows if s.author_id}
    transaction.on_commit(lambda: _tell_the_suggesters(list(authors.values()), objective, actor))
    return objective


def _tell_the_suggesters(authors, objective, actor) -> None:
    link = reverse("objective", args=[objective.pk])
    for author in authors:
        if not is_system(actor) and author.pk == actor.pk:
            continue
        with speaking_to(author):
            title = gettext("Your suggestion became a company objective: {title}").format(
                title=objective.title)
        notify(author, NotificationKind.MENTION, title, "", link, actor=actor)


def suggesters_of(objective) -> list:
    """The people whose suggestions became `objective` (its source), oldest suggestion first."""
    return [s.author for s in Suggestion.objects.for_org(objective.organization_id)
            .filter(objective=objective, author__isnull=False).select_related("author")
            .order_by("created_at", "id")]
