"""Who is reading: the acting person and their place in the organization, computed once.

Every read (a web page, an API call, an export, a mail) starts from `reader_of(person)`. It costs
one small query (the paths of the units the person heads) and is cached on the person object, which
Django hands to the whole request (`request.user`, the API's `request.auth`). From it come the SQL
conditions that decide visibility and rights — prefix conditions on the materialized paths of
okrflow/org/tree.py — so no read ever loads the people or the units of the organization to decide
what one person may see, whatever the size of the organization.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from okrflow.actors import SYSTEM, is_system
from okrflow.org import tree

_CACHE = "_okrflow_reader"


@dataclass(frozen=True)
class Reader:
    """The acting person, whether they run the OKR process, and the subtrees they manage.

    `manager_path` is the person's own place in the manager chain (their reports lie below it);
    `headed_paths` are the paths of the units they head (those units and every unit below them).
    """

    person: object
    everything: bool
    manager_path: str
    headed_paths: tuple[str, ...]
    # What is built from the reader alone (the SQL conditions of okrflow/okrs/access.py), built
    # once per reader: building a visibility condition costs ~1 ms of Python, and a page asks
    # for it three or four times.
    _built: dict = field(default_factory=dict, compare=False, repr=False)

    def once(self, key, build):
        """`build()` for this reader, built on the first call and reused (a condition or an
        unevaluated queryset: pure functions of the reader, so as fresh as the reader itself)."""
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    @property
    def pk(self):
        return self.person.pk

    @property
    def organization_id(self):
        return self.person.organization_id

    @property
    def unit_id(self):
        return self.person.unit_id

    # --- one object, no query (the object's owner rows must be loaded with their paths) ---------

    def manages_unit(self, unit) -> bool:
        """The unit is one the reader heads or lies below one (admins and the champion: all)."""
        if self.everything:
            return True
        return unit is not None and any(tree.is_below(unit.path, p) for p in self.headed_paths)

    def manages_person(self, person) -> bool:
        """`person` is below the reader in the manager chain, or in a unit the reader manages.
        The reader is not their own manager."""
        if person is None or person.pk == self.pk:
            return False
        if self.everything:
            return True
        if self.manager_path and tree.is_below(person.manager_path, self.manager_path):
            return True
        return person.unit_id is not None and self.manages_unit(person.unit)

    def covers_person(self, person) -> bool:
        """The reader is the person or manages them."""
        return person is not None and (person.pk == self.pk or self.manages_person(person))

    # --- many objects, one SQL condition ---------------------------------------------------------

    def managed_units_q(self, field: str) -> Q:
        """Rows whose unit (the path at `field`, e.g. "owner_unit__path") the reader manages."""
        condition = Q(pk__in=[])
        for path in self.headed_paths:
            condition |= tree.below(field, path)
        return condition

    def managed_people_q(self, prefix: str) -> Q:
        """Rows whose person (reached by `prefix`, e.g. "owner_person__") the reader manages:
        below them in the manager chain, or in a unit they manage. Excludes the reader."""
        condition = self.managed_units_q(f"{prefix}unit__path")
        if self.manager_path:
            condition |= tree.below(f"{prefix}manager_path", self.manager_path)
        return condition & ~Q(**{f"{prefix}pk": self.pk})


SYSTEM_READER = Reader(person=SYSTEM, everything=True, manager_path="", headed_paths=())


def reader_of(person) -> Reader:
    """The reader for `person`, computed once per person object (so once per request)."""
    if is_system(person):  # raises TypeError for a forgotten actor (None)
        # A system actor bound to one organization (the report commands' console reader,
        # okrflow/reports/services.py) carries its own reader: SYSTEM_READER is shared by the
        # whole process, so what it keeps (Reader.once) must never hold one organization's rows.
        return getattr(person, _CACHE, None) or SYSTEM_READER
    cached = getattr(person, _CACHE, None)
    if cached is not None:
        return cached
    from okrflow.org.models import Unit

    everything = person.runs_okr_process
    headed = () if everything else tuple(
        Unit.objects.filter(organization_id=person.organization_id, head_id=person.pk)
        .values_list("path", flat=True))
    reader = Reader(person=person, everything=everything, manager_path=person.manager_path,
                    headed_paths=tuple(p for p in headed if p))
    setattr(person, _CACHE, reader)
    return reader

