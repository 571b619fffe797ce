"""The business categories page: admins and the OKR champion add, rename, delete and order the
categories of the objective system diagram — by dragging (htmx posts the whole order and gets the
list back) or with the up and down buttons; members are refused, other organizations' categories
are not found, a refused order changes nothing."""

import pytest

from okrflow.okrs.categories import create_category
from okrflow.okrs.models import Category
from okrflow.org.models import Role
from tests.factories import make_person

SEED = ["自有平台", "外部平台", "游戏"]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao Champion", unit=org.root_unit(),
                       role=Role.CHAMPION)


@pytest.fixture
def categories(org, admin):
    return [create_category(admin, org, name=name) for name in SEED]


def _names(org):
    return list(Category.objects.for_org(org).values_list("name", flat=True))


def _shown_order(html, names):
    return sorted(names, key=html.index)


def test_an_admin_sees_the_categories_in_order_with_a_link_in_the_manage_menu(client, admin, categories):
    client.force_login(admin)
    html = client.get("/manage/categories/").text
    assert _shown_order(html.split('id="category-list"')[1], SEED) == SEED
    assert 'href="/manage/categories/"' in client.get("/").text
    assert 'href="/reports/diagram/"' in html   # the document the order is for


def test_the_champion_drags_a_category_and_htmx_gets_the_list_in_the_new_order(client, org, champion,
                                                                               categories):
    client.force_login(champion)
    ids = [categories[2].pk, categories[0].pk, categories[1].pk]
    response = client.post("/manage/categories/order/", {"item": ids}, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="category-list">')
    assert _shown_order(response.text, SEED) == ["游戏", "自有平台", "外部平台"]
    assert _names(org) == ["游戏", "自有平台", "外部平台"]


def test_on_a_phone_the_arrows_move_a_category_one_place(client, org, admin, categories):
    client.force_login(admin)
    response = client.post(f"/manage/categories/{categories[2].pk}/move/", {"step": "up"}, **HTMX)
    assert response.status_code == 200 and _names(org) == ["自有平台", "游戏", "外部平台"]
    response = client.post(f"/manage/categories/{categories[0].pk}/move/", {"step": "down"})
    assert response.status_code == 302 and _names(org) == ["游戏", "自有平台", "外部平台"]


def test_a_stale_order_is_refused_in_the_list_and_nothing_changes(client, org, admin, categories):
    client.force_login(admin)
    stale = [categories[1].pk, categories[0].pk]   # 游戏 was added meanwhile
    response = client.post("/manage/categories/order/", {"item": stale}, **HTMX)
    assert response.status_code == 200
    assert "alert-danger" in response.text and "Reload the page" in response.text
    assert _names(org) == SEED


def test_adding_renaming_and_deleting(client, org, admin, categories, q1):
    client.force_login(admin)
    assert client.post("/manage/categories/", {"name": "页面广告"}).status_code == 302
    assert _names(org)[-1] == "页面广告"
    response = client.post("/manage/categories/", {"name": "游戏"})
    assert response.status_code == 200 and "A category with this name already exists." in response.text
    client.post(f"/manage/categories/{categories[1].pk}/rename/", {"name": "合作平台"})
    client.post(f"/manage/categories/{categories[0].pk}/delete/")
    assert _names(org) == ["合作平台", "游戏", "页面广告"]


def test_members_and_managers_are_refused_and_store_nothing(client, org, alice, bob, categories):
    for person in (alice, bob):
        client.force_login(person)
        assert client.get("/manage/categories/").status_code == 403
        assert client.post("/manage/categories/order/", {"item": [c.pk for c in reversed(categories)]},
                           **HTMX).status_code == 403
        assert client.post(f"/manage/categories/{categories[0].pk}/delete/").status_code == 403
    assert _names(org) == SEED


def test_another_organizations_admin_does_not_find_them(client, org, mallory, categories):
    client.force_login(mallory)
    for action, data in (("move", {"step": "up"}), ("rename", {"name": "x"}), ("delete", {})):
        assert client.post(f"/manage/categories/{categories[1].pk}/{action}/", data).status_code == 404
    assert _names(org) == SEED


def test_a_name_with_a_nul_character_is_refused_with_the_shared_message_and_nothing_is_stored(
        client, org, admin, categories):
    client.force_login(admin)
    added = client.post("/manage/categories/", {"name": "游\x00戏"})
    assert added.status_code == 200 and "Null characters are not allowed." in added.text
    renamed = client.post(f"/manage/categories/{categories[0].pk}/rename/", {"name": "\x00"}, follow=True)
    assert renamed.status_code == 200 and "Null characters are not allowed." in renamed.text
    too_long = client.post(f"/manage/categories/{categories[0].pk}/rename/", {"name": "长" * 81}, follow=True)
    assert "Keep it under 80 characters." in too_long.text
    assert _names(org) == SEED
