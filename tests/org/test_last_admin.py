"""The last active administrator of an organization is never lost, by any path, even in a race."""

import threading

import pytest
from django.db import connection

from okrflow.actors import SYSTEM
from okrflow.errors import DomainError
from okrflow.org.models import Person, Role
from okrflow.org.services import delete_person, update_person
from tests.factories import make_org, make_person


def active_admins(org):
    return Person.objects.for_org(org).filter(role=Role.ADMIN, is_active=True).count()


@pytest.mark.parametrize("change", [{"role": Role.MEMBER}, {"role": Role.CHAMPION}, {"is_active": False}])
def test_the_only_admin_cannot_demote_or_deactivate_themself(admin, change):
    with pytest.raises(DomainError) as error:
        update_person(admin, admin, **change)
    assert error.value.code == "last_admin"
    assert active_admins(admin.organization) == 1


def test_the_console_cannot_remove_the_last_admin_either(admin):
    with pytest.raises(DomainError):
        update_person(SYSTEM, admin, role=Role.MEMBER)
    with pytest.raises(DomainError):
        delete_person(SYSTEM, admin)
    assert active_admins(admin.organization) == 1


def test_an_admin_may_step_down_once_another_admin_exists(org, admin):
    make_person(org, email="second@acme.test", role=Role.ADMIN)
    update_person(admin, admin, role=Role.MEMBER)
    assert active_admins(org) == 1


def test_an_inactive_admin_does_not_count_as_the_one_that_remains(org, admin):
    make_person(org, email="gone@acme.test", role=Role.ADMIN, is_active=False)
    with pytest.raises(DomainError):
        update_person(admin, admin, is_active=False)


def test_another_organizations_admin_does_not_count_either(admin, mallory):
    with pytest.raises(DomainError):
        update_person(admin, admin, role=Role.MEMBER)


def test_hr_cannot_demote_a_champion(org):
    hr = make_person(org, role=Role.HR)
    champion = make_person(org, role=Role.CHAMPION)
    with pytest.raises(DomainError) as error:
        update_person(hr, champion, role=Role.MEMBER)
    assert error.value.status == 403
    champion.refresh_from_db()
    assert champion.role == Role.CHAMPION


def test_hr_may_make_someone_else_hr(org, carol):
    hr = make_person(org, role=Role.HR)
    update_person(hr, carol, role=Role.HR)
    carol.refresh_from_db()
    assert carol.role == Role.HR


def test_hr_cannot_become_the_manager_of_someone_with_okrs(org, bob):
    """HR places people, but not below itself: a manager sees the report's private OKRs."""
    hr = make_person(org, role=Role.HR)
    with pytest.raises(DomainError) as error:
        update_person(hr, bob, manager=hr)
    assert error.value.status == 403
    bob.refresh_from_db()
    assert bob.manager != hr


@pytest.mark.skipif(connection.vendor == "sqlite",
                    reason="the in-memory test database of SQLite cannot take parallel writers; "
                           "installs on SQLite serialize writers (IMMEDIATE transactions)")
@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin():
    """Both start together; the lock on the organization's admin rows serves them one after the
    other, and the second finds it would remove the last admin and is refused."""
    org = make_org()
    ann = make_person(org, email="ann@x.test", role=Role.ADMIN)
    ben = make_person(org, email="ben@x.test", role=Role.ADMIN)
    barrier = threading.Barrier(2)
    outcomes = []

    def demote(actor, target):
        try:
            barrier.wait()
            update_person(actor, target, role=Role.MEMBER)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=demote, args=(ann, ben)),
               threading.Thread(target=demote, args=(ben, ann))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # The one demoted first is no longer an admin, so their own demotion of the other is refused
    # by the access check (403) or, when it ran second under the lock, by the last-admin rule.
    assert sorted(outcomes) in (["forbidden", "ok"], ["last_admin", "ok"])
    assert active_admins(org) == 1
