"""The web client loads in a real browser under its Content-Security-Policy: index.html with #app, every file it
pulls in found, no policy violation, no uncaught error. Nothing here depends on what the app renders."""
from selenium.webdriver.common.by import By

from browser_support import problems, screenshot, wait_until_quiet


def test_index_loads_without_csp_violations_or_errors(parley, browser):
    driver = browser()
    driver.get(parley.url + "/")
    wait_until_quiet(driver)
    screenshot(driver, "smoke-index")
    assert driver.find_elements(By.ID, "app"), driver.page_source[:500]
    assert driver.execute_script("return document.contentType") == "text/html"
    found = problems(driver, parley.url)
    assert not found, "\n".join(found)


def test_the_checks_see_a_csp_violation_an_uncaught_error_and_a_missing_file(parley, browser):
    """The smoke test's checks against a page broken on purpose, so they cannot pass everything: an inline script
    (which the policy must block), an error nobody catches, and a file that is not there."""
    driver = browser()
    driver.get(parley.url + "/login")
    wait_until_quiet(driver)
    problems(driver, parley.url)   # whatever the app itself did is not what this test is about
    driver.execute_script("""
        const inline = document.createElement("script");
        inline.textContent = "window.inlineScriptRan = true";
        document.head.append(inline);
        setTimeout(() => { throw new Error("thrown on purpose"); }, 0);
    """)
    wait_until_quiet(driver)
    assert driver.execute_script("return window.inlineScriptRan === true") is False
    found = problems(driver, parley.url)
    assert any("Content Security Policy" in m for m in found), found
    assert any("Uncaught" in m and "thrown on purpose" in m for m in found), found
    driver.execute_script("fetch('/static/no-such-file.js')")
    wait_until_quiet(driver)
    assert any("/static/no-such-file.js" in m for m in problems(driver, parley.url))
