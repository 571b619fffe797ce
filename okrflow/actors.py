"""Who acts: a person, or the system at the console (issue 8).

The importer, the demo builder and the operator's commands act as `SYSTEM`, an explicit actor
that may do everything; forgetting the actor (`None`) is a programming error, never a silent
"everything is allowed". Real people (okrflow.org.models.Person) answer `is_system = False`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """The console: the importer, the demo builder, the ops commands and the scheduler."""

    is_system: bool = True
    pk: None = None
    organization_id: None = None
    runs_okr_process: bool = True
    is_org_admin: bool = True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def require_actor(actor):
    """The actor itself; `None` (a forgotten actor) raises TypeError."""
    if actor is None:
        raise TypeError("an actor is required: pass the acting person, "
                        "or pass okrflow.actors.SYSTEM for the console")
    return actor


def is_system(actor) -> bool:
    """Whether `actor` is the system (raises TypeError for a forgotten actor)."""
    return getattr(require_actor(actor), "is_system", False) is True


def person_of(actor):
    """The person to store as author or creator: the actor, or no one for the system."""
    return None if is_system(actor) else actor
