"""Request and response shapes for objectives, key results and check-ins.

Values travel as JSON numbers; the services store them as decimals (4 places) and refuse
what does not fit. Scores are computed by okrflow.okrs.scoring and attached by the routers.
"""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import Strict

from okrflow.api.schemas import BodyId, IsoDate, PersonRef
from okrflow.okrs.models import KeyResultKind, ObjectiveStatus, Origin, Visibility

# Inside what a 20-digit, 4-place decimal column holds; finer digits are refused by the service.
# Strict: a JSON number only (`true` is not 1, "5" not 5); an integer is a number too.
Value = Annotated[float, Strict(), Field(ge=-1e15, le=1e15, allow_inf_nan=False)]
Weight = Annotated[float, Strict(), Field(gt=0, le=99999, allow_inf_nan=False)]
Confidence = Annotated[int, Strict(), Field(ge=0, le=100)]
Ref = Annotated[str, Field(min_length=1, max_length=64)]
OWNER_HELP = "company, unit:CODE or person:EMAIL"
GRADE_HELP = "poor, fair, good or excellent under the organization's grade bands; null without a score."


class KeyResultOut(Schema):
    id: int
    objective: int = Field(description="The id of the objective.")
    ref: str
    title: str
    kind: KeyResultKind
    start_value: float
    target_value: float
    current_value: float
    confidence: int | None
    unit: str
    weight: float
    owner: PersonRef | None
    due_date: datetime.date | None
    last_checkin_date: datetime.date | None
    version: int
    score: float = Field(description="0.0-1.0 by the one scoring rule.")

    @staticmethod
    def resolve_objective(kr):
        return kr.objective_id


class KeyResultDetailOut(KeyResultOut):
    can_edit: bool
    can_check_in: bool


class KeyResultIn(Schema):
    title: str = Field(max_length=200)
    kind: KeyResultKind = KeyResultKind.NUMBER
    start_value: Value = 0
    target_value: Value
    unit: str = Field("", max_length=20)
    weight: Weight = 1
    owner_id: BodyId | None = None
    due_date: IsoDate | None = None
    ref: Ref | None = None


class KeyResultPatch(Schema):
    title: str | None = Field(None, max_length=200)
    kind: KeyResultKind | None = None
    start_value: Value | None = None
    target_value: Value | None = None
    unit: str | None = Field(None, max_length=20)
    weight: Weight | None = None
    owner_id: BodyId | None = None
    due_date: IsoDate | None = None
    ref: Ref | None = None


class ObjectiveOut(Schema):
    id: int
    ref: str
    title: str
    description: str
    cycle: str = Field(description="The cycle's code.")
    owner: str = Field(description=OWNER_HELP)
    owner_name: str
    category: str | None
    origin: Origin
    visibility: Visibility
    status: ObjectiveStatus
    parent_objective: int | None
    parent_key_result: int | None
    version: int
    score: float | None = Field(description="Σ weight × KR score / Σ weight; null without key results.")
    grade: str | None = Field(description=GRADE_HELP)
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_cycle(objective):
        return objective.cycle.code

    @staticmethod
    def resolve_owner(objective):
        if objective.owner_person_id:
            return f"person:{objective.owner_person.email}"
        unit = objective.owner_unit
        return "company" if unit.parent_id is None else f"unit:{unit.code}"

    @staticmethod
    def resolve_owner_name(objective):
        return str(objective.owner)

    @staticmethod
    def resolve_category(objective):
        return objective.category.name if objective.category_id else None

    @staticmethod
    def resolve_parent_objective(objective):
        return objective.parent_objective_id

    @staticmethod
    def resolve_parent_key_result(objective):
        return objective.parent_key_result_id


class ObjectiveDetailOut(ObjectiveOut):
    can_edit: bool
    owner_agreed_at: datetime.datetime | None = Field(description="When the owner side accepted (Set step).")
    manager_agreed_at: datetime.datetime | None = Field(description="When the manager side accepted.")
    confirmed_at: datetime.datetime | None = Field(
        description="When the company head confirmed (a department's objective).")
    key_results: list[KeyResultOut]

    @staticmethod
    def resolve_key_results(objective):
        # Loaded with their owners and scored by the view: no query per key result.
        return objective.key_results_list


class ObjectivePage(Schema):
    items: list[ObjectiveOut]
    count: int = Field(description="How many objectives match, counted up to 10,000; "
                                   "when `count_capped` is true there are more.")
    count_capped: bool = Field(False, description="The count stopped at 10,000.")


class ObjectiveIn(Schema):
    cycle: str = Field(min_length=1, max_length=40, description="The cycle's code.")
    owner: str | None = Field(None, max_length=300, description=OWNER_HELP + "; default: yourself.")
    title: str = Field(max_length=200)
    description: str = ""
    ref: Ref | None = None
    category: str | None = Field(None, max_length=80, description="A business category's name.")
    origin: Origin = Origin.TOP_DOWN
    visibility: Visibility = Visibility.PUBLIC
    parent_objective_id: BodyId | None = None
    parent_key_result_id: BodyId | None = None


class ObjectivePatch(Schema):
    cycle: str | None = Field(None, min_length=1, max_length=40)
    owner: str | None = Field(None, max_length=300, description=OWNER_HELP)
    title: str | None = Field(None, max_length=200)
    description: str | None = None
    ref: Ref | None = None
    category: str | None = Field(None, max_length=80)
    origin: Origin | None = None
    visibility: Visibility | None = None
    status: ObjectiveStatus | None = None
    parent_objective_id: BodyId | None = None
    parent_key_result_id: BodyId | None = None


class CheckInOut(Schema):
    id: int
    date: datetime.date
    value: float
    confidence: int | None
    note: str
    author: PersonRef | None
    created_at: datetime.datetime


class CheckInPage(Schema):
    items: list[CheckInOut]
    count: int


class CheckInIn(Schema):
    value: Value
    confidence: Confidence | None = None
    note: str = Field("", max_length=4000)
    date: IsoDate | None = Field(None, description="Default: today.")


class CheckInCreatedOut(Schema):
    check_in: CheckInOut
    key_result: KeyResultOut


class FindingOut(Schema):
    code: str
    severity: str = Field(description="error, warning or info")
    ref: str = Field(description="An objective's or key result's ref, an owner or the cycle's code.")
    message: str


class FindingList(Schema):
    items: list[FindingOut]
    count: int
