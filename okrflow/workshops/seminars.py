"""Seminars (研讨会, seed 000): registration, sign-in on the day, the attendance list, materials.

Registration: while `registration_open`, anyone of the organization may register for the
meeting (a seat as participant, `registered_at`). Sign-in: on the meeting's day (or while it is
live) a person signs in by scanning the QR code on the projector, which opens the sign-in URL
with the meeting's join code; a walk-in of the organization is seated when registration is open.
Materials: links, or files within the request cap (OKRFLOW_MAX_BODY_BYTES) and of the kinds a
seminar shares, served only through the meeting's access check.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.actors import is_system
from okrflow.audit import log
from okrflow.errors import DomainError, NotFound, locked
from okrflow.workshops import access
from okrflow.workshops.log import record_event
from okrflow.workshops.models import Material, Participant, Role, State, Workshop
from okrflow.workshops.scheduling import normalize_code
from okrflow.writes import checked_text

MATERIAL_EXTENSIONS = frozenset(
    {
        ".pdf",
        ".pptx",
        ".ppt",
        ".docx",
        ".doc",
        ".xlsx",
        ".xls",
        ".txt",
        ".md",
        ".png",
        ".jpg",
        ".jpeg",
        ".zip",
    }
)
MAX_MATERIALS = 50


def max_material_bytes() -> int:
    # The whole request is capped (okrflow/ops/request_limits.py); leave room for the form's fields.
    return max(0, settings.OKRFLOW_MAX_BODY_BYTES - 64 * 1024)


def open_for_registration(actor):
    """The meetings of the actor's organization that take registrations."""
    return Workshop.objects.for_org(actor.organization).filter(registration_open=True, state=State.SCHEDULED)


def get_registrable(actor, pk) -> Workshop:
    """A meeting the actor may see, or one open for registration; else NotFound."""
    try:
        return access.get_workshop(actor, pk)
    except NotFound:
        workshop = open_for_registration(actor).filter(pk=pk).first() if str(pk).isdigit() else None
        if workshop is None:
            raise
        return workshop


def _person_seat(workshop, person):
    return Participant.objects.select_for_update().filter(workshop=workshop, person=person).first()


@transaction.atomic
def register(actor, workshop, *, now=None) -> Participant:
    """Register the acting person for a meeting that takes registrations."""
    if is_system(actor) or actor.organization_id != workshop.organization_id:
        raise NotFound()
    workshop = locked(Workshop.objects.for_org(workshop.organization_id), pk=workshop.pk)
    if not workshop.registration_open or workshop.state != State.SCHEDULED:
        raise DomainError("closed", _("Registration for this meeting is closed."))
    now = now or timezone.now()
    seat = _person_seat(workshop, actor)
    if seat is not None and seat.registered_at is not None:
        raise DomainError("already", _("You are already registered."))
    if seat is None:
        seat = Participant.objects.create(
            organization_id=workshop.organization_id,
            workshop=workshop,
            person=actor,
            role=Role.PARTICIPANT,
            registered_at=now,
        )
    else:
        seat.registered_at = now
        seat.save(update_fields=["registered_at"])
    log.record(seat, "workshop.register", actor=actor, changes={"registered_at": [None, now]})
    record_event(workshop, "participants", "registered", {"participant": seat.pk}, actor=seat)
    return seat


def _on_the_day(workshop, now) -> bool:
    return workshop.state == State.LIVE or (
        workshop.state == State.SCHEDULED
        and timezone.localdate(now) == timezone.localdate(workshop.starts_at)
    )


@transaction.atomic
def sign_in(actor, workshop, code, *, now=None) -> Participant:
    """Sign the acting person in (the QR code's URL carries the meeting's join code). Signing in
    twice keeps the first time."""
    if is_system(actor) or actor.organization_id != workshop.organization_id:
        raise NotFound()
    workshop = locked(Workshop.objects.for_org(workshop.organization_id), pk=workshop.pk)
    if normalize_code(code) != workshop.join_code:
        raise NotFound()
    now = now or timezone.now()
    if not _on_the_day(workshop, now):
        raise DomainError("not_today", _("Sign-in opens on the day of the meeting."))
    seat = _person_seat(workshop, actor)
    if seat is None:
        if not workshop.registration_open:
            raise DomainError(
                "not_invited", _("You are not on the list of this meeting; ask the facilitator.")
            )
        seat = Participant.objects.create(
            organization_id=workshop.organization_id,
            workshop=workshop,
            person=actor,
            role=Role.PARTICIPANT,
            registered_at=now,
        )
    if seat.signed_in_at is not None:
        return seat
    seat.signed_in_at = now
    seat.save(update_fields=["signed_in_at"])
    log.record(seat, "workshop.sign_in", actor=actor, changes={"signed_in_at": [None, now]})
    record_event(workshop, "participants", "signed_in", {"participant": seat.pk}, actor=seat)
    return seat


def attendance(workshop) -> dict:
    """Who was invited or registered, who signed in: the seats in order, with counts."""
    seats = list(
        Participant.objects.filter(workshop=workshop)
        .select_related("person", "invited_unit")
        .order_by("role", "id")
    )
    return {
        "seats": seats,
        "total": len(seats),
        "registered": sum(1 for s in seats if s.registered_at),
        "signed_in": sum(1 for s in seats if s.signed_in_at),
    }


# --- materials -------------------------------------------------------------------------------------


def _checked_upload(upload) -> None:
    if Path(upload.name or "").suffix.lower() not in MATERIAL_EXTENSIONS:
        raise DomainError(
            "file_type",
            _("Attach a document, a presentation, a spreadsheet, an image or a zip file."),
            field="file",
        )
    if upload.size > max_material_bytes():
        raise DomainError(
            "too_large",
            _("The file is larger than {size} MB.").format(size=max_material_bytes() // (1024 * 1024)),
            field="file",
        )


@transaction.atomic
def add_material(actor, workshop, *, title, url="", upload=None) -> Material:
    """A link or an uploaded file for the meeting (its facilitator and managers)."""
    workshop = locked(Workshop.objects.for_org(workshop.organization_id), pk=workshop.pk)
    access.require_manage(actor, workshop)
    title = checked_text(title, field="title", limit=200, required=True)
    url = checked_text(url, field="url", limit=500)
    if bool(url) == bool(upload):
        raise DomainError("link_or_file", _("Give either a link or a file."), field="url")
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise DomainError(
                "invalid", _("Enter a web address starting with https://."), field="url"
            ) from None
    else:
        _checked_upload(upload)
    if Material.objects.filter(workshop=workshop).count() >= MAX_MATERIALS:
        raise DomainError(
            "too_many", _("A meeting holds at most {limit} materials.").format(limit=MAX_MATERIALS)
        )
    material = Material(organization_id=workshop.organization_id, workshop=workshop, title=title, url=url)
    if upload:
        material.file.save(Path(upload.name).name, upload, save=False)
    material.save()
    log.record(material, "workshop.add_material", actor=actor, changes={"title": [None, title]})
    record_event(workshop, "materials", "added", {"material": material.pk})
    return material


@transaction.atomic
def delete_material(actor, material) -> None:
    workshop = locked(Workshop.objects.for_org(material.organization_id), pk=material.workshop_id)
    access.require_manage(actor, workshop)
    log.record(material, "workshop.delete_material", actor=actor, changes={"title": [material.title, None]})
    record_event(workshop, "materials", "deleted", {"material": material.pk})
    stored = material.file.name
    material.delete()
    if stored:
        transaction.on_commit(lambda: material.file.storage.delete(stored))


def get_for_sign_in(actor, pk, code) -> Workshop:
    """The meeting of the actor's organization whose sign-in URL this is (the QR code carries the
    join code), seated or not; NotFound for a wrong code."""
    workshop = (
        Workshop.objects.for_org(actor.organization).filter(pk=pk).first() if str(pk).isdigit() else None
    )
    if workshop is None or normalize_code(code) != workshop.join_code:
        raise NotFound()
    return workshop
