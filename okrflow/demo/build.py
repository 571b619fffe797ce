"""Builds the demo organization through the services (so it is valid by the same rules)."""

import datetime

from django.db import transaction
from django.utils import timezone

from okrflow.actors import SYSTEM
from okrflow.cycles.services import create_cycle
from okrflow.demo import DEMO_PASSWORD, DEMO_SLUG
from okrflow.demo.structure import CATEGORIES, CYCLES, PEOPLE, UNITS
from okrflow.org.models import Organization, Person
from okrflow.org.services import (
    create_organization,
    create_person,
    create_unit,
    update_mission_vision,
    update_unit,
)

# The company's mission and its vision for the next 3–5 years (the leadership step starts here).
MISSION = "用数字化让中小企业的每一天更高效。"
VISION = "五年内成为华东地区中小企业首选的数字化服务伙伴，服务一万家客户。"


@transaction.atomic
def build_demo(today: datetime.date | None = None, stdout=None) -> Organization:
    today = today or timezone.localdate()
    root_code, root_name, _ = UNITS[0]
    org = create_organization(slug=DEMO_SLUG, name=root_name, root_code=root_code)
    update_mission_vision(SYSTEM, org, mission=MISSION, vision=VISION)
    units = {root_code: org.root_unit()}
    for code, name, parent in UNITS[1:]:
        units[code] = create_unit(SYSTEM, org, code=code, name=name, parent=units[parent],
                                  position=len(units))
    people = _build_people(org, units)
    cycles = {}
    for code, name, kind, start, end, parent in CYCLES:
        cycles[code] = create_cycle(SYSTEM, org, code=code, name=name, kind=kind, start_date=start,
                                    end_date=end, parent=cycles.get(parent))
    _build_categories(org)
    _build_okrs(org, units, people, cycles, today)
    if stdout is not None:
        stdout.write(f"demo organization {org.name} ({org.slug}): {len(units)} units, {len(people)} people")
    return org


def _build_people(org, units) -> dict[str, Person]:
    people: dict[str, Person] = {}
    # Hashing the same password 40 times is slow; hash once and copy the result.
    template = Person()
    template.set_password(DEMO_PASSWORD)
    for email, name, title, unit, manager, role, heads in PEOPLE:
        person = create_person(SYSTEM, org, email=email, name=name, title=title, unit=units[unit],
                               manager=people.get(manager), role=role,
                               is_staff=(role == "admin"))
        person.password = template.password
        person.save(update_fields=["password"])
        people[email] = person
        if heads:
            update_unit(SYSTEM, units[heads], head=person)
    return people


def _build_categories(org) -> None:
    from okrflow.okrs.models import Category

    Category.objects.bulk_create(
        [Category(organization=org, name=name, position=i) for i, name in enumerate(CATEGORIES)])


def _build_okrs(org, units, people, cycles, today) -> None:
    from okrflow.demo.okrs import build_okrs

    build_okrs(org, units, people, cycles, today)
