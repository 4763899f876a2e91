"""Two page-benchmark runs side by side, as the table of docs/PERFORMANCE.md.

    .venv/bin/python bench/compare.py BEFORE.json NOW.json [--scales office.json city.json]

BEFORE and NOW are results files of bench/pages.py for the same scale (``results-province.json``);
the table gives each page's target, p95 before and now, median now, the query count at each of the
``--scales`` files (the counts must be the same at every scale), the ratio to the floor before and
now, the ratio to the admin changelist, and the targets the page misses now. Pages are listed in
NOW's order. The ratio to the floor is the figure to compare when the two runs met the machine at
different speeds (on a shared virtual machine the floor itself varies by half within an hour); it
is taken against the floor requested between the page's own requests when the run recorded it,
else against the floor of the run.
"""

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import TARGETS, Result, fmt, verdict  # noqa: E402


def load(path):
    names = {field.name for field in dataclasses.fields(Result)}
    items = json.loads(Path(path).read_text())["results"]
    return [Result(**{name: value for name, value in item.items() if name in names}) for item in items]


def key(result):
    return (result.name, result.role)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before")
    parser.add_argument("now")
    parser.add_argument("--scales", nargs="*", default=[], help="results files of the other scales, smallest first")
    args = parser.parse_args()
    before = {key(result): result for result in load(args.before)}
    now = load(args.now)
    scales = [{key(result): result for result in load(path)} for path in args.scales]
    floors = {result.role: result for result in now if result.kind == "floor"}
    floors_before = {result.role: result for result in before.values() if result.kind == "floor"}
    admins = {result.admin: result for result in now if result.kind == "admin"}
    print("| page | role | target p95 | p95 before | p95 now | median now | queries | × floor before | × floor now | change | × admin | misses now |")
    print("|---|---|--:|--:|--:|--:|---|--:|--:|--:|--:|---|")
    for result in now:
        if result.kind in ("floor", "admin") or result.status != "ok":
            continue
        floor, admin = floors.get(result.role), admins.get(result.admin)
        earlier, floor_before = before.get(key(result)), floors_before.get(result.role)
        counts = [scale[key(result)].queries if key(result) in scale else None for scale in scales] + [result.queries]
        known = {count for count in counts if count is not None}
        queries = " / ".join("—" if count is None else str(count) for count in counts) + (" ⚠" if len(known) > 1 else "")
        if earlier and earlier.queries != result.queries:
            queries += f" (before {earlier.queries})"
        change = "—"
        if earlier and earlier.times_floor(floor_before) and result.times_floor(floor):
            change = f"{(result.times_floor(floor) / earlier.times_floor(floor_before) - 1) * 100:+.0f} %"
        print(
            f"| {result.name} | {result.role} | {TARGETS.get(result.kind, '—')} | "
            f"{fmt(earlier.p95, 0) if earlier else '—'} | {fmt(result.p95, 0)} | {fmt(result.median, 0)} | {queries} | "
            f"{fmt(earlier.times_floor(floor_before)) if earlier else '—'} | "
            f"{fmt(result.times_floor(floor))} | {change} | "
            f"{fmt(result.median / admin.median) if admin else '—'} | {', '.join(verdict(result, floor, admin))} |"
        )


if __name__ == "__main__":
    main()
