"""`okrflow worker`: runs background jobs (reminders, mail, webhooks) from the task queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run background jobs from the database task queue (Ctrl-C stops it)."
