"""The browser tests: a Parley server (the integration tests' ChatServer: one io driver, fast password hashing) and
headless Chromium sessions driven by Selenium, each with its own profile so that several users can be signed in at
once. Chromium and its driver are Debian's (`make web-tests` installs them); Selenium never downloads a browser."""
import pathlib
import shutil
import sys
import tempfile

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "integration"))

from browser_support import screenshot  # noqa: E402
from chat_support import FAST_HASH, ChatServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"]


@pytest.fixture(scope="module")
def parley():
    """One server for a test module's browsers, on a data directory removed afterwards."""
    server = ChatServer(config=FAST_HASH, driver="uring")
    yield server
    server.close()


@pytest.fixture
def browser(request):
    """A factory: `browser()` opens another headless Chromium with a fresh profile. Each one is screenshotted
    (when the test failed) and closed at the end of the test."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opened = []

    def open_browser():
        profile = tempfile.mkdtemp(prefix="parley-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        opened.append((driver, profile))
        return driver

    yield open_browser
    failed = getattr(request.node, "failed_call", False)
    for number, (driver, profile) in enumerate(opened):
        try:
            if failed:
                screenshot(driver, f"{request.node.name}-failed-{number}")
            driver.quit()
        finally:
            shutil.rmtree(profile, ignore_errors=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
