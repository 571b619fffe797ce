"""The objective page's cached fragments (okrflow/web/fragments.py): kept under a digest of what
they show, so an edit shows at once and readers with other rights never share one."""

import datetime
import re

import pytest
from django.template.loader import get_template

from okrflow.actors import SYSTEM
from okrflow.checkins.services import record_checkin
from okrflow.okrs.services import update_key_result, update_objective
from okrflow.org.services import update_person
from okrflow.web import fragments
from tests.web.fragment_checks import empty_cache, template_reads  # noqa: F401 (fixture)

pytestmark = pytest.mark.usefixtures("empty_cache")


def test_the_templates_read_nothing_the_digests_leave_out():
    # checkin_form: only with open_checkin, which the page never sets (the htmx responses do).
    assert template_reads(fragments.BODY_TEMPLATES, "kr") <= {*fragments.BODY_KEY_RESULT, "checkin_form"}
    assert template_reads(fragments.BODY_TEMPLATES, "objective") <= set(fragments.BODY_OBJECTIVE)
    assert template_reads(fragments.BODY_TEMPLATES, "source") <= {"pk", "objective_id", "title", "objective"}
    assert template_reads(fragments.HISTORY_TEMPLATES, "kr") <= set(fragments.HISTORY_KEY_RESULT)
    assert template_reads(fragments.HISTORY_TEMPLATES, "objective") <= {"krs"}
    assert template_reads(fragments.HISTORY_TEMPLATES, "checkin") <= {
        "pk", "date", "value", "confidence", "note", "author_name"}
    assert template_reads(fragments.CHILDREN_TEMPLATES, "child") <= set(fragments.CHILD)


def test_the_page_sets_none_of_what_only_the_htmx_responses_vary_on(login, bob, okrs):
    context = login(bob).get(f"/objectives/{okrs.speed.pk}/").context
    assert "open_checkin" not in context and "checked_in" not in context


def test_a_check_in_shows_at_once(login, bob, okrs):
    client = login(bob)
    url = f"/objectives/{okrs.speed.pk}/"
    assert "已上线一半" not in client.get(url).text
    record_checkin(SYSTEM, okrs.latency, value=420, confidence=65, note="已上线一半",
                   date=datetime.date(2026, 3, 2))
    html = client.get(url).text
    assert "已上线一半" in html and 'class="okr-current">420<' in html


def test_a_back_dated_check_in_shows_at_once_in_the_history(login, bob, okrs):
    client = login(bob)
    url = f"/objectives/{okrs.speed.pk}/"
    client.get(url)
    record_checkin(SYSTEM, okrs.latency, value=700, note="回填的一周", date=datetime.date(2026, 1, 10))
    assert "回填的一周" in client.get(url).text


def test_an_edited_objective_or_key_result_shows_at_once(login, bob, okrs):
    client = login(bob)
    url = f"/objectives/{okrs.speed.pk}/"
    client.get(url)
    update_key_result(SYSTEM, okrs.latency, title="接口P95延迟降到250ms", target_value=250)
    html = client.get(url).text
    assert "接口P95延迟降到250ms" in html and "/ 250 <" in html
    update_objective(SYSTEM, okrs.speed, title="核心接口再快一倍")
    assert "核心接口再快一倍" in client.get(url).text


def test_a_renamed_key_result_owner_shows_at_once(login, bob, okrs):
    client = login(bob)
    url = f"/objectives/{okrs.speed.pk}/"
    client.get(url)
    update_person(SYSTEM, bob, name="鲍勃·新名")
    # In the key results' rows (the breadcrumb and the details read the objective's owner anew).
    assert '<i class="bi bi-person" aria-hidden="true"></i> 鲍勃·新名' in client.get(url).text


def test_readers_with_other_rights_never_share_a_fragment(client, bob, carol, okrs):
    url = f"/objectives/{okrs.speed.pk}/"
    check_in = f'data-bs-target="#checkin-{okrs.latency.pk}"'
    edit = f"/key-results/{okrs.latency.pk}/edit/"
    client.force_login(bob)  # the owner: checks in and edits
    owners = client.get(url).text
    assert check_in in owners and edit in owners
    client.force_login(carol)  # another unit: reads the public objective only
    readers = client.get(url).text
    assert check_in not in readers and edit not in readers
    client.force_login(bob)  # and back: the owner's own fragment, not the reader's
    assert check_in in client.get(url).text


def test_each_language_has_its_own_fragment(client, bob, okrs):
    client.force_login(bob)
    url = f"/objectives/{okrs.speed.pk}/"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(url).text
    assert "Current / target" in english and "Current / target" not in chinese


def test_the_navbar_menu_reads_nothing_its_digest_leaves_out():
    assert template_reads(fragments.NAVBAR_TEMPLATES, "user") <= set(fragments.NAVBAR_USER)
    assert template_reads(fragments.NAVBAR_TEMPLATES, "request") <= {"resolver_match"}
    source = get_template(fragments.NAVBAR_TEMPLATES[0]).template.source
    names = set(re.findall(r"\{\{\s*(\w+)", source))
    names |= set(re.findall(r"\{%\s*(?:el)?if\s+(?:not\s+)?(\w+)", source))
    assert names - {"user", "request"} <= {"product_name", "may_manage_structure", "may_manage_cycles"}


def test_the_navbar_menu_differs_by_page_and_by_what_the_person_may_manage(client, admin, bob, okrs):
    client.force_login(admin)
    admins = client.get("/").text
    assert "/manage/units/new/" in admins
    client.force_login(bob)
    home, objective = client.get("/").text, client.get(f"/objectives/{okrs.speed.pk}/").text
    assert "/manage/units/new/" not in home
    assert home.count('aria-current="page"') == 1 and 'aria-current="page"><i class="bi bi-house"' in home
    assert 'aria-current="page"><i class="bi bi-house"' not in objective


def test_an_aligned_objectives_check_in_shows_at_once_on_the_objective_above(login, alice, okrs):
    client = login(alice)
    url = f"/objectives/{okrs.platform.pk}/"  # bob's BOB-1 supports it
    before = client.get(url).text
    record_checkin(SYSTEM, okrs.latency, value=300, date=datetime.date(2026, 3, 2))  # BOB-1-KR1 reached
    after = client.get(url).text
    children = after[after.index('id="children-title"'):after.index('id="comments-title"')]
    assert children != before[before.index('id="children-title"'):before.index('id="comments-title"')]
    assert 'data-grade="' in children
