"""Work that runs on a schedule, from the task worker itself: no cron to set up.

An app registers a function with `every(interval)` (in its AppConfig.ready).
`manage.py run_worker` makes sure each one has its next run waiting in the
queue when it starts; each run first enqueues the one after it, then does
its work, so a run that fails never ends the chain. Runs are ordinary tasks:
they show in the admin's task results like any other.
"""

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import default_task_backend, task

_intervals: dict[str, timedelta] = {}


def every(interval: timedelta) -> Callable:
    """Register a module-level function to run once per `interval`."""

    def register(function: Callable) -> Callable:
        _intervals[f"{function.__module__}.{function.__qualname__}"] = interval
        return function

    return register


def scheduled() -> dict[str, timedelta]:
    return dict(_intervals)


@task()
def run_scheduled(path: str) -> None:
    interval = _intervals.get(path)
    if interval is None:
        return  # no longer scheduled: the chain ends here
    run_scheduled.using(run_after=timezone.now() + interval).enqueue(path)
    import_string(path)()


def ensure_scheduled() -> list[str]:
    """Enqueue the first run of every schedule that has none waiting.

    Only with a queue that keeps tasks for later (the database's); returns
    the paths it enqueued.
    """
    if not default_task_backend.supports_defer:
        return []
    from django_tasks_db.models import DBTaskResult

    waiting = set(
        DBTaskResult.objects.filter(
            task_path=run_scheduled.module_path, status="READY"
        ).values_list("args_kwargs__args__0", flat=True)
    )
    started = []
    for path in sorted(_intervals):
        if path not in waiting:
            run_scheduled.enqueue(path)
            started.append(path)
    return started
