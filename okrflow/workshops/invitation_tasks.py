"""The background job of meeting invitations (Django's Tasks API; `okrflow worker` runs it)."""

from django_tasks import task

from okrflow.workshops import invitations


@task()
def send_invitations_task(workshop_id: int) -> int:
    """Send the meeting's invitations waiting in the outbox; returns how many were sent. Running
    it twice sends nothing twice (each row is claimed before it is sent)."""
    return invitations.send_pending(workshop_id)
