#!/usr/bin/env python
"""Downloads benchmark: the time and the peak memory of each Word and Excel file of bench/pages.py.

    .venv/bin/python bench/downloads.py --scale province --repeat 5

The annual report's Word and Excel files and the lists' Excel exports. The files are judged by their own target (≤ 3 s at province scale) and by their peak memory:
Python's allocations while one request builds the file (tracemalloc, in a pass of its own, as
tracing slows the code it watches), beside the process's resident high-water mark. Uses the
scale's benchmark database of bench/pages.py (generated there if missing) and the same logins.
"""

import argparse
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import ADMIN, PAGES, SECRETARY, P, build_url, fixtures, prepare_database  # noqa: E402

TARGET_MS = 3000

# The lists' Excel files, beside the report's (PAGES): the largest a user can ask for.
EXPORTS = [
    P("Service records of the year .xlsx (capped at 100,000 rows)", ADMIN, ("services:record-export", "service"), "year={year}", kind="download"),
    P("Service records of one branch .xlsx", SECRETARY, ("services:record-export", "service"), "branch={branch}", kind="download"),
    P("People .xlsx", ADMIN, "branches:person-export", kind="download"),
    P("Problems .xlsx", ADMIN, "services:problem-export", kind="download"),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="province")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = prepare_database(args.scale, regenerate=False)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    users, values = fixtures()
    print(f"| file | role | size | median ms | max ms | ≤ {TARGET_MS} ms | peak Python MiB | process RSS MiB |")
    print("|---|---|--:|--:|--:|---|--:|--:|")
    for page in [page for page in PAGES if page.kind == "download"] + EXPORTS:
        url, why = build_url(page, values)
        if url is None:
            print(f"| {page.name} | {page.role} | {why} | | | | | |")
            continue
        client = Client()
        client.force_login(users[page.role])
        size = len(b"".join(client.get(url, secure=True)))  # warm-up
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            b"".join(response)
            times.append((time.perf_counter() - started) * 1000)
        tracemalloc.start()
        b"".join(client.get(url, secure=True))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        median, slowest = statistics.median(times), max(times)
        print(
            f"| {page.name} | {page.role} | {size / 1024:.0f} KiB | {median:.0f} | {slowest:.0f} | "
            f"{'yes' if slowest <= TARGET_MS else 'NO'} | {peak / 2**20:.1f} | {rss:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
