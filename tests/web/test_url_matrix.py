"""Who gets what, over every URL pattern of the web UI (zulip's "every URL is exercised" and
pretix's permission matrix): each pattern with its personas, another organization's objects,
and the database checked unchanged after every refused request and every GET.

The personas (tests/web/url_matrix_world.py): anonymous; bob, a member of TECH; alice, head of
TECH and bob's manager; hr; the OKR champion; admin; carol, a member of SALES; and mallory, the
administrator of globex, who asks for acme's objects. Path parameters are acme's, so mallory
must get 404 for any of them (never 200, never 403: she must not learn that they exist). A
page without parameters shows mallory her own organization (200).

The API has its own matrix (tests/api/test_permission_matrix.py); the coverage tests at the
bottom check both together against every URL pattern of the project.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, resolve, reverse

from tests.web.url_matrix_world import build_world, database_state

PERSONAS = ("anon", "bob", "alice", "hr", "champion", "admin", "carol", "mallory")

LOGIN = "login"  # a redirect to the login page
FORM = "form"    # 200, the form shown again with its errors: nothing stored
BACK = "back"    # 302 back to the page, which says what was wrong: nothing stored
REFUSED = {LOGIN, FORM, BACK, 403, 404, 405}
L, F, B = LOGIN, FORM, BACK


@dataclass(frozen=True)
class Row:
    method: str
    path: str             # {name} stands for an id of the world
    expected: tuple       # one status per persona, in the order of PERSONAS
    data: dict = field(default_factory=dict)
    bugs: tuple = ()      # (persona, reason): a known bug, xfail(strict) until the lead fixes it


def row(method, path, anon, bob, alice, hr, champion, admin, carol, mallory, data=None, bugs=()):
    return Row(method, path, (anon, bob, alice, hr, champion, admin, carol, mallory), data or {}, bugs)


UNIT = {"code": "TECH", "name": "研发中心", "parent": "{root_unit}", "head": "alice@acme.test"}
NEW_UNIT = {"code": "NEW", "name": "新部门", "parent": "{tech_unit}", "head": ""}
PERSON = {"email": "bob@acme.test", "name": "Bob Li", "unit": "{tech_unit}", "manager": "alice@acme.test",
          "role": "member"}
NEW_PERSON = {"email": "new@acme.test", "name": "New Person", "unit": "{tech_unit}", "manager": "",
              "role": "member"}
CYCLE = {"code": "NOW", "name": "本季度", "kind": "quarterly", "start_date": "{cycle_start}",
         "end_date": "{cycle_end}"}
NEW_CYCLE = {"code": "LATER", "name": "下季度", "kind": "quarterly", "start_date": "2099-01-01",
             "end_date": "2099-03-31"}
REPORT_SCHEDULE = {"enabled": "on", "weekday": "1", "recipients": "alice@acme.test\nhr@acme.test"}
CADENCE = {"frequency": "weekly", "weekday": "4", "time": "10:00", "anchor_date": "2026-01-05",
           "time_zone": "Asia/Shanghai", "standup_time": "", "summary_weekday": "4", "summary_time": "17:00"}
OBJECTIVE = {"title": "把构建时间缩短到十分钟", "description": "", "owner": "person:{bob_id}", "category": "",
             "origin": "bottom_up", "visibility": "public", "parent": "objective:{company}", "version": ""}
KEY_RESULT = {"title": "构建时间从20分钟降到10分钟", "kind": "number", "start_value": "20",
              "target_value": "10", "unit": "min", "weight": "1", "owner": "bob@acme.test", "due_date": "",
              "version": ""}
CHECK_IN = {"kr{bobs_kr}-value": "14", "kr{bobs_kr}-confidence": "70", "kr{bobs_kr}-note": "",
            "kr{bobs_kr}-date": "{today}"}
STANDUP = {"yesterday": "写测试", "today": "修构建", "blockers": ""}
NEW_TASK = {"new-key_result": "{bobs_kr}", "new-title": "并行化测试", "new-due_date": ""}
TASK_STATUS = {"status": "doing", "version": "{task_version}"}
NOTES = {"form": "notes", "notes": "改了议程"}
PHASES = {f"{phase}-{end}_date": "{cycle_start}" for phase in ("set", "publish", "execute", "self_assess",
                                                               "reflect", "update", "celebrate")
          for end in ("start", "end")}
RETRO = {"form": "retro", "went_well": "构建提速", "went_badly": "", "causes": "", "version": ""}
PASSWORD = {"old_password": "not-the-password", "new_password1": "a-new-long-secret-42",
            "new_password2": "a-new-long-secret-42"}

MATRIX = [
    #   method  path                                anon bob  alice hr   champ admin carol mallory
    # the doors everyone passes
    row("get",  "/healthz",                              200, 200, 200, 200, 200, 200, 200, 200),
    row("get",  "/login/",                               200, 302, 302, 302, 302, 302, 302, 302),
    row("get",  "/logout/",                              405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/logout/",                              302, 302, 302, 302, 302, 302, 302, 302),
    row("post", "/language/",                            302, 302, 302, 302, 302, 302, 302, 302,
        data={"language": "en"}),
    row("post", "/i18n/setlang/",                        302, 302, 302, 302, 302, 302, 302, 302,
        data={"language": "en"}),
    row("get",  "/api/v1/openapi.json",                  200, 200, 200, 200, 200, 200, 200, 200),
    row("get",  "/api/v1/docs",                          200, 200, 200, 200, 200, 200, 200, 200),
    row("get",  "/api/v1/",                              404, 404, 404, 404, 404, 404, 404, 404),
    row("get",  "/api/v2/objectives",                    404, 404, 404, 404, 404, 404, 404, 404),
    # one's own account
    row("get",  "/account/password/",                    L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/account/password/",                    L,   F,   F,   F,   F,   F,   F,   F, data=PASSWORD),
    # the organization
    row("get",  "/",                                     L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/org/",                                 L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/units/TECH/",                          L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/people/{bob_id}/",                     L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/cycles/",                              L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/cycles/switch/",                       405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/cycles/switch/",                       L,   302, 302, 302, 302, 302, 302, 404,
        data={"cycle_id": "{cycle}"}),
    # publishing a cycle (admins, the champion) and its OKR book (everyone of the organization)
    row("get",  "/cycles/NOW/publish/",                  L,   403, 403, 403, 200, 200, 403, 404),
    row("post", "/cycles/NOW/publish/",                  L,   403, 403, 403, 302, 302, 403, 404,
        data={"only_agreed": "1"}),
    row("get",  "/cycles/NOW/book/",                     L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/cycles/NOW/book/?unit=TECH",           L,   200, 200, 200, 200, 200, 200, 404),
    # one cycle's page: its seven steps for everyone; planning them and the pilot for admins, champion
    row("get",  "/cycles/NOW/",                          L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/cycles/NOW/phases/",                   405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/cycles/NOW/phases/",                   L,   403, 403, 403, 302, 302, 403, 404, data=PHASES),
    row("post", "/cycles/NOW/phases/",                   L,   403, 403, 403, F,   F,   403, 404,
        data={**PHASES, "set-end_date": "{cycle_start}", "set-start_date": "{cycle_end}"}),
    row("get",  "/cycles/NOW/pilot/",                    405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/cycles/NOW/pilot/",                    L,   403, 403, 403, 302, 302, 403, 404,
        data={"pilot_units": "{tech_unit}"}),
    # retrospectives: the unit's people and managers read, its head, the champion and admins write;
    # the management's: unit heads read, the company head, the champion and admins write
    row("get",  "/cycles/NOW/retros/units/TECH/",        L,   200, 200, 404, 200, 200, 404, 404),
    row("post", "/cycles/NOW/retros/units/TECH/",        L,   403, 302, 404, 302, 302, 404, 404, data=RETRO),
    row("post", "/cycles/NOW/retros/units/TECH/",        L,   403, F,   404, F,   F,   404, 404,
        data={"form": "improvement", "improvement-text": "周演示", "improvement-owner": "mallory@globex.test",
              "improvement-due_date": "{today}"}),
    row("get",  "/cycles/NOW/retros/management/",        L,   404, 200, 404, 200, 200, 404, 404),
    row("post", "/cycles/NOW/retros/management/",        L,   404, 403, 404, 302, 302, 404, 404, data=RETRO),
    # the next-cycle wizard (no next cycle in this world: back with the reason) and closing
    row("get",  "/cycles/NOW/next/",                     L,   200, 200, 200, 200, 200, 200, 404),
    row("post", "/cycles/NOW/next/",                     L,   B,   B,   B,   B,   B,   B,   404,
        data={"objective": "{bobs}"}),
    row("get",  "/cycles/NOW/close/",                    L,   403, 403, 403, 200, 200, 403, 404),
    row("post", "/cycles/NOW/close/",                    L,   403, 403, 403, F,   F,   403, 404,
        data={"kr{bobs_kr}-outcome": "carried"}),
    row("post", "/cycles/NOW/close/",                    L,   403, 403, 403, 302, 302, 403, 404,
        data={"kr{company_kr}-outcome": "achieved", "kr{bobs_kr}-outcome": "missed",
              "kr{carols_kr}-outcome": "missed"}),
    # self-assessment: the page is one's own (a report's for managers, HR and admins); writes before
    # publishing come back with the reason; the review sheet for HR, admins, the person, managers;
    # the unit's aggregate for its head and admins; its XLSX (audited, so a POST) for HR and admins
    row("get",  "/cycles/NOW/self-assessment/",          L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/cycles/NOW/self-assessment/?person={bob_id}", L, 200, 200, 200, 200, 200, 404, 404),
    row("post", "/cycles/NOW/self-assessment/",          L,   B,   B,   B,   B,   B,   B,   404,
        data={"form": "kr", "key_result": "{bobs_kr}", "score": "0.5", "comment": ""}),
    row("post", "/cycles/NOW/self-assessment/",          L,   B,   B,   B,   B,   B,   404, 404,
        data={"form": "summary", "objective": "{bobs}", "achieved": "构建提速", "person": "{bob_id}"}),
    row("get",  "/cycles/NOW/reviews/",                  L,   200, 200, 200, 200, 200, 200, 404),
    row("post", "/cycles/NOW/reviews/",                  L,   404, 404, 404, 404, 404, 404, 404,
        data={"assessment": "{bobs_kr}", "decision": "agree"}),
    row("get",  "/cycles/NOW/review-sheet/{bob_id}/",    L,   200, 200, 200, 200, 200, 404, 404),
    row("get",  "/cycles/NOW/self-assessment/units/TECH/", L, 403, 200, 200, 200, 200, 403, 404),
    row("get",  "/cycles/NOW/review-sheet/units/TECH.xlsx", 405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/cycles/NOW/review-sheet/units/TECH.xlsx", L, 403, 403, 200, 403, 200, 403, 404),
    # managing units and people (admins, HR) and cycles (admins, the champion)
    row("get",  "/manage/units/new/",                    L,   403, 403, 200, 403, 200, 403, 200),
    row("post", "/manage/units/new/",                    L,   403, 403, 302, 403, 302, 403, F, data=NEW_UNIT),
    row("get",  "/manage/units/TECH/edit/",              L,   403, 403, 200, 403, 200, 403, 404),
    row("post", "/manage/units/TECH/edit/",              L,   403, 403, 302, 403, 302, 403, 404, data=UNIT),
    row("get",  "/manage/people/new/",                   L,   403, 403, 200, 403, 200, 403, 200),
    row("post", "/manage/people/new/",                   L,   403, 403, 302, 403, 302, 403, F,
        data=NEW_PERSON),
    # HR manages people, never the rights over every OKR: the role is not among its choices
    row("post", "/manage/people/new/",                   L,   403, 403, F,   403, 302, 403, F,
        data={**NEW_PERSON, "role": "admin"}),
    row("post", "/manage/people/{bob_id}/edit/",         L,   403, 403, F,   403, 302, 403, 404,
        data={**PERSON, "role": "champion"}),
    row("get",  "/manage/people/{bob_id}/edit/",         L,   403, 403, 200, 403, 200, 403, 404),
    row("post", "/manage/people/{bob_id}/edit/",         L,   403, 403, 302, 403, 302, 403, 404, data=PERSON),
    row("get",  "/manage/people/{champion_id}/edit/",    L,   403, 403, 403, 403, 200, 403, 404),
    row("get",  "/manage/cycles/new/",                   L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/cycles/new/",                   L,   403, 403, 403, 302, 302, 403, 302,
        data=NEW_CYCLE),
    row("get",  "/manage/cycles/NOW/edit/",              L,   403, 403, 403, 200, 200, 403, 404),
    row("post", "/manage/cycles/NOW/edit/",              L,   403, 403, 403, 302, 302, 403, 404, data=CYCLE),
    row("get",  "/manage/import-export/",                L,   403, 403, 403, 403, 200, 403, 200),
    row("post", "/manage/import-export/",                L,   403, 403, 403, 403, F,   403, F),
    row("get",  "/manage/export.xlsx",                   L,   403, 403, 403, 403, 200, 403, 200),
    row("get",  "/manage/rhythm/",                       L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/rhythm/",                       L,   403, 403, 403, 302, 302, 403, 302,
        data=CADENCE),
    row("get",  "/manage/rhythm/?unit=TECH",             L,   403, 403, 403, 302, 302, 403, 404),
    row("get",  "/manage/rhythm/TECH/",                  L,   403, 403, 403, 200, 200, 403, 404),
    row("post", "/manage/rhythm/TECH/",                  L,   403, 403, 403, 302, 302, 403, 404,
        data=CADENCE),
    # the weekly company report: admins and the champion; mallory cannot name acme's people
    row("get",  "/manage/weekly-report/",                L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/weekly-report/",                L,   403, 403, 403, 302, 302, 403, F,
        data=REPORT_SCHEDULE),
    # business categories, the rows of the objective system diagram: admins and the champion order
    # them; an order that leaves one out is refused (back with the reason), acme's are not mallory's
    row("get",  "/manage/categories/",                   L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/categories/",                   L,   403, 403, 403, 302, 302, 403, 302,
        data={"name": "游戏"}),
    row("post", "/manage/categories/",                   L,   403, 403, 403, F,   F,   403, F,
        data={"name": " "}),
    row("get",  "/manage/categories/order/",             405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/manage/categories/order/",             L,   403, 403, 403, B,   B,   403, B,
        data={"item": "{category}"}),
    row("post", "/manage/categories/{category}/move/",   L,   403, 403, 403, 302, 302, 403, 404,
        data={"step": "down"}),
    row("post", "/manage/categories/{category}/rename/", L,   403, 403, 403, 302, 302, 403, 404,
        data={"name": "自有平台与社区"}),
    row("post", "/manage/categories/{category}/delete/", L,   403, 403, 403, 302, 302, 403, 404),
    # OKR pages: public objectives for the whole organization, private ones for the owner's line
    row("get",  "/okrs/mine/",                           L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/okrs/company/",                        L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/okrs/tree/",                           L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/okrs/tree/unaligned/",                 L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/okrs/tree/{company}/children/",        L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/okrs/tree/{carols_private}/children/", L,   404, 404, 404, 200, 200, 200, 404),
    # the alignment map: the organization chart is every member's; another organization's is a 404
    row("get",  "/map/",                                 L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/map/tv/",                              L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/map/nodes/?cycle=NOW",                 L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/map/nodes/?node=unit:{tech_unit}",     L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/map/nodes/?node=person:{bob_id}",      L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/map/nodes/?node=objective:{company}",  L,   404, 404, 404, 404, 404, 404, 404),
    row("get",  "/map/find/?q=Bob",                      L,   200, 200, 200, 200, 200, 200, 200),
    # the documents (okrflow/reports): every member reads a card with what they may see; a
    # download is an audited POST; a heavy document's job and file are its owner's alone
    row("get",  "/reports/person-card/?cycle=NOW&person=bob@acme.test", L, 200, 200, 200, 200, 200, 200, 404),
    row("get",  "/reports/unit-card/?cycle=NOW&unit=TECH", L, 200, 200, 200, 200, 200, 200, 404),
    row("get",  "/reports/person-card/?cycle=NOW&person=mallory@globex.test", L, 404, 404, 404, 404, 404, 404,
        404),
    row("post", "/reports/person-card/?cycle=NOW&person=bob@acme.test", L, 200, 200, 200, 200, 200, 200, 404,
        data={"format": "xlsx"}),
    row("get",  "/reports/files/{report_file}/",         L,   200, 404, 404, 404, 404, 404, 404),
    row("get",  "/reports/files/{report_file}/download/", L,  200, 404, 404, 404, 404, 404, 404),
    # the dashboards: every member's (figures are numbers, never a private objective's title);
    # another organization's unit or person is a 404
    row("get",  "/dashboard/",                           L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/dashboard/tv/",                        L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/dashboard/unit/TECH/",                 L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/dashboard/person/{bob_id}/",           L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/dashboard/person/bob@acme.test/",      L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/units/TECH/okrs/",                     L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/okrs/lint/",                           405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/okrs/lint/",                           L,   F,   F,   F,   F,   F,   F,   404,
        data={"lint_objective": "{bobs}", "title": "提升"}),
    row("post", "/okrs/lint/",                           L,   404, 404, 404, F,   F,   F,   404,
        data={"lint_objective": "{carols_private}", "title": "提升"}),
    row("get",  "/objectives/new/",                      L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/objectives/new/",                      L,   302, 302, F,   302, 302, F,   F,
        data=OBJECTIVE),
    row("get",  "/objectives/{bobs}/",                   L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/objectives/{carols_private}/",         L,   404, 404, 404, 200, 200, 200, 404),
    row("get",  "/objectives/{bobs}/edit/",              L,   200, 200, 403, 200, 200, 403, 404),
    row("post", "/objectives/{bobs}/edit/",              L,   302, 302, 403, 302, 302, 403, 404,
        data=OBJECTIVE),
    row("get",  "/objectives/{carols_private}/edit/",    L,   404, 404, 404, 200, 200, 200, 404),
    # the Set step (okrs/states.py): bob's objective is agreed, so it can be sent back, not proposed
    row("post", "/objectives/{bobs}/state/send-back/",   L,   403, 302, 403, 302, 302, 403, 404,
        data={"comment": "目标再具体一些"}),
    row("post", "/objectives/{bobs}/state/send-back/",   L,   403, B,   403, B,   B,   403, 404),
    row("post", "/objectives/{bobs}/state/propose/",     L,   B,   B,   403, B,   B,   403, 404),
    row("post", "/objectives/{carols_private}/state/accept/", L, 404, 404, 404, B, B, B, 404),
    row("get",  "/objectives/{bobs}/key-results/new/",   L,   200, 200, 403, 200, 200, 403, 404),
    row("post", "/objectives/{bobs}/key-results/new/",   L,   302, 302, 403, 302, 302, 403, 404,
        data=KEY_RESULT),
    row("get",  "/key-results/{bobs_kr}/edit/",          L,   200, 200, 403, 200, 200, 403, 404),
    row("post", "/key-results/{bobs_kr}/edit/",          L,   302, 302, 403, 302, 302, 403, 404,
        data=KEY_RESULT),
    row("get",  "/key-results/{bobs_kr}/check-in/",      L,   200, 200, 403, 200, 200, 403, 404),
    row("get",  "/key-results/{bobs_kr}/check-ins/",     L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/key-results/{carols_kr}/check-ins/",   L,   404, 404, 404, 200, 200, 200, 404),
    row("get",  "/key-results/{foreign_kr}/check-ins/",  L,   404, 404, 404, 404, 404, 404, 200),
    row("post", "/key-results/{bobs_kr}/check-in/",      L,   302, 302, 403, 302, 302, 403, 404,
        data=CHECK_IN),
    # the execution rhythm
    row("get",  "/checkin/",                             L,   200, 200, 200, 200, 200, 200, 200),
    # only bob has key results to check in on here: the others' posts of his fields store nothing
    row("post", "/checkin/",                             L,   302, F,   F,   F,   F,   F,   F,
        data={"kr{bobs_kr}-value": "13", "kr{bobs_kr}-confidence": "70"}),
    row("get",  "/units/TECH/weekly/",                   L,   403, 200, 403, 200, 200, 403, 404),
    row("get",  "/team/weekly/",                         L,   302, 302, 302, 302, 302, 302, 302),
    row("get",  "/team/standup/",                        L,   302, 302, 302, 302, 302, 302, 302),
    row("get",  "/standup/",                             L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/standup/",                             L,   302, 302, 302, 302, 302, 302, 302,
        data=STANDUP),
    row("get",  "/units/TECH/standup/",                  L,   200, 200, 403, 200, 200, 403, 404),
    row("get",  "/standup/entries/{entry}/follow-up/",   405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/standup/entries/{entry}/follow-up/",   L,   302, 302, 403, 302, 302, 403, 404,
        data={"owner": "{bob_id}"}),
    row("get",  "/follow-ups/{follow_up}/close/",        405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/follow-ups/{follow_up}/close/",        L,   302, 302, 403, 302, 302, 403, 404),
    row("get",  "/tasks/",                               L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/tasks/",                               L,   302, F,   F,   F,   F,   F,   F, data=NEW_TASK),
    row("get",  "/tasks/{task}/status/",                 405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/tasks/{task}/status/",                 L,   302, 302, 403, 302, 302, 403, 404,
        data=TASK_STATUS),
    row("get",  "/units/TECH/meetings/",                 L,   403, 200, 403, 200, 200, 403, 404),
    row("post", "/units/TECH/meetings/",                 L,   403, 302, 403, 302, 302, 403, 404, data=NOTES),
    row("get",  "/meetings/management/",                 L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/meetings/management/",                 L,   403, 403, 403, 302, 302, 403, 302, data=NOTES),
    # comment threads follow what they are on; deleting is for the author, admins, the champion
    row("get",  "/comments/objective/{bobs}/",           L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/comments/key-result/{bobs_kr}/",       L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/comments/checkin/{checkin}/",          L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/comments/task/{task}/",                L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/comments/objective/{carols_private}/", L,   404, 404, 404, 200, 200, 200, 404),
    row("get",  "/comments/nonsense/{bobs}/",            L,   404, 404, 404, 404, 404, 404, 404),
    row("post", "/comments/objective/{bobs}/",           L,   200, 200, 200, 200, 200, 200, 404,
        data={"body": "加油"}),
    row("post", "/comments/objective/{carols_private}/", L,   404, 404, 404, 200, 200, 200, 404,
        data={"body": "加油"}),
    row("get",  "/comments/{comment}/delete/",           L,   405, 405, 405, 405, 405, 405, 405),
    row("post", "/comments/{comment}/delete/",           L,   200, 403, 403, 200, 200, 403, 404),
    # the other way round: globex's objects are as unknown to acme as acme's are to mallory
    row("get",  "/objectives/{foreign}/",                L,   404, 404, 404, 404, 404, 404, 200),
    row("get",  "/okrs/tree/{foreign}/children/",        L,   404, 404, 404, 404, 404, 404, 200),
    row("get",  "/comments/objective/{foreign}/",        L,   404, 404, 404, 404, 404, 404, 200),
    row("post", "/key-results/{foreign_kr}/check-in/",   L,   404, 404, 404, 404, 404, 404, 302,
        data={key.replace("bobs_kr", "foreign_kr"): value for key, value in CHECK_IN.items()}),
    # ... and a form naming someone of globex stores nothing
    row("post", "/standup/entries/{entry}/follow-up/",   L,   B,   B,   B,   B,   B,   B,   404,
        data={"owner": "{mallory_id}"}),
    row("post", "/objectives/{bobs}/key-results/new/",   L,   F,   F,   403, F,   F,   403, 404,
        data={**KEY_RESULT, "owner": "mallory@globex.test"}),
    row("post", "/manage/people/{bob_id}/edit/",         L,   403, 403, F,   403, F,   403, 404,
        data={**PERSON, "manager": "mallory@globex.test"}),
    row("post", "/units/TECH/meetings/",                 L,   403, F,   403, F,   F,   403, 404,
        data={"form": "decision", "decision-text": "上线", "decision-owner": "mallory@globex.test"}),
    # the suggestion box: everyone suggests and upvotes; admins and the champion adopt
    row("get",  "/suggestions/",                         L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/suggestions/",                         L,   302, 302, 302, 302, 302, 302, 302,
        data={"title": "降低员工流失率"}),
    row("post", "/suggestions/",                         L,   F,   F,   F,   F,   F,   F,   F,
        data={"title": ""}),
    row("get",  "/suggestions/{suggestion}/vote/",       L,   405, 405, 405, 405, 405, 405, 405),
    row("post", "/suggestions/{suggestion}/vote/",       L,   302, 302, 302, 302, 302, 302, 404),
    row("post", "/suggestions/adopt/",                   L,   403, 403, 403, 302, 302, 403, B,
        data={"suggestions": "{suggestion}", "title": "客户满意度达到 90 分"}),
    # mission and vision, reward tiers: admins and the champion
    row("get",  "/manage/mission/",                      L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/mission/",                      L,   403, 403, 403, 302, 302, 403, 302,
        data={"mission": "让协作更简单", "vision": "三年内服务一万家企业"}),
    row("get",  "/manage/rewards/",                      L,   403, 403, 403, 200, 200, 403, 200),
    row("post", "/manage/rewards/",                      L,   403, 403, 403, 302, 302, 403, 302,
        data={"excellent-name": "年终奖", "good-name": "午餐", "fair-name": "感谢信", "poor-name": ""}),
    # celebrations: everyone reads; unit heads hold their units', admins and the champion all
    row("get",  "/celebrations/",                        L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/celebrations/",                        L,   403, 302, 403, 302, 302, 403, F,
        data={"level": "team", "title": "周庆祝", "date": "{today}", "unit": "{tech_unit}",
              "objectives": "{bobs}"}),
    row("post", "/celebrations/",                        L,   403, F,   403, 302, 302, 403, F,
        data={"level": "team", "title": "周庆祝", "date": "{today}", "unit": "{tech_unit}",
              "objectives": "{carols_private}"}),
    row("get",  "/celebrations/{celebration}/tier/",     L,   405, 405, 405, 405, 405, 405, 405),
    row("post", "/celebrations/{celebration}/tier/",     L,   403, 302, 403, 302, 302, 403, 404,
        data={"tier_override": "{tier}", "override_reason": "人手减半仍完成"}),
    row("post", "/celebrations/{celebration}/tier/",     L,   403, B,   403, B,   B,   403, 404,
        data={"tier_override": "{tier}", "override_reason": ""}),
    row("get",  "/celebrations/{celebration}/delete/",   L,   405, 405, 405, 405, 405, 405, 405),
    row("post", "/celebrations/{celebration}/delete/",   L,   403, 302, 403, 302, 302, 403, 404),
    # kudos follow their objective's visibility; the recipient's page shows what the reader may see
    row("get",  "/kudos/objective/{bobs}/",              L,   200, 200, 200, 200, 200, 200, 404),
    row("get",  "/kudos/objective/{carols_private}/",    L,   404, 404, 404, 200, 200, 200, 404),
    row("post", "/kudos/objective/{bobs}/",              L,   F,   302, 302, 302, 302, 302, 404,
        data={"recipient": "{bob_id}", "target": "objective", "message": "谢谢"}),
    row("get",  "/kudos/person/{bob_id}/",               L,   200, 200, 200, 200, 200, 200, 404),
    # change requests of a published annual key result: its owner asks, the manager (or an admin) decides
    row("get",  "/key-results/{bobs_kr}/change-request/", L,   200, 403, 403, 403, 403, 403, 404),
    row("get",  "/key-results/{yearly_kr}/change-request/", L, 200, 403, 403, 403, 403, 403, 404),
    row("post", "/key-results/{yearly_kr}/change-request/", L, F,   403, 403, 403, 403, 403, 404,
        data={"new_title": "全年交付提速", "new_target": "9", "reason": "再快"}),
    row("get",  "/change-requests/{change_request}/",    L,   200, 200, 200, 200, 200, 200, 404),
    row("post", "/change-requests/{change_request}/",    L,   403, F,   403, 403, F,   403, 404,
        data={"decision": "reject", "comment": ""}),
    # the co-creation panels of a meeting's room: its seats and whoever runs it (alice facilitates,
    # bob has a seat, admins and the champion run every meeting); anyone else: 404, even logged out
    row("get",  "/workshops/{cc_workshop}/room/cocreation/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/cocreation/?screen=1", 404, 200, 200, 404, 200, 200, 404, 404),
    # cards are written by participants' seats: whoever runs the meeting without one writes none
    row("post", "/workshops/{cc_workshop}/room/cocreation/", 404, 200, 403, 404, 403, 403, 404, 404,
        data={"action": "add_card", "text": "提升客户满意度到九十分"}),
    row("post", "/workshops/{cc_workshop}/room/cocreation/", 404, F,   403, 404, 403, 403, 404, 404,
        data={"action": "add_card", "text": "把客户满意度从七十分提升到九十分以上并且保持一整年"}),
    row("post", "/workshops/{cc_workshop}/room/cocreation/", 404, 403, 200, 404, 200, 200, 404, 404,
        data={"action": "stage", "stage": "share"}),
    row("get",  "/workshops/{cc_workshop}/room/vote/",   404, 200, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{cc_workshop}/room/vote/",   404, 403, 200, 404, 200, 200, 404, 404,
        data={"action": "reveal", "revealed": "1"}),
    row("get",  "/workshops/{cc_workshop}/room/groups/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{cc_workshop}/room/groups/", 404, 403, 200, 404, 200, 200, 404, 404,
        data={"action": "form"}),
    # what comes out of the meeting (brief D): promotion and the feedback summary for whoever runs
    # it; the claim panel, the minutes and the feedback form are room doors (a seat, or running it)
    row("get",  "/workshops/{cc_workshop}/promote/",     L,   403, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{cc_workshop}/promote/",     L,   403, F,   404, F,   F,   404, 404,
        data={"kind": "objective"}),
    row("get",  "/workshops/{cc_workshop}/room/panels/claim/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{cc_workshop}/room/panels/claim/", 404, 403, F, 404, F,   F,   404, 404,
        data={"unit": "{tech_unit}", "target": "", "what": "研发交付周期缩短一半"}),
    row("post", "/workshops/{cc_workshop}/claims/999999/withdraw/", 404, 404, 404, 404, 404, 404, 404, 404),
    # the minutes wait for the end for a seat; whoever runs the meeting previews them
    row("get",  "/workshops/{cc_workshop}/minutes/",     404, 403, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{cc_workshop}/minutes/send/", 404, 403, B,  404, B,   B,   404, 404),
    row("post", "/workshops/{cc_workshop}/decisions/",   404, 403, B,   404, B,   B,   404, 404,
        data={"text": ""}),
    row("post", "/workshops/{cc_workshop}/actions/",     404, 403, B,   404, B,   B,   404, 404,
        data={"title": "搭建并行测试", "key_result": ""}),
    # feedback is given from a seat (a guest's too); the summary is for whoever runs the meeting
    row("get",  "/workshops/{cc_workshop}/feedback/",    404, 200, 403, 404, 403, 403, 404, 404),
    row("post", "/workshops/{cc_workshop}/feedback/",    404, F,   403, 404, 403, 403, 404, 404,
        data={"rating": "9"}),
    row("get",  "/workshops/{cc_workshop}/feedback/summary/", L, 403, 200, 404, 200, 200, 404, 404),
    # the room's live stream and its polling fallback (B2): the same doors as the room's panels
    row("get",  "/workshops/{cc_workshop}/live/",        404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/live/poll/?after=0", 404, 200, 200, 404, 200, 200, 404, 404),
    # the room's two screens, its agenda fragment, its state and the talk panel (B1): the same doors;
    # "ready" and "joined" from a seat (whoever runs it without one comes back told so / stores
    # nothing); the timer's controls for whoever runs it (the meeting's one item: no "next")
    row("get",  "/workshops/{cc_workshop}/room/",        404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/screen/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/agenda/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/agenda/?screen=1", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/state.json", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/panels/talk/", 404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/panels/talk/?screen=1",
        404, 200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/ready/",  405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/workshops/{cc_workshop}/room/ready/",  404, 302, B,   404, B,   B,   404, 404,
        data={"ready": "1"}),
    row("get",  "/workshops/{cc_workshop}/room/join/",   405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/workshops/{cc_workshop}/room/join/",   404, 204, 204, 404, 204, 204, 404, 404),
    row("get",  "/workshops/{cc_workshop}/room/timer/next/", 405, 405, 405, 405, 405, 405, 405, 405),
    row("post", "/workshops/{cc_workshop}/room/timer/next/", 404, 403, B, 404, B,   B,   404, 404),
    row("post", "/workshops/{cc_workshop}/room/timer/end/", 404, 403, 302, 404, 302, 302, 404, 404),
    row("post", "/workshops/{cc_workshop}/room/timer/rewind/", 404, 404, 404, 404, 404, 404, 404, 404),
    # meetings (brief A): everyone lists the meetings they may see; unit heads, the champion and admins
    # schedule; admins and the champion edit templates, unit heads use them; a meeting's page for its
    # seats and whoever runs it (alice facilitates, bob is invited), its changes for whoever runs it
    row("get",  "/workshops/",                           L,   200, 200, 200, 200, 200, 200, 200),
    row("get",  "/workshops/new/",                       L,   403, 200, 403, 200, 200, 403, 200),
    row("post", "/workshops/new/",                       L,   403, F,   403, F,   F,   403, F,
        data={"template": "{a_template}", "title": "周会", "starts_at": "2020-01-01T09:00",
              "facilitator": "alice@acme.test"}),
    row("post", "/workshops/new/",                       L,   403, 302, 403, 302, 302, 403, F,
        data={"template": "{a_template}", "title": "周会", "starts_at": "2099-01-05T09:00",
              "facilitator": "alice@acme.test", "participants": "bob@acme.test"}),
    row("get",  "/workshops/templates/",                 L,   403, 200, 403, 200, 200, 403, 200),
    row("post", "/workshops/templates/",                 L,   403, 403, 403, 302, 302, 403, 302,
        data={"name": "新模板", "kind": "custom"}),
    row("post", "/workshops/templates/seed/",            L,   403, 403, 403, 302, 302, 403, 302),
    row("get",  "/workshops/templates/{a_template}/",    L,   404, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/templates/{a_template}/",    L,   404, 403, 404, 302, 302, 404, 404,
        data={"name": "周会模板二", "kind": "department_weekly"}),
    row("post", "/workshops/templates/{a_template}/items/", L, 404, 403, 404, 302, 302, 404, 404,
        data={"new-title": "复盘", "new-minutes": "5", "new-method": "talk"}),
    row("post", "/workshops/templates/{a_template}/items/{a_item}/", L, 404, 403, 404, 302, 302, 404, 404,
        data={"item{a_item}-title": "进展汇报", "item{a_item}-minutes": "10", "item{a_item}-method": "talk"}),
    row("post", "/workshops/templates/{a_template}/items/{a_item}/delete/",
        L, 404, 403, 404, 302, 302, 404, 404),
    row("post", "/workshops/templates/{a_template}/reorder/", L, 404, 403, 404, 302, 302, 404, 404,
        data={"item": "{a_item}"}),
    row("post", "/workshops/templates/{a_template}/archive/", L, 404, 403, 404, 302, 302, 404, 404),
    row("get",  "/workshops/{a_workshop}/",              L,   200, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{a_workshop}/edit/",         L,   403, 200, 404, 200, 200, 404, 404),
    row("post", "/workshops/{a_workshop}/edit/",         L,   403, F,   404, F,   F,   404, 404,
        data={"title": "", "starts_at": "2099-01-05T09:00"}),
    row("post", "/workshops/{a_workshop}/cancel/",       L,   403, 302, 404, 302, 302, 404, 404),
    row("post", "/workshops/{a_workshop}/participants/", L,   403, 302, 404, 302, 302, 404, 404,
        data={"participants": "carol@acme.test"}),
    row("post", "/workshops/{a_workshop}/participants/", L,   403, B,   404, B,   B,   404, 404,
        data={"participants": "mallory@globex.test"}),
    row("post", "/workshops/{a_workshop}/participants/{a_seat}/remove/",
        L, 403, 302, 404, 302, 302, 404, 404),
    row("post", "/workshops/{a_workshop}/invitations/resend/", L, 403, 302, 404, 302, 302, 404, 404),
    row("get",  "/workshops/{a_workshop}/invitation.ics", L,  200, 200, 404, 200, 200, 404, 404),
    # registration is closed in this meeting: back with the reason; sign-in opens on its day
    row("post", "/workshops/{a_workshop}/register/",     L,   B,   B,   404, B,   B,   404, 404),
    row("get",  "/workshops/{a_workshop}/sign-in/",      L,   403, 200, 404, 200, 200, 404, 404),
    row("get",  "/workshops/{a_workshop}/sign-in/{a_code}/", L, 200, 200, 200, 200, 200, 200, 404),
    row("post", "/workshops/{a_workshop}/sign-in/{a_code}/", L, B, B,   B,   B,   B,   B,   404),
    row("get",  "/workshops/{a_workshop}/sign-in/WRONG234/", L, 404, 404, 404, 404, 404, 404, 404),
    row("post", "/workshops/{a_workshop}/materials/",    L,   403, 302, 404, 302, 302, 404, 404,
        data={"title": "讲稿", "url": "https://example.com/slides"}),
    row("get",  "/workshops/{a_workshop}/materials/{a_material}/", 404, B, B, 404, B, B,  404, 404),
    row("post", "/workshops/{a_workshop}/materials/{a_material}/delete/",
        L, 403, 302, 404, 302, 302, 404, 404),
    # joining with the code: a guest (logged out) gives a name; a person of the organization with a
    # seat (or who runs the meeting) goes to the room, one without is asked to join; mallory is told
    # to log out first
    row("get",  "/join/",                                200, 200, 200, 200, 200, 200, 200, 200),
    row("post", "/join/",                                B,   B,   B,   B,   B,   B,   B,   B,
        data={"code": "{a_code}"}),
    row("post", "/join/",                                200, 200, 200, 200, 200, 200, 200, 200,
        data={"code": "NOPE2345"}),
    row("get",  "/join/{a_code}/",                       200, B,   B,   200, B,   B,   200, 403),
    row("post", "/join/{a_code}/",                       302, 302, 302, 302, 302, 302, 302, 403,
        data={"name": "访客小王"}),
    row("post", "/join/{a_code}/",                       F,   302, 302, 302, 302, 302, 302, 403,
        data={"name": ""}),
    row("get",  "/join/NOPE2345/",                       404, 404, 404, 404, 404, 404, 404, 404),
    # the notification centre: one's own notices only
    row("get",  "/notifications/",                       L,   200, 200, 200, 200, 200, 200, 200),
    row("post", "/notifications/",                       L,   302, 302, 302, 302, 302, 302, 302,
        data={"mention__in_app": "on"}),
    row("get",  "/notifications/{notification}/read/",   L,   405, 405, 405, 405, 405, 405, 405),
    row("post", "/notifications/{notification}/read/",   L,   302, 404, 404, 404, 404, 404, 404),
    row("post", "/notifications/read-all/",              L,   302, 302, 302, 302, 302, 302, 302),
]


def _case(entry, persona, status):
    reasons = dict(entry.bugs)
    marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {reasons[persona]}")] if persona in reasons else []
    return pytest.param(entry, persona, status, marks=marks, id=f"{persona}-{entry.method}-{entry.path}")


CASES = [_case(entry, persona, status)
         for entry in MATRIX for persona, status in zip(PERSONAS, entry.expected, strict=True)]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once for the module inside a transaction rolled back at its end; each
    test runs in its own savepoint inside it (what TestCase.setUpTestData does)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.mark.parametrize(("entry", "persona", "expected"), CASES)
def test_the_web_permission_matrix_holds(db, client, world, entry, persona, expected):
    values = world.ids
    if persona != "anon":
        client.force_login(world.people[persona])
    path = entry.path.format(**values)
    data = {key.format(**values): value.format(**values) for key, value in entry.data.items()}
    before = database_state()
    response = getattr(client, entry.method)(path, data) if entry.method == "post" else client.get(path)
    if expected == LOGIN:
        assert response.status_code == 302, response.status_code
        assert urlsplit(response["Location"]).path == reverse("login")
    elif expected == FORM:
        assert response.status_code == 200, response.status_code
    elif expected == BACK:
        assert response.status_code == 302, response.status_code
    else:
        assert response.status_code == expected, (response.status_code, response.get("Location"))
    if expected in REFUSED or entry.method == "get":
        assert database_state() == before, "a refused request or a GET changed the database"


# --- coverage: every URL pattern has a row, here or in the API matrix ---------------------

# Patterns left to their own tests, and why.
OUT_OF_SCOPE = {
    # Django's admin site: its own permission model (is_staff + model permissions) over 100+
    # generated patterns; tests/org/test_admin_site.py covers who may enter and what they see.
    "admin/": "the Django admin site (tests/org/test_admin_site.py)",
}

# API operations that tests/api/test_permission_matrix.py does not exercise: none, and it stays
# so (a new operation without its rows fails the suite).
API_OPERATIONS_MISSING_FROM_ITS_MATRIX: set = set()


def _all_routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _api_operations() -> set:
    from okrflow.api.urls import api

    schema = api.get_openapi_schema()
    return {(method, path) for path, operations in schema["paths"].items() for method in operations}


def _as_openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _api_operation_of(method, path, operations) -> tuple:
    for op_method, template in operations:
        pattern = "^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$"
        if op_method == method and re.match(pattern, "/api/v1" + urlsplit(path).path):
            return op_method, template
    raise AssertionError(f"{method.upper()} {path} of the API matrix matches no API operation")


def test_every_web_url_pattern_has_a_row_in_the_matrix():
    operations = _api_operations()
    api_routes = {path for _method, path in operations}
    existing = {route for route in _all_routes()
                if not route.startswith(tuple(OUT_OF_SCOPE)) and _as_openapi_path(route) not in api_routes}
    placeholders = defaultdict(lambda: "1")
    exercised = {resolve(urlsplit(entry.path.format_map(placeholders)).path).route for entry in MATRIX}
    assert existing - exercised == set(), "URL patterns without a row in the web matrix"
    assert exercised - existing == set(), "rows whose URL is served by no pattern of the web UI"


def test_every_api_operation_has_a_row_in_the_api_matrix():
    from tests.api.test_permission_matrix import MATRIX as API_MATRIX

    operations = _api_operations()
    exercised = {_api_operation_of(method, path, operations) for method, path, *_rest in API_MATRIX}
    assert operations - exercised == API_OPERATIONS_MISSING_FROM_ITS_MATRIX
