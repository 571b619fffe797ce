"""Business categories: admins and the OKR champion add, rename, delete and order them (the rows of
the objective system diagram); every write is audited; an order is taken whole or not at all."""

import pytest

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.okrs.categories import (
    categories_of,
    create_category,
    delete_category,
    get_category,
    moved,
    rename_category,
    reorder_categories,
)
from okrflow.okrs.models import Category
from okrflow.org.models import Role
from tests.factories import make_person
from tests.okrs.factories import make_objective

SEED = ["自有平台", "外部平台", "游戏", "页面广告", "其他"]


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


@pytest.fixture
def categories(org, admin):
    return [create_category(admin, org, name=name) for name in SEED]


def _names(org):
    return [c.name for c in categories_of(org)]


def test_new_categories_come_last_in_the_order_they_were_added(org, admin, categories):
    assert _names(org) == SEED
    assert [c.position for c in categories_of(org)] == [0, 1, 2, 3, 4]
    entry = AuditEntry.objects.filter(action="category.create").order_by("pk").last()
    assert (entry.actor_id, entry.changes["name"]) == (admin.pk, [None, "其他"])


def test_the_champion_reorders_the_categories_and_the_order_is_audited(org, champion, categories):
    by_name = {c.name: c.pk for c in categories}
    wanted = ["游戏", "自有平台", "外部平台", "其他", "页面广告"]

    reorder_categories(champion, org, [by_name[name] for name in wanted])

    assert _names(org) == wanted
    entry = AuditEntry.objects.get(action="category.reorder")
    assert entry.actor_id == champion.pk and entry.changes["order"] == [SEED, wanted]


def test_an_order_naming_an_unknown_or_foreign_category_changes_nothing(org, admin, categories, other_org,
                                                                          mallory):
    foreign = create_category(mallory, other_org, name="游戏")
    ids = [c.pk for c in reversed(categories)]
    for wrong in ([*ids[:-1], foreign.pk], [*ids[:-1], 10**9], [*ids[:-1], "x"], [*ids[:-1], ids[0]]):
        with pytest.raises(DomainError) as error:
            reorder_categories(admin, org, wrong)
        assert error.value.code == "invalid"
    with pytest.raises(DomainError) as error:
        reorder_categories(admin, org, ids[:-1])  # one left out: the page was stale
    assert error.value.code == "stale"
    assert _names(org) == SEED
    assert not AuditEntry.objects.filter(action="category.reorder").exists()


def test_members_managers_and_hr_may_not_order_or_name_categories(org, alice, bob, categories):
    hr = make_person(org, email="hr@acme.test", unit=org.root_unit(), role=Role.HR)
    for person in (alice, bob, hr):
        with pytest.raises(AccessDenied):
            reorder_categories(person, org, [c.pk for c in reversed(categories)])
        with pytest.raises(AccessDenied):
            create_category(person, org, name="新业务")
        with pytest.raises(AccessDenied):
            rename_category(person, categories[0], name="新业务")
        with pytest.raises(AccessDenied):
            delete_category(person, categories[0])
    assert _names(org) == SEED


def test_another_organizations_admin_may_not_touch_them(org, mallory, categories):
    with pytest.raises(AccessDenied):
        reorder_categories(mallory, org, [c.pk for c in reversed(categories)])
    with pytest.raises(NotFound):
        get_category(mallory, categories[0].pk)
    assert _names(org) == SEED


def test_a_name_is_required_unique_and_short(org, admin, categories):
    for name, code in (("  ", "required"), ("游戏", "duplicate"), ("长" * 81, "too_long")):
        with pytest.raises(DomainError) as error:
            create_category(admin, org, name=name)
        assert (error.value.code, error.value.field) == (code, "name")
        with pytest.raises(DomainError):
            rename_category(admin, categories[0], name=name)
    assert _names(org) == SEED


def test_renaming_keeps_the_place_and_is_audited(org, admin, categories):
    rename_category(admin, categories[2], name=" 游戏发行 ")

    assert _names(org) == ["自有平台", "外部平台", "游戏发行", "页面广告", "其他"]
    assert AuditEntry.objects.get(action="category.rename").changes["name"] == ["游戏", "游戏发行"]


def test_deleting_a_category_leaves_its_objectives_without_one(org, admin, q1, categories):
    objective = make_objective(q1, category=categories[1])

    delete_category(admin, categories[1])

    objective.refresh_from_db()
    assert objective.category is None
    assert _names(org) == ["自有平台", "游戏", "页面广告", "其他"]
    assert AuditEntry.objects.get(action="category.delete").changes["objectives"] == [1, None]


def test_the_count_of_objectives_is_read_with_the_categories(org, q1, categories,
                                                             django_assert_num_queries):
    make_objective(q1, category=categories[0])
    make_objective(q1, category=categories[0])
    with django_assert_num_queries(1):
        counts = {c.name: c.objective_count for c in categories_of(org)}
    assert counts["自有平台"] == 2 and counts["游戏"] == 0


def test_moving_stops_at_either_end():
    assert moved([1, 2, 3], 2, -1) == [2, 1, 3]
    assert moved([1, 2, 3], 2, 1) == [1, 3, 2]
    assert moved([1, 2, 3], 1, -1) == [1, 2, 3]
    assert moved([1, 2, 3], 3, 1) == [1, 2, 3]


def test_the_objective_forms_list_categories_in_the_organizations_order(org, admin, categories):
    reorder_categories(admin, org, [c.pk for c in reversed(categories)])
    assert [c.name for c in Category.objects.for_org(org)] == list(reversed(SEED))
