#!/usr/bin/env python
"""Cluster test on one machine: two app nodes behind HAProxy, one killed in the middle.

    .venv/bin/python bench/cluster.py --seconds 60

1. Copies the scale's page-benchmark database (``torchbearer_bench_<scale>``, migrated, and
   generated first if empty) to ``torchbearer_cluster``.
2. Starts, all on the loopback and each as a child of this script: a Redis of its own (no
   persistence; the shared cache), a streaming replica of the local PostgreSQL (``pg_basebackup``
   into a temporary cluster on another port; pages that only read figures read from it; a
   ``host replication`` line is added to pg_hba.conf if there is none), and one task worker
   (``manage.py db_worker``). The app runs with the production settings of bench/load.py.
3. Runs the locust mix of bench/locustfile.py, without think time, through HAProxy (health checks
   on /healthz; a request is sent again only when its connection failed, never a POST whose
   answer was lost), with the same users each time:

   * one gunicorn node with ``--workers`` workers, and two nodes with half of them each, half of
     ``--seconds`` at a time in the order one, two, two, one (a drift of the machine weighs on
     both alike): on one machine more nodes add no cores, so their throughput must agree (within
     10 %: being distributed costs nothing);
   * the two nodes for ``--seconds``, the second SIGKILLed (master and workers) halfway and
     restarted a few seconds later.

   Half the staff chose e-mail for their records' outcomes, so approvals queue e-mails; the
   secretaries download their branch's workbook, which the worker prepares.

4. Prints throughput, p50/p95, the CPU time per request of the app and of the database, the errors
   inside the failover window (from the kill until HAProxy sees the node up again, plus
   :data:`GRACE` seconds) and outside it, and ``lost N``: records whose POST was answered with
   the redirect of a success but that are missing or stored twice (every record carries a marker
   of its own, see bench/locustfile.py). Then whether the summary tables equal a rebuild
   (``manage.py rebuild_caches --check``). The report is written to bench/results/cluster.md and
   .json; the nodes', HAProxy's and the worker's logs are in var/bench/cluster/.

Exits non-zero when a record is lost, a request failed outside the failover window, a summary
differs from a rebuild, or a task failed, was left undone or the worker died. Whether one node and two agree is printed, not checked: on a 2-core
virtual machine, identical runs differed by up to a fifth (the ``others %`` column says how much
of the machine other processes, e.g. a test suite, took meanwhile). Every child is stopped and the temporary directories removed at the end,
also on Ctrl-C (``--keep`` keeps the directories).
"""

import argparse
import csv
import io
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import (  # noqa: E402
    BENCH,
    VAR,
    VENV_BIN,
    cpu_times,
    manage,
    prepare_app,
    production_env,
    write_logins,
)
from bench.pages import SERVER, prepare_database  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "torchbearer_cluster"
HAPROXY_PORT = 8100
NODE_PORTS = {"node1": 8101, "node2": 8102}
REDIS_PORT = 6391
REPLICA_PORT = 5442
LOGS = VAR / "cluster"
LOGIN_TIMEOUT = 60  # seconds for every user to log in; the window starts a second after
RESTART_AFTER = 3  # seconds between the kill and the restart
GRACE = 2  # seconds after HAProxy sees the node up again that still count as the failover
AGREEMENT = 0.10  # one node and two must agree within this share
SHARED = 10  # % of the machine used by other processes past which the comparison means little
MARKER = "bench-[0-9a-f]{32}"
TICKS = os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="measured seconds of each of the three runs (default 60)")
    parser.add_argument("--users", type=int, default=12, help="locust users, no think time (default 12)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers in all, even (default 4)")
    parser.add_argument("--scale", default="office", choices=["tiny", "office", "city", "province"])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories (printed)")
    args = parser.parse_args()
    if args.workers < 2 or args.workers % 2:
        parser.error("--workers must be even: two nodes get half each")
    # So that the children are stopped: on SIGTERM, and on Ctrl-C even where the shell that
    # started this script in the background told it to ignore SIGINT.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, signal.default_int_handler)

    refuse_busy_ports()
    LOGS.mkdir(parents=True, exist_ok=True)
    for old in LOGS.glob("*"):
        old.unlink()
    temporary = Path(tempfile.mkdtemp(prefix="torchbearer-cluster-"))
    temporary.chmod(0o755)  # the replica's directory inside belongs to the postgres user
    children = Children()
    try:
        result = run(args, temporary, children)
    finally:
        children.stop_all()
        if args.keep:
            print(f"kept {temporary}")
        else:
            shutil.rmtree(temporary, ignore_errors=True)
        still = [port for port in all_ports() if listening(port)]
        if still:
            print(f"still listening after the test: {still}")
    output = BENCH / "results"
    output.mkdir(parents=True, exist_ok=True)
    (output / "cluster.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    report = render(args, result)
    print(report)
    (output / "cluster.md").write_text(report)
    sys.exit(0 if passed(result) else 1)


def run(args, temporary, children):
    """Sets everything up, runs the three runs and checks the database; returns the results."""
    database_url = cluster_database(args.scale)
    allow_replication()
    children.start("redis", redis_command(temporary))
    wait_for(redis_answers, 20, "Redis did not answer PING")
    replica_url = start_replica(temporary, children)
    env = cluster_env(database_url, replica_url, temporary)
    prepare_app(env)
    logins = write_logins(env, branches=20)
    children.start("worker", [str(VENV_BIN / "python"), "manage.py", "db_worker"], env=env)

    choose_email(env)

    one, two = {"node1": args.workers}, {"node1": args.workers // 2, "node2": args.workers // 2}
    half = max(args.seconds // 2, 10)
    # One node and two in the order A B B A, half the seconds each: a drift of the machine over the
    # runs (caches warming, another process) weighs on both alike.
    runs = [
        measure("one node 1", one, half, args, env, logins, temporary, children),
        measure("two nodes 1", two, half, args, env, logins, temporary, children),
        measure("two nodes 2", two, half, args, env, logins, temporary, children),
        measure("one node 2", one, half, args, env, logins, temporary, children),
        measure("failover", two, args.seconds, args, env, logins, temporary, children, kill="node2"),
    ]
    worker_alive = children.alive("worker")
    tasks = wait_for_tasks(database_url)
    prepared = scalar(
        database_url,
        "SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*) n FROM branches_preparedfile GROUP BY status) t",
    )
    emails = scalar(database_url, "SELECT count(*) FROM services_notification WHERE emailed_at IS NOT NULL")
    records = count_lost(runs, database_url)
    for one_run in runs:
        del one_run["markers"]  # thousands; the counts are in "records"
    return {
        "scale": args.scale,
        "seconds": args.seconds,
        "users": args.users,
        "workers": args.workers,
        "cores": os.cpu_count(),
        "runs": runs,
        "records": records,
        "replica": compare_replica(database_url, replica_url),
        "summaries": check_summaries(env),
        "tasks": tasks,
        "prepared_files": prepared,
        "emails_sent": emails,
        "worker_alive": worker_alive,
        "node_errors": node_errors(),
    }


# --- the children ------------------------------------------------------------------------------


class Children:
    """The processes this script started, each in a session of its own (so that a signal to its
    process group reaches all of its processes), stopped by their IDs."""

    STOP_SIGNALS = {"replica": signal.SIGINT}  # PostgreSQL's fast shutdown; the others: SIGTERM

    def __init__(self):
        self.processes = {}

    def start(self, name, command, *, env=None, **options):
        log = open(LOGS / f"{name}.log", "a")
        self.processes[name] = subprocess.Popen(
            command, cwd=options.pop("cwd", ROOT), env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, **options,
        )
        log.close()
        return self.processes[name]

    def alive(self, name):
        process = self.processes.get(name)
        return process is not None and process.poll() is None

    def kill(self, name):
        """SIGKILL the whole process group: master and workers die at once, as in a crash."""
        os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes[name].wait(timeout=10)

    def stop(self, name, timeout=20):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        process.send_signal(self.STOP_SIGNALS.get(name, signal.SIGTERM))
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop within {timeout} s: SIGKILL", flush=True)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
        except ProcessLookupError:
            pass
        process.wait(timeout=10)

    def stop_all(self):
        for name in reversed(list(self.processes)):
            self.stop(name)


def all_ports():
    return [HAPROXY_PORT, *NODE_PORTS.values(), REDIS_PORT, REPLICA_PORT]


def listening(port):
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def refuse_busy_ports():
    busy = [port for port in all_ports() if listening(port)]
    if busy:
        raise SystemExit(f"these loopback ports are taken, stop what listens there first: {busy}")


def wait_for(ready, seconds, failure):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    raise SystemExit(failure)


# --- the database, its replica and Redis ------------------------------------------------------


def cluster_database(scale):
    """``torchbearer_cluster``, a copy of the scale's benchmark database (made first if need be)."""
    import psycopg2

    source = prepare_database(scale, regenerate=False)
    source_env = production_env(source)
    manage(source_env, "migrate", "--verbosity=0")
    if not scalar(source, "SELECT EXISTS (SELECT 1 FROM branches_person)"):
        print(f"generating the {scale} dataset …", flush=True)
        command = [str(VENV_BIN / "python"), "bench/generate.py", "--scale", scale]
        subprocess.run(command, cwd=ROOT, env=source_env, check=True, stdout=subprocess.DEVNULL, timeout=3600)
    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{source.rsplit("/", 1)[1]}"')
    connection.close()
    print(f"copied {source.rsplit('/', 1)[1]} to {DATABASE}", flush=True)
    return f"{SERVER}/{DATABASE}"


def scalar(url, sql, parameters=()):
    import psycopg2

    connection = psycopg2.connect(url, connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            return cursor.fetchone()[0]
    finally:
        connection.close()


def allow_replication():
    """pg_basebackup and the replica connect for replication, which ``host all …`` does not cover."""
    hba = Path(scalar(f"{SERVER}/postgres", "SHOW hba_file"))
    for line in hba.read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if fields[:2] == ["host", "replication"] and fields[2] in ("postgres", "all") and "127.0.0.1" in fields[3]:
            return
    with hba.open("a") as file:
        file.write("host replication postgres 127.0.0.1/32 trust  # bench/cluster.py: the streaming replica\n")
    scalar(f"{SERVER}/postgres", "SELECT pg_reload_conf()")
    time.sleep(1)  # the reload is asynchronous
    print(f"added 'host replication postgres 127.0.0.1/32 trust' to {hba} and reloaded the configuration", flush=True)


def as_postgres():
    """Popen's options that run a command as the postgres user (PostgreSQL refuses root)."""
    return {"user": "postgres", "group": "postgres", "extra_groups": []}


def start_replica(temporary, children):
    """A streaming replica of the local server in ``temporary``, on :data:`REPLICA_PORT`."""
    directory = temporary / "postgres"
    directory.mkdir(mode=0o700)
    shutil.chown(directory, "postgres", "postgres")
    data, sockets = directory / "data", directory / "sockets"
    subprocess.run(
        [str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-D", str(data),
         "-R", "-X", "stream", "--checkpoint=fast"],
        check=True, timeout=300, cwd=directory, **as_postgres(),
    )
    sockets.mkdir()
    shutil.chown(sockets, "postgres", "postgres")
    write_replica_configuration(data, sockets)
    children.start("replica", [str(PG_BIN / "postgres"), "-D", str(data)], cwd=directory, **as_postgres())
    url = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{DATABASE}"
    wait_for(lambda: accepts(url), 60, f"the replica did not accept connections; see {LOGS / 'replica.log'}")
    if not scalar(url, "SELECT pg_is_in_recovery()"):
        raise SystemExit("the replica is not in recovery: it is no replica")
    print(f"replica on 127.0.0.1:{REPLICA_PORT}, in recovery, streaming from 127.0.0.1:5432", flush=True)
    return url


def write_replica_configuration(data, sockets):
    """Debian keeps the configuration outside the data directory, so pg_basebackup copied none.
    A hot standby needs these settings at least as high as its primary's."""
    primary = f"{SERVER}/postgres"
    copied = ["max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
              "max_locks_per_transaction"]
    lines = [
        f"port = {REPLICA_PORT}",
        "listen_addresses = '127.0.0.1'",
        f"unix_socket_directories = '{sockets}'",
        "hot_standby = on",
        "shared_buffers = 128MB",
        "fsync = off  # a throw-away replica",
        *(f"{name} = {scalar(primary, f'SHOW {name}')}" for name in copied),
    ]
    files = {
        "postgresql.conf": "\n".join(lines) + "\n",
        "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
        "pg_ident.conf": "",
    }
    for name, text in files.items():
        (data / name).write_text(text)
        shutil.chown(data / name, "postgres", "postgres")


def accepts(url):
    import psycopg2

    try:
        psycopg2.connect(url, connect_timeout=2).close()
        return True
    except psycopg2.OperationalError:
        return False


def redis_command(temporary):
    directory = temporary / "redis"
    directory.mkdir()
    return ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no",
            "--dir", str(directory), "--daemonize", "no"]


def redis_answers():
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def cluster_env(database_url, replica_url, temporary):
    """bench/load.py's production environment, shared by every node and the worker."""
    media = temporary / "media"
    media.mkdir()
    env = production_env(database_url)
    env.update(
        DATABASE_REPLICA_URL=replica_url,
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        TASKS_BACKEND="database",
        MEDIA_ROOT=str(media),
        # A backend that exits takes its CPU time along: connections kept through a whole run
        # (production's 60 s would end them within it) let the database's CPU time be read.
        CONN_MAX_AGE="600",
    )
    return env


def choose_email(env):
    """Half the staff who log in choose e-mail for their records' outcomes, so that approvals
    queue e-mails for the worker (written to its log: no mail server is set)."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from services.notifications.models import Delivery, NotificationKind, NotificationPreference\n"
        "users = get_user_model().objects.filter(person__branch_role='', is_active=True).order_by('pk')[::2]\n"
        "for user in users:\n"
        "    get_user_model().objects.filter(pk=user.pk).update(email=f'user{user.pk}@hall.example')\n"
        "    NotificationPreference.objects.update_or_create(user=user, kind=NotificationKind.OUTCOME, defaults={'delivery': Delivery.EMAIL})\n"
    )
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env,
                   check=True, timeout=120)


# --- the nodes and HAProxy --------------------------------------------------------------------


def start_node(name, workers, env, children):
    command = [str(VENV_BIN / "gunicorn"), "torchbearer.wsgi", "--bind", f"127.0.0.1:{NODE_PORTS[name]}",
               "--workers", str(workers), "--timeout", "60", "--graceful-timeout", "5"]
    return children.start(name, command, env=env)


def node_up(name):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{NODE_PORTS[name]}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def haproxy_config(nodes, temporary):
    """Health checks every 500 ms, down after 2 failures, up after 2 successes; a request queued
    in HAProxy until a worker is free (maxconn: the node's workers); sent again, to the other
    node, only when its connection failed: a POST whose answer was lost is never repeated.

    A connection refused marks its node down at once (``observe layer4``): else, between the
    kill and the second failed check, every request sent there again found it dead, and
    balancing by fewest connections sent them all to the dead node, which had none.

    A dead node refuses the check's connection at once. A busy one answers it only when one of
    its sync workers is free, after the request in hand: hence the checks' 5 s timeout (with 1 s
    both nodes of a saturated cluster were taken for dead)."""
    servers = "\n".join(
        f"    server {name} 127.0.0.1:{NODE_PORTS[name]} check maxconn {workers}" for name, workers in nodes.items()
    )
    return f"""global
    maxconn 1000
    stats socket {temporary / 'haproxy.sock'} mode 600 level admin
    log stderr format raw local0 info

defaults
    mode http
    log global
    option httplog
    option dontlog-normal
    option forwardfor
    timeout connect 1s
    timeout client 60s
    timeout server 60s
    timeout queue 30s
    timeout check 5s
    retries 3
    retry-on conn-failure
    option redispatch 1

frontend web
    bind 127.0.0.1:{HAPROXY_PORT}
    default_backend nodes

backend nodes
    balance roundrobin
    option httpchk
    http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2 observe layer4 error-limit 1 on-error mark-down
{servers}
"""


def server_states(temporary):
    """HAProxy's view of each node: UP, DOWN, or on the way (``UP 1/2``…)."""
    try:
        with socket.socket(socket.AF_UNIX) as connection:
            connection.settimeout(2)
            connection.connect(str(temporary / "haproxy.sock"))
            connection.sendall(b"show stat\n")
            text = b""
            while chunk := connection.recv(65536):
                text += chunk
    except OSError:
        return {}
    rows = csv.DictReader(io.StringIO(text.decode().lstrip("# ")))
    return {row["svname"]: row["status"] for row in rows if row["pxname"] == "nodes" and row["svname"] in NODE_PORTS}


def start_cluster(nodes, env, temporary, children):
    for name, workers in nodes.items():
        start_node(name, workers, env, children)
    for name in nodes:
        wait_for(lambda: node_up(name) or not children.alive(name), 60, f"{name} did not answer /healthz")
        if not children.alive(name):
            raise SystemExit(f"{name} exited; see {LOGS / (name + '.log')}")
    config = temporary / "haproxy.cfg"
    config.write_text(haproxy_config(nodes, temporary))
    children.start("haproxy", ["haproxy", "-f", str(config), "-db"])
    wait_for(lambda: all_up(nodes, temporary), 20, f"HAProxy did not see the nodes up; see {LOGS / 'haproxy.log'}")


def all_up(nodes, temporary):
    states = server_states(temporary)
    return set(states) == set(nodes) and all(state == "UP" for state in states.values())


def stop_cluster(nodes, children):
    children.stop("haproxy")
    for name in nodes:
        children.stop(name)


# --- one run -----------------------------------------------------------------------------------


def measure(label, nodes, seconds, args, env, logins, temporary, children, kill=None):
    """One run of the locust mix through HAProxy; with ``kill``, that node is SIGKILLed halfway
    and restarted :data:`RESTART_AFTER` seconds later."""
    start_cluster(nodes, env, temporary, children)
    requests_log = LOGS / f"requests-{label.replace(' ', '-')}.tsv"
    locust_env = dict(os.environ, BENCH_LOGINS=str(logins), BENCH_WAIT="0", BENCH_REQUEST_LOG=str(requests_log))
    command = [
        str(VENV_BIN / "locust"), "-f", str(BENCH / "locustfile.py"), "--headless", "-H", f"http://127.0.0.1:{HAPROXY_PORT}",
        "-u", str(args.users), "-r", str(args.users), "-t", f"{LOGIN_TIMEOUT + seconds}s",
        "--only-summary", "--loglevel", "WARNING",
    ]
    failover = {}
    try:
        locust = children.start("locust", command, env=locust_env)
        wait_for(lambda: logged_in(requests_log) >= args.users, LOGIN_TIMEOUT, f"the users did not log in; see {LOGS / 'locust.log'}")
        time.sleep(1)
        before = cpu_snapshot(nodes, children, locust.pid)
        started = time.time()
        if kill:
            failover = fail_over(kill, nodes[kill], started + seconds / 2, env, temporary, children)
        time.sleep(max(0.0, started + seconds - time.time()))
        after = cpu_snapshot(nodes, children, locust.pid)
        ended = time.time()
    finally:
        children.stop("locust")
        stop_cluster(nodes, children)
    result = summarise(label, nodes, read_requests(requests_log), started, ended, failover)
    result["cpu"] = cpu_per_request(before, after, result["window_requests"], bool(kill))
    result["cpu"]["others"] = busiest_others(before, after, ended - started)
    print(one_line(result), flush=True)
    return result


def logged_in(requests_log):
    if not requests_log.exists():
        return 0
    return sum("\t/accounts/login/ (post)\t" in line for line in requests_log.read_text().splitlines())


def fail_over(name, workers, at, env, temporary, children):
    """Kill ``name`` at ``at`` (Unix time), restart it, and note when HAProxy saw each change."""
    time.sleep(max(0.0, at - time.time()))
    killed = time.time()
    children.kill(name)
    down = poll_state(temporary, name, lambda state: state.startswith("DOWN"), 10)
    time.sleep(max(0.0, killed + RESTART_AFTER - time.time()))
    restarted = time.time()
    start_node(name, workers, env, children)
    up = poll_state(temporary, name, lambda state: state == "UP", 60)
    if up is None:
        raise SystemExit(f"HAProxy did not see {name} up again within 60 s; see {LOGS / (name + '.log')}")
    return {"node": name, "killed": killed, "down": down, "restarted": restarted, "up": up, "until": up + GRACE}


def poll_state(temporary, name, wanted, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if wanted(server_states(temporary).get(name, "")):
            return time.time()
        time.sleep(0.05)
    return None


@dataclass
class Request:
    ended: float
    method: str
    name: str
    status: int
    ok: bool
    milliseconds: float
    marker: str
    failure: str


def read_requests(path):
    """The lines bench/locustfile.py wrote (see its docstring)."""
    requests = []
    if not path.exists():
        return requests
    for line in path.read_text().splitlines():
        ended, method, name, status, outcome, milliseconds, marker, failure = line.split("\t", 7)
        requests.append(Request(float(ended), method, name, int(status), outcome == "ok", float(milliseconds), marker, failure))
    return requests


def summarise(label, nodes, requests, started, ended, failover):
    window = [r for r in requests if started <= r.ended < ended]
    answered = [r for r in window if r.ok]
    times = sorted(r.milliseconds for r in window)
    inside = (lambda r: failover["killed"] <= r.ended <= failover["until"]) if failover else (lambda r: False)
    failed = [r for r in requests if not r.ok]
    failed_inside = [r for r in failed if inside(r)]
    failed_outside = [r for r in failed if not inside(r)]
    return {
        "label": label,
        "nodes": nodes,
        "seconds": round(ended - started, 1),
        "window_requests": len(window),
        "rps": len(answered) / (ended - started),  # HAProxy's quick 503s are no throughput
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "requests": len(requests),
        "posts": sum(r.method == "POST" for r in requests),
        "errors_inside": len(failed_inside),
        "errors_outside": len(failed_outside),
        "failed_posts_inside": sum(r.method == "POST" for r in failed_inside),
        "failures": failure_counts(failed),
        "failover": {key: (round(value - failover["killed"], 2) if isinstance(value, float) else value)
                     for key, value in failover.items()} if failover else None,
        "markers": [(r.marker, r.ok) for r in requests if r.marker],
    }


def percentile(values, share):
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1] if len(values) > 1 else values[0]


def failure_counts(failed):
    counts = {}
    for request in failed:
        key = f"{request.method} {request.name}: {request.failure or request.status}"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


# --- CPU ---------------------------------------------------------------------------------------


def process_table():
    """{pid: (parent pid, CPU ticks of the process and of its waited-for children)}."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    return table


def tree(table, root):
    """``root`` and all its descendants."""
    if root not in table:
        return []
    children = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_seconds(table, root):
    """CPU seconds of ``root`` and all its descendants, including those that exited (a parent's
    waited-for children are counted in its own entry): a node's master and workers, the replica's
    postmaster and backends."""
    return sum(table[pid][1] for pid in tree(table, root)) / TICKS


def primary_postmaster():
    data = Path(scalar(f"{SERVER}/postgres", "SHOW data_directory"))
    return int((data / "postmaster.pid").read_text().split()[0])


def primary_backends(table, postmaster):
    """{pid: CPU ticks} of the primary's processes that serve this test: the backends connected
    to its database (their titles name it) and the WAL sender of the replica. Other databases'
    backends, e.g. of a test suite run beside, are left out."""
    backends = {}
    for pid, (parent, ticks) in table.items():
        if parent != postmaster:
            continue
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f" {DATABASE} " in title or "walsender" in title:
            backends[pid] = ticks
    return backends


def cpu_snapshot(nodes, children, locust_pid):
    table = process_table()
    pid = lambda name: children.processes[name].pid  # noqa: E731
    return {
        "app": sum(tree_seconds(table, pid(name)) for name in nodes),
        "backends": primary_backends(table, primary_postmaster()),
        "replica": tree_seconds(table, pid("replica")),
        "proxy_cache_worker": sum(tree_seconds(table, pid(name)) for name in ("haproxy", "redis", "worker")),
        "locust": tree_seconds(table, locust_pid),
        "machine": cpu_times(),
        "table": table,
        "ours": {pid for process in children.processes.values() for pid in tree(table, process.pid)},
    }


def busiest_others(before, after, seconds):
    """The three processes not of this test that used the most CPU between the snapshots, with
    their share of the machine: what else ran beside the test."""
    used = []
    for pid, (_, ticks) in after["table"].items():
        if pid in after["ours"] or pid in after["backends"]:
            continue
        share = 100 * (ticks - before["table"].get(pid, (0, 0))[1]) / TICKS / seconds / os.cpu_count()
        try:
            name = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            name = "?"
        used.append((share, f"{name[:60]} (pid {pid})"))
    return [f"{share:.0f} % {name}" for share, name in sorted(used, reverse=True)[:3] if share >= 1]


def cpu_per_request(before, after, requests, killed):
    """CPU milliseconds per request served in the window. The app's is unknown across a kill:
    the killed node's CPU time dies with it, as does that of its database connections."""
    backends = sum(ticks - before["backends"].get(pid, 0) for pid, ticks in after["backends"].items()) / TICKS
    seconds = {
        "app": after["app"] - before["app"],
        "database": backends + after["replica"] - before["replica"],
        "proxy_cache_worker": after["proxy_cache_worker"] - before["proxy_cache_worker"],
        "locust": after["locust"] - before["locust"],
    }
    (total_0, idle_0), (total_1, idle_1) = before["machine"], after["machine"]
    machine, busy = (total_1 - total_0) / TICKS, (total_1 - idle_1 - total_0 + idle_0) / TICKS
    per_request = {f"{key}_ms": 1000 * value / max(1, requests) for key, value in seconds.items()}
    return {
        **per_request,
        "app_ms": None if killed else per_request["app_ms"],
        "machine_busy_percent": 100 * busy / max(machine, 0.001),
        # processes not of this test, e.g. a test suite run beside it, in % of the machine
        "others_percent": None if killed else 100 * (busy - sum(seconds.values())) / max(machine, 0.001),
    }


# --- the checks after the runs -----------------------------------------------------------------


def wait_for_tasks(database_url, seconds=60):
    """Wait until the worker has run every queued task; the tasks by status."""
    sql = "SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*) n FROM django_tasks_database_dbtaskresult GROUP BY status) t"
    if not scalar(database_url, "SELECT to_regclass('django_tasks_database_dbtaskresult') IS NOT NULL"):
        return {"table": "missing"}
    deadline = time.monotonic() + seconds
    while True:
        counts = scalar(database_url, sql)
        if not counts.get("READY") and not counts.get("RUNNING") or time.monotonic() > deadline:
            return counts
        time.sleep(0.5)


def stored_markers(url):
    """How many records carry each marker."""
    import psycopg2

    connection = psycopg2.connect(url, connect_timeout=5)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT marker, count(*) FROM (
                        SELECT substring(notes FROM '{MARKER}') AS marker FROM services_servicerecord
                        UNION ALL SELECT substring(description FROM '{MARKER}') FROM services_practicaldeed
                    ) records WHERE marker IS NOT NULL GROUP BY marker"""
            )
            return dict(cursor.fetchall())
    finally:
        connection.close()


def count_lost(runs, database_url):
    """``lost``: records whose POST was answered as a success but that are missing or stored twice."""
    stored = stored_markers(database_url)
    answered = {marker for run in runs for marker, ok in run["markers"] if ok}
    failed = {marker for run in runs for marker, ok in run["markers"] if not ok}
    missing = sorted(marker for marker in answered if stored.get(marker, 0) == 0)
    twice = sorted(marker for marker in answered if stored.get(marker, 0) > 1)
    return {
        "answered": len(answered),
        "lost": len(missing) + len(twice),
        "missing": missing[:20],
        "twice": twice[:20],
        "failed_posts": len(failed),
        "failed_but_stored": sum(stored.get(marker, 0) > 0 for marker in failed),
        "stored_twice_anyhow": sum(count > 1 for count in stored.values()),
    }


def compare_replica(database_url, replica_url, seconds=30):
    """Whether the replica caught up with the primary, and then holds the same records; and how
    many transactions it served (the figure pages' reads)."""
    target = scalar(database_url, "SELECT pg_current_wal_lsn()::text")
    started = time.monotonic()
    caught_up = False
    while time.monotonic() - started < seconds:
        if scalar(replica_url, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            caught_up = True
            break
        time.sleep(0.2)
    return {
        "caught_up": caught_up,
        "after_s": round(time.monotonic() - started, 2),
        "same_records": caught_up and stored_markers(replica_url) == stored_markers(database_url),
        "transactions": scalar(
            replica_url, "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        ),
    }


def check_summaries(env):
    """``manage.py rebuild_caches --check``: exit 0 when every summary equals a rebuild."""
    result = subprocess.run([str(VENV_BIN / "python"), "manage.py", "rebuild_caches", "--check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    output = (result.stdout + result.stderr).strip()
    return {"equal": result.returncode == 0, "output": output.splitlines()[-1] if output else ""}


def node_errors():
    """The ERROR and CRITICAL lines of the nodes' and the worker's logs, counted."""
    counts = {}
    for log in sorted(LOGS.glob("*.log")):
        if log.stem not in (*NODE_PORTS, "worker"):
            continue
        for line in log.read_text(errors="replace").splitlines():
            if "ERROR" in line or "CRITICAL" in line or "Internal Server Error" in line:
                key = f"{log.stem}: {line.split('] ', 1)[-1][:160]}"
                counts[key] = counts.get(key, 0) + 1
    return counts


# --- the report --------------------------------------------------------------------------------


def errors_outside(result):
    return sum(run["errors_outside"] for run in result["runs"])


def tasks_done(result):
    """Every queued task ran and none failed for good; no prepared file is left waiting or failed."""
    tasks, prepared = result["tasks"], result["prepared_files"]
    return (
        not any(tasks.get(status) for status in ("READY", "RUNNING", "FAILED"))
        and not any(prepared.get(status) for status in ("preparing", "failed"))
    )


def passed(result):
    return (
        result["records"]["lost"] == 0
        and errors_outside(result) == 0
        and result["summaries"]["equal"]
        and tasks_done(result)
        and result["worker_alive"]
    )


def pooled(runs, prefix):
    """The runs whose label starts with ``prefix`` as one: answered requests over measured seconds,
    and their app and database CPU per request."""
    chosen = [run for run in runs if run["label"].startswith(prefix)]
    seconds = sum(run["seconds"] for run in chosen)
    requests = sum(run["window_requests"] for run in chosen)
    cpu = sum((run["cpu"]["app_ms"] + run["cpu"]["database_ms"]) * run["window_requests"] for run in chosen)
    return {"rps": sum(run["rps"] * run["seconds"] for run in chosen) / seconds, "cpu_ms": cpu / requests, "runs": chosen}


def one_line(run):
    return (
        f"{run['label']:<10} {run['rps']:6.1f} req/s, p50 {run['p50']:.0f} ms, p95 {run['p95']:.0f} ms, "
        f"{run['errors_outside'] + run['errors_inside']} errors of {run['requests']} requests"
    )


def render(args, result):
    one, two, failover = pooled(result["runs"], "one node"), pooled(result["runs"], "two nodes"), result["runs"][-1]
    ratio = two["rps"] / one["rps"] if one["rps"] else float("nan")
    records, timeline = result["records"], failover["failover"]
    lines = [
        f"# Cluster test: {args.scale} scale, {result['cores']} cores",
        "",
        f"HAProxy on 127.0.0.1:{HAPROXY_PORT} in front of gunicorn nodes (production settings), Redis, a streaming "
        f"replica of PostgreSQL, one task worker; locust ({args.users} users, no think time, bench/locustfile.py) "
        f"once every user has logged in: one node and two nodes {max(args.seconds // 2, 10)} s each, twice, in the order "
        f"one, two, two, one; the failover {args.seconds} s; {args.workers} workers in all. Errors count "
        "every request of a run, logins included; req/s, percentiles and CPU the measured seconds.",
        "",
        "| run | nodes × workers | req/s | p50 ms | p95 ms | requests | errors | app CPU ms/req | database CPU ms/req | "
        "HAProxy+Redis+worker ms/req | locust ms/req | machine busy % | others % |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in result["runs"]:
        cpu = run["cpu"]
        app = f"{cpu['app_ms']:.1f}" if cpu["app_ms"] is not None else "—"
        lines.append(
            f"| {run['label']} | {' + '.join(str(w) for w in run['nodes'].values())} | {run['rps']:.1f} | {run['p50']:.0f} | "
            f"{run['p95']:.0f} | {run['requests']} | {run['errors_inside'] + run['errors_outside']} | {app} | "
            f"{cpu['database_ms']:.1f} | {cpu['proxy_cache_worker_ms']:.1f} | {cpu['locust_ms']:.1f} | {cpu['machine_busy_percent']:.0f} | {fmt(cpu['others_percent'], 0)} |"
        )
    lines += [
        "",
        f"two nodes / one node: throughput {two['rps']:.1f} / {one['rps']:.1f} req/s = {ratio:.3f} "
        f"({'within' if abs(ratio - 1) <= AGREEMENT else 'NOT within'} {AGREEMENT:.0%}), app and database CPU per request "
        f"{two['cpu_ms']:.1f} / {one['cpu_ms']:.1f} ms = {two['cpu_ms'] / one['cpu_ms']:.3f}" + shared_warning(*one["runs"], *two["runs"]),
        f"failover: {timeline['node']} SIGKILLed; HAProxy saw it down after {fmt(timeline['down'])} s; restarted at "
        f"{fmt(timeline['restarted'])} s; up again at {fmt(timeline['up'])} s; window until {fmt(timeline['until'])} s",
        f"errors during the failover: {failover['errors_inside']} ({failover['failed_posts_inside']} of them POSTs)",
        f"errors outside the failover window: {errors_outside(result)}",
        f"POSTs answered as a success: {records['answered']}; failed POSTs: {records['failed_posts']} "
        f"({records['failed_but_stored']} of them stored all the same)",
        f"lost {records['lost']}" + (f" (missing {records['missing']}, twice {records['twice']})" if records["lost"] else ""),
        f"replica: {'caught up' if result['replica']['caught_up'] else 'NOT caught up'} in {result['replica']['after_s']} s, "
        f"{'the same' if result['replica']['same_records'] else 'NOT the same'} records as the primary; "
        f"it served {result['replica']['transactions']} transactions",
        f"summary tables {'equal' if result['summaries']['equal'] else 'DIFFER from'} a rebuild: {result['summaries']['output']}",
        f"tasks by status: {result['tasks'] or 'none queued'}; prepared files by status: "
        f"{result['prepared_files'] or 'none asked'}; notices e-mailed: {result['emails_sent']}; worker "
        f"{'running' if result['worker_alive'] else 'NOT running'} to the end",
    ]
    failures = {f"{run['label']}: {key}": count for run in result["runs"] for key, count in run["failures"].items()}
    if failures:
        lines += ["", "Failed requests:", ""] + [f"- {count}× {key}" for key, count in failures.items()]
    if result["node_errors"]:
        lines += ["", f"Errors in the logs ({LOGS}):", ""]
        lines += [f"- {count}× {key}" for key, count in list(result["node_errors"].items())[:20]]
    lines += ["", "PASSED" if passed(result) else "FAILED"]
    return "\n".join(lines) + "\n"


def shared_warning(*runs):
    others = max(run["cpu"]["others_percent"] for run in runs)
    if others <= SHARED:
        return ""
    busiest = "; ".join(name for run in runs for name in run["cpu"]["others"][:1])
    return f"; other processes took up to {others:.0f} % of the machine meanwhile ({busiest}): the comparison means little"


def fmt(value, digits=2):
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "—"


if __name__ == "__main__":
    main()
