"""The rest of the web client's surface: scrolling back through a long history, group messages, favourites,
Account Settings, and the layout at phone width with keyboard-only sending."""
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import problems, screenshot
from chat_support import Client
from web_flows import click, fill, find, first_team, send, wait_for, wait_post


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
