"""Load test: logged-in users mixing page reads with logging records and approving them.

Run by ``bench/load.py`` (which starts gunicorn with the production settings and writes the
logins file); by hand::

    BENCH_LOGINS=var/bench/logins.json .venv/bin/locust -f bench/locustfile.py --headless \\
        -H http://127.0.0.1:8000 -u 50 -r 10 -t 3m

``BENCH_WAIT=0`` takes the think time away (1–3 s by default), so that a few users keep every worker
busy (bench/cluster.py). ``BENCH_REQUEST_LOG=<file>`` appends one line per request to the file:
when it ended (Unix time), method, name, status, ``ok`` or ``failed``, response time in ms, the
marker of the record a POST created (empty for others) and the failure. Every record a user logs
carries its own marker (``bench-<32 hex digits>``, in the service record's notes or at the end of
the deed's description), so that bench/cluster.py can find it in the database.

Production runs behind a TLS proxy (``BEHIND_TLS_PROXY=true``): every request says
``X-Forwarded-Proto: https``, so the app sees HTTPS, sets Secure cookies and checks the Referer of
each POST. On plain HTTP loopback the client sends those Secure cookies anyway (their flag is
cleared in the cookie jar), exactly as the browser does to the proxy.
"""

import datetime
import json
import os
import random
import re
import time
import uuid

from locust import HttpUser, between, constant, events, task

LOGINS = json.loads(open(os.environ.get("BENCH_LOGINS", "var/bench/logins.json")).read())
PASSWORD = LOGINS.get("password", "bench2021")
WAITING = re.compile(r'name="records" value="([a-z]+:\d+:[^"]+)"')
PREPARED = re.compile(r"/org/downloads/(\d+)/$")
PREPARED_LOOKS = 60  # seconds a user waits for a prepared file
EXCLUDE = {url for url in os.environ.get("BENCH_EXCLUDE", "").split(",") if url}  # pages left out of the mix
THINK = constant(0) if os.environ.get("BENCH_WAIT") == "0" else between(1, 3)
REQUEST_LOG = open(os.environ["BENCH_REQUEST_LOG"], "a", buffering=1) if os.environ.get("BENCH_REQUEST_LOG") else None


def recent_day():
    """A day of the last fortnight: without think time a user logs dozens of one-hour services, and
    one day holds at most MAX_SERVICE_HOURS_PER_DAY of a person's hours."""
    return (datetime.date.today() - datetime.timedelta(days=random.randrange(14))).isoformat()


def new_marker():
    return f"bench-{uuid.uuid4().hex}"


@events.request.add_listener
def log_request(request_type, name, response_time, response, context, exception, **kwargs):
    """One line per request in BENCH_REQUEST_LOG (see the module's docstring)."""
    if REQUEST_LOG is None:
        return
    status = getattr(response, "status_code", 0) or 0
    failure = " ".join(str(exception).split())[:200] if exception else ""
    REQUEST_LOG.write(
        f"{time.time():.3f}\t{request_type}\t{name}\t{status}\t{'failed' if exception else 'ok'}\t"
        f"{response_time:.1f}\t{context.get('marker', '')}\t{failure}\n"
    )


class TorchbearerUser(HttpUser):
    abstract = True
    wait_time = THINK
    logins = ()

    def on_start(self):
        self.origin = self.host.replace("http://", "https://").rstrip("/")
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": self.origin})
        self.username = random.choice(self.logins)
        self.client.get("/accounts/login/", name="/accounts/login/ (form)")
        self.insecure()
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf()},
            headers={"Referer": f"{self.origin}/accounts/login/"},
            name="/accounts/login/ (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.username} answered {response.status_code}")
        self.insecure()

    def insecure(self):
        """Send the Secure cookies over the loopback's plain HTTP, as through the TLS proxy."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def page(self, url, name=None):
        if url in EXCLUDE:
            return None
        response = self.client.get(url, name=name or url)
        self.insecure()
        return response

    def post(self, url, data, *, name, expect, marker=""):
        """POST a form; a success redirects to a URL containing ``expect``. ``marker``: the one the
        created record carries, for the request log."""
        data = {**data, "csrfmiddlewaretoken": self.csrf()}
        with self.client.post(
            url, data=data, headers={"Referer": f"{self.origin}{url}"}, name=name, catch_response=True,
            context={"marker": marker},
        ) as response:
            if response.status_code != 200 or expect not in response.url:
                response.failure(f"{name}: {response.status_code}, ended at {response.url}")
        self.insecure()


class Staff(TorchbearerUser):
    """Staff: their dashboard and records, logging what they did from the phone."""

    weight = 6

    def on_start(self):
        self.logins = LOGINS["staff"]
        super().on_start()

    @task(3)
    def dashboard(self):
        self.page("/dashboard/")

    @task(2)
    def my_records(self):
        self.page("/services/mine/")

    @task(2)
    def log_service(self):
        self.page("/services/log/service/")
        mark = new_marker()
        self.post(
            "/services/log/service/",
            {"kind": "door_to_door", "date": recent_day(), "hours": "1", "persons_sent": "1", "reason": "special_reason",
             "served_name": "群众", "notes": mark, "enterprise_code": "", "enterprise_name": ""},
            name="/services/log/service/ (post)",
            expect="/services/mine/",
            marker=mark,
        )

    @task(1)
    def log_deed(self):
        self.page("/services/log/deed/")
        mark = new_marker()
        self.post(
            "/services/log/deed/",
            {"beneficiary": "masses", "date": recent_day(), "beneficiary_name": "群众",
             "description": f"帮助老人网上办理社保认证 {mark}", "result": "已办结", "enterprise_code": "", "enterprise_name": ""},
            name="/services/log/deed/ (post)",
            expect="/services/mine/",
            marker=mark,
        )

    @task(1)
    def notifications(self):
        self.page("/services/notifications/")

    @task(1)
    def my_page(self):
        self.page("/org/me/")

    @task(1)
    def lectures(self):
        self.page("/org/lectures/")

    @task(1)
    def serve_pillar(self):
        self.page("/pillars/serve/")


class Secretary(TorchbearerUser):
    """Branch secretaries: their branch's dashboard, the review queue, approving records."""

    weight = 2

    def on_start(self):
        self.logins = LOGINS["secretary"]
        super().on_start()

    @task(3)
    def dashboard(self):
        self.page("/dashboard/")

    @task(2)
    def queue(self):
        self.page("/services/review/")

    @task(3)
    def approve(self):
        queue = self.page("/services/review/")
        waiting = WAITING.findall(queue.text)[:3] if queue is not None else []
        if not waiting:
            return
        data = {"records": waiting, "decision": "approve", "comment": "", "next": "/services/review/"}
        self.post("/services/review/selected/", data, name="/services/review/selected/ (approve)", expect="/services/review/")

    @task(1)
    def service_records(self):
        self.page("/services/service/")

    @task(1)
    def export_records(self):
        """The branch's service records as Excel: answered at once where tasks run in the request,
        else prepared by the task worker (the page reloads until the file is ready)."""
        url = "/services/service/export.xlsx"
        if url in EXCLUDE:
            return
        response = self.client.get(url, name=url)
        self.insecure()
        match = PREPARED.search(response.url or "")
        if match is None:
            return
        page = f"/org/downloads/{match.group(1)}/"
        for _look in range(PREPARED_LOOKS):
            time.sleep(1)
            with self.client.get(page, name="/org/downloads/[id]/", catch_response=True) as waiting:
                if f"{page}file/" in waiting.text:
                    break
                if "http-equiv=\"refresh\"" not in waiting.text:
                    waiting.failure("the file could not be prepared")
                    return
        else:
            return
        with self.client.get(f"{page}file/", name="/org/downloads/[id]/file/", catch_response=True) as file:
            if not file.content.startswith(b"PK"):
                file.failure("not an Excel file")

    @task(1)
    def people(self):
        self.page("/org/people/")

    @task(1)
    def pass_on(self):
        self.page("/pillars/pass-on/")


class CommitteeOffice(TorchbearerUser):
    """The committee office: every branch side by side, the pillars, the annual report."""

    weight = 1

    def on_start(self):
        self.logins = LOGINS["committee"]
        super().on_start()

    @task(2)
    def dashboard(self):
        self.page("/dashboard/")

    @task(1)
    def serve(self):
        self.page("/pillars/serve/")

    @task(1)
    def dedicate(self):
        self.page("/pillars/dedicate/")

    @task(1)
    def pass_on(self):
        self.page("/pillars/pass-on/")

    @task(1)
    def annual_report(self):
        self.page("/reports/annual/")

    @task(1)
    def records(self):
        self.page("/services/deed/")

    @task(1)
    def people(self):
        self.page("/org/people/")

