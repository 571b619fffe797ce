"""The weekly meetings: generated agendas and a short record of notes and decisions."""

from okrflow.meetings.models import MeetingDecision, WeeklyMeeting
from okrflow.meetings.weekly_updates import submit_weekly


def test_the_department_weekly_shows_the_agenda_with_drops_and_records_a_decision(login, alice, bob,
                                                                                   bobs_krs):
    submit_weekly(bob, [(bobs_krs.krs[1], 40, 20, "大客户流失")])
    client = login(alice)
    response = client.get("/units/TECH/meetings/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "80% → 20%: what changed?" in html and "大客户流失" in html
    assert not WeeklyMeeting.objects.exists()  # only read so far
    response = client.post("/units/TECH/meetings/", {"form": "decision", "decision-text": "周五前完成扩容",
                                                     "decision-owner": "bob@acme.test"})
    assert response.status_code == 302
    decision = MeetingDecision.objects.get()
    assert (decision.text, decision.owner, decision.meeting.unit.code) == ("周五前完成扩容", bob, "TECH")
    client.post("/units/TECH/meetings/", {"form": "notes", "notes": "25% 时间看进展"})
    page = client.get("/units/TECH/meetings/").content.decode()
    assert "周五前完成扩容" in page and "25% 时间看进展" in page


def test_a_decision_needs_its_text_and_a_known_owner(login, alice, bob):
    response = login(alice).post("/units/TECH/meetings/", {"form": "decision", "decision-text": "",
                                                            "decision-owner": "nobody@acme.test"})
    assert response.status_code == 200 and not MeetingDecision.objects.exists()
    assert "No one with this email works in your organization." in response.content.decode()


def test_the_management_weekly_lists_company_okrs_for_admins(login, admin, now_cycle):
    response = login(admin).get("/meetings/management/")
    assert response.status_code == 200 and "Management weekly" in response.content.decode()


def test_members_cannot_open_the_meetings_and_other_orgs_do_not_see_them(login, bob, mallory, alice):
    assert login(bob).get("/units/TECH/meetings/").status_code == 403
    assert login(bob).get("/meetings/management/").status_code == 403
    assert login(mallory).get("/units/TECH/meetings/").status_code == 404
