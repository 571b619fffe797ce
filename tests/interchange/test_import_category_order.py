"""The importer adds business categories in the order in which objectives.csv first names them,
after the organization's own, and a re-import changes nothing (the diagram's row order)."""

import pytest

from okrflow.actors import SYSTEM
from okrflow.interchange.loader import import_folder
from okrflow.okrs.categories import reorder_categories
from okrflow.okrs.models import Category
from okrflow.org.models import Organization
from tests.interchange import company

pytestmark = pytest.mark.django_db


def _order(org):
    return list(Category.objects.for_org(org).values_list("name", flat=True))


def _with_categories(*names):
    """The company's files with its objectives' categories replaced, one per objective in turn."""
    files = company.copy_files()
    for row, name in zip(files["objectives"][1:], names, strict=False):
        row[6] = name
    return files


def test_new_categories_follow_the_order_in_which_the_file_first_names_them(tmp_path):
    # By name, 外部平台 (U+5916) sorts before 自有平台 (U+81EA); the file names 自有平台 first.
    files = _with_categories("自有平台", "游戏", "自有平台", "外部平台", "", "游戏")
    import_folder(company.write_folder(tmp_path / "in", files), actor=SYSTEM)

    org = Organization.objects.get(slug="xc")
    assert _order(org) == ["自有平台", "游戏", "外部平台"]
    assert list(Category.objects.for_org(org).values_list("position", flat=True)) == [0, 1, 2]


def test_a_re_import_changes_neither_the_categories_nor_their_order(tmp_path):
    folder = company.write_folder(tmp_path / "in", _with_categories("自有平台", "游戏", "外部平台"))
    import_folder(folder, actor=SYSTEM)
    org = Organization.objects.get(slug="xc")
    before = list(Category.objects.for_org(org).values_list("pk", "name", "position"))

    result = import_folder(folder, actor=SYSTEM)

    assert list(Category.objects.for_org(org).values_list("pk", "name", "position")) == before
    assert not result.changed


def test_categories_new_to_an_organization_come_after_its_own_in_the_order_an_admin_chose(tmp_path):
    import_folder(company.write_folder(tmp_path / "one", _with_categories("自有平台", "游戏", "外部平台")),
                  actor=SYSTEM)
    org = Organization.objects.get(slug="xc")
    by_name = dict(Category.objects.for_org(org).values_list("name", "pk"))
    reorder_categories(SYSTEM, org, [by_name["外部平台"], by_name["自有平台"], by_name["游戏"]])

    # The second file names a known category first, then two new ones.
    second = _with_categories("游戏", "页面广告", "自有平台", "其他")
    import_folder(company.write_folder(tmp_path / "two", second), actor=SYSTEM)

    assert _order(org) == ["外部平台", "自有平台", "游戏", "页面广告", "其他"]
