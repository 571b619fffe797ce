"""Pilots: a cycle that runs for chosen units only (the seeds: one or two willing departments for
one full quarter before rolling out). Its phases, prompts, digests, rules check and
retrospectives cover the people and units at or below a pilot unit; everyone may still read the
pilot's OKRs (visibility is okrs/access.py's, unchanged).

One rule, as SQL conditions built from the pilot units' materialized paths (org/tree.py): no
Python set of ids. A cycle without pilot units covers the whole organization.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from okrflow.org.tree import below


def pilot_paths(cycle) -> list[str]:
    """The materialized paths of the cycle's pilot units (empty: not a pilot)."""
    cached = getattr(cycle, "_pilot_paths", None)
    if cached is None:
        cached = sorted(cycle.pilot_units.values_list("path", flat=True))
        cycle._pilot_paths = cached
    return cached


def is_pilot(cycle) -> bool:
    return bool(pilot_paths(cycle))


def _covered(field: str, cycle) -> Q:
    paths = pilot_paths(cycle)
    if not paths:
        return Q()
    return reduce(or_, (below(field, path) for path in paths))


def people_q(cycle, prefix: str = "") -> Q:
    """A condition on people (or, with prefix "owner__", rows through a person) the cycle covers."""
    return _covered(f"{prefix}unit__path", cycle)


def units_q(cycle, prefix: str = "") -> Q:
    """A condition on units (or rows through a unit) the cycle covers."""
    return _covered(f"{prefix}path", cycle)


def objectives_q(cycle, prefix: str = "") -> Q:
    """A condition on objectives the cycle covers: owned by a covered unit or a covered person."""
    if not is_pilot(cycle):
        return Q()
    return units_q(cycle, f"{prefix}owner_unit__") | people_q(cycle, f"{prefix}owner_person__")


def covers_person(cycle, person) -> bool:
    paths = pilot_paths(cycle)
    if not paths:
        return True
    unit_path = person.unit.path if person.unit_id else ""
    return any(unit_path.startswith(path) for path in paths)
