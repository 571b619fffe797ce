"""OKR factories for tests: go through the services (as the system actor, okrflow.actors.SYSTEM)."""

import datetime
import itertools
from decimal import Decimal

from okrflow.actors import SYSTEM
from okrflow.checkins.services import record_checkin
from okrflow.okrs.services import create_key_result, create_objective

_seq = itertools.count(1)


def make_objective(cycle, *, owner=None, title=None, ref=None, **fields):
    """An objective in `cycle`. `owner` is a Unit or a Person; by default the company (root unit)."""
    n = next(_seq)
    org = cycle.organization
    if owner is None:
        owner = org.root_unit()
    key = "owner_person" if owner._meta.model_name == "person" else "owner_unit"
    return create_objective(SYSTEM, org, cycle=cycle, title=title or f"Objective {n}",
                            ref=ref or f"TO-{n}", **{key: owner}, **fields)


def make_key_result(objective, *, start=0, target=100, title=None, ref=None, **fields):
    n = next(_seq)
    return create_key_result(SYSTEM, objective, title=title or f"Reach {target} from {start} ({n})",
                             start_value=Decimal(str(start)), target_value=Decimal(str(target)),
                             ref=ref or f"TKR-{n}", **fields)


def make_checkin(kr, value, *, date=None, confidence=None, note="", author=None):
    """A stored reading, as history brought in by a file: a big confidence drop without a
    reason is kept (and audited), as the importer keeps it; tests of the rule itself call
    record_checkin or a door."""
    return record_checkin(SYSTEM, kr, value=value, confidence=confidence, note=note,
                          date=date or datetime.date(2026, 2, 1), author=author,
                          allow_unexplained_drop=True)
