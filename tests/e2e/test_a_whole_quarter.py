"""Issue 9's first "Done when": the demo company (星云科技, okrflow/demo) goes through a whole
quarter, 2026 第四季度, through the services, each step's data feeding the next.

One test, told as the quarter's story: each step is a function below, in the order the quarter
runs, sharing one world (the demo built as `okrflow demo` builds it, a real SMTP server on
loopback, the events delivered after each commit). The people are the demo's: the CEO 陈志远
(head of the root unit, an admin), the OKR champion 林晓彤, 王建国 the head of 技术中心 (a
department), 李强 the lead of 后端组 and the member 张伟 (dev1) who reports to him.

The demo is built "on" 2026-10-01: the year's OKRs have their check-ins, the quarter's have none
yet, so the quarter's own check-ins are the ones this story records (all dated in the past, so
the story reads the same on any later day).
"""

import datetime
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.test import Client

from okrflow.actors import SYSTEM
from okrflow.assessments import aggregates
from okrflow.assessments import services as assessments
from okrflow.assessments.models import ReviewState
from okrflow.audit import log
from okrflow.celebrations import services as celebrations
from okrflow.celebrations import tiers
from okrflow.celebrations.models import CelebrationLevel, Kudos
from okrflow.checkins.models import CheckIn
from okrflow.checkins.services import record_checkin
from okrflow.cycles import phases
from okrflow.cycles.models import Cycle
from okrflow.cycles.services import ensure_phases
from okrflow.demo import DEMO_SLUG, load_demo
from okrflow.errors import AccessDenied, DomainError
from okrflow.interchange.export import export_folder
from okrflow.interchange.loader import ImportRefused, import_folder
from okrflow.meetings.models import ActionItem
from okrflow.notifications.models import Notification, NotificationKind
from okrflow.okrs import changes, scoring, selectors, states
from okrflow.okrs.models import ChangeRequestState, KeyResult, Objective, ObjectiveStatus, Visibility
from okrflow.okrs.services import create_key_result, create_objective, update_key_result, update_objective
from okrflow.org.models import Person, Unit
from okrflow.org.services import update_mission_vision, update_person
from okrflow.publishing import services as publishing
from okrflow.publishing.services import UnpublishedDrafts
from okrflow.retros import closing, wizard
from okrflow.retros import services as retros
from okrflow.retros.models import Improvement, Outcome, Prompt
from okrflow.suggestions import selectors as suggestion_box
from okrflow.suggestions import services as suggestions
from okrflow.web import okr_forms
from tests.api.conftest import ApiClient, token_for
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

D = datetime.date
DIGEST_SUBJECT = "[okrflow] 2026 第四季度 is published: your OKR digest"
LOCKED_OBJECTIVE = ("This objective is published: its title, description, owner and parent are locked "
                    "until the cycle closes.")


def objective(w, ref) -> Objective:
    return Objective.objects.get(organization=w.org, ref=ref)


def key_result(w, ref) -> KeyResult:
    return KeyResult.objects.get(organization=w.org, ref=ref)


def notices(person, kind) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind=kind).order_by("created_at", "id"))


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def digests(inbox) -> list:
    # A long non-ASCII subject is folded right after "Subject:"; the parser keeps that space.
    return [m for m in inbox.messages if m["Subject"].strip() == DIGEST_SUBJECT]


@pytest.fixture
def world(smtp_server, django_capture_on_commit_callbacks, settings):  # noqa: F811 (the fixture)
    settings.OKRFLOW_BASE_URL = "https://okr.xingyun.example"
    org = load_demo(today=D(2026, 10, 1))
    people = {p.email.split("@")[0]: p for p in Person.objects.for_org(org)}
    w = SimpleNamespace(
        org=org, inbox=smtp_server, people=people,
        ceo=people["ceo"], champion=people["champion"], tech_head=people["tech.head"],
        be_lead=people["be.lead"], dev1=people["dev1"], dev2=people["dev2"], qa_lead=people["qa.lead"],
        dev4=people["dev4"], intern=people["intern"],
        tech=Unit.objects.get(organization=org, code="TECH"),
        year=Cycle.objects.get(organization=org, code="2026"),
        q4=Cycle.objects.get(organization=org, code="2026-Q4"),
        next_q=Cycle.objects.get(organization=org, code="2027-Q1"),
        # Each step's events (notices, mail) are delivered when its transaction commits.
        commit=lambda: django_capture_on_commit_callbacks(execute=True),
    )
    assert w.org.root_unit().head == w.ceo  # the "CEO" of the issue: the root unit's head
    return w


# ── 0. Before the quarter ──────────────────────────────────────────────────────────────────

def the_company_states_its_mission_and_publishes_the_year(w):
    update_mission_vision(w.ceo, w.org, mission="让每一家企业都用得起好的数字化服务",
                          vision="五年内成为华东地区领先的企业数字化服务商")
    update_person(w.ceo, w.intern, is_active=False)  # the intern left: no digest for them
    with w.commit():
        call_command("publish", "--cycle", "2026", "--org", DEMO_SLUG, stdout=(out := _Output()))
    assert "Digests sent: 39; failed: 0." in out.text
    assert objective(w, "XY-2026-O2").status == ObjectiveStatus.PUBLISHED
    w.inbox.messages.clear()
    # The champion plans the quarter's seven steps (stored with their proposed dates).
    ensure_phases(w.champion, w.q4)
    assert w.q4.phases.get(phase=phases.Phase.SET).end_date == D(2026, 9, 30)


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


# ── 1. Set (制定): suggestions, drafts, proposals, consensus, confirmation ──────────────────

def people_suggest_objectives_and_the_champion_adopts_one_as_a_draft(w):
    first = suggestions.submit_suggestion(w.dev1, w.q4, title="提升老客户的续约率",
                                          why="续约比新签便宜，流失的客户都去了竞品。")
    second = suggestions.submit_suggestion(w.people["east1"], w.q4, title="提高老客户续约率")
    suggestions.submit_suggestion(w.people["fin1"], w.q4, title="报销流程全部线上化")
    for voter in ("dev2", "del1", "fin2"):
        assert suggestions.toggle_vote(w.people[voter], first) is True
    groups, adopted = suggestion_box.box(w.champion, w.q4)
    assert adopted == [] and groups[0].ids == [first.pk, second.pk]  # merged by similarity, most upvoted
    assert groups[0].votes == 3
    with pytest.raises(AccessDenied):
        suggestions.adopt_suggestions(w.dev1, groups[0].suggestions)  # the champion's call
    with w.commit():
        draft = suggestions.adopt_suggestions(w.champion, groups[0].suggestions, title="让老客户愿意续约")
    assert (draft.status, draft.origin, draft.owner_unit) == (ObjectiveStatus.DRAFT, "bottom_up",
                                                             w.org.root_unit())
    assert suggestions.suggesters_of(draft) == [w.dev1, w.people["east1"]]  # its source
    assert "续约比新签便宜" in draft.description
    assert notices(w.people["east1"], NotificationKind.MENTION)[-1].link == f"/objectives/{draft.pk}/"
    create_key_result(w.champion, draft, title="老客户续约率从 80% 提升到 90%", kind="percent",
                      start_value=80, target_value=90, unit="%", owner=w.people["proj.head"])
    w.renewal = draft


def a_member_proposes_is_sent_back_with_a_reason_and_agrees_the_second_time(w):
    mine = create_objective(w.dev1, w.org, cycle=w.q4, title="让网关的问题一眼可见", ref="DEV1-Q4-O2",
                            owner_person=w.dev1, origin="bottom_up", status=ObjectiveStatus.DRAFT,
                            parent_objective=objective(w, "BE-Q4-O1"))
    kr = create_key_result(w.dev1, mine, title="完善网关监控", target_value=1, kind="milestone",
                           owner=w.dev1)
    with w.commit():
        states.propose(w.dev1, mine, comment="请李强看看")
    assert notices(w.be_lead, NotificationKind.OBJECTIVE_PROPOSED)[-1].body == "请李强看看"
    with pytest.raises(DomainError) as refused:
        states.send_back(w.be_lead, mine, comment="  ")
    assert refused.value.code == "comment_required"
    with w.commit():
        states.send_back(w.be_lead, mine, comment="关键结果要可衡量：写清从多少到多少。")
    mine.refresh_from_db()
    assert mine.status == ObjectiveStatus.DRAFT and mine.owner_agreed_at is None
    # The member sees why: in the notice and in the agreement's history on the objective page.
    sent_back = notices(w.dev1, NotificationKind.OBJECTIVE_SENT_BACK)[-1]
    reason = "关键结果要可衡量：写清从多少到多少。"
    assert sent_back.body == reason
    assert states.consensus_history(mine).last().changes["comment"][1] == reason
    update_key_result(w.dev1, kr, title="网关告警平均响应时间从 30 分钟缩短到 5 分钟", kind="number",
                      start_value=30, target_value=5, unit="分钟")
    with w.commit():
        states.propose(w.dev1, mine)
        states.accept(w.be_lead, mine)
    mine.refresh_from_db()
    assert mine.status == ObjectiveStatus.AGREED and mine.manager_agreed_by == w.be_lead
    assert notices(w.dev1, NotificationKind.OBJECTIVE_AGREED)
    w.dev1_new = mine


def the_ceo_confirms_a_departments_objective(w):
    tech_goal = create_objective(w.tech_head, w.org, cycle=w.q4, title="把研发效能度量起来", ref="TECH-Q4-O3",
                                 owner_unit=w.tech, origin="bottom_up", status=ObjectiveStatus.DRAFT)
    create_key_result(w.tech_head, tech_goal, title="需求交付周期从 20 天缩短到 12 天", start_value=20,
                      target_value=12, unit="天", owner=w.tech_head)
    with w.commit():
        states.propose(w.tech_head, tech_goal)  # the owner side: the department's head
        states.accept(w.champion, tech_goal)    # the manager side
    tech_goal.refresh_from_db()
    assert tech_goal.status == ObjectiveStatus.PROPOSED  # a department's objective waits for the CEO
    assert states.available_actions(w.ceo, tech_goal) == ["confirm", "send_back"]
    with pytest.raises(AccessDenied):
        states.confirm(w.tech_head, tech_goal)
    with w.commit():
        states.confirm(w.ceo, tech_goal)
    tech_goal.refresh_from_db()
    assert (tech_goal.status, tech_goal.confirmed_by) == (ObjectiveStatus.AGREED, w.ceo)

    # A private one: the CEO accepting as the department's manager confirms it at the same time.
    secret = create_objective(w.tech_head, w.org, cycle=w.q4, title="核心骨干一个都不流失", ref="TECH-Q4-P",
                              owner_unit=w.tech, visibility=Visibility.PRIVATE, status=ObjectiveStatus.DRAFT)
    create_key_result(w.tech_head, secret, title="核心骨干主动离职从 3 人降到 0 人", start_value=3,
                      target_value=0, unit="人", owner=w.tech_head)
    with w.commit():
        states.propose(w.tech_head, secret)
        states.accept(w.ceo, secret)
    secret.refresh_from_db()
    assert (secret.status, secret.confirmed_by) == (ObjectiveStatus.AGREED, w.ceo)
    w.secret = secret


def the_adopted_draft_counts_only_once_the_ceo_agrees(w):
    before = selectors.bottom_up_share(w.q4)
    with w.commit():
        states.propose(w.champion, w.renewal)
    assert selectors.bottom_up_share(w.q4) == before  # a proposal never counts
    with w.commit():
        states.accept(w.ceo, w.renewal)  # a company objective: the company head's word is enough
    w.renewal.refresh_from_db()
    assert w.renewal.status == ObjectiveStatus.AGREED
    after = selectors.bottom_up_share(w.q4)
    assert (after["counted"], after["bottom_up"]) == (before["counted"] + 1, before["bottom_up"] + 1)


# ── 2. Publish (发布) ─────────────────────────────────────────────────────────────────────

def publishing_names_the_drafts_then_publishes_the_agreed_ones(w):
    left = create_objective(w.dev2, w.org, cycle=w.q4, title="部署脚本全部纳入版本管理", ref="DEV2-Q4-O1",
                            owner_person=w.dev2, status=ObjectiveStatus.DRAFT)
    create_key_result(w.dev2, left, title="纳入版本管理的部署脚本从 40% 提升到 100%", kind="percent",
                      start_value=40, target_value=100, unit="%", owner=w.dev2)
    with pytest.raises(UnpublishedDrafts) as refused:
        publishing.publish_cycle(w.champion, w.q4)
    assert "DEV2-Q4-O1" in refused.value.message
    assert not Cycle.objects.get(pk=w.q4.pk).is_published
    with w.commit():  # as the web button does: publish, then the digests go through the worker
        result = publishing.publish_cycle(w.champion, w.q4, only_agreed=True)
        publishing.queue_digests(result, actor=w.champion)
    assert (result.left_as_drafts, result.digests) == (1, 39)
    assert objective(w, "TECH-Q4-O1").status == ObjectiveStatus.PUBLISHED
    assert objective(w, "DEV2-Q4-O1").status == ObjectiveStatus.DRAFT


def every_active_person_gets_exactly_one_digest_with_what_they_may_see(w):
    mails = digests(w.inbox)
    active = set(Person.objects.for_org(w.org).filter(is_active=True).values_list("email", flat=True))
    assert Counter(m["To"] for m in mails) == Counter(active)  # exactly one each, none to the intern
    by_person = {m["To"]: text_of(m) for m in mails}
    dev1 = by_person["dev1@xingyun.example"]
    for expected in ("让每一家企业都用得起好的数字化服务",               # the mission
                     "成为华东地区领先的企业数字化服务商",               # the year's company OKRs
                     "第四季度新签合同额创历史新高", "让老客户愿意续约",  # the quarter's
                     "让研发交付又快又稳", "把研发效能度量起来",          # 技术中心's
                     "后端服务稳如磐石",                                # 后端组's
                     "把 API 网关做成团队的可靠基础设施", "让网关的问题一眼可见",  # his own
                     "https://okr.xingyun.example/cycles/2026-Q4/book/"):
        assert expected in dev1, expected
    assert "拿下华东、华南两大区的行业标杆客户" not in dev1  # another department's: in the book, not here
    # The private objective reaches only the digest of someone who may see it; never a draft.
    assert {to for to, text in by_person.items() if w.secret.title in text} == {"tech.head@xingyun.example"}
    assert "让研发交付又快又稳" in by_person["qa1@xingyun.example"]  # 技术中心's section, without the secret
    assert not any("部署脚本全部纳入版本管理" in text for text in by_person.values())


def publishing_again_sends_nothing_new(w):
    w.inbox.messages.clear()
    with w.commit():
        again = publishing.publish_cycle(w.champion, w.q4)
        publishing.queue_digests(again, actor=w.champion)
    assert again.already_published and "nothing was sent again" in again.message
    assert w.inbox.messages == []


def a_draft_agreed_after_publishing_is_published_at_once(w):
    left = objective(w, "DEV2-Q4-O1")
    with w.commit():
        states.propose(w.dev2, left)
        states.accept(w.be_lead, left)
    left.refresh_from_db()
    assert left.status == ObjectiveStatus.PUBLISHED


# ── 3. After publishing: the lock at every door ───────────────────────────────────────────

def locked_edits_are_refused_in_the_web_the_api_and_the_import(w, tmp_path):
    goal = objective(w, "TECH-Q4-O1")
    version, title = goal.version, goal.title

    browser = Client()
    browser.force_login(w.tech_head)
    form = {k: ("" if v is None else v) for k, v in okr_forms.objective_initial(goal).items()}
    page = browser.post(f"/objectives/{goal.pk}/edit/", {**form, "title": "换一个目标"})
    assert page.status_code == 200 and LOCKED_OBJECTIVE in page.content.decode()

    api = ApiClient(f"Bearer {token_for(w.tech_head)}")
    answer = api.patch(f"/objectives/{goal.pk}", {"title": "换一个目标"})
    assert (answer.status_code, answer.json()["code"]) == (409, "locked")
    kr = key_result(w, "TECH-Q4-KR1")
    answer = api.patch(f"/key-results/{kr.pk}", {"target_value": 60})
    assert (answer.status_code, answer.json()["code"]) == (409, "locked")

    folder = tmp_path / "xingyun"
    export_folder(w.org, folder)
    csv_file = folder / "objectives.csv"
    lines = csv_file.read_text(encoding="utf-8").splitlines(keepends=True)
    (number,) = [i for i, line in enumerate(lines, start=1) if line.startswith("TECH-Q4-O1,")]
    lines[number - 1] = lines[number - 1].replace(title, "换一个目标")
    csv_file.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_folder(folder, DEMO_SLUG, actor=SYSTEM)
    assert refused.value.messages == [f"objectives.csv:{number}: {LOCKED_OBJECTIVE}"]

    goal.refresh_from_db()
    assert (goal.title, goal.version) == (title, version)  # nothing changed anywhere
    assert key_result(w, "TECH-Q4-KR1").target_value == 70


def an_annual_key_result_changes_only_by_an_approved_request(w):
    kr = key_result(w, "XY-2026-KR5")  # 版本交付周期从 4 周缩短到 2 周, 王建国's
    with pytest.raises(DomainError) as refused:
        update_key_result(w.ceo, kr, target_value=3)
    assert refused.value.code == "locked"
    with w.commit():
        request = changes.request_change(w.tech_head, kr, new_target="3",
                                         reason="上半年客户定制需求激增，两周一版会牺牲质量；先稳定在三周。")
        assert changes.pending_for(kr) == request
        with pytest.raises(AccessDenied):
            changes.decide(w.tech_head, request, approve=True)  # never the person who asked
        changes.decide(w.ceo, request, approve=True, comment="同意，下季度再看。")
    kr.refresh_from_db()
    assert kr.target_value == Decimal(3) and kr.title == "版本交付周期从 4 周缩短到 2 周"
    request.refresh_from_db()
    assert (request.state, request.old_target, request.new_target) == (ChangeRequestState.APPROVED,
                                                                        Decimal(2), Decimal(3))
    entry = log.history(kr).filter(action="key_result.change_approved").get()
    assert entry.changes["reason"][1].startswith("上半年客户定制需求激增")
    assert "target_value" in entry.changes
    assert notices(w.tech_head, NotificationKind.CHANGE_REQUEST_DECIDED)


# ── 4. Execute (执行): check-ins go on ────────────────────────────────────────────────────

CHECKINS = [  # (key result, its owner, [(date, value)]): confidence stays at 70
    ("DEV1-Q4-KR1", "dev1", [(D(2026, 10, 12), 4500), (D(2026, 10, 26), 6000), (D(2026, 11, 16), 7000)]),
    ("DEV1-Q4-KR2", "dev1", [(D(2026, 10, 12), 10), (D(2026, 11, 16), 8)]),
    ("TECH-Q4-KR1", "qa.lead", [(D(2026, 10, 19), 60), (D(2026, 11, 23), 70)]),
    ("TECH-Q4-KR2", "dev4", [(D(2026, 11, 2), 34), (D(2026, 11, 30), 20)]),
    ("TECH-Q4-KR3", "be.lead", [(D(2026, 11, 9), 24)]),
]


def people_check_in_every_week(w):
    with w.commit():
        for ref, owner, readings in CHECKINS:
            for day, value in readings:
                record_checkin(w.people[owner], key_result(w, ref), value=value, confidence=70, date=day)
    assert key_result(w, "DEV1-Q4-KR1").current_value == 7000
    tech_goal = selectors.with_scores(Objective.objects.filter(pk=objective(w, "TECH-Q4-O1").pk)).get()
    assert round(selectors.score_of(tech_goal), 3) == 0.933  # (1.0 + 1.0 + 0.8) / 3


# ── 5. Self-assess (自评) and the manager's review ────────────────────────────────────────

def a_member_self_assesses_and_the_manager_reviews(w):
    first, second = key_result(w, "DEV1-Q4-KR1"), key_result(w, "DEV1-Q4-KR2")
    with w.commit():
        agreed = assessments.self_assess(w.dev1, first)  # the computed score is the default
        with pytest.raises(DomainError) as refused:
            assessments.self_assess(w.dev1, second, score="0.7")  # 0.3 above the computed 0.4
        assert refused.value.code == "comment_required"
        adjusted = assessments.self_assess(w.dev1, second, score="0.7",
                                           comment="告警降噪的规则已经写完，只差上线。")
        assessments.summarize(w.dev1, objective(w, "DEV1-Q4-O1"), achieved="压测峰值到了 7000 QPS",
                              missed="告警还没降到每周 2 条", why="降噪规则上线排在了大促之后")
        with pytest.raises(AccessDenied):
            assessments.review(w.dev2, agreed, agree=True)  # a colleague does not review
        assessments.review(w.be_lead, agreed, agree=True)
        assessments.review(w.be_lead, adjusted, agree=False, score="0.5", comment="上线之前按 0.5 算。")
    assert (agreed.score, agreed.computed_score) == (Decimal("0.800"), Decimal("0.800"))
    adjusted.refresh_from_db()
    assert (adjusted.review_state, adjusted.reviewed_score) == (ReviewState.ADJUSTED, Decimal("0.500"))
    assert notices(w.be_lead, NotificationKind.SELF_ASSESSMENT)  # the manager heard of the submission
    assert notices(w.dev1, NotificationKind.SELF_ASSESSMENT)     # the member of the review


# ── 6. Reflect (反思) ───────────────────────────────────────────────────────────────────

def the_department_reflects_and_plans_improvements(w):
    retro = retros.open_retro(w.tech_head, w.q4, w.tech)
    summary = aggregates.unit_summary(w.q4, w.tech.path)  # what the page shows beside the prompts
    assert (summary.assessed, summary.reviewed) == (2, 2)
    retro = retros.update_retro(
        w.tech_head, retro, went_well="发布更快了，测试覆盖率达标。", went_badly="网关告警降噪没上线。",
        causes="大促占用了后端的人手。",
        answers={Prompt.PROGRESS: "三个关键结果两个达成、一个 0.8。",
                 Prompt.OBSTACLES: "大促期间冻结上线。"})
    assert retro.answers.count() == 2
    retros.add_improvement(w.tech_head, retro, text="每周五固定 15 分钟更新 OKR 进度", owner=w.dev1,
                           due_date=D(2027, 1, 15))
    retros.add_improvement(w.tech_head, retro, text="大促前两周完成所有上线", owner=w.qa_lead,
                           due_date=D(2027, 1, 31))
    with pytest.raises(DomainError) as refused:
        retros.add_improvement(w.tech_head, retro, text="没有负责人的改进", owner=None,
                               due_date=D(2027, 1, 31))
    assert refused.value.code == "owner_required"
    w.retro = retro


# ── 7. Update (更新): the next quarter, then closing this one ────────────────────────────────

def the_next_quarter_continues_an_objective_and_carries_a_key_result(w):
    assert wizard.next_cycle_of(w.q4) == w.next_q
    tech_goal = objective(w, "TECH-Q4-O1")
    continued = wizard.continue_objective(w.tech_head, tech_goal, w.next_q,
                                          copy=[key_result(w, "TECH-Q4-KR1")])
    assert (continued.status, continued.continued_from) == (ObjectiveStatus.DRAFT, tech_goal)
    copied = continued.key_results.get()
    assert (copied.start_value, copied.current_value) == (Decimal(45), Decimal(45))  # afresh

    # The retrospective's improvements become the next cycle's action items.
    items = retros.carry_improvements(w.tech_head, w.retro, key_result=copied)
    assert sorted((i.title, i.owner, i.due_date) for i in items) == [
        ("大促前两周完成所有上线", w.qa_lead, D(2027, 1, 31)),
        ("每周五固定 15 分钟更新 OKR 进度", w.dev1, D(2027, 1, 15))]
    assert not Improvement.objects.filter(retrospective=w.retro, action_item__isnull=True).exists()
    assert set(ActionItem.objects.filter(key_result__objective__cycle=w.next_q)) == set(items)

    # Closing asks per key result what becomes of it: one is carried, with a reason.
    unfinished = key_result(w, "DEV1-Q4-KR2")
    with pytest.raises(DomainError) as refused:
        closing.close_cycle(w.ceo, w.q4, {unfinished: closing.Decision(Outcome.CARRIED)}, next_cycle=w.next_q)
    assert refused.value.code == "carry_reason_required"
    assert not Cycle.objects.get(pk=w.q4.pk).is_closed
    with w.commit():
        closing.close_cycle(w.ceo, w.q4, {unfinished: closing.Decision(
            Outcome.CARRIED, reason="降噪规则下个月上线，这个结果值得继续追。")}, next_cycle=w.next_q)
    carried = KeyResult.objects.get(carried_from=unfinished)
    assert (carried.start_value, carried.target_value) == (Decimal(8), Decimal(2))  # from its last value
    assert carried.carry_reason == "降噪规则下个月上线，这个结果值得继续追。"
    assert carried.objective.continued_from == objective(w, "DEV1-Q4-O1")
    assert set(Objective.objects.filter(cycle=w.next_q)) == {continued, carried.objective}
    assert all(o.status == ObjectiveStatus.DRAFT for o in Objective.objects.filter(cycle=w.next_q))
    assert not CheckIn.objects.filter(key_result__objective__cycle=w.next_q).exists()  # none copied


def the_closed_quarter_stays_readable_and_read_only(w):
    q4 = Cycle.objects.get(pk=w.q4.pk)
    assert q4.is_closed and q4.closed_by == w.ceo
    statuses = set(Objective.objects.filter(cycle=q4).values_list("status", flat=True))
    assert statuses == {ObjectiveStatus.CLOSED}
    with pytest.raises(DomainError):
        update_objective(w.ceo, objective(w, "TECH-Q4-O1"), title="改一下")
    with pytest.raises(DomainError):
        assessments.self_assess(w.dev1, key_result(w, "DEV1-Q4-KR1"), score="1")
    with pytest.raises(DomainError) as refused:  # its readings are the archive's too
        record_checkin(w.dev1, key_result(w, "DEV1-Q4-KR1"), value=8000, confidence=70, date=D(2026, 11, 30))
    assert refused.value.code == "locked"
    assert selectors.objective_for(w.dev2, objective(w, "TECH-Q4-O1").pk).title == "让研发交付又快又稳"


# ── 8. Celebrate (庆祝) ─────────────────────────────────────────────────────────────────

def the_department_celebrates_with_the_tier_it_earned_and_says_thanks(w):
    tiers_set = celebrations.save_reward_tiers(w.champion, w.org, {
        "excellent": ("部门聚餐 + 奖金", "做得好的部门拿更丰厚的奖励"), "good": ("团队午餐", ""),
        "fair": ("感谢信", ""), "poor": ("下午茶", "")})
    party = celebrations.create_celebration(
        w.tech_head, w.q4, level=CelebrationLevel.DEPARTMENT, unit=w.tech, title="技术中心四季度庆功会",
        date=D(2027, 1, 6), objectives=[objective(w, "TECH-Q4-O1")], notes="发布时长从 90 分钟降到了 20 分钟")
    earned = tiers.earned(party)
    assert round(earned["score"], 3) == 0.933  # excellent from 0.9 (the default policy)
    assert earned["grade"] == scoring.grade(earned["score"]) == "excellent"
    assert earned["tier"].name == "部门聚餐 + 奖金" and not earned["overridden"]
    assert earned["tier"] == tiers.tier_for_grade(tiers_set, "excellent")

    with w.commit():
        thanks = celebrations.give_kudos(w.tech_head, w.dev1, objective=objective(w, "DEV1-Q4-O1"),
                                         message="网关压测翻了一倍多，辛苦了！")
    assert list(Kudos.objects.filter(recipient=w.dev1)) == [thanks]
    assert notices(w.dev1, NotificationKind.KUDOS)
    assert any(m["To"] == "dev1@xingyun.example" and "网关压测翻了一倍多" in text_of(m)
               for m in w.inbox.messages)
    with pytest.raises(DomainError):
        celebrations.give_kudos(w.dev1, w.dev1, objective=objective(w, "DEV1-Q4-O1"), message="我自己")


# ── the quarter, in order ───────────────────────────────────────────────────────────────

def test_the_demo_company_runs_a_whole_quarter_through_the_seven_steps(world, tmp_path):
    w = world
    the_company_states_its_mission_and_publishes_the_year(w)
    people_suggest_objectives_and_the_champion_adopts_one_as_a_draft(w)
    a_member_proposes_is_sent_back_with_a_reason_and_agrees_the_second_time(w)
    the_ceo_confirms_a_departments_objective(w)
    the_adopted_draft_counts_only_once_the_ceo_agrees(w)
    publishing_names_the_drafts_then_publishes_the_agreed_ones(w)
    every_active_person_gets_exactly_one_digest_with_what_they_may_see(w)
    publishing_again_sends_nothing_new(w)
    a_draft_agreed_after_publishing_is_published_at_once(w)
    locked_edits_are_refused_in_the_web_the_api_and_the_import(w, tmp_path)
    an_annual_key_result_changes_only_by_an_approved_request(w)
    people_check_in_every_week(w)
    a_member_self_assesses_and_the_manager_reviews(w)
    the_department_reflects_and_plans_improvements(w)
    the_next_quarter_continues_an_objective_and_carries_a_key_result(w)
    the_closed_quarter_stays_readable_and_read_only(w)
    the_department_celebrates_with_the_tier_it_earned_and_says_thanks(w)
