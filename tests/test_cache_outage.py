"""Redis down does not take the app down: a Redis of the test's own (never the machine's), killed and
started again mid-test; the API answers from the database throughout, the rate counting degrades without
a 500, and the cache is used again once Redis is back."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core.cache import cache

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"  # .ci/run installs it


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def own_redis(settings) -> Iterator[OwnRedis]:
    redis = OwnRedis()
    redis.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "blocs.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis.port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    try:
        yield redis
    finally:
        redis.kill()


@pytest.mark.django_db
def test_the_api_answers_through_a_redis_outage_and_uses_it_again_after(client, own_redis, settings, bloc):
    settings.API_ANON_RATE = "1000/minute"
    url = "/api/v1/organisations/"
    before = client.get(url)
    assert before.status_code == 200
    cache.set("probe", "up")
    assert cache.get("probe") == "up"

    own_redis.kill()
    during = [client.get(url) for _ in range(3)]
    assert [response.status_code for response in during] == [200, 200, 200]
    assert all(response.json() == before.json() for response in during)
    assert cache.get("probe", "missing") == "missing"

    own_redis.start()
    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    assert client.get(url).status_code == 200
