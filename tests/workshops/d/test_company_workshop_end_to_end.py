"""Issue 10's first "Done when": the company OKR workshop, shipped template, run end to end with
12 participants in two groups, through the services every door calls (A: templates, scheduling,
invitations; B1: the timer; C: groups, cards, columns, votes, the final word; D: promotion,
claims, action items, minutes), with a real SMTP server on loopback.

cards within limits (a 25-character card refused, nothing stored) → at most 5 columns a group (a
sixth refused) → votes within the budget (an extra one refused) → ranking → the plenary → drafts
of company objectives aligned to the annual cycle → the groups claim 2–3 of them (a fourth
refused) and brainstorm key results on cards → key-result columns → draft key results of the
promoted objectives → a department's claim with its 5W2H
breakdown into a department draft → an action item on its owner's task list → the minutes
mailed to every person of the meeting, after the invitation whose `.ics` icalendar reads back.
"""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from okrflow.errors import DomainError
from okrflow.okrs.models import KeyResult, Objective, ObjectiveStatus, Origin
from okrflow.okrs.services import create_key_result
from okrflow.workshops import (
    agendas,
    claims,
    cocreation,
    followup,
    groups,
    key_results,
    minutes,
    outcomes,
    scheduling,
    timer,
    voting,
)
from okrflow.workshops.models import (
    Card,
    Column,
    GroupObjective,
    Kind,
    Method,
    Participant,
    Role,
    Stage,
    Template,
    Vote,
)
from okrflow.workshops.seats import room_actor
from tests.factories import make_person
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)
from tests.okrs.factories import make_objective

# Two groups' ideas: every card 8–20 characters, Chinese characters counting one each.
IDEAS = ["客户满意度提升到九十分", "新签二十家大客户", "研发交付周期缩短一半", "员工敬业度显著提升",
         "华东市场份额翻一番", "产品质量缺陷减少一半"]
THEMES = ["客户", "增长", "交付", "人才", "市场"]
KR_IDEAS = ["净推荐值达到五十分", "签约二十家年费客户", "平均交付周期降到两周", "关键岗位继任率百分百"]


@pytest.fixture
def company(org, admin, alice, bob, carol, tech, sales):
    """Twelve participants (alice, bob, carol and nine more), the CEO heading the company, the
    admin facilitating; the company's annual objective to support."""
    ceo = make_person(org, email="ceo@acme.test", name="Chen 总", unit=org.root_unit())
    root = org.root_unit()
    root.head = ceo
    root.save(update_fields=["head"])
    others = [make_person(org, email=f"p{n}@acme.test", name=f"同事{n}", unit=tech if n % 2 else sales)
              for n in range(1, 10)]
    return {"ceo": ceo, "people": [alice, bob, carol, *others]}


def _room(person, workshop):
    return room_actor(person, None, workshop.pk)


def _ics_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return icalendar.Calendar.from_ical(part.get_payload(decode=True))
    return None


def test_the_company_okr_workshop_from_invitation_to_minutes(
        client, org, admin, alice, bob, tech, year, q1, company, smtp_server,  # noqa: F811
        django_capture_on_commit_callbacks):
    annual = make_objective(year, title="成为华东第一的协作平台", ref="O-YEAR")
    cash = make_objective(q1, title="保持现金流健康", ref="O-Q1-CASH")  # the company's, agreed
    people, ceo = company["people"], company["ceo"]

    # A: the shipped template, scheduled, the invitations mailed with their calendar.
    agendas.seed_templates(admin, org, language="zh-hans")
    template = Template.objects.get(organization=org, kind=Kind.COMPANY_WORKSHOP)
    with django_capture_on_commit_callbacks(execute=True):
        workshop = scheduling.schedule(admin, template, title="2026年公司OKR研讨会", facilitator=admin,
                                       starts_at=timezone.now() + datetime.timedelta(days=1),
                                       place="总部三楼会议室", participants=people, observers=[ceo],
                                       cycle=q1, unit=org.root_unit())
    invitation = next(m for m in smtp_server.messages if m["To"] == "bob@acme.test")
    calendar = _ics_of(invitation)
    assert calendar is not None and str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "2026年公司OKR研讨会" and str(event["LOCATION"]) == "总部三楼会议室"
    assert Participant.objects.filter(workshop=workshop, role=Role.PARTICIPANT).count() == 12

    # C: two random groups of six, each with its leader.
    dealt = groups.form_groups(admin, workshop, seed=7)
    assert sorted(g.members.count() for g in dealt) == [6, 6]

    # B1: the meeting starts; the facilitator jumps to "each group writes five annual objectives".
    objectives_item = workshop.items.filter(parent__isnull=True, method=Method.COCREATION).order_by(
        "position", "id").first()
    write_step = objectives_item.steps.order_by("position", "id").first()
    timer.start_meeting(admin, workshop)
    timer.start_item(admin, workshop, write_step.pk)

    # Cards: within the limits; a 25-character card is refused, saying the limit, storing nothing.
    seats = {s.person_id: s for s in Participant.objects.filter(workshop=workshop, role=Role.PARTICIPANT)}
    with pytest.raises(DomainError) as refused:
        cocreation.add_card(seats[bob.pk], "这张卡片写得实在太长了已经远远超过了二十个字的上限")
    assert str(refused.value.message) == "A card has at most 20 characters; this one has 25."
    assert not Card.objects.filter(workshop=workshop).exists()
    for n, seat in enumerate(seats.values()):
        cocreation.add_card(seat, IDEAS[n % len(IDEAS)])
    assert Card.objects.filter(workshop=workshop).count() == 12

    # Sorting: each group's leader opens at most five columns (a sixth refused) and ranks them.
    cocreation.set_stage(admin, write_step, Stage.SORT)
    by_group = {}
    for group in dealt:
        leader = group.members.get(is_leader=True)
        room = _room(leader.person, workshop)
        columns = [cocreation.add_column(room, group, keyword=word) for word in THEMES]
        with pytest.raises(DomainError):
            cocreation.add_column(room, group, keyword="第六列")
        for card in Card.objects.filter(workshop=workshop, group=group).order_by("id"):
            cocreation.move_card(room, card, columns[IDEAS.index(card.text) % len(columns)])
        for column, word in zip(columns, THEMES, strict=True):
            cocreation.write_up_column(room, column, title=f"{word}方面取得突破性进展")
        cocreation.rank_columns(room, group, [c.pk for c in columns])
        by_group[group.pk] = columns
    assert Column.objects.filter(workshop=workshop, group__isnull=False).count() == 10

    # Votes: the budget holds (five a person), the extra one is refused and not stored.
    voter = seats[bob.pk]
    first_group_columns = by_group[voter.group_id]
    for column in first_group_columns:
        voting.cast_vote(voter, column)
    with pytest.raises(DomainError):
        voting.cast_vote(voter, first_group_columns[0])
    assert Vote.objects.filter(participant=voter).count() == 5

    # The plenary: the groups' first three columns merged into three company objectives, ranked.
    cocreation.set_stage(admin, write_step, Stage.PLENARY)
    facilitator = _room(admin, workshop)
    plenary = []
    for rank, word in enumerate(THEMES[:3]):
        column = cocreation.add_column(facilitator, None, keyword=word)
        cocreation.write_up_column(facilitator, column, title=f"公司{word}目标全面达成")
        for columns in by_group.values():
            cocreation.merge_column(admin, columns[rank], column)
        plenary.append(column)
    cocreation.rank_columns(facilitator, None, [c.pk for c in plenary])
    cocreation.record_final_word(_room(ceo, workshop), "就按这三个目标推进，季度末复盘")

    # D: promotion to drafts of the company's Q1 objectives, aligned to the annual objective.
    promoted = outcomes.promote_objectives(admin, workshop, parent_objective=annual)
    drafts = [c.objective for c in promoted.created]
    assert [d.title for d in drafts] == ["公司客户目标全面达成", "公司增长目标全面达成",
                                         "公司交付目标全面达成"]
    assert all(d.status == ObjectiveStatus.DRAFT and d.parent_objective == annual and d.cycle == q1
               and d.origin == Origin.BOTTOM_UP and d.owner_unit == org.root_unit() for d in drafts)
    assert outcomes.promote_objectives(admin, workshop, parent_objective=annual).created == []

    # Key results: on "each group claims 2–3 objectives and brainstorms", group 1 claims the first
    # two drafts and group 2 the last two; a fourth claim is refused, storing nothing.
    kr_item = workshop.items.filter(parent__isnull=True, method=Method.COCREATION).order_by(
        "position", "id")[1]
    kr_step = kr_item.steps.order_by("position", "id").first()
    timer.start_item(admin, workshop, kr_step.pk)
    first, second = sorted(dealt, key=lambda g: g.number)
    claimed = {first.pk: drafts[:2], second.pk: drafts[1:]}
    for group in (first, second):
        leader = _room(group.members.get(is_leader=True).person, workshop)
        for objective in claimed[group.pk]:
            key_results.claim_objective(leader, group, objective)
    leader = _room(first.members.get(is_leader=True).person, workshop)
    key_results.claim_objective(leader, first, drafts[2])
    with pytest.raises(DomainError) as refused:
        key_results.claim_objective(leader, first, cash)
    assert str(refused.value.message) == ("A group claims at most 3 objectives; give one back before "
                                          "claiming another.")
    assert GroupObjective.objects.filter(group=first).count() == 3
    key_results.release_objective(leader, GroupObjective.objects.get(group=first, objective=drafts[2]))

    # Everyone writes a key-result idea; each group sorts its cards into one column per claimed
    # objective, writes each up as a key result, the first with a target.
    for n, seat in enumerate(seats.values()):
        cocreation.add_card(seat, KR_IDEAS[n % len(KR_IDEAS)])
    assert set(Card.objects.filter(agenda_item=kr_step).values_list("kind", flat=True)) == {"key_result"}
    cocreation.set_stage(admin, kr_step, Stage.SORT)
    kr_columns = {}
    for group in (first, second):
        leader = _room(group.members.get(is_leader=True).person, workshop)
        columns = [cocreation.add_column(leader, group, keyword=o.title[:10], for_objective=o)
                   for o in claimed[group.pk]]
        for n, card in enumerate(Card.objects.filter(agenda_item=kr_step, group=group).order_by("id")):
            cocreation.move_card(leader, card, columns[n % len(columns)])
        columns = [cocreation.write_up_column(leader, column, title=f"{o.title[:8]}的关键结果{group.number}")
                   for column, o in zip(columns, claimed[group.pk], strict=True)]
        key_results.set_column_target(leader, columns[0], "20", "家")
        kr_columns[group.pk] = columns

    # Promotion: the key-result columns become draft key results of their objectives, and are
    # never taken for objectives.
    assert outcomes.promote_objectives(admin, workshop, parent_objective=annual).created == []
    made = outcomes.promote_key_results(admin, workshop).created
    assert len(made) == 4
    for group in (first, second):
        for column, objective in zip(kr_columns[group.pk], claimed[group.pk], strict=True):
            kr = KeyResult.objects.get(workshop_columns=column)
            assert kr.objective == objective and kr.title == column.title
    assert drafts[1].key_results.count() == 2
    assert KeyResult.objects.get(workshop_columns=kr_columns[first.pk][0]).target_value == 20
    assert all(Objective.objects.get(pk=d.pk).status == ObjectiveStatus.DRAFT for d in drafts)

    # The department claim: TECH's head claims the first company objective, broken down by 5W2H.
    claim_item = workshop.items.filter(method=Method.CLAIM).order_by("position").first()
    timer.start_item(admin, workshop, claim_item.pk)
    claim = claims.claim(alice, workshop, unit=tech, objective=drafts[2], what="研发交付周期缩短一半",
                         why="客户等不起", who="技术中心全员", when="第一季度", where="北京研发部",
                         how="持续集成和小批量发布", how_much="两台构建服务器")
    department = claim.draft
    assert department.owner_unit == tech and department.parent_objective == drafts[2]
    assert department.status == ObjectiveStatus.DRAFT and "How much: 两台构建服务器" in department.description

    # An action item of the department's first key result, on bob's task list.
    kr = create_key_result(alice, department, title="发布周期从四周降到两周", start_value=4, target_value=2)
    followup.add_action_item(admin, workshop, key_result=kr, title="搭建并行测试流水线", owner=bob,
                             due_date=datetime.date(2026, 2, 6))
    client.force_login(bob)
    assert "搭建并行测试流水线" in client.get(reverse("my_tasks")).content.decode()

    # The end: the minutes mailed to every person of the meeting (12, the CEO, the facilitator).
    timer.end_meeting(admin, workshop)
    smtp_server.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert minutes.send_minutes(admin, workshop) == 14
    mailed = {m["To"]: m for m in smtp_server.messages}
    assert len(mailed) == 14 and "ceo@acme.test" in mailed
    text = mailed["bob@acme.test"].get_body(("plain",)).get_content()
    for expected in ("公司客户目标全面达成", "研发交付周期缩短一半", "搭建并行测试流水线",
                     "就按这三个目标推进"):
        assert expected in text
    page = client.get(reverse("workshop_minutes", args=[workshop.pk])).content.decode()
    assert "技术中心" in page and "公司交付目标全面达成" in page
    assert Objective.objects.filter(cycle=q1, status=ObjectiveStatus.DRAFT).count() == 4
