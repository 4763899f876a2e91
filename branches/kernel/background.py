"""Work out of the request: every task of the app is made by :func:`task` and queued by :func:`later`.

The tasks are django-tasks' (the backport of Django 6's ``django.tasks``; the code moves there
unchanged). ``TASKS_BACKEND`` chooses where they run (torchbearer.settings): at once, in the
process that asks (the default: one machine needs nothing more), or queued in the database for
``manage.py db_worker`` on any node.

* **Queued with the write that caused it.** A queue in the database takes the task in the same
  transaction as the write, so both are kept or neither; a backend that runs tasks at once runs it
  once the transaction has committed, never for a write that was rolled back.
* **Retried, visible, never silently lost.** A task that raises is tried again, ``ATTEMPTS`` times
  in all, later each time (``RETRY_AFTER``); every failed attempt stays in the task results (Django
  admin: Tasks Database Backend) with its traceback, and is logged.
"""

import datetime
import functools
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task as django_task
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

ATTEMPTS = 3
#: Seconds before each attempt after the first.
RETRY_AFTER = (60, 600)


def task(function=None, *, gave_up=None):
    """``function`` as a task of the app, retried when it fails; ``gave_up``, if given, is called
    with the same arguments once the last attempt has failed. The arguments must be what JSON
    holds (ids, strings, lists), as a queue stores them."""
    if function is None:
        return functools.partial(task, gave_up=gave_up)

    @functools.wraps(function)
    def attempt(*args, attempt=1, **kwargs):
        try:
            return function(*args, **kwargs)
        except Exception:
            if attempt < ATTEMPTS:
                logger.warning("Task %s failed (attempt %d of %d); tried again later", function.__name__, attempt, ATTEMPTS, exc_info=True)
                _enqueue(queued, args, {**kwargs, "attempt": attempt + 1}, delay=RETRY_AFTER[attempt - 1])
            else:
                logger.error("Task %s failed %d times; it stays failed in the task results", function.__name__, ATTEMPTS, exc_info=True)
                if gave_up is not None:
                    gave_up(*args, **kwargs)
            raise

    queued = django_task(attempt)
    return queued


def runs_at_once(queued):
    """Whether ``queued`` runs in the process that asks for it (no worker, no queue)."""
    return isinstance(queued.get_backend(), ImmediateBackend)


def later(queued, *args, **kwargs):
    """Queue ``queued`` with the write in progress (see the module's docstring); returns the task
    result when it was queued now, None when it waits for the commit."""
    if runs_at_once(queued):
        transaction.on_commit(lambda: _enqueue(queued, args, kwargs))
        return None
    return _enqueue(queued, args, kwargs)


def now(queued, *args, **kwargs):
    """Queue ``queued`` now (outside any transaction it depends on); returns its task result."""
    return _enqueue(queued, args, kwargs)


def _enqueue(queued, args, kwargs, *, delay=0):
    if delay and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    return queued.enqueue(*args, **kwargs)
