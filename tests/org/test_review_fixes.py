"""What the review of the read path found: a deleted manager's reports, HR placing people below
itself on create, and opposite moves checked side by side."""

import pytest

from okrflow.errors import AccessDenied, DomainError
from okrflow.org import services
from okrflow.org.models import Person, Role
from okrflow.org.reader import reader_of
from tests.factories import make_person


def test_deleting_a_manager_starts_their_reports_paths_anew(org, admin, tech, alice, bob):
    dave = make_person(org, manager=bob)  # in no unit: reached only through bob
    services.delete_person(admin, Person.objects.get(pk=bob.pk))
    dave.refresh_from_db()
    assert dave.manager_id is None and dave.manager_path == f"/{dave.pk}/"
    assert not reader_of(Person.objects.get(pk=alice.pk)).manages_person(dave)


def test_hr_cannot_create_someone_as_its_own_report(org, tech):
    hr = make_person(org, email="hr@acme.test", role=Role.HR)
    with pytest.raises(AccessDenied):
        services.create_person(hr, org, email="new@acme.test", name="New", manager=hr)
    assert not Person.objects.filter(email="new@acme.test").exists()
    services.create_person(hr, org, email="ok@acme.test", name="OK")  # an ordinary create still works


def test_a_move_is_checked_against_the_stored_paths_not_a_stale_object(org, admin, alice, bob, carol):
    stale_carol = Person.objects.get(pk=carol.pk)  # read while carol reports to nobody
    services.update_person(admin, Person.objects.get(pk=carol.pk), manager=Person.objects.get(pk=bob.pk))
    # carol is now below alice (alice → bob → carol): alice below carol would close a loop, even
    # when the caller hands in the copy of carol it read before the first move.
    with pytest.raises(DomainError, match="own manager"):
        services.update_person(admin, Person.objects.get(pk=alice.pk), manager=stale_carol)
    assert Person.objects.get(pk=alice.pk).manager_id is None
