"""The weekly company report: admins and the champion choose who gets it and on which weekday;
each tick on that day mails it once a week through the notification path (the real SMTP server
on loopback), in each recipient's language, the key figures in the body and the summary as a
PDF attached whose text reads back (pdftotext)."""
# ruff: noqa: F811 (fixtures imported from the notification tests)

import datetime
import subprocess

import pytest
from django.urls import reverse

from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError
from okrflow.notifications.models import Notification, NotificationKind, NotificationPreference
from okrflow.org.models import Role
from okrflow.reports import schedules
from okrflow.reports.document import ReportParams, definition
from okrflow.reports.documents import summary
from okrflow.reports.models import ReportSchedule
from tests.factories import make_person
from tests.notifications.conftest import local, run_tick, smtp_server  # noqa: F401
from tests.reports.dashboard_world import TODAY, build
from tests.reports.document_reading import blocks_of, rows

TUESDAY = 1   # TODAY, Tue 20 Jan 2026: last week ran from Mon 12 to Sun 18 Jan


@pytest.fixture
def world(q1, tech, admin, alice, bob, carol):
    return build(q1, tech, admin, alice, bob, carol)


@pytest.fixture
def champion(org):
    return make_person(org, email="champion@acme.test", name="Chao 陈", unit=org.root_unit(),
                       role=Role.CHAMPION)


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "attached.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


# --- the setting ------------------------------------------------------------------------------

def test_an_admin_or_the_champion_sets_who_gets_it_and_it_is_audited(org, admin, champion, alice, bob):
    schedule = schedules.set_schedule(admin, org, recipients=["Alice@acme.test", "bob@acme.test"],
                                      weekday=TUESDAY, enabled=True)
    assert (schedule.weekday, schedule.enabled) == (TUESDAY, True)
    assert set(schedule.recipients.all()) == {alice, bob}
    schedules.set_schedule(champion, org, recipients=["alice@acme.test"], weekday=4, enabled=True)
    assert list(ReportSchedule.objects.get().recipients.all()) == [alice]
    entries = AuditEntry.objects.filter(action="report_schedule.update").order_by("pk")
    assert entries.count() == 2
    assert entries.last().changes["recipients"] == [["alice@acme.test", "bob@acme.test"], ["alice@acme.test"]]


def test_a_member_may_not_set_it(org, bob):
    with pytest.raises(AccessDenied):
        schedules.set_schedule(bob, org, recipients=["bob@acme.test"], weekday=TUESDAY, enabled=True)
    assert not ReportSchedule.objects.exists()


def test_an_unknown_recipient_stores_nothing(org, admin, alice, mallory):
    with pytest.raises(DomainError) as refused:
        schedules.set_schedule(admin, org, recipients=["alice@acme.test", "mallory@globex.test"],
                               weekday=TUESDAY, enabled=True)
    assert refused.value.field == "recipients" and "mallory@globex.test" in str(refused.value.message)
    with pytest.raises(DomainError) as empty:
        schedules.set_schedule(admin, org, recipients=[], weekday=TUESDAY, enabled=True)
    assert empty.value.code == "no_recipients"
    assert not ReportSchedule.objects.exists() and not AuditEntry.objects.filter(
        action="report_schedule.update").exists()


# --- the document -----------------------------------------------------------------------------

def test_the_summary_holds_the_dashboards_scores_grades_at_risk_and_last_weeks_check_ins(world, q1, carol):
    with summary.as_of(TODAY):
        report = definition("summary").build(carol, ReportParams(cycle=q1))
    fields = dict(report.fields)
    assert (fields["Company score"], fields["Grade"], fields["As of"]) == ("0.60", "Good", "2026-01-20")
    blocks = blocks_of(report)
    by_code = {row["code"]: row for row in rows(blocks)}
    assert (by_code["TECH"]["score"], by_code["TECH"]["grade"]) == (0.5, "Fair")
    # A department's own score, as its page and card show it (selectors.owner_score): SALES owns
    # no objective of its own (carol's 0.25 is hers), so it has none, whatever lies below it.
    from okrflow.okrs.selectors import owner_score

    assert by_code["TECH"]["score"] == owner_score(q1, unit=world.techs.owner_unit)
    assert (by_code["SALES"]["score"], by_code["SALES"]["grade"]) == (None, None)
    assert owner_score(q1, unit=world.carols.owner_person.unit) is None
    assert (by_code["SALES"]["at_risk"], by_code["SALES"]["at_risk_share"]) == (1, 100)
    # last week: admin (14 Jan) and alice (13 Jan) checked in; bob (5 Jan) and carol (19 Jan) not
    assert (by_code["TECH"]["people"], by_code["TECH"]["checked_in"]) == (2, 1)
    key = dict(summary.key_figures(summary.figures(q1, TODAY)))
    assert key["Key results at risk"] == "1 of 5 (20%)"
    assert key["Checked in last week (2026-01-12 – 2026-01-18)"] == "2 of 4 people (50%)"
    assert "秘密拿下华东三家大客户" not in str(fields) + str(rows(blocks))   # figures only, no titles


# --- the mail ---------------------------------------------------------------------------------

@pytest.fixture
def scheduled(world, org, admin, alice, bob):
    alice.language, bob.language = "zh-hans", "en"
    alice.save(update_fields=["language"])
    bob.save(update_fields=["language"])
    return schedules.set_schedule(admin, org, recipients=["alice@acme.test", "bob@acme.test"],
                                  weekday=TUESDAY, enabled=True)


def test_the_tick_mails_the_report_in_each_recipients_language_with_the_pdf(
        scheduled, smtp_server, run_tick, tmp_path, settings):
    counts = run_tick(local(2026, 1, 20, 9, 0))
    assert counts["weekly_report"] == 1      # one schedule's job queued (the tests run jobs at once)
    mails = {message["To"]: message for message in smtp_server.messages}
    assert set(mails) == {"alice@acme.test", "bob@acme.test"}

    english = mails["bob@acme.test"]
    assert english["Subject"] == "[okrflow] Weekly company report: 2026Q1"
    body = english.get_body(("plain",)).get_content()
    assert "Company score: 0.60 (Good)" in body and "Key results at risk: 1 of 5 (20%)" in body
    assert "- 技术中心: 0.50 (Fair)" in body and "- 销售部: — (—)" in body   # their own scores
    [pdf] = list(english.iter_attachments())
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename().endswith(".pdf")
    text = pdf_text(pdf.get_content(), tmp_path)
    assert "Weekly company report" in text and "0.60" in text and "技术中心" in text and "销售部" in text

    chinese = mails["alice@acme.test"]
    assert "每周公司报告：2026Q1" in chinese["Subject"]
    body = chinese.get_body(("plain",)).get_content()
    assert "公司得分: 0.60 (良好)" in body and "有风险的关键成果: 5 个中 1 个（20%）" in body
    text = pdf_text(list(chinese.iter_attachments())[0].get_content(), tmp_path)
    assert "每周公司报告" in text and "公司得分" in text and "部门" in text


def test_it_goes_once_a_week_on_its_weekday_only(scheduled, smtp_server, run_tick):
    assert run_tick(local(2026, 1, 19, 9, 0))["weekly_report"] == 0    # Monday
    assert run_tick(local(2026, 1, 20, 7, 0))["weekly_report"] == 0    # before SEND_HOUR
    assert run_tick(local(2026, 1, 20, 9, 0))["weekly_report"] == 1
    assert run_tick(local(2026, 1, 20, 9, 5))["weekly_report"] == 0    # sent already
    assert run_tick(local(2026, 1, 23, 9, 0))["weekly_report"] == 0    # the same week
    assert len(smtp_server.messages) == 2
    assert Notification.objects.filter(kind=NotificationKind.SCHEDULED_REPORT).count() == 2


def test_a_schedule_whose_job_runs_is_not_queued_again_until_its_claim_expires(scheduled, smtp_server,
                                                                              run_tick):
    ReportSchedule.objects.update(claimed_at=local(2026, 1, 20, 8, 30))
    assert run_tick(local(2026, 1, 20, 9, 0))["weekly_report"] == 0 and smtp_server.messages == []
    assert run_tick(local(2026, 1, 20, 10, 0))["weekly_report"] == 1    # the job died: taken again
    assert len(smtp_server.messages) == 2 and ReportSchedule.objects.get().claimed_at is None


def test_each_pdf_is_made_from_the_figures_the_mail_was_written_from(scheduled, run_tick, bob, tmp_path):
    run_tick(local(2026, 1, 20, 9, 0))
    schedule = ReportSchedule.objects.get()
    assert (schedule.figures["today"], schedule.figures["score"]) == ("2026-01-20", 0.6)
    schedule.figures["departments"][0]["name"] = "存档里的部门"
    schedule.save(update_fields=["figures"])
    notification = Notification.objects.get(recipient=bob, kind=NotificationKind.SCHEDULED_REPORT)
    [(filename, content, mimetype)] = schedules.attachments(notification)
    assert mimetype == "application/pdf" and "存档里的部门" in pdf_text(content, tmp_path)


def test_a_recipient_who_turned_it_off_gets_nothing_and_queues_nothing(scheduled, smtp_server, run_tick,
                                                                      org, bob):
    NotificationPreference.objects.create(organization=org, person=bob, in_app=False, email=False,
                                          chat=False, kind=NotificationKind.SCHEDULED_REPORT)
    assert run_tick(local(2026, 1, 20, 9, 0))["weekly_report"] == 1
    assert [message["To"] for message in smtp_server.messages] == ["alice@acme.test"]
    assert run_tick(local(2026, 1, 20, 9, 5))["weekly_report"] == 0    # nobody is waiting any more


def test_a_disabled_schedule_sends_nothing(scheduled, org, admin, run_tick):
    schedules.set_schedule(admin, org, recipients=["alice@acme.test"], weekday=TUESDAY, enabled=False)
    assert run_tick(local(2026, 1, 20, 9, 0))["weekly_report"] == 0


# --- the settings page --------------------------------------------------------------------------

def test_the_settings_page_saves_and_shows_the_recipients(client, org, admin, alice, q1):
    client.force_login(admin)
    url = reverse("report_schedule")
    page = client.get(url)
    assert page.status_code == 200 and "Weekly company report" in page.content.decode()
    saved = client.post(url, {"enabled": "on", "weekday": "1", "recipients": "alice@acme.test, "})
    assert saved.status_code == 302
    page = client.get(url).content.decode()
    assert "Alice 王" in page and "alice@acme.test" in page
    assert "/reports/summary/?cycle=2026Q1" in page    # the latest cycle that has started
    refused = client.post(url, {"enabled": "on", "weekday": "1", "recipients": "nobody@acme.test"})
    assert refused.status_code == 200 and "nobody@acme.test" in refused.content.decode()
    assert list(ReportSchedule.objects.get().recipients.all()) == [alice]


def test_a_member_cannot_open_the_settings_page(client, bob):
    client.force_login(bob)
    assert client.get(reverse("report_schedule")).status_code == 403


def test_last_week_runs_from_the_monday_to_the_sunday_before_todays_week():
    assert summary.last_week(datetime.date(2026, 1, 20)) == (datetime.date(2026, 1, 12),
                                                             datetime.date(2026, 1, 18))
    assert summary.last_week(datetime.date(2026, 1, 19))[0] == datetime.date(2026, 1, 12)


def test_between_quarters_the_report_is_of_the_cycle_the_pages_show(org):
    from okrflow.cycles.models import Cycle
    from okrflow.web.current_cycle import default_cycle
    from tests.factories import make_cycle

    make_cycle(org, code="2026-Q1", start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31))
    planned = make_cycle(org, code="2026-Q2", start=datetime.date(2026, 4, 8), end=datetime.date(2026, 6, 30))
    make_cycle(org, code="2026", kind="annual", start=datetime.date(2026, 1, 1),
               end=datetime.date(2026, 12, 31))
    gap = datetime.date(2026, 4, 2)   # Q1 has ended, Q2 starts next week
    shown = default_cycle(list(Cycle.objects.for_org(org)), gap)
    assert schedules.reported_cycle(org, gap) == shown == planned


def test_the_sending_is_audited_once_per_recipient_by_the_system_and_a_retry_adds_nothing(
        scheduled, smtp_server, run_tick, bob):
    run_tick(local(2026, 1, 20, 9, 0))
    entries = AuditEntry.objects.filter(action="report.generate")
    assert sorted(entry.changes["recipient"][1] for entry in entries) == ["alice@acme.test", "bob@acme.test"]
    assert all(entry.by_system and entry.actor is None for entry in entries)
    notification = Notification.objects.get(recipient=bob, kind=NotificationKind.SCHEDULED_REPORT)
    schedules.attachments(notification)   # the mail's next attempt makes its PDF again
    assert AuditEntry.objects.filter(action="report.generate").count() == 2
