"""A submitted self-assessment tells the manager; its review tells the person."""

import pytest

from okrflow.assessments.services import review, self_assess
from okrflow.errors import DomainError
from okrflow.notifications.models import Notification


def test_the_manager_hears_of_a_submission_and_the_person_of_the_review(
        published, kr, bob, alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = self_assess(bob, kr, score="0.7")
    to_alice = Notification.objects.get(recipient=alice)
    assert "Bob 李 self-assessed “Cut incidents to 10”" in to_alice.title
    assert to_alice.link.endswith(f"/reviews/#assessment-{assessment.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        review(alice, assessment, agree=False, score="0.5", comment="算上事故")
    to_bob = Notification.objects.get(recipient=bob)
    assert to_bob.title == "Alice 王 adjusted your self-assessment of “Cut incidents to 10” to 0.500"
    assert to_bob.body == "算上事故"


def test_a_write_that_is_refused_tells_nobody(published, kr, bob, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError):
        self_assess(bob, kr, score="1", comment="")
    assert not Notification.objects.exists()
