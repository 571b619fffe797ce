"""Request and response shapes for the organization and its cycles.

Objects are named the way people and files name them: units and cycles by code, people by
id in URLs (emails change), references to people in bodies by id.
"""

import datetime
import re
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator, Strict, StrictBool
from pydantic_core import PydanticCustomError

from okrflow.cycles.models import CycleKind
from okrflow.org.models import Role

# Ids stay inside the database's integer range, so a wild number is a 422, not a crash.
# In URLs (text by nature) an id is parsed; in a JSON body it must be a JSON integer
# (strict: `true` is not the id 1, "7" not 7).
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
BodyId = Annotated[int, Strict(), Field(ge=1, le=2**63 - 1)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Position = Annotated[int, Strict(), Field(ge=0, le=2**31 - 1)]
Language = Literal["", "zh-hans", "en"]

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value):
    """Pydantic's lax dates take 0 (or "0") as 1970-01-01 and a datetime as its day; the
    API takes a date only as the text YYYY-MM-DD."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", str(_("Enter a date as YYYY-MM-DD.")))
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_text)]


class PersonRef(Schema):
    id: int
    email: str
    name: str


class PersonOut(Schema):
    id: int
    email: str
    name: str
    title: str
    unit: str | None = Field(None, description="The code of the person's primary unit.")
    manager: PersonRef | None = None
    role: Role
    is_backup_champion: bool
    language: str
    is_active: bool

    @staticmethod
    def resolve_unit(person):
        return person.unit.code if person.unit_id else None


class OrganizationOut(Schema):
    slug: str
    name: str


class MeOut(PersonOut):
    organization: OrganizationOut


class PersonIn(Schema):
    email: str = Field(max_length=254)
    name: str = Field(max_length=120)
    title: str = Field("", max_length=120)
    unit: Code | None = None
    manager_id: BodyId | None = None
    role: Role = Role.MEMBER
    is_backup_champion: StrictBool = False
    language: Language = ""


class PersonPatch(Schema):
    email: str | None = Field(None, max_length=254)
    name: str | None = Field(None, max_length=120)
    title: str | None = Field(None, max_length=120)
    unit: Code | None = None
    manager_id: BodyId | None = None
    role: Role | None = None
    is_backup_champion: StrictBool | None = None
    language: Language | None = None
    is_active: StrictBool | None = None


class PersonPage(Schema):
    items: list[PersonOut]
    count: int


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None = Field(None, description="The parent unit's code; null for the company root.")
    head: PersonRef | None = None
    position: int

    @staticmethod
    def resolve_parent(unit):
        return unit.parent.code if unit.parent_id else None


class UnitDetailOut(UnitOut):
    members: list[PersonRef]
    sub_units: list[UnitOut]

    @staticmethod
    def resolve_members(unit):
        # Loaded by the view in one query; the related manager would be a second one per call.
        return unit.members_list


class UnitIn(Schema):
    code: Code
    name: str = Field(max_length=200)
    parent: Code
    head_id: BodyId | None = None
    position: Position = 0


class UnitPatch(Schema):
    code: Code | None = None
    name: str | None = Field(None, max_length=200)
    parent: Code | None = Field(None, description="Move the unit under the unit with this code.")
    head_id: BodyId | None = None
    position: Position | None = None


class UnitPage(Schema):
    items: list[UnitOut]
    count: int


class CycleOut(Schema):
    code: str
    name: str
    kind: CycleKind
    start_date: datetime.date
    end_date: datetime.date
    parent: str | None = Field(None, description="The parent cycle's code.")

    @staticmethod
    def resolve_parent(cycle):
        return cycle.parent.code if cycle.parent_id else None


class CycleIn(Schema):
    code: Code
    name: str = Field(max_length=120)
    kind: CycleKind
    start_date: IsoDate
    end_date: IsoDate
    parent: Code | None = None


class CyclePatch(Schema):
    code: Code | None = None
    name: str | None = Field(None, max_length=120)
    kind: CycleKind | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    parent: Code | None = None


class CyclePage(Schema):
    items: list[CycleOut]
    count: int
