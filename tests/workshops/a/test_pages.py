"""The meetings pages: the list, the schedule form (what it refuses stores nothing), a meeting's
page before it runs, the templates pages with drag to reorder."""

import datetime

from django.utils import timezone

from okrflow.workshops import agendas
from okrflow.workshops.models import Participant, TemplateItem, Workshop


def test_the_list_shows_upcoming_and_past_meetings_the_reader_may_see(client, schedule, admin, bob, carol):
    mine = schedule("standup", title="技术站会", participants=[bob])
    schedule("standup", title="销售站会", participants=[carol])
    client.force_login(bob)
    page = client.get("/workshops/").content.decode()
    assert "技术站会" in page and "销售站会" not in page
    assert f"/workshops/{mine.pk}/" in page
    assert "Schedule a meeting" not in page  # bob heads nothing


def test_the_navbar_has_meetings(client, bob):
    client.force_login(bob)
    assert 'href="/workshops/"' in client.get("/").content.decode()


def test_scheduling_through_the_form(client, templates, admin, alice, tech):
    client.force_login(admin)
    form = client.get(f"/workshops/new/?template={templates['company_workshop'].pk}")
    assert form.status_code == 200 and "Company OKR workshop" in form.content.decode()
    start = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT09:00")
    response = client.post(
        "/workshops/new/",
        {
            "template": templates["company_workshop"].pk,
            "title": "2027 公司 OKR 研讨会",
            "starts_at": start,
            "place": "总部 5 楼",
            "video_link": "",
            "facilitator": "admin@acme.test",
            "participants": "alice@acme.test",
            "units": [tech.pk],
            "observers": "",
            "description": "",
            "guests_allowed": "on",
        },
    )
    workshop = Workshop.objects.get(title="2027 公司 OKR 研讨会")
    assert response.status_code == 302 and response["Location"] == f"/workshops/{workshop.pk}/"
    assert workshop.guests_allowed and workshop.items.exists()


def test_the_form_shows_what_is_wrong_and_stores_nothing(client, templates, admin):
    client.force_login(admin)
    response = client.post(
        "/workshops/new/",
        {
            "template": templates["standup"].pk,
            "title": "站会",
            "starts_at": "2020-01-01T09:00",
            "facilitator": "admin@acme.test",
            "participants": "nobody@acme.test alice@acme.test",
        },
    )
    assert response.status_code == 200
    assert "No one with this email works in your organization: nobody@acme.test" in response.content.decode()
    response = client.post(
        "/workshops/new/",
        {
            "template": templates["standup"].pk,
            "title": "站会",
            "starts_at": "2020-01-01T09:00",
            "facilitator": "admin@acme.test",
        },
    )
    assert "The meeting cannot start in the past." in response.content.decode()
    assert not Workshop.objects.exists()


def test_the_meetings_page_shows_the_planned_times_the_code_and_the_way_in(client, schedule, admin, bob):
    start = (timezone.localtime() + datetime.timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    workshop = schedule("standup", participants=[bob], guests_allowed=True, starts_at=start)
    client.force_login(admin)
    page = client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert "09:00" in page and "09:12" in page and "09:15" in page  # 12 + 3 minutes
    assert workshop.join_code in page and "<svg" in page
    assert f'href="/workshops/{workshop.pk}/room/"' in page
    assert "Sent" in page  # the invitations' status, for the facilitator
    client.force_login(bob)
    page = client.get(f"/workshops/{workshop.pk}/").content.decode()
    assert f'href="/workshops/{workshop.pk}/room/"' in page
    assert workshop.join_code not in page  # the guests' code is the facilitator's to hand out


def test_the_templates_pages_and_drag_to_reorder(client, templates, admin, alice):
    client.force_login(admin)
    assert "Team co-creation" in client.get("/workshops/templates/").content.decode()
    template = templates["standup"]
    page = client.get(f"/workshops/templates/{template.pk}/").content.decode()
    assert "data-sortable" in page
    first, second = agendas.agenda_of(template)
    response = client.post(
        f"/workshops/templates/{template.pk}/reorder/",
        {"item": [second.pk, first.pk]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert [i.pk for i in agendas.agenda_of(template)] == [second.pk, first.pk]
    client.force_login(alice)
    assert "data-sortable" not in client.get(f"/workshops/templates/{template.pk}/").content.decode()
    assert (
        client.post(
            f"/workshops/templates/{template.pk}/reorder/", {"item": [first.pk, second.pk]}
        ).status_code
        == 403
    )


def test_adding_and_editing_an_item_from_the_page(client, templates, admin):
    client.force_login(admin)
    template = templates["standup"]
    client.post(
        f"/workshops/templates/{template.pk}/items/",
        {"new-title": "复盘", "new-minutes": "5", "new-method": "qa"},
    )
    item = TemplateItem.objects.get(template=template, title="复盘")
    client.post(
        f"/workshops/templates/{template.pk}/items/{item.pk}/",
        {f"item{item.pk}-title": "复盘一下", f"item{item.pk}-minutes": "7", f"item{item.pk}-method": "talk"},
    )
    item.refresh_from_db()
    assert (item.title, item.minutes, item.method) == ("复盘一下", 7, "talk")
    response = client.post(
        f"/workshops/templates/{template.pk}/items/", {"new-title": "", "new-minutes": "0"}, follow=True
    )
    assert "This field is required." in response.content.decode()


def test_inviting_and_removing_from_the_meetings_page(client, schedule, admin, bob, carol):
    workshop = schedule("standup", participants=[bob])
    client.force_login(admin)
    response = client.post(
        f"/workshops/{workshop.pk}/participants/", {"participants": "carol@acme.test"}, follow=True
    )
    assert "1 people invited." in response.content.decode()
    seat = Participant.objects.get(workshop=workshop, person=carol)
    client.post(f"/workshops/{workshop.pk}/participants/{seat.pk}/remove/")
    assert not Participant.objects.filter(pk=seat.pk).exists()
    response = client.post(
        f"/workshops/{workshop.pk}/participants/", {"participants": "bob@acme.test"}, follow=True
    )
    assert "Bob 李 is already invited." in response.content.decode()
