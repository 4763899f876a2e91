"""Tasks for tests/kernel/test_background.py: module-level, as a queue imports them by path."""

from branches.kernel import background

calls = []
gave_up = []


def note_give_up(name, failures):
    gave_up.append(name)


@background.task(gave_up=note_give_up)
def flaky(name, failures):
    """Fails its first ``failures`` calls for ``name``."""
    calls.append(name)
    if calls.count(name) <= failures:
        raise ConnectionError(f"{name} failed")
    return name
