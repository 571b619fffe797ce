"""The objective page's change requests (okrflow/okrs/changes.py): what is pending for its key
results and which of them the reader may ask to change. One query for the pending requests."""

from django import template

from okrflow.okrs import changes
from okrflow.okrs.models import ChangeRequestState, KeyResultChangeRequest

register = template.Library()

PENDING_FIELDS = ("pk", "key_result_id", "created_at", "requested_by__name")


@register.simple_tag
def change_requests_of(objective, person) -> dict:
    krs = list(getattr(objective, "krs", None) or objective.key_results.all())
    # Only what web/okrs/_change_requests.html shows of a request (the whole rows of two tables,
    # ordered, cost the page more to compile than the rest of its read).
    pending = list(KeyResultChangeRequest.objects.filter(
        key_result_id__in=[kr.pk for kr in krs], state=ChangeRequestState.PENDING)
        .select_related("requested_by").only(*PENDING_FIELDS).order_by("created_at", "id"))
    waiting = {change.key_result_id for change in pending}
    titles = {kr.pk: kr.title for kr in krs}
    for change in pending:
        change.kr_title = titles.get(change.key_result_id, "")
    requestable = []
    if krs and changes.is_changeable_by_request(krs[0]):
        requestable = [kr for kr in krs if kr.pk not in waiting and changes.may_request(person, kr)]
    return {"pending": pending, "requestable": requestable}
