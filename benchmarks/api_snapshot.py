"""Requests per second of the snapshot endpoint (who was in BRICS on a day) on the real BRICS data.

    DATABASE_URL=postgres://... DJANGO_SECRET_KEY=x python benchmarks/api_snapshot.py [--seconds 5]

The database must hold the reference data (`python manage.py migrate && python manage.py bootstrap`). The
WSGI application is called in-process, from one thread, with no server and no network in between, so the
figures are the application's own cost per request (Django, DRF, the queries, serialization), the part a
server multiplies by its workers. Anonymous throttling is switched off for the run; DEBUG is off.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_API_ANON_RATE"] = ""
os.environ["DJANGO_API_EXPORT_RATE"] = ""
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402

from config.wsgi import application  # noqa: E402

SNAPSHOT = "/api/v1/organisations/brics/members/"
# label, path, query, options: "made" empties the cache of answers before each request, so the answer is
# built from the database every time; without it a repeated question is answered from that cache.
CASES = [
    ("snapshot, JSON, made each time", SNAPSHOT, "on=2024-01-01", {"made": True}),
    ("snapshot, JSON, repeated", SNAPSHOT, "on=2024-01-01", {}),
    ("snapshot, JSON, revalidated (304)", SNAPSHOT, "on=2024-01-01", {"etag": True}),
    ("snapshot, CSV (streamed)", SNAPSHOT, "on=2024-01-01&format=csv", {}),
    (
        "Iran's organisations, made each time",
        "/api/v1/members/IRN/memberships/",
        "on=2024-06-01",
        {"made": True},
    ),
    # The same questions read from the history tables, as recorded at the start of the run.
    ("snapshot as recorded, made each time", SNAPSHOT, "on=2024-01-01&recorded_at={now}", {"made": True}),
    ("spells list as recorded, made each time", "/api/v1/memberships/", "recorded_at={now}", {"made": True}),
    (
        "BRICS state-year table, 1992-2026",
        "/api/v1/exports/state-year.csv",
        "organisation=brics&from=1992",
        {},
    ),
]


def environ(path: str, query: str, headers: dict[str, str]) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        **headers,
    }


def call(path: str, query: str, headers: dict[str, str]) -> tuple[str, dict[str, str], bytes]:
    answer: dict[str, object] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: object = None) -> None:
        answer["status"], answer["headers"] = status, dict(response_headers)

    result = application(environ(path, query, headers), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return str(answer["status"]), answer["headers"], body  # type: ignore[return-value]


def rate(request: Callable[[], object], seconds: float) -> float:
    count, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        request()
        count += 1
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="how long each case runs in a round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds, the cases interleaved in each")
    arguments = parser.parse_args()

    status, _headers, body = call(SNAPSHOT, "on=2024-01-01", {})
    members = body.count(b'"member":')
    if not status.startswith("200") or members < 5:
        sys.exit(
            f"{SNAPSHOT} answered {status}: load the data first (manage.py migrate && manage.py bootstrap)."
        )
    print(f"database: {connection.vendor}; BRICS on 2024-01-01: {members} members")
    print(f"best of {arguments.rounds} rounds of {arguments.seconds:g} s per case, one thread, in-process")
    requests, answers = [], []
    now = quote(datetime.now(UTC).isoformat())
    for _label, path, query, options in CASES:
        query = query.format(now=now)
        headers: dict[str, str] = {}
        if options.get("etag"):
            headers["HTTP_IF_NONE_MATCH"] = call(path, query, {})[1]["ETag"]

        def request(
            path: str = path, query: str = query, headers: dict = headers, made: bool = "made" in options
        ):
            if made:
                cache.clear()
            return call(path, query, headers)

        for _ in range(30):  # warm up
            request()
        requests.append(request)
        answers.append(request())
    best = [0.0] * len(CASES)
    for _ in range(arguments.rounds):  # interleaved, so a busy moment of the machine hits every case
        for index, request in enumerate(requests):
            best[index] = max(best[index], rate(request, arguments.seconds))
    for (label, *_), (status, _headers, body), per_second in zip(CASES, answers, best, strict=True):
        print(f"{label:40} {status[:3]} {len(body):7} bytes {per_second:7.0f} requests/s")
    rows_only(arguments)


def rows_only(arguments: argparse.Namespace) -> None:
    """The snapshot's rows alone, made from .values() (as the endpoint does) and by the serializer."""
    from datetime import date

    from blocs.api.rows import spell_rows
    from blocs.api.serializers import SnapshotRowSerializer
    from blocs.models import Member, Membership, Source

    spells = (
        Membership.objects.filter(organisation__slug="brics")
        .active_on(date(2024, 1, 1))
        .with_status(["member"])
        .order_by("member__name", "start_date", "pk")
    )
    makers = {
        "rows from .values() (the endpoint's way)": lambda: spell_rows(
            spells, Source.objects.all(), Member.objects.all(), party="member"
        ),
        "rows from SnapshotRowSerializer": lambda: (
            SnapshotRowSerializer(spells.select_related("member").prefetch_related("sources"), many=True).data
        ),
    }
    best = dict.fromkeys(makers, 0.0)
    for _ in range(arguments.rounds):
        for label, make in makers.items():
            best[label] = max(best[label], rate(make, arguments.seconds / 2))
    for label, per_second in best.items():
        print(f"{label:49} {1000 / per_second:6.2f} ms per answer")


if __name__ == "__main__":
    main()
