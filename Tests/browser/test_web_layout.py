"""The rest of the web client's surface: scrolling back through a long history, group messages, favourites,
Account Settings, and the layout at phone width with keyboard-only sending."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import problems, screenshot
from chat_support import Client
from web_flows import PASSWORD, click, fill, find, first_team, login, send, set_language, wait_for, wait_post


def test_history_groups_favourites_settings_and_phone_width(parley, browser):
    lee = browser()
    owner, team, _ = first_team(lee, parley, "leeann", "Harbor", "harbor", ["mia", "ned"])
    town = owner.get(f"/teams/{team['id']}/channels/name/town-square").json()

    # 150 posts: the first page shows the newest 60; scrolling to the top loads older pages down to the first.
    for i in range(150):
        owner.post("/posts", {"channel_id": town["id"], "message": f"history line {i:03d}"})
    lee.get(parley.url + "/harbor/channels/town-square")
    wait_post(lee, "history line 149")
    assert not [e for e in lee.find_elements(By.CSS_SELECTOR, "[data-post-id]") if "history line 000" in e.text]
    def shown(d):
        return len([e for e in d.find_elements(By.CSS_SELECTOR, "[data-post-id]") if "history line" in e.text])

    assert shown(lee) == 60, "the first page"
    while shown(lee) < 150:
        before = shown(lee)
        lee.execute_script("const l = document.querySelector('.post-list'); l.scrollTop = 0; l.dispatchEvent(new Event('scroll'))")
        wait_for(lee, lambda d: shown(d) > before, f"an older page after {before}")
    wait_post(lee, "history line 000")
    assert shown(lee) == 150
    wait_for(lee, lambda d: "Town Square" in d.find_element(By.CSS_SELECTOR, ".post-loader").text,
             "the beginning of the channel marked")

    # A group message with two others, from the people picker.
    click(lee, "sidebar-add-direct")
    for name in ["mia", "ned"]:
        search = find(lee, "dm-search")
        search.send_keys(name)
        click(lee, f"dm-user-{name}")
    click(lee, "dm-go")
    wait_for(lee, lambda d: find(d, "channel-name").text.count(",") >= 1 or "mia" in find(d, "channel-name").text, "the group")
    send(lee, "hello group")
    wait_post(lee, "hello group")

    # Favourites: the star moves the channel into the Favourites group.
    lee.get(parley.url + "/harbor/channels/off-topic")
    click(lee, "favourite-toggle")
    wait_for(lee, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="sidebar-favorites"] [data-testid="channel-off-topic"]'),
             "off-topic among the favourites")

    # Account Settings: nickname and mention words are saved to the account.
    click(lee, "user-menu")
    click(lee, "user-menu-settings")
    fill(lee, "settings-nickname", "Captain")
    click(lee, "profile-form-submit")
    wait_for(lee, lambda d: owner.get("/users/me").json()["nickname"] == "Captain", "the nickname saved")
    click(lee, "settings-tab-notifications")
    fill(lee, "settings-mention-keys", "harbor, dock")
    click(lee, "notifications-form-submit")
    wait_for(lee, lambda d: owner.get("/users/me").json()["notify_props"].get("mention_keys") == "harbor,dock", "the words saved")
    click(lee, "account-settings-close")
    Client(parley, "mia", "a-long-password-1").post("/posts", {"channel_id": town["id"], "message": "the dock is ready"})
    lee.get(parley.url + "/harbor/channels/town-square")
    row = wait_post(lee, "the dock is ready")
    assert row.find_elements(By.CSS_SELECTOR, '[data-testid="mention-word"]'), "an own mention word is highlighted"

    # Phone width: one column, the compose box still usable from the keyboard (Shift+Enter is a new line).
    lee.set_window_size(390, 844)
    lee.get(parley.url + "/harbor/channels/town-square")
    box = find(lee, "compose-box")
    assert box.size["width"] <= 390
    box.send_keys("line one")
    box.send_keys(Keys.SHIFT, Keys.ENTER)
    box.send_keys("line two")
    assert box.get_attribute("value") == "line one\nline two"
    box.send_keys(Keys.ENTER)
    row = wait_post(lee, "line two")
    assert row.find_elements(By.TAG_NAME, "br"), "the new line is kept"
    assert find(lee, "sidebar").is_displayed()
    width = lee.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"no sideways scrolling at phone width ({width}px)"
    screenshot(lee, "14-phone")

    found = problems(lee, parley.url)
    assert not found, "\n".join(found)


UNNAMED_CONTROLS = """
const named = (e) => (e.getAttribute('aria-label') || e.getAttribute('title') || e.textContent || '').trim() ||
  (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) || e.getAttribute('placeholder');
return [...document.querySelectorAll('button, a[href], input, select, textarea')]
  .filter((e) => e.offsetParent !== null && !named(e)).map((e) => e.outerHTML.slice(0, 120));
"""


def test_keyboard_and_labels(parley, browser):
    """Every visible control has an accessible name, on the sign-in page and in the signed-in layout; the channel
    menu opens, moves and closes from the keyboard; a message can be written and sent without the mouse."""
    from selenium.webdriver.common.action_chains import ActionChains

    driver = browser()
    driver.get(parley.url + "/login")
    find(driver, "login-form")
    assert driver.execute_script(UNNAMED_CONTROLS) == []
    from chat_support import sign_up as api_sign_up
    api_sign_up(parley, "kayla", password=PASSWORD)
    Client(parley, "kayla", PASSWORD).post("/teams", {"name": "keys", "display_name": "Keys", "type": "O"})
    login(driver, parley.url, "kayla")
    find(driver, "compose-box")
    assert driver.execute_script(UNNAMED_CONTROLS) == []

    menu = find(driver, "channel-menu")
    menu.send_keys(Keys.ENTER)
    items = find(driver, "channel-menu-items")
    first = driver.switch_to.active_element
    assert first.get_attribute("role") == "menuitem", "the menu's first item takes the focus"
    ActionChains(driver).send_keys(Keys.ARROW_DOWN).perform()
    assert driver.switch_to.active_element != first, "arrows move through the items"
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    wait_for(driver, lambda d: not items.is_displayed(), "Escape closes the menu")
    assert driver.switch_to.active_element == menu, "the focus returns to the menu button"

    box = find(driver, "compose-box")
    box.click()
    ActionChains(driver).send_keys("typed from the keyboard", Keys.ENTER).perform()
    wait_post(driver, "typed from the keyboard")

    # Japanese, drawn with the Noto CJK fonts: a screenshot of the labels in the catalogue's words.
    import json
    import pathlib
    ja = json.loads((pathlib.Path(__file__).resolve().parents[2] / "Sources/Server/Web/static/i18n/ja.json").read_text("utf-8"))
    set_language(driver, "ja")
    wait_for(driver, lambda d: ja["sidebar.public"] in find(d, "sidebar-public").text, "Japanese sidebar labels")
    assert find(driver, "compose-box").get_attribute("placeholder").startswith(ja["compose.placeholder"].split("{")[0])
    screenshot(driver, "15-japanese")
