"""Starts Debian's headless Chromium through chromium-driver (no driver download, no network).

Runs as root in CI, hence --no-sandbox; the stack's certificate is self-signed, hence
--ignore-certificate-errors. The browser log is kept so tests can look for CSP violations.
"""

import base64
import os
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WIDE = (1280, 900)
NARROW = (375, 812)


def _first_existing(*candidates):
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def start_chromium():
    """A Chrome WebDriver session on /usr/bin/chromium at 1280x900."""
    binary = _first_existing(os.environ.get("TASKMGR_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"))
    driver_path = _first_existing(os.environ.get("TASKMGR_CHROMEDRIVER"), "/usr/bin/chromedriver", shutil.which("chromedriver"))
    if not binary or not driver_path:
        raise RuntimeError("chromium and chromium-driver are needed: apt-get install chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDE[0]},{WIDE[1]}",
                     "--ignore-certificate-errors", "--disable-dev-shm-usage", "--lang=en-US",
                     "--disable-features=Translate,MediaRouter", "--no-first-run"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def save_page_screenshot(driver, path, top=0, max_height=None):
    """A PNG of the page from `top` (CSS px) down, past the viewport, at most `max_height` tall
    (Chrome DevTools Page.captureScreenshot with a clip)."""
    width, height = driver.execute_script(
        "return [document.documentElement.clientWidth, document.documentElement.scrollHeight];")
    clip_height = height - top if max_height is None else min(max_height, height - top)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": top, "width": width, "height": clip_height, "scale": 1},
    })
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(shot["data"]))


def emulate_viewport(driver, width, height, mobile):
    """Lays the page out exactly `width` CSS px wide (a desktop window loses some to its scrollbar)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def stop_emulating(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
