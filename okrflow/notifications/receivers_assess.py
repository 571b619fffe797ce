"""Self-assess (自评): the manager hears of a submitted self-assessment, the person of its review
(okrflow/events.py `self_assessment_submitted`, `self_assessment_reviewed`).

Connected in NotificationsConfig.ready(); runs after the write was committed. The assessments
service adds to the payload `person` (whose work it is: the key result's owner, else the
objective's owning person, else the owning unit's head) and `cycle`. Both are of the
self-assessment kind (one preference for the submissions one hears of and the reviews of one's own).
"""

from django.urls import reverse
from django.utils.translation import gettext

from okrflow.actors import is_system
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.routing import speaking_to
from okrflow.notifications.services import notify


def _manager_of(person, key_result):
    """The person's manager; for a unit's key result without an owner, the parent unit's head."""
    if key_result.owner_id is None and key_result.objective.owner_unit_id:
        parent = key_result.objective.owner_unit.parent
        return parent.head if parent is not None and parent.head_id else None
    return person.manager if person is not None and person.manager_id else None


def notify_manager_of_submission(sender, *, assessment, key_result, actor, person=None, cycle=None,
                                 **payload) -> None:
    manager = _manager_of(person, key_result)
    if manager is None or cycle is None or (not is_system(actor) and manager.pk == actor.pk):
        return
    with speaking_to(manager):
        name = person.name if person is not None else gettext("Someone")
        title = gettext("{name} self-assessed “{key_result}”").format(name=name, key_result=key_result.title)
        body = gettext("Self-score {score} (computed {computed}). Agree or adjust it.").format(
            score=assessment.score, computed=assessment.computed_score)
    link = reverse("self_assessment_reviews", args=[cycle.code]) + f"#assessment-{assessment.pk}"
    notify(manager, NotificationKind.SELF_ASSESSMENT, title, body, link, actor=actor)


def notify_person_of_review(sender, *, assessment, key_result, actor, person=None, cycle=None,
                            **payload) -> None:
    if person is None or cycle is None or (not is_system(actor) and person.pk == actor.pk):
        return
    with speaking_to(person):
        name = gettext("Someone") if is_system(actor) else actor.name
        if assessment.review_state == "adjusted":
            title = gettext("{name} adjusted your self-assessment of “{key_result}” to {score}").format(
                name=name, key_result=key_result.title, score=assessment.reviewed_score)
        else:
            title = gettext("{name} agreed with your self-assessment of “{key_result}”").format(
                name=name, key_result=key_result.title)
    link = reverse("self_assessment", args=[cycle.code]) + f"#kr-{key_result.pk}"
    notify(person, NotificationKind.SELF_ASSESSMENT, title, assessment.review_comment, link, actor=actor)
