import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` stops Django's clock at ``moment`` (now, localdate and auto_now follow it)."""

    def set_to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.timezone.utc))

    return set_to
