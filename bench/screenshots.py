#!/usr/bin/env python
"""Screenshots of the pages of a day in the office, on a phone (375 px) and a desk (1366 px).

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--only NAME ...]

Loads the demo office into its own SQLite file (``var/screenshots.sqlite3``, made once), starts the
app on a free port, logs in as each page's demo role in headless Chromium and saves the whole page
as ``<name>-375.png`` and ``<name>-1366.png``, cut at 2,000 px high and reduced to 32 colours,
so that the folder stays small enough to keep in git. It prints each page's width: a page wider
than its screen scrolls sideways, which the script reports.
"""

import argparse
import base64
import datetime
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = ROOT / "var" / "screenshots.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "torchbearer.settings")

WIDTHS = {375: 812, 1366: 900}
TALLEST = 2000
COLOURS = 32


def pages():
    """(name, demo login, path): the pages of the day, each found in the demo data."""
    from django.urls import reverse

    from branches.lectures.models import Lecture
    from branches.organisation.models import Branch, PartyGroup, ResponsibilityZone
    from services.records.models import ServiceRecord
    from services.studios.models import Studio

    branch = Branch.objects.order_by("number").first()
    group = PartyGroup.objects.filter(leader__user__username="leader1").first()
    zone = ResponsibilityZone.objects.filter(member__branch=branch).first()
    lecture = Lecture.objects.order_by("-date").first()
    record = ServiceRecord.objects.filter(person__user__username="staff1").order_by("-date").first()
    listed = [
        ("staff-dashboard", "staff1", reverse("dashboard")),
        ("log-service", "staff1", reverse("services:record-log", args=["service"])),
        ("my-records", "staff1", reverse("services:my-records")),
        ("record", "staff1", record.get_absolute_url() if record else None),
        ("notifications", "staff1", reverse("services:notification-list")),
        ("notification-choices", "staff1", reverse("services:notification-preferences")),
        ("lecture-check-in", "staff1", reverse("branches:lecture-check-in")),
        ("my-page", "staff1", reverse("branches:my-page")),
        ("secretary-dashboard", "secretary1", reverse("dashboard")),
        ("review-queue", "secretary1", reverse("services:review-queue")),
        ("branch", "secretary1", branch.get_absolute_url()),
        ("zone-new", "secretary1", reverse("branches:zone-create")),
        ("zone-edit", "secretary1", reverse("branches:zone-edit", args=[zone.pk]) if zone else None),
        ("group-new", "secretary1", reverse("branches:group-create")),
        ("patrol-plan", "secretary1", reverse("services:patrol-plan")),
        ("lecture", "secretary1", lecture.get_absolute_url() if lecture else None),
        ("projector", "secretary1", reverse("branches:lecture-projector", args=[lecture.pk]) if lecture else None),
        ("group-page", "leader1", group.get_absolute_url() if group else None),
        ("leader-dashboard", "leader1", reverse("dashboard")),
        ("committee-dashboard", "committee", reverse("dashboard")),
        ("dedicate", "committee", reverse("pillar-dedicate")),
        ("honours", "admin", reverse("branches:honour-list")),
    ]
    studio = Studio.objects.order_by("pk").first()
    today = datetime.date.today()
    listed += [
        ("duty-rota", "secretary4", reverse("services:duty-rota")),
        ("duty-rota-edit", "secretary4", reverse("services:duty-rota-edit", args=[studio.leader.branch_id if studio else branch.pk, today.year, today.month])),
        ("backfill", "secretary4", reverse("services:record-backfill")),
        ("studio", "secretary4", studio.get_absolute_url() if studio else None),
        ("studio-case-new", "secretary4", reverse("services:case-create", args=[studio.pk]) if studio else None),
        ("honour-new", "admin", reverse("branches:honour-create")),
        ("brand", "staff1", reverse("branches:party-brand")),
        ("brand-edit", "admin", reverse("branches:party-brand-edit")),
        ("lead", "staff1", reverse("pillar-lead")),
        ("pass-on", "secretary1", reverse("pillar-pass-on")),
        ("serve", "committee", reverse("pillar-serve")),
        ("brand-report-2019-2021", "admin", reverse("annual-report") + "?from=2019&to=2021"),
        ("brand-report-branch", "secretary1", reverse("annual-report")),
        ("hall-displays", "admin", reverse("branches:display-list")),
    ]
    return [(name, login, path) for name, login, path in listed if path]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browser(width):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--force-prefers-reduced-motion"):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": width, "height": WIDTHS[width], "pixelRatio": 1, "mobile": width < 500, "touch": width < 500}},
    )
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def log_in(driver, base, username):
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(base + "/accounts/login/")
    driver.find_element(By.ID, "id_username").send_keys(username)
    password = driver.find_element(By.ID, "id_password")
    password.send_keys("torch2021")
    password.submit()
    time.sleep(0.3)


def save(driver, path):
    from PIL import Image

    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    height = min(size["height"], TALLEST)
    clip = {"x": 0, "y": 0, "width": size["width"], "height": height, "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
    image = Image.open(io.BytesIO(base64.b64decode(shot["data"]))).convert("RGB")
    image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return size["width"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if not DATABASE.exists():
        subprocess.run(manage + ["migrate", "-v0"], check=True)
        subprocess.run(manage + ["seed_demo"], check=True, stdout=subprocess.DEVNULL)
    import django

    django.setup()
    port = free_port()
    server = subprocess.Popen(manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        time.sleep(3)
        listed = [page for page in pages() if not args.only or page[0] in args.only]
        for width in WIDTHS:
            driver = browser(width)
            current = None
            try:
                for name, login, path in listed:
                    if login != current:
                        log_in(driver, base, login)
                        current = login
                    driver.get(base + path)
                    page_width = save(driver, out / f"{name}-{width}.png")
                    wide = "  SCROLLS SIDEWAYS" if page_width > width else ""
                    print(f"{name:24} {width:5} px  page {page_width:5} px  {path}{wide}")
            finally:
                driver.quit()
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
