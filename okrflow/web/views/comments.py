"""Comment threads (issue 4): an htmx partial per objective, key result, check-in or task,
loaded on demand so the pages that hold them keep their query counts. Posting and deleting
go through okrflow.meetings.comments, which also notifies the people @mentioned."""

import re

from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from okrflow.checkins.models import CheckIn
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.access import _valid_id, get_action_item
from okrflow.meetings.comments import add_comment, comments_on, delete_comment
from okrflow.meetings.models import Comment
from okrflow.okrs.access import get_key_result, get_objective, visibility_q
from okrflow.org.reader import reader_of
from okrflow.web.views.guards import member_view

ASCII_WORD_END = re.compile(r"[A-Za-z0-9_]$")


def _checkin(person, checkin_id):
    # The key result's visibility joined along its objective: "in every visible key result"
    # would make the database list them all.
    checkin = (CheckIn.objects.for_org(person.organization)
               .filter(visibility_q(reader_of(person), "key_result__objective__"), pk=_valid_id(checkin_id))
               .select_related("key_result__objective").first())
    if checkin is None:
        raise NotFound()
    return checkin


# The kinds in the URL, each with how to fetch its item for a viewer (NotFound when unseen).
LOADERS = {
    "objective": lambda person, pk: get_objective(person, pk)[0],
    "key-result": lambda person, pk: get_key_result(person, pk)[0],
    "checkin": _checkin,
    "task": lambda person, pk: get_action_item(person, pk)[0],
}
KIND_OF_FIELD = {"objective": "objective", "key_result": "key-result", "checkin": "checkin",
                 "action_item": "task"}


def _target(person, kind, target_id):
    loader = LOADERS.get(kind)
    if loader is None:
        raise NotFound()
    return loader(person, target_id)


def _mention_pattern(person) -> str:
    """Escaped "@email" or "@name" of one person; a name ending in a letter must end there."""
    tails = [re.escape(escape(person.email))]
    name = (person.name or "").strip()
    if name:
        tail = re.escape(escape(name))
        tails.append(tail + r"(?![A-Za-z0-9_])" if ASCII_WORD_END.search(name) else tail)
    return "|".join(tails)


def highlighted_body(comment):
    """The comment's text, escaped, with each resolved @mention a link to the person's page."""
    text = escape(comment.body)
    people = list(comment.mentioned.all())
    if not people:
        return text
    links = {}
    patterns = []
    for index, person in enumerate(people):
        links[f"p{index}"] = person
        patterns.append(f"(?P<p{index}>@(?:{_mention_pattern(person)}))")

    def link(match):
        person = links[match.lastgroup]
        return str(format_html('<a href="{}" class="comment-mention">{}</a>',
                               reverse("person", args=[person.pk]), mark_safe(match.group(0))))

    return mark_safe(re.sub("|".join(patterns), link, text, flags=re.IGNORECASE))


def render_thread(request, kind, target, *, error=None, draft="", status=200):
    viewer = request.user
    comments = list(comments_on(viewer, target))
    for comment in comments:
        comment.html_body = highlighted_body(comment)
        comment.can_delete = comment.author_id == viewer.pk or viewer.runs_okr_process
    return render(request, "web/comments/_thread.html", {
        "kind": kind, "target": target, "comments": comments, "error": error, "draft": draft,
        "thread_url": reverse("comment_thread", args=[kind, target.pk]),
    }, status=status)


@member_view
@require_http_methods(["GET", "POST"])
def comment_thread(request, kind, target_id):
    target = _target(request.user, kind, target_id)
    if request.method == "GET":
        return render_thread(request, kind, target)
    body = request.POST.get("body", "")
    try:
        add_comment(request.user, target, body)
    except (AccessDenied, NotFound):
        raise
    except DomainError as error:
        return render_thread(request, kind, target, error=error.message, draft=body)
    return render_thread(request, kind, target)


def _target_of(comment):
    for field, kind in KIND_OF_FIELD.items():
        if getattr(comment, f"{field}_id"):
            return kind, getattr(comment, f"{field}_id")
    raise NotFound()


@member_view
@require_POST
def comment_delete(request, comment_id):
    person = request.user
    comment = Comment.objects.for_org(person.organization).filter(pk=_valid_id(comment_id)).first()
    if comment is None:
        raise NotFound()
    kind, target_id = _target_of(comment)
    target = _target(person, kind, target_id)  # unseen items hide their comments: 404
    delete_comment(person, comment)
    return render_thread(request, kind, target)

