"""The daily stand-up: my entry, the team's day, and obstacles taken out as follow-ups."""

from okrflow.meetings.models import FollowUp, FollowUpStatus, StandupEntry
from okrflow.meetings.standups import save_standup


def test_a_member_posts_a_stand_up_and_posting_again_updates_it(login, bob, today):
    client = login(bob)
    assert client.get("/standup/").status_code == 200
    response = client.post("/standup/", {"yesterday": "完成压测", "today": "修复慢查询", "blockers": ""})
    assert response.status_code == 302
    client.post("/standup/", {"yesterday": "完成压测", "today": "修复慢查询和索引", "blockers": "等DBA"})
    entry = StandupEntry.objects.get(person=bob, date=today)
    assert entry.today == "修复慢查询和索引" and entry.blockers == "等DBA"
    page = client.get("/standup/").content.decode()
    assert "修复慢查询和索引" in page and "Update my stand-up" in page


def test_an_empty_stand_up_is_refused_with_a_message(login, bob):
    response = login(bob).post("/standup/", {"yesterday": " ", "today": "", "blockers": ""})
    assert response.status_code == 200
    assert "Write at least one line" in response.content.decode()
    assert not StandupEntry.objects.exists()


def test_the_team_page_shows_todays_entries_and_who_is_missing(login, alice, bob, today):
    save_standup(bob, yesterday="完成压测", today="修复慢查询", blockers="等DBA")
    response = login(bob).get("/units/TECH/standup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [e.person for e in response.context["standup"].entries] == [bob]
    assert response.context["standup"].missing == [alice]
    assert "修复慢查询" in html and "Alice 王" in html


def test_an_earlier_day_can_be_shown(login, bob, today):
    response = login(bob).get("/units/TECH/standup/?date=2026-01-05")
    assert response.status_code == 200 and str(response.context["day"]) == "2026-01-05"


def test_the_head_turns_an_obstacle_into_a_follow_up_with_an_owner_and_closes_it(login, alice, bob):
    entry = save_standup(bob, today="修复慢查询", blockers="等DBA开权限")
    client = login(alice)
    assert "Make it a follow-up" in client.get("/units/TECH/standup/").content.decode()
    response = client.post(f"/standup/entries/{entry.pk}/follow-up/", {"owner": alice.pk})
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.text, follow_up.owner, follow_up.status) == ("等DBA开权限", alice, FollowUpStatus.OPEN)
    assert "等DBA开权限" in client.get("/units/TECH/standup/").content.decode()
    client.post(f"/follow-ups/{follow_up.pk}/close/")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE


def test_someone_who_does_not_lead_the_author_cannot_make_a_follow_up(login, alice, bob, carol):
    entry = save_standup(bob, blockers="等DBA")
    response = login(carol).post(f"/standup/entries/{entry.pk}/follow-up/", {"owner": carol.pk})
    assert response.status_code == 403 and not FollowUp.objects.exists()


def test_a_member_of_another_unit_cannot_open_the_teams_stand_up(login, carol, bob):
    assert login(carol).get("/units/TECH/standup/").status_code == 403


def test_another_organization_sees_no_stand_ups(login, mallory, bob):
    entry = save_standup(bob, blockers="等DBA")
    client = login(mallory)
    assert client.get("/units/TECH/standup/").status_code == 404
    assert client.post(f"/standup/entries/{entry.pk}/follow-up/", {"owner": mallory.pk}).status_code == 404


def test_the_team_shortcuts_lead_to_the_persons_own_unit(login, bob):
    client = login(bob)
    assert client.get("/team/standup/")["Location"] == "/units/TECH/standup/"
    assert client.get("/team/weekly/")["Location"] == "/units/TECH/weekly/"
    assert 'href="/checkin/"' in client.get("/standup/").content.decode()  # the navbar entry


def test_only_leaders_get_the_link_to_the_team_weekly_from_the_stand_up(login, alice, bob):
    assert 'href="/units/TECH/weekly/"' in login(alice).get("/units/TECH/standup/").content.decode()
    assert 'href="/units/TECH/weekly/"' not in login(bob).get("/units/TECH/standup/").content.decode()
