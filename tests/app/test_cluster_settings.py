"""The settings of several nodes: each part is off until its variable is set, and then on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CLUSTER_VARIABLES = {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL", "TASKS_BACKEND", "PGBOUNCER"}

READ = """
import json
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "tasks": settings.TASKS["default"]["BACKEND"],
    "databases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "replica_test": settings.DATABASES.get("replica", {}).get("TEST"),
    "server_side_cursors_off": settings.DATABASES["default"].get("DISABLE_SERVER_SIDE_CURSORS", False),
    "startup_options": settings.DATABASES["default"].get("OPTIONS", {}).get("options"),
}))
"""


def settings_with(**env):
    clean = {key: value for key, value in os.environ.items() if key not in CLUSTER_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", READ],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_machine_needs_nothing():
    read = settings_with()
    assert read["cache"].endswith("LocMemCache")
    assert read["tasks"].endswith("ImmediateBackend")
    assert read["databases"] == ["default"] and read["routers"] == []


def test_several_nodes_share_redis_a_queue_and_a_replica():
    read = settings_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/torchbearer",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.1:5433/torchbearer",
        REDIS_URL="redis://127.0.0.1:6379/1",
        TASKS_BACKEND="database",
    )
    assert read["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert read["cache_location"] == "redis://127.0.0.1:6379/1"
    assert read["tasks"] == "django_tasks_db.DatabaseBackend"
    assert read["databases"] == ["default", "replica"]
    assert read["routers"] == ["torchbearer.replica.ReplicaRouter"]
    assert read["replica_test"]["MIRROR"] == "default"
    assert read["startup_options"]  # jit off, sent when connecting


def test_through_pgbouncer_no_cursor_outlives_its_transaction_and_no_option_is_sent():
    read = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:6432/torchbearer", PGBOUNCER="true")
    assert read["server_side_cursors_off"] is True
    assert read["startup_options"] is None


@pytest.mark.parametrize("value", ["celery", "Database "])
def test_an_unknown_task_backend_is_refused(value):
    clean = {key: item for key, item in os.environ.items() if key not in CLUSTER_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env={**clean, "TASKS_BACKEND": value},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "TASKS_BACKEND must be" in result.stderr
