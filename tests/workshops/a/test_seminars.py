"""Seminars: registration while it is open, sign-in on the day by the QR code's URL, the
attendance list, materials within the upload limits."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.workshops import scheduling, seminars
from okrflow.workshops.models import Material, Participant


@pytest.fixture
def seminar(schedule):
    return schedule(
        "seminar",
        title="OKR 研讨会",
        registration_open=True,
        starts_at=(timezone.now() + datetime.timedelta(minutes=5)).replace(microsecond=0),
    )


def test_anyone_of_the_organization_registers_once(seminar, carol, mallory):
    seat = seminars.register(carol, seminar)
    assert seat.registered_at is not None and seat.person == carol
    with pytest.raises(DomainError) as refused:
        seminars.register(carol, seminar)
    assert str(refused.value.message) == "You are already registered."
    with pytest.raises(NotFound):
        seminars.register(mallory, seminar)
    assert seminars.get_registrable(carol, seminar.pk) == seminar


def test_registration_closed_is_refused_and_stores_nothing(schedule, carol):
    workshop = schedule("seminar")
    with pytest.raises(DomainError) as refused:
        seminars.register(carol, workshop)
    assert str(refused.value.message) == "Registration for this meeting is closed."
    assert not Participant.objects.filter(person=carol).exists()
    with pytest.raises(NotFound):
        seminars.get_registrable(carol, workshop.pk)


def test_signing_in_on_the_day_by_the_code_and_twice_keeps_the_first_time(seminar, carol):
    seminars.register(carol, seminar)
    first = seminars.sign_in(carol, seminar, seminar.join_code)
    again = seminars.sign_in(carol, seminar, seminar.join_code.lower())
    assert first.signed_in_at is not None and again.signed_in_at == first.signed_in_at
    assert seminars.attendance(seminar)["signed_in"] == 1


def test_a_wrong_code_or_another_day_is_refused(seminar, carol):
    with pytest.raises(NotFound):
        seminars.sign_in(carol, seminar, "WRONG123")
    with pytest.raises(DomainError) as refused:
        seminars.sign_in(
            carol, seminar, seminar.join_code, now=seminar.starts_at - datetime.timedelta(days=2)
        )
    assert str(refused.value.message) == "Sign-in opens on the day of the meeting."
    assert not Participant.objects.filter(person=carol, signed_in_at__isnull=False).exists()


def test_a_walk_in_is_seated_only_while_registration_is_open(schedule, seminar, carol, admin):
    assert seminars.sign_in(carol, seminar, seminar.join_code).signed_in_at
    closed = schedule("seminar", starts_at=seminar.starts_at)
    with pytest.raises(DomainError) as refused:
        seminars.sign_in(carol, closed, closed.join_code)
    assert refused.value.code == "not_invited"


def test_the_qr_page_links_to_the_sign_in_url_and_scanning_it_signs_in(client, seminar, admin, carol):
    client.force_login(admin)
    screen = client.get(f"/workshops/{seminar.pk}/sign-in/")
    assert screen.status_code == 200
    page = screen.content.decode()
    assert f"/workshops/{seminar.pk}/sign-in/{seminar.join_code}/" in page and "<svg" in page
    client.force_login(carol)
    url = f"/workshops/{seminar.pk}/sign-in/{seminar.join_code}/"
    assert client.get(url).status_code == 200
    assert not Participant.objects.filter(person=carol).exists()  # a GET never writes
    assert client.post(url).status_code == 302
    assert Participant.objects.get(person=carol, workshop=seminar).signed_in_at is not None
    assert (
        client.get(f"/workshops/{seminar.pk}/sign-in/").status_code == 403
    )  # the screen is the facilitator's


def test_materials_links_and_files_within_the_limits(seminar, admin, bob, settings):
    link = seminars.add_material(admin, seminar, title="议程", url="https://example.com/agenda.pdf")
    assert link.url
    upload = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    material = seminars.add_material(admin, seminar, title="讲稿", upload=upload)
    assert material.file.name.endswith(".pdf")
    for fields, code in (
        ({"url": "ftp://x"}, "invalid"),
        ({}, "link_or_file"),
        ({"upload": SimpleUploadedFile("run.exe", b"MZ")}, "file_type"),
    ):
        with pytest.raises(DomainError) as refused:
            seminars.add_material(admin, seminar, title="坏", **fields)
        assert refused.value.code == code
    settings.OKRFLOW_MAX_BODY_BYTES = 64 * 1024 + 10
    with pytest.raises(DomainError) as refused:
        seminars.add_material(admin, seminar, title="大", upload=SimpleUploadedFile("big.pdf", b"x" * 11))
    assert refused.value.code == "too_large"
    with pytest.raises(AccessDenied):
        seminars.add_material(bob, seminar, title="x", url="https://example.com")
    assert Material.objects.count() == 2
    seminars.delete_material(admin, material)
    assert Material.objects.count() == 1


def test_a_seated_person_downloads_a_material_as_an_attachment(client, schedule, admin, bob, carol):
    workshop = schedule("seminar", participants=[bob])
    material = seminars.add_material(
        admin,
        workshop,
        title="讲稿",
        upload=SimpleUploadedFile("slides.pdf", b"%PDF-1.4", content_type="application/pdf"),
    )
    client.force_login(bob)
    response = client.get(f"/workshops/{workshop.pk}/materials/{material.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    client.force_login(carol)
    assert client.get(f"/workshops/{workshop.pk}/materials/{material.pk}/").status_code == 404


def test_a_cancelled_seminar_takes_no_registrations(seminar, admin, carol):
    scheduling.cancel(admin, seminar)
    with pytest.raises(DomainError):
        seminars.register(carol, seminar)
