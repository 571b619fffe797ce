"""The notification centre page: own notices only, read marks, preferences, few queries."""

import pytest
from django.urls import reverse

from okrflow.notifications import services
from okrflow.notifications.models import Notification, NotificationKind, NotificationPreference

pytestmark = pytest.mark.urls("tests.notifications.urls")


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def notice(person, title, link=""):
    return Notification.objects.create(organization=person.organization, recipient=person,
                                       kind=NotificationKind.MENTION, title=title, link=link)


def test_the_centre_shows_own_notices_only(bob_client, bob, carol):
    notice(bob, "for bob")
    notice(carol, "for carol")
    page = bob_client.get(reverse("notifications:centre")).content.decode()
    assert "for bob" in page and "for carol" not in page


def test_the_centre_needs_a_login(client, bob):
    response = client.get(reverse("notifications:centre"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_centre_stays_fast_with_many_notices(bob_client, bob, django_assert_max_num_queries):
    for n in range(30):
        notice(bob, f"notice {n}")
    with django_assert_max_num_queries(10):
        assert bob_client.get(reverse("notifications:centre")).status_code == 200


def test_opening_a_notice_marks_it_read_and_follows_its_link(bob_client, bob):
    item = notice(bob, "look", link="/org/")
    response = bob_client.post(reverse("notifications:read", args=[item.pk]))
    assert response["Location"] == "/org/"
    item.refresh_from_db()
    assert item.is_read


def test_a_link_to_another_site_is_not_followed(bob_client, bob):
    item = notice(bob, "look", link="https://evil.example.com/")
    response = bob_client.post(reverse("notifications:read", args=[item.pk]))
    assert response["Location"] == reverse("notifications:centre")


def test_someone_elses_notice_is_not_found(bob_client, carol):
    item = notice(carol, "private")
    assert bob_client.post(reverse("notifications:read", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert not item.is_read


def test_mark_all_read(bob_client, bob):
    notice(bob, "one")
    notice(bob, "two")
    bob_client.post(reverse("notifications:read_all"))
    assert services.unread_count(bob) == 0


def test_a_person_saves_their_preferences(bob_client, bob):
    data = {f"{kind}__in_app": "on" for kind in NotificationKind.values}
    data["mention__email"] = "on"
    response = bob_client.post(reverse("notifications:centre"), data)
    assert response.status_code == 302
    mention = NotificationPreference.objects.get(person=bob, kind=NotificationKind.MENTION)
    summary = NotificationPreference.objects.get(person=bob, kind=NotificationKind.WEEKLY_SUMMARY)
    assert mention.channels == {"in_app": True, "email": True, "chat": False}
    assert summary.channels == {"in_app": True, "email": False, "chat": False}
