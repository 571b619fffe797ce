"""Who the reads are measured for, picked from the imported company (a worker step, in Django).

Issue 8: an admin skips the expensive access path, so the bench measures six personas side by
side — the admin, the OKR champion, the CEO (head of the root unit with a plain manager role),
the head of the biggest first-level department, the manager of a small team, and a member.
Each gets a usable password (the importer creates people without one) so that the web pages can
be read with a logged-in session, and a sample of objective ids they may see.
"""

import random

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.urls import reverse

from okrflow.bench.company import ADMIN_EMAIL, CHAMPION_EMAIL, PERSONA_PASSWORD
from okrflow.okrs.models import Objective, Visibility
from okrflow.org.models import Person, Role, Unit


def _people_below(unit: Unit) -> int:
    return Person.objects.filter(unit__path__startswith=unit.path).count()


def _biggest_department(root: Unit) -> tuple[Unit, int]:
    sizes = [(_people_below(unit), unit.pk, unit) for unit in root.children.select_related("head")]
    size, _pk, unit = max(sizes)
    return unit, size


def _small_team() -> Unit:
    """The smallest leaf unit that has a head and at least one other member."""
    teams = (Unit.objects.filter(children__isnull=True, head__isnull=False)
             .annotate(size=Count("members")).filter(size__gte=2).select_related("head"))
    return teams.order_by("size", "pk").first()


def pick() -> list[dict]:
    """The six personas as (key, label, person, unit, people at or below them)."""
    root = Unit.objects.select_related("head").get(parent__isnull=True)
    department, department_size = _biggest_department(root)
    team = _small_team()
    members = Person.objects.filter(role=Role.MEMBER, headed_units__isnull=True)
    member = members.order_by("pk").first()
    everyone = Person.objects.count()
    chosen = [
        ("admin", "admin", Person.objects.get(email=ADMIN_EMAIL), root, everyone),
        ("champion", "OKR champion", Person.objects.get(email=CHAMPION_EMAIL), root, everyone),
        ("ceo", "CEO (head of the root unit, manager role)", root.head, root, everyone),
        ("department_head", f"head of the biggest department ({department.code})",
         department.head, department, department_size),
        ("team_manager", f"manager of a small team ({team.code})", team.head, team,
         _people_below(team)),
        ("member", "member", member, member.unit, 1),
    ]
    return [{"key": key, "label": label, "person": person, "unit": unit, "people": people}
            for key, label, person, unit, people in chosen]


def _in_scope(person: Person, unit: Unit):
    """Objectives owned at or below the persona: their unit's subtree or their manager chain."""
    below = Q(owner_person__manager_path__startswith=person.manager_path) | Q(owner_person=person)
    if unit.head_id == person.pk or person.is_org_admin or person.role == Role.CHAMPION:
        below |= Q(owner_unit__path__startswith=unit.path)
    return below


def sample_objectives(person: Person, unit: Unit, count: int, rng: random.Random) -> list[int]:
    """`count` public objective ids: half owned at or below the persona (where their rights are
    decided by the tree), half from the whole company."""
    public = Objective.objects.filter(visibility=Visibility.PUBLIC)
    everywhere = list(public.values_list("pk", flat=True))
    mine = list(public.filter(_in_scope(person, unit)).values_list("pk", flat=True)) or everywhere
    ids = [rng.choice(mine) for _ in range(count // 2)]
    ids += [rng.choice(everywhere) for _ in range(count - count // 2)]
    rng.shuffle(ids)
    return ids


def pages(unit: Unit) -> dict:
    """The web pages every persona reads once logged in (issue 8's list), by URL name."""
    return {"home": reverse("home"), "my_okrs": reverse("my_okrs"), "company_okrs": reverse("company_okrs"),
            "unit_okrs": reverse("unit_okrs", args=[unit.code]), "okr_tree": reverse("okr_tree"),
            "weekly_checkin": reverse("weekly_checkin")}


def prepare(count: int, seed: int = 8) -> list[dict]:
    """Pick the personas, give them the bench password (a raw update: the bench database is
    throw-away, and the importer leaves passwords unusable), and sample their objectives."""
    rng = random.Random(seed)
    personas = pick()
    emails = [persona["person"].email for persona in personas]
    Person.objects.filter(email__in=emails).update(password=make_password(PERSONA_PASSWORD))
    prepared = []
    for p in personas:
        ids = sample_objectives(p["person"], p["unit"], count, rng)
        prepared.append({
            "key": p["key"], "label": p["label"], "email": p["person"].email, "role": p["person"].role,
            "unit": p["unit"].code, "people": p["people"], "pages": pages(p["unit"]),
            "api_details": [f"/api/v1/objectives/{pk}" for pk in ids],
            "objective_pages": [reverse("objective", args=[pk]) for pk in ids],
        })
    return prepared
