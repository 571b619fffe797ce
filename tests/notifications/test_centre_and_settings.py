"""The notification centre's data, people's preferences and who may change the settings."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from okrflow.actors import SYSTEM
from okrflow.audit.models import AuditEntry
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.notifications import services
from okrflow.notifications.models import CheckinCadence, Notification, NotificationKind, Platform, Weekday


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    def send(person, kind=NotificationKind.MENTION, title="Alice mentioned you", **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(person, kind, title, **{"actor": SYSTEM, **extra})
    return send


def test_notify_stores_the_notice_and_emails_it_by_default(bob, alice, notify):
    notice = notify(bob, body="Please look", link="/kr/1/", actor=alice)
    assert (notice.recipient, notice.actor, notice.in_app, notice.read_at) == (bob, alice, True, None)
    assert [m.to for m in mail.outbox] == [["bob@acme.test"]]


def test_notify_nothing_when_every_channel_is_off(bob, notify):
    services.set_preference(bob, bob, NotificationKind.MENTION, in_app=False, email=False, chat=False)
    assert notify(bob) is None
    assert not Notification.objects.exists() and mail.outbox == []


def test_a_once_only_key_sends_a_notice_once(bob, notify):
    assert notify(bob, dedupe_key="k1") is not None
    assert notify(bob, dedupe_key="k1") is None
    assert Notification.objects.count() == 1 and len(mail.outbox) == 1


def test_nothing_is_sent_before_the_callers_transaction_commits(bob):
    services.notify(bob, NotificationKind.MENTION, "Alice mentioned you", actor=SYSTEM)
    assert mail.outbox == []  # still inside the test's transaction


def test_the_inbox_lists_own_visible_notices_newest_first(bob, carol, notify):
    first = notify(bob, title="first")
    second = notify(bob, title="second")
    notify(carol, title="not bob's")
    services.set_preference(bob, bob, NotificationKind.MENTION, in_app=False, email=True, chat=False)
    notify(bob, title="email only")
    assert list(services.inbox(bob)) == [second, first]
    assert services.unread_count(bob) == 2


def test_mark_read_marks_only_own_notices(bob, carol, mallory, notify):
    notice = notify(bob)
    moment = datetime.datetime(2026, 1, 9, 2, 0, tzinfo=datetime.UTC)
    assert services.mark_read(bob, notice.pk, now=moment).read_at == moment
    assert services.unread_count(bob) == 0
    for stranger in (carol, mallory):
        with pytest.raises(NotFound):
            services.mark_read(stranger, notice.pk)


def test_mark_all_read_leaves_other_peoples_notices_alone(bob, carol, notify):
    notify(bob)
    notify(bob)
    notify(carol)
    assert services.mark_all_read(bob) == 2
    assert services.unread_count(carol) == 1


def test_people_set_their_own_preferences_but_not_others(bob, carol, admin):
    services.set_preference(bob, bob, NotificationKind.WEEKLY_SUMMARY, in_app=True, email=False, chat=False)
    services.set_preference(admin, carol, NotificationKind.MENTION, in_app=True, email=False, chat=False)
    with pytest.raises(AccessDenied):
        services.set_preference(bob, carol, NotificationKind.MENTION, in_app=False, email=False, chat=False)
    assert AuditEntry.objects.filter(action="notification_preference.set").count() == 2


def test_another_organization_cannot_touch_preferences(bob, mallory):
    with pytest.raises(AccessDenied):
        services.set_preference(mallory, bob, NotificationKind.MENTION, in_app=False, email=False, chat=False)


def test_an_unknown_kind_is_refused(bob):
    with pytest.raises(DomainError) as error:
        services.set_preference(bob, bob, "gossip", in_app=True, email=True, chat=True)
    assert error.value.code == "invalid_kind"


def test_only_the_okr_process_owners_set_the_cadence(org, admin, bob, mallory):
    with pytest.raises(AccessDenied):
        services.save_cadence(bob, org, weekday=Weekday.MONDAY)
    with pytest.raises(AccessDenied):
        services.save_cadence(mallory, org, weekday=Weekday.MONDAY)
    services.save_cadence(admin, org, weekday=Weekday.MONDAY)
    services.save_cadence(admin, org, weekday=Weekday.TUESDAY)  # changes the same row
    assert list(CheckinCadence.objects.values_list("weekday", flat=True)) == [Weekday.TUESDAY]


def test_a_bad_time_zone_is_refused_and_nothing_is_stored(org, admin):
    with pytest.raises(DomainError) as error:
        services.save_cadence(admin, org, time_zone="Mars/Olympus")
    assert error.value.field == "time_zone"
    assert not CheckinCadence.objects.exists()


def test_a_unit_of_another_organization_is_not_found(org, admin, mallory):
    with pytest.raises(NotFound):
        services.save_cadence(admin, org, unit=mallory.organization.root_unit())


def test_only_admins_configure_webhooks_and_the_secret_stays_out_of_the_audit_log(org, admin, alice):
    with pytest.raises(AccessDenied):
        services.save_webhook(alice, org, name="x", platform=Platform.SLACK, url="https://hooks.slack.com/x")
    services.save_webhook(admin, org, name="Team", platform=Platform.FEISHU,
                          url="https://open.feishu.cn/open-apis/bot/v2/hook/x", secret="s3cr3t")
    entry = AuditEntry.objects.get(action="webhook.save")
    assert "s3cr3t" not in str(entry.changes) and entry.changes["secret"] == [None, "***"]


def test_a_bad_webhook_address_is_refused(org, admin):
    with pytest.raises(DomainError) as error:
        services.save_webhook(admin, org, name="x", platform=Platform.SLACK, url="not a url")
    assert error.value.field == "url"


def test_the_tick_command_reports_what_it_sent(org, admin, capsys):
    services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0))
    call_command("notify", "tick", "--now", "2026-01-09T10:00:00+08:00")
    assert "checkin_reminder: 0" in capsys.readouterr().out


def test_inactive_people_get_no_notices(bob, notify):
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert notify(bob) is None


def test_a_notice_from_another_organization_is_refused(bob, mallory, notify):
    with pytest.raises(NotFound):
        notify(bob, actor=mallory)
    assert not Notification.objects.exists()


def test_the_tick_runs_as_a_background_job(org, admin):
    from okrflow.notifications.tasks import tick_task

    services.save_cadence(admin, org, weekday=Weekday.FRIDAY, time=datetime.time(10, 0))
    result = tick_task.enqueue("2026-01-09T10:00:00+08:00")
    assert result.return_value == {"checkin_reminder": 0, "standup_nudge": 0, "weekly_summary": 0,
                                   "weekly_report": 0, "report_files_purged": 0, "retries": 0}


def test_a_mention_tells_the_person_who_mentioned_them_and_where(alice, bob,
                                                                 django_capture_on_commit_callbacks):
    bob.language = "en"
    with django_capture_on_commit_callbacks(execute=True):
        item = services.notify_mention(alice, bob, where="NPS 40 → 55", link="/kr/3/",
                                       excerpt="@bob can you?")
    assert (item.title, item.body, item.actor) == (
        "Alice 王 mentioned you in NPS 40 → 55", "@bob can you?", alice)
    assert mail.outbox[0].subject == "[okrflow] Alice 王 mentioned you in NPS 40 → 55"


def test_mentioning_yourself_sends_nothing(alice):
    assert services.notify_mention(alice, alice, where="x") is None
