"""Helpers for the browser tests: screenshots, the console, and waiting for a page to settle."""
import pathlib
import time

OUTPUT = pathlib.Path(__file__).resolve().parent / "output"   # screenshots; gitignored


def screenshot(driver, name):
    """Saves the page as Tests/browser/output/<name>.png and returns the path."""
    OUTPUT.mkdir(exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = OUTPUT / f"{safe}.png"
    driver.save_screenshot(str(path))
    return path


def console(driver):
    """The browser console's entries since the last call (Chromium hands each entry out once)."""
    return driver.get_log("browser")


def problems(driver, origin):
    """What says the page is broken, from the console entries since the last call and the resources fetched so
    far: a Content-Security-Policy violation or any other refusal ("Refused to apply style ... MIME type", which is
    how a missing style sheet shows under nosniff), an uncaught error or rejection, and a file of the page that
    did not load. Requests under /api/ are left out: their 401s and 404s are ordinary answers to the app."""
    found = []
    for entry in console(driver):
        message = entry.get("message", "")
        if "Content Security Policy" in message or "Refused to" in message or "Uncaught" in message:
            found.append(message)
        elif "Failed to load resource" in message and not message.startswith(origin + "/api/"):
            found.append(message)
    resources = driver.execute_script(
        "return performance.getEntriesByType('resource').map((e) => [e.name, e.responseStatus])")
    for url, status in resources:
        if url.startswith(origin) and not url.startswith(origin + "/api/") and not 200 <= status < 400:
            found.append(f"{url}: HTTP {status}")
    return found


def wait_until_quiet(driver, timeout=10.0, quiet=0.3):
    """Waits for the page to load and then for its list of fetched resources to stop growing for `quiet` seconds,
    so that work the scripts start after the load event (catalogues, API calls) has had its chance to fail."""
    deadline = time.monotonic() + timeout
    count, since = -1, time.monotonic()
    while time.monotonic() < deadline:
        state, now_count = driver.execute_script(
            "return [document.readyState, performance.getEntriesByType('resource').length]")
        if state == "complete" and now_count == count:
            if time.monotonic() - since >= quiet:
                return
        else:
            count, since = now_count, time.monotonic()
        time.sleep(0.05)
    raise AssertionError("the page did not settle")
