"""One headless Chromium, driven by Selenium, with what the browser tests do with it.

A ``Browser`` visits pages of the live server, waits for each page to load, saves screenshots
and keeps every message the page wrote to the browser console, so that the fixture can fail
the test when a page broke its Content Security Policy or raised a JavaScript error.
"""

import base64
from pathlib import Path

from django.urls import reverse
from selenium import webdriver
from selenium.common.exceptions import (
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Bootstrap scrolls smoothly and fades unless the user prefers reduced motion; an animated
    # scroll moves the element chromedriver has just scrolled to before it clicks there.
    "--force-prefers-reduced-motion",
]
VIEWPORTS = {"phone": (375, 812), "desktop": (1366, 900), "hall": (1920, 1080)}  # hall: the hall's screens
WAIT_SECONDS = 10
PASSWORD = "correct-horse-battery"  # every factory user's


def start_chromium(viewport, *, profile_dir, download_dir):
    """A headless Chromium with this viewport ("phone" or "desktop"), a fresh profile in
    ``profile_dir``, that keeps its console log and saves downloads into ``download_dir``.

    The paths of Chromium and chromedriver are given, so selenium-manager never tries to
    download a browser (there is no internet on CI). The viewport is chromedriver's device
    emulation: a headless window is at least 500 pixels wide, and chromedriver must know the
    emulated size to scroll what it clicks into view.
    """
    width, height = VIEWPORTS[viewport]
    phone = viewport == "phone"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_experimental_option(
        "mobileEmulation",
        {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1, "mobile": phone, "touch": phone}},
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


def is_console_problem(entry):
    """A CSP violation (source "security"), a JavaScript error, or anything else the console
    reports as an error (a script or stylesheet that failed to load)."""
    return (
        entry["level"] == "SEVERE"
        or entry["source"] in {"security", "javascript"}
        or "Content Security Policy" in entry["message"]
    )


def _replaced(old_page):
    """A wait condition: the page of ``old_page`` (its <html> element) has been left.

    Selenium's ``staleness_of`` waits for "stale element"; while the next page is loading,
    Chromium may instead answer that the node "does not belong to the document", which is the
    same fact, and must not fail the test.
    """

    def left(driver):
        try:
            old_page.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
        return False

    return left

class Browser:
    def __init__(self, driver, *, name, base_url, screenshots, download_dir):
        self.driver = driver
        self.name = name
        self.base_url = base_url
        self.screenshots = screenshots
        self.download_dir = Path(download_dir)
        self.console = []  # (page URL, entry) for every console message, in order
        self.visited = []  # the path of every page loaded, in order

    # Pages

    def visit(self, path):
        self.driver.get(self.base_url + path)
        self._settle()

    def follow(self, element):
        """Click a link or a submit button and wait for the page it leads to."""
        old_page = self.driver.find_element(By.TAG_NAME, "html")
        element.click()
        self.wait().until(_replaced(old_page))
        self._settle()

    def log_in(self, username, password=PASSWORD):
        """Through the real login form, as a person would."""
        self.visit(reverse("login"))
        self.find("#id_username").send_keys(username)
        self.find("#id_password").send_keys(password)
        self.follow(self.find("main form button[type=submit]"))
        assert not self.path.startswith(reverse("login")), self.text()

    @property
    def path(self):
        return self.driver.current_url.removeprefix(self.base_url)

    # Elements

    def wait(self, seconds=WAIT_SECONDS):
        return WebDriverWait(self.driver, seconds)

    def find(self, css):
        return self.wait().until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def find_xpath(self, xpath):
        return self.wait().until(EC.visibility_of_element_located((By.XPATH, xpath)))

    def text(self, css="body"):
        return self.driver.find_element(By.CSS_SELECTOR, css).text

    def wait_for_download(self, suffix):
        """The file ending in ``suffix`` once Chromium has finished saving it."""

        def finished(driver):
            done = [path for path in self.download_dir.iterdir() if path.name.endswith(suffix)]
            return done[0] if done else None  # Chromium writes into "….crdownload", then renames

        return self.wait().until(finished, f"no {suffix} file arrived in {self.download_dir}")

    # Evidence

    def screenshot(self, step):
        self.screenshots.save(self.driver, f"{self.name}-{step}")

    def collect_console(self):
        """Move the console messages Chromium holds into ``self.console`` (reading empties it)."""
        page = self.driver.current_url
        self.console.extend((page, entry) for entry in self.driver.get_log("browser"))

    def console_problems(self):
        self.collect_console()
        return [
            f"{page}: [{entry['source']}] {entry['message']}"
            for page, entry in self.console
            if is_console_problem(entry)
        ]

    def _settle(self):
        self.wait().until(lambda driver: driver.execute_script("return document.readyState") == "complete")
        self.visited.append(self.path)
        self.collect_console()


class Screenshots:
    """Numbered PNGs of one test in ``var/screenshots/<test>/``, in the order they were taken.

    Each is of the whole page, not just the viewport: on a phone most of a form is below it.
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        for old in self.folder.glob("*.png"):  # the last run's, which may have had more steps
            old.unlink()
        self.count = 0

    def save(self, driver, label):
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
        )
        (self.folder / f"{self.count:02d}-{label}.png").write_bytes(base64.b64decode(shot["data"]))
