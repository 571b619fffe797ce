"""The pages of what comes out of a meeting: promotion, the claim panel, minutes with decisions and
action items, feedback and its summary; guests through their session key, never a 5xx."""

import pytest
from django.urls import reverse

from okrflow.meetings.models import ActionItem
from okrflow.okrs.models import Objective
from okrflow.workshops.models import Claim, Decision, Feedback, State
from okrflow.workshops.seats import GUEST_SESSION_KEY
from tests.okrs.factories import make_key_result, make_objective
from tests.workshops.d.conftest import column, group, seat


@pytest.fixture
def room(workshop, alice, bob):
    seat(workshop, alice)
    seat(workshop, bob)
    return workshop


def _guest(client, workshop, name="访客小林"):
    guest = seat(workshop, guest_name=name)
    session = client.session
    session[GUEST_SESSION_KEY] = {str(workshop.pk): guest.guest_key}
    session.save()
    return guest


def _end(workshop):
    workshop.state = State.ENDED
    workshop.save(update_fields=["state"])


def test_the_facilitator_promotes_the_ranked_results_from_the_page(client, room, admin, annual_goal):
    column(room, group=group(room, 1), title="客户满意度显著提升", rank=1)
    client.force_login(admin)
    url = reverse("workshop_promote", args=[room.pk])

    assert "客户满意度显著提升" in client.get(url).content.decode()
    response = client.post(url, {"kind": "objective", "cycle": room.cycle_id, "parent": annual_goal.pk,
                                 "owner_unit": room.organization.root_unit().pk})

    assert response.status_code == 302
    draft = Objective.objects.get(title="客户满意度显著提升")
    assert draft.parent_objective == annual_goal and draft.status == "draft"


def test_a_refused_promotion_says_why_and_stores_nothing(client, room, admin):
    column(room, group=group(room, 1), rank=1)  # never written up
    client.force_login(admin)

    response = client.post(reverse("workshop_promote", args=[room.pk]), {"kind": "objective"})

    assert response.status_code == 200 and "Write up every chosen column" in response.content.decode()
    assert not Objective.objects.filter(cycle=room.cycle).exists()


def test_a_parent_of_another_cycle_is_refused_on_the_page(client, room, admin, q1):
    column(room, group=group(room, 1), title="有标题的结果", rank=1)
    quarterly = make_objective(q1, title="同季度的目标")
    client.force_login(admin)

    response = client.post(reverse("workshop_promote", args=[room.pk]), {"parent": quarterly.pk})

    assert response.status_code == 200 and "Choose from the lists." in response.content.decode()


def test_a_participant_is_refused_the_promotion_page(client, room, bob):
    client.force_login(bob)
    assert client.get(reverse("workshop_promote", args=[room.pk])).status_code == 403


def test_another_organization_finds_no_meeting(client, room, mallory):
    client.force_login(mallory)
    for name in ("workshop_promote", "workshop_minutes", "workshop_claim_panel", "workshop_feedback",
                 "workshop_feedback_summary"):
        assert client.get(reverse(name, args=[room.pk])).status_code == 404, name


def test_a_department_head_claims_in_the_panel(client, room, alice, tech, q1):
    goal = make_objective(q1, title="客户满意度显著提升", status="draft")
    client.force_login(alice)
    url = reverse("workshop_claim_panel", args=[room.pk])

    page = client.get(url).content.decode()
    assert "客户满意度显著提升" in page and 'name="how_much"' in page
    response = client.post(url, {"unit": tech.pk, "target": f"objective:{goal.pk}",
                                 "what": "研发交付周期缩短一半", "why": "客户等不起"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200 and "技术中心" in response.content.decode()
    assert Claim.objects.get().draft.parent_objective == goal


def test_a_refused_claim_keeps_what_was_typed(client, room, alice, tech, q1):
    goal = make_objective(q1, title="客户满意度显著提升")
    client.force_login(alice)

    response = client.post(reverse("workshop_claim_panel", args=[room.pk]),
                           {"unit": tech.pk, "target": f"objective:{goal.pk}", "what": "",
                            "why": "客户等不起"})

    page = response.content.decode()
    assert response.status_code == 200 and "This field is required." in page and "客户等不起" in page
    assert not Claim.objects.exists()


def test_a_member_sees_the_claims_but_no_form_and_cannot_post(client, room, bob, tech, q1):
    make_objective(q1, title="客户满意度显著提升")
    client.force_login(bob)
    url = reverse("workshop_claim_panel", args=[room.pk])

    assert 'name="what"' not in client.get(url).content.decode()
    assert client.post(url, {"unit": tech.pk, "what": "偷偷认领"}).status_code == 403


def test_a_guest_sees_the_claim_panel_through_their_session(client, room, q1):
    make_objective(q1, title="公开的公司目标")
    _guest(client, room)

    response = client.get(reverse("workshop_claim_panel", args=[room.pk]) + "?screen=1")

    assert response.status_code == 200 and "公开的公司目标" in response.content.decode()


def test_minutes_wait_for_the_end_for_the_room_but_not_for_the_facilitator(client, room, admin, bob):
    url = reverse("workshop_minutes", args=[room.pk])
    client.force_login(bob)
    assert client.get(url).status_code == 403
    client.force_login(admin)
    assert "A preview" in client.get(url).content.decode()
    _end(room)
    client.force_login(bob)
    page = client.get(url).content.decode()
    assert "Attendance" in page and 'id="decision-form"' not in page


def test_the_facilitator_records_decisions_and_action_items_from_the_minutes(client, room, admin, bob, q1):
    kr = make_key_result(make_objective(q1, owner=bob, title="构建更快"), title="构建时间降到十分钟")
    client.force_login(admin)

    client.post(reverse("workshop_decision_add", args=[room.pk]), {"text": "各部门周五前提交"})
    response = client.post(reverse("workshop_action_add", args=[room.pk]),
                           {"title": "搭建并行测试", "key_result": kr.pk, "owner": bob.pk,
                            "due_date": "2026-02-06"})

    assert response.status_code == 302
    assert Decision.objects.get().text == "各部门周五前提交"
    item = ActionItem.objects.get()
    client.force_login(bob)
    assert "搭建并行测试" in client.get(reverse("my_tasks")).content.decode() and item.owner == bob


def test_a_bad_due_date_is_a_message_not_a_crash(client, room, admin, bob, q1):
    kr = make_key_result(make_objective(q1, owner=bob, title="构建更快"))
    client.force_login(admin)

    response = client.post(reverse("workshop_action_add", args=[room.pk]),
                           {"title": "任务", "key_result": kr.pk, "due_date": "not-a-date"}, follow=True)

    assert response.status_code == 200 and not ActionItem.objects.exists()


def test_a_participant_cannot_record_or_send(client, room, bob):
    client.force_login(bob)
    for name in ("workshop_decision_add", "workshop_action_add", "workshop_minutes_send"):
        assert client.post(reverse(name, args=[room.pk]), {"text": "x"}).status_code == 403, name
    assert not Decision.objects.exists()


def test_sending_the_minutes_twice_from_the_page_says_it_was_sent(client, room, admin):
    _end(room)
    client.force_login(admin)
    url = reverse("workshop_minutes_send", args=[room.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert "already sent" in response.content.decode()


def test_a_guest_gives_feedback_once(client, room, admin):
    _end(room)
    _guest(client, room)
    url = reverse("workshop_feedback", args=[room.pk])

    assert client.post(url, {"rating": "9"}).status_code == 200 and not Feedback.objects.exists()
    assert client.post(url, {"rating": "4", "comment": "希望多些案例"}).status_code == 302
    assert "Thank you" in client.get(url).content.decode()
    client.post(url, {"rating": "1"})
    assert list(Feedback.objects.values_list("rating", flat=True)) == [4]

    client.force_login(admin)
    summary = client.get(reverse("workshop_feedback_summary", args=[room.pk])).content.decode()
    assert "希望多些案例" in summary and "访客小林" not in summary


def test_only_the_facilitator_reads_the_summary(client, room, bob):
    client.force_login(bob)
    assert client.get(reverse("workshop_feedback_summary", args=[room.pk])).status_code == 403


def test_anonymous_visitors_without_a_seat_get_404_on_room_doors(client, room):
    for name in ("workshop_minutes", "workshop_claim_panel", "workshop_feedback"):
        assert client.get(reverse(name, args=[room.pk])).status_code == 404, name
