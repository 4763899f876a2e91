"""Work out of the request: every task of the app is made by :func:`task` and queued by :func:`later`
(or :func:`now`).

The tasks are django-tasks' (the backport of Django 6's ``django.tasks``; the code moves there
unchanged). ``TASKS_BACKEND`` chooses where they run (torchbearer.settings): at once, in the
process that asks (the default: one machine needs nothing more), or queued in the database for
``manage.py db_worker`` on any node.

* **Queued with the write that caused it.** A queue in the database takes the task in the same
  transaction as the write, so both are kept or neither; a backend that runs tasks at once runs it
  once the transaction has committed, never for a write that was rolled back.
* **Retried, visible, never silently lost.** In a queue, a task that raises is tried again,
  ``ATTEMPTS`` times in all, later each time (``RETRY_AFTER``); every failed attempt stays in the
  task results (Django admin: 后台任务) with its traceback, and is logged. Run at once, a task is
  tried once: a request does not wait for a mail server three times.
* **What the worker leaves for a user** (a prepared file, an import run) is kept ``KEPT_DAYS``,
  and its page looks again every ``RELOAD_SECONDS`` while the work goes on.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks import task as django_task
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

ATTEMPTS = 3
#: Seconds before each attempt after the first.
RETRY_AFTER = (60, 600)
#: Days the daily run keeps what the worker prepared for a user.
KEPT_DAYS = 7
#: Seconds between two looks of a page that waits for the worker.
RELOAD_SECONDS = 3
#: The priority of work a user waits for on a page, below e-mail (django-tasks: -100 to 100).
BULK = -10


def task(function=None, *, gave_up=None, priority=0):
    """``function`` as a task of the app, retried in a queue when it fails; ``gave_up``, if given,
    is called with the same arguments once the last attempt has failed. The arguments must be what
    JSON holds (ids, strings, lists), as a queue stores them; ``task_attempt`` is the task's own."""
    if function is None:
        return functools.partial(task, gave_up=gave_up, priority=priority)

    @functools.wraps(function)
    def attempt(*args, task_attempt=1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if task_attempt < ATTEMPTS and not runs_at_once(queued):
                logger.warning(
                    "Task %s failed (attempt %d of %d); tried again later", function.__name__, task_attempt, ATTEMPTS,
                    exc_info=True,
                )
                _enqueue(queued, args, {**kwargs, "task_attempt": task_attempt + 1}, delay=RETRY_AFTER[task_attempt - 1])
            else:
                logger.error("Task %s failed for good; it stays failed in the task results", function.__name__, exc_info=True)
                if gave_up is not None:
                    gave_up(*args, **kwargs)
            raise

    queued = django_task(priority=priority)(attempt)
    return queued


def runs_at_once(queued=None):
    """Whether ``queued`` (any task of the default backend for None) runs in the process that asks
    for it: no worker, no queue."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS] if queued is None else queued.get_backend()
    return isinstance(backend, ImmediateBackend)


def later(queued, *args, **kwargs):
    """Queue ``queued`` with the write in progress (see the module's docstring); returns the task
    result when it was queued now, None when it waits for the commit."""
    if runs_at_once(queued):
        transaction.on_commit(lambda: _enqueue(queued, args, kwargs))
        return None
    return _enqueue(queued, args, kwargs)


def now(queued, *args, **kwargs):
    """Queue ``queued`` at once, outside any transaction (a management command's); returns its
    task result."""
    return _enqueue(queued, args, kwargs)


def _enqueue(queued, args, kwargs, *, delay=0):
    if delay and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return queued.enqueue(*args, **kwargs)
