"""Smaller pieces of the web client: a channel's add-members dialog and channel admin, the pinned list, presence
going offline when someone closes their browser, desktop notifications for mentions, the group picker's limit of
seven others, and changing one's password."""
from selenium.webdriver.common.by import By

from browser_support import problems
from web_flows import click, create_channel, fill, find, first_team, login, path_is, post_action, send, wait_for, wait_post


RECORD_NOTIFICATIONS = """
window.__notified = [];
window.Notification = class {
  static permission = "granted";
  static requestPermission() { return Promise.resolve("granted"); }
  constructor(title, options) { window.__notified.push([title, options && options.body]); }
};
"""


def test_members_pins_presence_notifications_groups_and_password(parley, browser):
    pam = browser()
    owner, team, others = first_team(pam, parley, "pam", "Depot", "depot", [f"crew{i}" for i in range(8)])

    # Add a member from the channel's menu, then make them channel admin.
    create_channel(pam, "Loading Dock", "loading-dock")
    channel = owner.get(f"/teams/{team['id']}/channels/name/loading-dock").json()
    click(pam, "channel-menu")
    click(pam, "channel-menu-add-members")
    find(pam, "add-members-search").send_keys("crew0")
    click(pam, "add-member-crew0")
    wait_for(pam, lambda d: any(m["user_id"] == others["crew0"].id for m in owner.get(f"/channels/{channel['id']}/members").json()),
             "crew0 in the channel")
    click(pam, "add-members-close")
    click(pam, "channel-menu")
    click(pam, "channel-menu-members")
    click(pam, "channel-role-crew0")
    wait_for(pam, lambda d: owner.get(f"/channels/{channel['id']}/members/{others['crew0'].id}").json().get("scheme_admin") is True,
             "crew0 channel admin")
    click(pam, "channel-role-crew0")
    wait_for(pam, lambda d: owner.get(f"/channels/{channel['id']}/members/{others['crew0'].id}").json().get("scheme_admin") is False,
             "crew0 no longer channel admin")
    click(pam, "channel-members-dialog-close")

    # The pinned list.
    send(pam, "the manifest is final")
    post_action(pam, wait_post(pam, "the manifest is final"), "pin")
    click(pam, "channel-menu")
    click(pam, "channel-menu-pinned")
    wait_post(pam, "the manifest is final", scope="pinned")
    click(pam, "pinned-close")

    # Presence: crew1 opens the app, pam writes them a DM and sees them online, then offline when they leave.
    crew1 = browser()
    login(crew1, parley.url, "crew1")
    path_is(crew1, "/depot/channels/town-square")
    pam.get(parley.url + "/depot/messages/@crew1")
    wait_for(pam, lambda d: "__" in d.execute_script("return location.pathname"), "the DM")
    wait_for(pam, lambda d: find(d, "presence-crew1").get_attribute("class") == "presence online", "crew1 online")
    crew1.quit()
    wait_for(pam, lambda d: find(d, "presence-crew1").get_attribute("class") == "presence offline", "crew1 offline")

    # Automatic away: with a 1-second away timeout, an idle crew3 turns away at pam's.
    config = owner.get("/config").json()
    config["TeamSettings"]["UserStatusAwayTimeout"] = 1
    assert owner.put("/config", config).status_code == 200
    crew3 = browser()
    login(crew3, parley.url, "crew3")
    path_is(crew3, "/depot/channels/town-square")
    pam.get(parley.url + "/depot/messages/@crew3")
    wait_for(pam, lambda d: find(d, "presence-crew3").get_attribute("class") == "presence away", "crew3 away")
    config["TeamSettings"]["UserStatusAwayTimeout"] = 300
    assert owner.put("/config", config).status_code == 200

    # A desktop notification for a mention outside the channel in view.
    pam.execute_script(RECORD_NOTIFICATIONS)
    town = owner.get(f"/teams/{team['id']}/channels/name/town-square").json()
    others["crew2"].post("/posts", {"channel_id": town["id"], "message": "@pam the truck is here"})
    wait_for(pam, lambda d: d.execute_script("return window.__notified.length") > 0, "a notification")
    title, body = pam.execute_script("return window.__notified[0]")
    assert "crew2" in title and "truck is here" in body
    others["crew3"].post("/posts", {"channel_id": town["id"], "message": "@here the gate is open"})
    wait_for(pam, lambda d: any("gate is open" in (n[1] or "") for n in d.execute_script("return window.__notified")),
             "a notification for @here")
    # The first-name trigger: highlighted in the page and notified.
    owner.put(f"/users/{owner.id}/patch", {"first_name": "Pamela", "notify_props": {"first_name": "true", "desktop": "mention"}})
    others["crew4"].post("/posts", {"channel_id": town["id"], "message": "Pamela, the forklift needs you"})
    wait_for(pam, lambda d: any("forklift" in (n[1] or "") for n in d.execute_script("return window.__notified")),
             "a notification for the first name")
    pam.get(parley.url + "/depot/channels/town-square")
    row = wait_post(pam, "the forklift needs you")
    assert [e.text for e in row.find_elements(By.CSS_SELECTOR, '[data-testid="mention-word"]')] == ["Pamela"]

    # The group picker stops at seven others.
    click(pam, "sidebar-add-direct")
    for i in range(7):
        search = find(pam, "dm-search")
        search.send_keys(f"crew{i}")
        click(pam, f"dm-user-crew{i}")
    search = find(pam, "dm-search")
    search.send_keys("crew7")
    button = find(pam, "dm-user-crew7")
    assert button.get_attribute("disabled") is not None, "an eighth person cannot be added"
    assert len(find(pam, "dm-chosen").find_elements(By.CSS_SELECTOR, ".chip")) == 7
    click(pam, "direct-message-close")

    # A new password works at the next log-in; the old one no longer does.
    click(pam, "user-menu")
    click(pam, "user-menu-settings")
    click(pam, "settings-tab-security")
    fill(pam, "settings-current-password", "a-long-password-1")
    fill(pam, "settings-new-password", "another-long-password-2")
    click(pam, "password-form-submit")
    wait_for(pam, lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="password-form"] .hint.good'), "saved")
    click(pam, "account-settings-close")
    fresh = browser()
    login(fresh, parley.url, "pam", "a-long-password-1")
    wait_for(fresh, lambda d: find(d, "login-form-error").text, "the refusal of the old password")
    login(fresh, parley.url, "pam", "another-long-password-2")
    path_is(fresh, "/depot/channels/town-square")

    for driver in (pam, fresh):
        found = problems(driver, parley.url)
        assert not found, "\n".join(found)
