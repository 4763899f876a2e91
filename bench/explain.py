#!/usr/bin/env python
"""The SQL behind one page: every query of one request with its time, the slowest explained.

    .venv/bin/python bench/explain.py --scale province --role admin /dashboard/ [--top 5]

Requests the page once to warm up, once more capturing its queries, prints them slowest first
(time, rows returned where known, the SQL abridged) and ``EXPLAIN (ANALYZE, BUFFERS)`` of the
``--top`` slowest. Roles as in bench/pages.py; the database is the page benchmark's.
With ``--profile N`` it profiles N requests in Python instead.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import database_url  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("--scale", default="province")
    parser.add_argument("--role", default="admin")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--width", type=int, default=400, help="characters of each query shown")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="instead: profile N requests in Python (cProfile) and print the costliest functions")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = database_url(args.scale)[0]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.datasets import ROLE_LOGINS

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    client.force_login(get_user_model().objects.get(username=ROLE_LOGINS[args.role]))
    client.get(args.url, secure=True)
    if args.profile:
        return profile(client, args.url, args.profile, args.top)
    captured = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            cursor = context["cursor"]
            captured.append(((time.perf_counter() - started) * 1000, sql, params, getattr(cursor, "rowcount", -1)))

    started = time.perf_counter()
    with connection.execute_wrapper(capture):
        response = client.get(args.url, secure=True)
    total = (time.perf_counter() - started) * 1000
    sql_total = sum(item[0] for item in captured)
    print(f"{args.url} [{args.role}]: HTTP {response.status_code}, {total:.1f} ms, {len(captured)} queries, {sql_total:.1f} ms in SQL")
    ranked = sorted(enumerate(captured), key=lambda item: -item[1][0])
    for index, (ms, sql, params, rows) in ranked:
        text = " ".join(sql.split())
        print(f"\n#{index + 1}  {ms:7.1f} ms  rows {rows}\n    {text[: args.width]}{'…' if len(text) > args.width else ''}")
    for index, (ms, sql, params, rows) in ranked[: args.top]:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "(SELECT")):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"\n==== EXPLAIN ANALYZE of #{index + 1} ({ms:.1f} ms) ====\n{plan}")


def profile(client, url, requests, top):
    """Where the Python time of ``requests`` requests goes: the functions costliest in their own
    time, then in their cumulative time (which names the template or selector that calls them)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(requests):
        client.get(url, secure=True)
    profiler.disable()
    print(f"{url}: {(time.perf_counter() - started) * 1000 / requests:.1f} ms a request under the profiler")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(max(top, 25))
    stats.sort_stats("cumulative").print_stats(max(top, 40))


if __name__ == "__main__":
    main()
