"""The objects behind the web URL matrix (tests/web/test_url_matrix.py), built once per module.

acme has the personas of tests/conftest.py (admin, alice the head of TECH, bob her report, carol
in SALES) plus hr and a champion; globex has mallory, its administrator. Every path parameter of
the web UI has a real acme value here: objectives, key results, a check-in, a task, a stand-up
with a follow-up, a department meeting, a comment, a notification and two check-in cadences;
globex has an objective and a key result of its own.
"""

import datetime
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.meetings.actions import create_action_item
from okrflow.meetings.comments import add_comment
from okrflow.meetings.models import MeetingKind
from okrflow.meetings.standups import save_standup, turn_blocker_into_follow_up
from okrflow.meetings.weekly_meetings import open_weekly_meeting, save_notes
from okrflow.notifications.models import NotificationKind
from okrflow.notifications.services import notify, save_cadence
from okrflow.org.models import Role
from okrflow.web.models import CompanyBoard, DashboardFigures, UnitShare
from tests.factories import make_cycle, make_org, make_person, make_unit
from tests.okrs.factories import make_checkin, make_key_result, make_objective


def build_world() -> SimpleNamespace:
    today = timezone.localdate()
    org = make_org(slug="acme", name="Acme 科技")
    root = org.root_unit()
    tech = make_unit(org, code="TECH", name="技术中心")
    sales = make_unit(org, code="SALES", name="销售部")
    people = {
        "admin": make_person(org, email="admin@acme.test", name="Ada Admin", unit=root, role=Role.ADMIN),
        "alice": make_person(org, email="alice@acme.test", name="Alice 王", unit=tech, role=Role.MANAGER),
        "hr": make_person(org, email="hr@acme.test", name="Hanna HR", unit=root, role=Role.HR),
        "champion": make_person(org, email="champion@acme.test", name="Chao Champion", unit=root,
                                role=Role.CHAMPION),
        "carol": make_person(org, email="carol@acme.test", name="Carol 张", unit=sales),
    }
    tech.head = people["alice"]
    tech.save(update_fields=["head"])
    people["bob"] = bob = make_person(org, email="bob@acme.test", name="Bob 李", unit=tech,
                                      manager=people["alice"])
    globex = make_org(slug="globex", name="Globex")
    people["mallory"] = make_person(globex, email="mallory@globex.test", name="Mallory",
                                    unit=globex.root_unit(), role=Role.ADMIN)
    # The current quarter of each organization (the pages show the one containing today).
    cycle = make_cycle(org, code="NOW", kind="quarterly", start=today - datetime.timedelta(days=60),
                       end=today + datetime.timedelta(days=30))
    globex_cycle = make_cycle(globex, code="G1", kind="quarterly", start=cycle.start_date, end=cycle.end_date)
    foreign = make_objective(globex_cycle, title="Globex wins", ref="O-GLOBEX")
    foreign_kr = make_key_result(foreign, owner=people["mallory"], ref="KR-GLOBEX")

    company = make_objective(cycle, title="成为客户首选的协作平台", ref="O-CO")
    company_kr = make_key_result(company, owner=people["admin"], ref="KR-CO")
    bobs = make_objective(cycle, owner=bob, title="把构建时间缩短一半", ref="O-BOB", parent_objective=company)
    bobs_kr = make_key_result(bobs, start=20, target=10, unit="min", owner=bob, ref="KR-BOB")
    checkin = make_checkin(bobs_kr, 15, date=today - datetime.timedelta(days=3), confidence=70, author=bob)
    carols_private = make_objective(cycle, owner=people["carol"], title="拿下三个华东大客户", ref="O-CAROL",
                                    visibility="private")
    carols_kr = make_key_result(carols_private, target=3, owner=people["carol"], ref="KR-CAROL")

    task = create_action_item(SYSTEM, bobs_kr, title="缓存预热脚本", owner=bob,
                              due_date=today + datetime.timedelta(days=5))
    entry = save_standup(bob, yesterday="缓存方案评审", today="压测", blockers="等测试环境", date=today)
    follow_up = turn_blocker_into_follow_up(SYSTEM, entry, bob)
    meeting = open_weekly_meeting(SYSTEM, org, kind=MeetingKind.DEPARTMENT, week_of=today, unit=tech)
    save_notes(SYSTEM, meeting, "本周聚焦构建时间")
    comment = add_comment(bob, bobs, "构建已经从 20 分钟降到 15 分钟")
    notification = notify(bob, NotificationKind.CHECKIN_REMINDER, "Time for your weekly check-in",
                          link="/checkin/", actor=SYSTEM)
    save_cadence(SYSTEM, org)
    save_cadence(SYSTEM, org, unit=tech, weekday=0)

    ids = {"bob_id": bob.pk, "champion_id": people["champion"].pk, "company": company.pk,
           "company_kr": company_kr.pk, "bobs": bobs.pk, "bobs_kr": bobs_kr.pk, "checkin": checkin.pk,
           "carols_private": carols_private.pk, "task": task.pk, "task_version": task.version,
           "entry": entry.pk, "follow_up": follow_up.pk, "comment": comment.pk,
           "notification": notification.pk, "cycle": cycle.pk, "cycle_start": cycle.start_date.isoformat(),
           "cycle_end": cycle.end_date.isoformat(), "root_unit": root.pk, "tech_unit": tech.pk,
           "today": today.isoformat(), "mallory_id": people["mallory"].pk, "foreign": foreign.pk,
           "foreign_kr": foreign_kr.pk, "carols_kr": carols_kr.pk}
    ids.update(_celebrate_world(org, cycle, people, tech, bobs))
    ids.update(_change_request_world(org, people, today))
    ids.update(_cocreation_world(org, people))
    ids.update(_schedule_world(org, people))
    ids.update(_category_world(org))
    ids.update(_report_world(org, people))
    return SimpleNamespace(org=org, people=people, ids=ids, today=today)


def _category_world(org) -> dict:
    """Two business categories of acme, in the diagram's order (okrflow/okrs/categories.py)."""
    from okrflow.okrs.categories import create_category

    first = create_category(SYSTEM, org, name="自有平台")
    create_category(SYSTEM, org, name="外部平台")
    return {"category": first.pk}


def _celebrate_world(org, cycle, people, tech, bobs) -> dict:
    """A suggestion of bob's, the organization's reward tiers, a TECH team celebration of bob's
    objective held by alice, and alice's kudos to bob."""
    from okrflow.celebrations.services import create_celebration, give_kudos, save_reward_tiers
    from okrflow.suggestions.services import submit_suggestion

    suggestion = submit_suggestion(people["bob"], cycle, title="提升客户满意度", why="投诉在增加")
    tiers = save_reward_tiers(SYSTEM, org, {"excellent": ("团队聚餐加奖金", ""), "good": ("团队午餐", "")})
    celebration = create_celebration(people["alice"], cycle, level="team", title="构建提速庆功",
                                     date=timezone.localdate(), unit=tech, objectives=[bobs])
    give_kudos(people["alice"], people["bob"], objective=bobs, message="构建快多了")
    return {"suggestion": suggestion.pk, "celebration": celebration.pk, "tier": tiers[-1].pk}


def _change_request_world(org, people, today) -> dict:
    """This year's annual cycle with bob's published objective and his pending request to change
    its key result's target (okrflow/okrs/changes.py)."""
    from okrflow.okrs.changes import request_change
    from okrflow.okrs.models import Objective

    year = make_cycle(org, code="YEAR", kind="annual", start=today.replace(month=1, day=1),
                      end=today.replace(month=12, day=31))
    yearly = make_objective(year, owner=people["bob"], title="全年交付提速", ref="O-BOB-YEAR")
    yearly_kr = make_key_result(yearly, start=0, target=12, owner=people["bob"], ref="KR-BOB-YEAR")
    Objective.objects.filter(pk=yearly.pk).update(status="published")
    yearly_kr.objective.status = "published"
    change = request_change(people["bob"], yearly_kr, new_target=10, reason="两个版本合并")
    return {"yearly_kr": yearly_kr.pk, "change_request": change.pk}


def _cocreation_world(org, people) -> dict:
    """A live co-creation meeting facilitated by alice, bob's seat in it (okrflow/workshops/cocreation.py)."""
    from okrflow.workshops.models import AgendaItem, Method, Participant, State, Workshop

    workshop = Workshop.objects.create(organization=org, title="团队共创", facilitator=people["alice"],
                                       created_by=people["alice"], starts_at=timezone.now(),
                                       join_code="CCWORLD1", state=State.LIVE)
    item = AgendaItem.objects.create(organization=org, workshop=workshop, title="写卡片",
                                     method=Method.COCREATION)
    Workshop.objects.filter(pk=workshop.pk).update(current_item=item)
    Participant.objects.create(organization=org, workshop=workshop, person=people["bob"])
    return {"cc_workshop": workshop.pk}


def _schedule_world(org, people) -> dict:
    """Meetings (brief A): a template of one item, and a meeting in two days made from it by
    alice (its facilitator) with bob invited, open to guests, with a linked material."""
    from okrflow.workshops import agendas, scheduling, seminars

    template = agendas.create_template(SYSTEM, org, name="周会模板", kind="department_weekly")
    item = agendas.add_item(SYSTEM, template, title="进展", minutes=15)
    workshop = scheduling.schedule(people["alice"], template, title="技术周会", facilitator=people["alice"],
                                   starts_at=timezone.now() + datetime.timedelta(days=2),
                                   participants=[people["bob"]], guests_allowed=True)
    material = seminars.add_material(people["alice"], workshop, title="议程", url="https://example.com/agenda")
    seat = workshop.participants.get(person=people["bob"])
    return {"a_template": template.pk, "a_item": item.pk, "a_workshop": workshop.pk, "a_seat": seat.pk,
            "a_material": material.pk, "a_code": workshop.join_code}


def _report_world(org, people) -> dict:
    """A heavy document bob asked for on the web, made and stored (okrflow/reports/models.py)."""
    from django.core.files.base import ContentFile

    from okrflow.reports.models import ReportFile, ReportStatus

    job = ReportFile.objects.create(organization=org, owner=people["bob"], name="book",
                                    params={"cycle": "NOW"}, format="pdf", status=ReportStatus.DONE,
                                    progress=100, filename="book.pdf")
    job.file.save(f"{org.pk}/{job.pk}-book.pdf", ContentFile(b"%PDF-1.7 matrix"), save=True)
    return {"report_file": job.pk}


# Derived caches a GET may fill (never a record anyone acts on): the company board that the home
# page and the OKR pages ask a job to compute, with the units' bottom-up shares (okrflow/web/models.py).
DERIVED = {CompanyBoard, UnitShare, DashboardFigures}


def _okrflow_tables() -> list:
    """The tables of okrflow's models and of their many-to-many links."""
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model
        if owner in DERIVED:
            continue
        if owner.__module__.startswith("okrflow."):
            tables.add(model._meta.db_table)
    return sorted(tables)


def database_state() -> dict:
    """Every row of every okrflow table (the audit trail and many-to-many links included): what a
    refused request, or any GET, must leave exactly as it was. Django's sessions table is left
    out: a login writes it by design. Plain SQL, as the matrix reads this twice per request."""
    with connection.cursor() as cursor:
        state = {}
        for table in _okrflow_tables():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            state[table] = cursor.fetchall()
    return state
