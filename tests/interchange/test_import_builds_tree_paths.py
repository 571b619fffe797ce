"""The importer writes around the services, so it derives the tree paths for the whole organization."""

from okrflow.actors import SYSTEM
from okrflow.interchange.loader import import_folder
from okrflow.org import tree
from okrflow.org.models import Person, Unit
from tests.interchange.company import write_folder


def test_an_imported_organization_has_every_path_and_a_reimport_changes_none(db, tmp_path):
    folder = write_folder(tmp_path / "files")
    result = import_folder(folder, actor=SYSTEM)
    org = result.organization
    units = Unit.objects.for_org(org)
    people = Person.objects.for_org(org)
    assert units.filter(path="").count() == 0 and people.filter(manager_path="").count() == 0
    for unit in units.select_related("parent"):
        assert unit.path == tree.child_path(unit.parent.path if unit.parent else None, unit.pk)
    for person in people.select_related("manager"):
        assert person.manager_path == tree.child_path(
            person.manager.manager_path if person.manager else None, person.pk)
    assert tree.rebuild_paths(org.pk) == 0
    again = import_folder(folder, actor=SYSTEM)
    assert not again.changed


def test_a_manager_loop_through_people_the_file_does_not_name_is_refused(db, tmp_path):
    import csv

    import pytest

    from okrflow.interchange.loader import ImportRefused

    org = import_folder(write_folder(tmp_path / "files"), actor=SYSTEM).organization
    people = tmp_path / "people-only"
    people.mkdir()
    with (people / "people.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["email", "name", "unit_code", "manager_email", "role"],
                                   ["wang@xc.test", "王伟", "XC", "zhang@xc.test", "admin"]])
    # zhang reports to li, who reports to wang: wang below zhang closes a loop in the stored chain.
    with pytest.raises(ImportRefused, match="manages themselves"):
        import_folder(people, org.slug, actor=SYSTEM)
    assert Person.objects.get(email="wang@xc.test").manager_id is None


def test_an_import_cannot_take_the_last_administrator_away(db, tmp_path):
    import csv

    import pytest

    from okrflow.interchange.loader import ImportRefused

    org = import_folder(write_folder(tmp_path / "files"), actor=SYSTEM).organization
    people = tmp_path / "demote"
    people.mkdir()
    with (people / "people.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["email", "name", "unit_code", "manager_email", "role"],
                                   ["wang@xc.test", "王伟", "XC", "", "member"]])
    with pytest.raises(ImportRefused, match="without an active administrator"):
        import_folder(people, org.slug, actor=SYSTEM)
    assert Person.objects.get(email="wang@xc.test").role == "admin"
