#!/usr/bin/env python
"""Load test on one machine: gunicorn with the production settings, locust on the loopback.

    .venv/bin/python bench/load.py --scale province --users 10 25 50 100 150 --step 120 --final 300

1. Copies the scale's page-benchmark database (``torchbearer_bench_<scale>``, see bench/pages.py)
   to ``torchbearer_bench_load_<scale>``, so that the records logged and approved here do not
   change the page benchmark's data (``--no-copy`` uses the benchmark's database itself).
2. Starts gunicorn with the production settings: DEBUG=false, a SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   BEHIND_TLS_PROXY=true (the proxy's ``X-Forwarded-Proto: https`` is trusted, so the Secure
   session and CSRF cookies and the HTTPS Referer checks are those of production) and
   SECURE_SSL_REDIRECT=false (the loopback speaks plain HTTP; the proxy would redirect).
3. Runs locust headless (bench/locustfile.py: staff reading and logging records, secretaries
   reading and approving, the committee office reading dashboards, pillars and the report), one
   step per user count, statistics reset once every user is logged in, and stops stepping when p95
   passes the target or a request fails.
4. Runs the busiest step that kept p95 ≤ 250 ms without errors again for ``--final`` seconds, and
   prints (and writes to bench/results/load-<scale>.md) throughput, p50/p95/p99, errors and CPU use.

gunicorn and locust are always stopped at the end, by their process IDs.
"""

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VAR = ROOT / "var" / "bench"
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from bench.pages import SERVER, prepare_database  # noqa: E402

TARGET_P95 = 250
PORT = 8000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="province", choices=["tiny", "office", "city", "province"])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 25, 50, 100, 150, 200])
    parser.add_argument("--step", type=int, default=120, help="seconds per step (default 120)")
    parser.add_argument("--final", type=int, default=300, help="seconds of the final run (default 300; 0: none)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (default 5: 2 × cores + 1)")
    parser.add_argument("--branches", type=int, default=20, help="branches whose staff and secretaries log in (default 20)")
    parser.add_argument("--no-copy", action="store_true", help="load the page benchmark's database itself")
    parser.add_argument("--keep-going", action="store_true", help="run every step even past the target")
    parser.add_argument("--classes", nargs="+", default=[], help="locust user classes to run (default: Staff Secretary CommitteeOffice)")
    parser.add_argument("--exclude", nargs="+", default=[], help="URLs the users leave out (e.g. pages known to be slow)")
    parser.add_argument("--final-users", type=int, help="run the final run at this user count")
    parser.add_argument("--label", default="", help="suffix of the report's file name: bench/results/load-<scale>[-label].md")
    parser.add_argument("--output", default=str(BENCH / "results"), help="where the report goes (default: bench/results/)")
    args = parser.parse_args()

    VAR.mkdir(parents=True, exist_ok=True)
    url = load_database(args.scale, copy=not args.no_copy)
    env = production_env(url)
    prepare_app(env)
    logins = write_logins(env, args.branches)
    steps, final = [], None
    gunicorn = start_gunicorn(env, args.workers)
    try:
        for users in args.users:
            step = run_locust(users, args.step, logins, f"step-{users}", args)
            steps.append(step)
            print(line(step), flush=True)
            if not args.keep_going and (step["p95"] > TARGET_P95 or step["failures"]):
                break
        good = [s for s in steps if s["p95"] <= TARGET_P95 and not s["failures"]]
        final_users = args.final_users or (max(good, key=lambda s: s["rps"])["users"] if good else None)
        if args.final and final_users:
            final = run_locust(final_users, args.final, logins, f"final-{final_users}", args)
            print(line(final), flush=True)
    finally:
        stop(gunicorn)
    report = render(args, steps, final)
    print(report)
    output = Path(args.output)
    output.mkdir(parents=True, exist_ok=True)
    name = f"load-{args.scale}{'-' + args.label if args.label else ''}"
    (output / f"{name}.md").write_text(report)
    (output / f"{name}.json").write_text(json.dumps({"steps": steps, "final": final}, indent=1))


def load_database(scale, *, copy):
    import psycopg2

    source = prepare_database(scale, regenerate=False)
    if not copy:
        return source
    name = f"torchbearer_bench_load_{scale}"
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"copying torchbearer_bench_{scale} to {name} …", flush=True)
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "torchbearer_bench_{scale}"')
    connection.close()
    return f"{SERVER}/{name}"


def production_env(database_url):
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY="load-test-only-secret-key-" + "fedcba9876543210" * 3,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL=database_url,
        STATIC_ROOT=str(VAR / "static"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="torchbearer.settings",
    )
    return env


def manage(env, *arguments, settings=None):
    command = [str(VENV_BIN / "python"), "manage.py", *arguments]
    if settings:
        command.append(f"--settings={settings}")
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def prepare_app(env):
    manage(env, "migrate", "--verbosity=0")
    manage(env, "check", "--deploy", "--fail-level=ERROR")
    # The production storage's collectstatic fails on a missing source map (see bench/storage.py):
    # collect with the tolerant storage; the manifest it writes is the one production reads.
    manage(env, "collectstatic", "--noinput", "--verbosity=0", settings="bench.settings")


def write_logins(env, branches):
    """Staff and secretaries of the first branches, and the committee office's two logins."""
    script = f"""
import json, django
django.setup()
from branches.people.models import Person
from bench.datasets import ROLE_LOGINS, PASSWORD
people = Person.objects.filter(branch__number__lte={branches}, is_active=True, user__isnull=False)
print(json.dumps({{
    "password": PASSWORD,
    "secretary": list(people.filter(branch_role="secretary").values_list("user__username", flat=True)),
    "staff": list(people.filter(branch_role="", committee_role="").values_list("user__username", flat=True)),
    "committee": [ROLE_LOGINS["admin"], ROLE_LOGINS["committee"]],
}}))
"""
    result = subprocess.run([str(VENV_BIN / "python"), "-c", script], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    path = VAR / "logins.json"
    path.write_text(result.stdout.strip().splitlines()[-1])
    data = json.loads(path.read_text())
    print(f"logins: {len(data['staff'])} staff, {len(data['secretary'])} secretaries, {len(data['committee'])} committee", flush=True)
    return path


def start_gunicorn(env, workers):
    log = open(VAR / "gunicorn.log", "a")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "torchbearer.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(workers),
         "--timeout", "120", "--graceful-timeout", "10"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as response:
                if response.status == 200:
                    print(f"gunicorn {process.pid} up with {workers} workers", flush=True)
                    return process
        except OSError:
            time.sleep(0.5)
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {VAR / 'gunicorn.log'}")
    stop(process)
    raise SystemExit("gunicorn did not answer /healthz")


def stop(process):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_times():
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields), idle


def run_locust(users, seconds, logins, name, args):
    prefix = VAR / f"locust-{args.label or 'mix'}-{name}"
    rate = max(1, users // 10)
    ramp = users / rate
    env = dict(os.environ, BENCH_LOGINS=str(logins), BENCH_EXCLUDE=",".join(args.exclude))
    command = [
        str(VENV_BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless", "-H", f"http://127.0.0.1:{PORT}",
        "-u", str(users), "-r", str(rate), "-t", f"{int(seconds + ramp)}s", "--reset-stats", "--csv", str(prefix),
        "--only-summary", "--loglevel", "WARNING", *args.classes,
    ]
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=open(f"{prefix}.log", "w"), stderr=subprocess.STDOUT)
    time.sleep(ramp)
    total_0, idle_0 = cpu_times()
    started = time.monotonic()
    locust_cpu_0 = locust_cpu = process_cpu(process.pid)
    total_1, idle_1 = total_0, idle_0
    try:
        while process.poll() is None:
            time.sleep(1)
            if time.monotonic() - started < seconds:
                locust_cpu = process_cpu(process.pid)
                total_1, idle_1 = cpu_times()
        process.wait()
    finally:
        stop(process)
    busy = 100 * (1 - (idle_1 - idle_0) / max(1, total_1 - total_0))
    elapsed = max(1.0, time.monotonic() - started)
    locust_share = 100 * (locust_cpu - locust_cpu_0) / min(elapsed, seconds) if locust_cpu is not None and locust_cpu_0 is not None else None
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    endpoints = [row for row in rows if row["Name"] != "Aggregated"]
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv"))) if Path(f"{prefix}_failures.csv").exists() else []
    return {
        "users": users,
        "seconds": seconds,
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": number(total["50%"]),
        "p95": number(total["95%"]),
        "p99": number(total["99%"]),
        "max": number(total["Max Response Time"]),
        "cpu": busy,
        "locust_cpu": locust_share,
        "load": " ".join(load_before),
        "endpoints": [
            {"name": row["Name"], "method": row["Type"], "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
             "p50": number(row["50%"]), "p95": number(row["95%"]), "p99": number(row["99%"])}
            for row in endpoints
        ],
        "failure_messages": [f"{row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}" for row in failures],
    }


def process_cpu(pid):
    """CPU seconds used by a process and its children (locust)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return sum(int(value) for value in fields[11:15]) / ticks
    except (OSError, IndexError):
        return None


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")


def line(step):
    return (
        f"{step['users']:>4} users: {step['rps']:6.1f} req/s, p50 {step['p50']:.0f} ms, p95 {step['p95']:.0f} ms, "
        f"p99 {step['p99']:.0f} ms, {step['failures']} failures of {step['requests']}, CPU {step['cpu']:.0f} %"
    )


def render(args, steps, final):
    lines = [
        f"# Load test: {args.scale} scale",
        "",
        f"gunicorn with the production settings, {args.workers} sync workers, on 127.0.0.1:{PORT}; locust on the same "
        f"machine ({os.cpu_count()} cores), users logging in as staff and secretaries of the first {args.branches} "
        "branches and as the committee office (bench/locustfile.py: Staff, Secretary, CommitteeOffice, weights "
        "6 : 2 : 1), 1–3 s between tasks. Statistics from the moment "
        f"every user is logged in; target p95 ≤ {TARGET_P95} ms without errors. CPU: the whole machine's, "
        "busy share over the step (locust's own share of one core in brackets)."
        + (f" User classes: {', '.join(args.classes)}." if args.classes else "")
        + (f" Left out: {', '.join(args.exclude)}." if args.exclude else ""),
        "",
        "| run | users | seconds | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | failures | CPU % | load before |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for label, step in [("step", s) for s in steps] + ([("final", final)] if final else []):
        locust = f" ({step['locust_cpu']:.0f})" if step.get("locust_cpu") is not None else ""
        lines.append(
            f"| {label} | {step['users']} | {step['seconds']} | {step['requests']} | {step['rps']:.1f} | {step['p50']:.0f} | "
            f"{step['p95']:.0f} | {step['p99']:.0f} | {step['max']:.0f} | {step['failures']} | {step['cpu']:.0f}{locust} | {step['load']} |"
        )
    shown_runs = ([steps[0]] if steps and len(steps) > 1 else []) + ([final] if final else steps[-1:])
    for shown in shown_runs:
        label = "final run" if shown is final else "first step" if shown is steps[0] and len(shown_runs) > 1 else "last step"
        lines += [
            "",
            f"Requests of the {label} ({shown['users']} users), slowest p95 first:",
            "",
            "| request | count | failures | p50 ms | p95 ms | p99 ms |",
            "|---|--:|--:|--:|--:|--:|",
        ]
        for row in sorted(shown["endpoints"], key=lambda r: -r["p95"] if r["p95"] == r["p95"] else 0):
            lines.append(f"| {row['method']} {row['name']} | {row['requests']} | {row['failures']} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} |")
        if shown["failure_messages"]:
            lines += ["", "Failures:", ""] + [f"- {message}" for message in shown["failure_messages"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
