"""Comments on objectives, key results, check-ins and action items, with @mentions.

Whoever may see the item may comment on it. A mention counts only people who may see the item
too, so a comment never leaks a private OKR; add_comment sends `events.comment_posted` with them
after commit, and okrflow/notifications/receivers.py notifies them.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system, person_of
from okrflow.audit import log
from okrflow.checkins.models import CheckIn
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.events import comment_posted, emit_on_commit
from okrflow.meetings.access import can_see_objective
from okrflow.meetings.mentions import find_mentions
from okrflow.meetings.models import ActionItem, Comment
from okrflow.okrs.models import KeyResult, Objective
from okrflow.org.models import Person

MAX_LENGTH = 5000
TARGET_FIELD = {Objective: "objective", KeyResult: "key_result", CheckIn: "checkin",
                ActionItem: "action_item"}


def objective_of(target) -> Objective:
    """The objective whose visibility governs comments on `target`."""
    if isinstance(target, Objective):
        return target
    if isinstance(target, KeyResult):
        return target.objective
    if isinstance(target, CheckIn | ActionItem):
        return target.key_result.objective
    raise TypeError("comments go on objectives, key results, check-ins and action items")


def _check_target(actor, target) -> Objective:
    objective = objective_of(target)
    if not is_system(actor) and (actor.organization_id != target.organization_id
                              or not can_see_objective(actor, objective)):
        raise NotFound()
    return objective


def _clean_body(body) -> str:
    body = (body or "").strip()
    if not body:
        raise DomainError("empty_comment", _("Write a comment."), field="body")
    if "\x00" in body:  # no text holds one, and PostgreSQL refuses it
        raise DomainError("comment_nul_byte", _("A comment cannot hold a NUL byte."), field="body")
    if len(body) > MAX_LENGTH:
        raise DomainError("comment_too_long", _("A comment has at most {limit} characters.").format(
            limit=MAX_LENGTH), field="body")
    return body


def mentioned_people(actor, comment, objective) -> list:
    """The people of the organization the comment mentions who may see its item (not the author)."""
    people = Person.objects.for_org(comment.organization).filter(is_active=True)
    ids = find_mentions(comment.body, people.values_list("id", "name", "email"))
    found = {person.pk: person for person in people.filter(pk__in=ids)}
    return [found[pk] for pk in ids
            if pk in found and pk != getattr(actor, "pk", None) and can_see_objective(found[pk], objective)]


@transaction.atomic
def add_comment(actor, target, body) -> Comment:
    """A comment by `actor` on `target`; the mentioned people who may see it are stored with it
    and told (events.comment_posted, after commit)."""
    objective = _check_target(actor, target)
    comment = Comment(organization=target.organization, author=person_of(actor), body=_clean_body(body),
                      **{TARGET_FIELD[type(target)]: target})
    comment.save()
    mentioned = mentioned_people(actor, comment, objective)
    comment.mentioned.set(mentioned)
    log.record(comment, "comment.create", actor=actor,
               changes={"body": [None, comment.body], "mentioned": [None, [p.pk for p in mentioned]]})
    emit_on_commit(comment_posted, comment=comment, target=target, objective=objective, actor=actor,
                   mentioned=mentioned)
    return comment


@transaction.atomic
def delete_comment(actor, comment: Comment) -> None:
    """Its author, or admins and the OKR champion, remove a comment."""
    if not is_system(actor) and actor.organization_id != comment.organization_id:
        raise NotFound()
    if not is_system(actor) and actor.pk != comment.author_id and not actor.runs_okr_process:
        raise AccessDenied()
    log.record(comment, "comment.delete", actor=actor, changes={"body": [comment.body, None]})
    comment.delete()


def comments_on(viewer, target):
    """The comments on `target` if `viewer` may see it (else NotFound), oldest first."""
    _check_target(viewer, target)
    return (Comment.objects.for_org(target.organization).filter(**{TARGET_FIELD[type(target)]: target})
            .select_related("author").prefetch_related("mentioned").order_by("created_at", "id"))
