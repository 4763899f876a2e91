"""Two nodes share one Redis (REDIS_URL): a throttle counts every node's failures together.

Needs Debian's redis-server, which the test starts on a free loopback port and stops; skipped where
it is missing, unless TORCHBEARER_REDIS_TESTS=required (.ci/run), where it fails instead.
"""

import os
import shutil
import subprocess
import time

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory

from branches.kernel import throttle
from tests.smtp import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("TORCHBEARER_REDIS_TESTS") == "required":
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        node = RedisCache(url, {})
        for _ in range(100):
            try:
                node.get("ping")
                break
            except Exception:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def request_from(user, address="10.0.0.7"):
    request = RequestFactory().post("/org/lectures/check-in/", REMOTE_ADDR=address)
    request.user = user
    return request


def test_failures_on_one_node_block_on_the_other(redis_url, office, monkeypatch):
    first, second = RedisCache(redis_url, {"KEY_PREFIX": "t1"}), RedisCache(redis_url, {"KEY_PREFIX": "t1"})
    user = office.users["staff_a"]
    for failure in range(throttle.CHECK_IN.limit):
        monkeypatch.setattr(throttle, "cache", first if failure % 2 else second)
        assert not throttle.CHECK_IN.blocked(request_from(user))
        throttle.CHECK_IN.failed(request_from(user))
    monkeypatch.setattr(throttle, "cache", first)
    assert throttle.CHECK_IN.blocked(request_from(user))
    monkeypatch.setattr(throttle, "cache", second)
    assert throttle.CHECK_IN.blocked(request_from(office.users["staff_b"]))  # the same address
    assert not throttle.CHECK_IN.blocked(request_from(office.users["staff_b"], address="10.0.0.8"))
