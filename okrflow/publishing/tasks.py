"""Background jobs of publishing (Django's Tasks API; `okrflow worker` runs them)."""

from django_tasks import task

from okrflow.actors import SYSTEM
from okrflow.cycles.models import Cycle
from okrflow.org.models import Person
from okrflow.publishing import digest


@task()
def create_digests_task(cycle_id: int, round_key: str, actor_id: int | None = None) -> int:
    """Create a published cycle's digests a chunk at a time and queue each mail (the web button
    and the API queue this job after the publication commits). Running it twice for the same
    round creates nothing new. Returns how many mails were queued."""
    cycle = Cycle.objects.select_related("organization").get(pk=cycle_id)
    actor = Person.objects.filter(pk=actor_id, organization_id=cycle.organization_id).first() or SYSTEM
    return sum(len(chunk) for chunk in digest.create_digests(cycle, actor=actor, round_key=round_key))
