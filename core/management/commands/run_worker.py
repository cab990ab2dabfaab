"""`manage.py run_worker`: the task worker, with the schedules started.

django-tasks-db's `db_worker` (every option it takes is taken here), after
enqueuing the first run of any schedule that has none waiting
(core/schedule.py). Run one beside the web server: `make run` does, and the
README's production section runs it as its own service.
"""

from django_tasks_db.management.commands.db_worker import Command as WorkerCommand

from core.schedule import ensure_scheduled


class Command(WorkerCommand):
    help = "Run the task worker (email, schedules) after starting the schedules."

    def handle(self, *args, **options):
        for path in ensure_scheduled():
            self.stdout.write(f"Scheduled {path}.")
        return super().handle(*args, **options)
