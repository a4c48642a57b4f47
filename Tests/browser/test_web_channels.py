"""The web client's channel work beyond chatting: direct messages with presence, permalinks and recent mentions,
editing and deleting one's own messages, the out-of-channel mention notice with its action, the @channel
confirmation in a busy channel, renaming and archiving a channel, and leaving it."""
from selenium.webdriver.common.by import By

from browser_support import problems, screenshot
from chat_support import Client, sign_up as api_sign_up
from web_flows import click, create_channel, fill, find, first_team, login, path_is, post_action, send, wait_for, wait_post


def test_channel_work_in_the_browser(parley, browser):
    cy = browser()
    # Five more people in the team, made through the API, and one outside every channel but town-square.
    owner, team, people = first_team(cy, parley, "cyra", "Orbit", "orbit", ["dan", "eve", "fay", "gus", "hal"])

    # A DM through the people picker; the partner's presence dot shows them online once they connect.
    dan = browser()
    login(dan, parley.url, "dan")
    path_is(dan, "/orbit/channels/town-square")
    click(cy, "sidebar-add-direct")
    search = find(cy, "dm-search")
    search.send_keys("da")
    click(cy, "dm-user-dan")
    click(cy, "dm-go")
    wait_for(cy, lambda d: "__" in d.execute_script("return location.pathname"), "the DM's address")
    wait_for(cy, lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="presence-dan"]').get_attribute("class") == "presence online",
             "dan shown online")
    send(cy, "a direct word")
    wait_for(dan, lambda d: "unread" in d.find_element(By.CSS_SELECTOR, '[data-testid^="channel-"][href*="__"]').get_attribute("class"),
             "the DM unread at dan's")
    screenshot(cy, "10-direct-message")

    # A channel of five: @channel asks first; the out-of-channel notice offers to add gus.
    create_channel(cy, "Mission Control", "mission-control")
    channel = owner.get(f"/teams/{team['id']}/channels/name/mission-control").json()
    for name in ["dan", "eve", "fay", "hal"]:
        assert owner.post(f"/channels/{channel['id']}/members", {"user_id": people[name].id}).status_code == 201
    send(cy, "@channel standup in five")
    alert = wait_for(cy, lambda d: d.switch_to.alert, "the @channel confirmation")
    assert "5" in alert.text
    alert.accept()
    wait_post(cy, "standup in five")
    send(cy, "@gus can you join?")
    notice = wait_post(cy, "did not get notified by this mention")
    notice.find_element(By.CSS_SELECTOR, '[data-testid="add-missing-members"]').click()
    wait_for(cy, lambda d: any(m["user_id"] == people["gus"].id
                               for m in owner.get(f"/channels/{channel['id']}/members").json()), "gus added")

    # Edit and delete one's own message; the other side sees both.
    dan.get(parley.url + "/orbit/channels/mission-control")
    wait_post(dan, "standup in five")
    post_action(cy, wait_post(cy, "standup in five"), "edit")
    box = find(cy, "edit-box")
    box.clear()
    box.send_keys("@channel standup in ten\n")
    wait_for(dan, lambda d: wait_post(d, "standup in ten").find_elements(By.CSS_SELECTOR, '[data-testid="edited-mark"]'),
             "the edit at dan's")
    send(cy, "a message to take back")
    post_action(cy, wait_post(cy, "a message to take back"), "delete")
    wait_for(cy, lambda d: d.switch_to.alert, "the delete confirmation").accept()
    wait_for(dan, lambda d: not any("take back" in e.text for e in d.find_elements(By.CSS_SELECTOR, "[data-post-id]")),
             "the deletion at dan's")

    # Recent mentions, Jump, and a permalink opened directly.
    eve = Client(parley, "eve", "a-long-password-1")
    mention = eve.post("/posts", {"channel_id": channel["id"], "message": "@dan the telemetry is green"}).json()
    click(dan, "open-mentions")
    row = wait_post(dan, "telemetry is green", scope="mentions")
    row.find_element(By.CSS_SELECTOR, '[data-testid="jump"]').click()
    path_is(dan, f"/orbit/pl/{mention['id']}")
    wait_for(dan, lambda d: "highlight" in wait_post(d, "telemetry is green").get_attribute("class"), "the highlighted post")
    dan.get(parley.url + f"/orbit/pl/{mention['id']}")
    wait_for(dan, lambda d: "highlight" in wait_post(d, "telemetry is green").get_attribute("class"), "the permalink opened")
    screenshot(dan, "11-permalink")

    # Rename (display name and URL), then archive; dan's view follows.
    click(cy, "channel-menu")
    click(cy, "channel-menu-rename")
    fill(cy, "rename-display-name", "Mission Ops")
    fill(cy, "rename-url", "mission-ops")
    click(cy, "rename-form-submit")
    path_is(cy, "/orbit/channels/mission-ops")
    wait_for(dan, lambda d: "Mission Ops" in find(d, "channel-name").text, "the new name at dan's")
    click(cy, "channel-menu")
    click(cy, "channel-menu-archive")
    wait_for(cy, lambda d: d.switch_to.alert, "the archive confirmation").accept()
    find(dan, "archived-note")
    assert find(dan, "compose-box").get_attribute("disabled") is not None
    screenshot(dan, "12-archived")

    # Leaving a channel returns to town-square and drops it from the sidebar.
    create_channel(cy, "Short Lived", "short-lived")
    click(cy, "channel-menu")
    click(cy, "channel-menu-leave")
    path_is(cy, "/orbit/channels/town-square")
    wait_for(cy, lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="channel-short-lived"]'), "gone from the sidebar")

    for driver in (cy, dan):
        found = problems(driver, parley.url)
        assert not found, "\n".join(found)


def test_team_management_in_the_browser(parley, browser):
    """Team Settings (rename, open to everyone, a new invite code), adding a member, making them team admin,
    removing someone from a channel, and leaving the team, from the admin's and the member's browsers."""
    owner = Client(parley, "cyra", "a-long-password-1")
    team = owner.get("/teams/name/orbit").json()
    api_sign_up(parley, "ivy", password="a-long-password-1")
    ivy_api = Client(parley, "ivy", "a-long-password-1")
    cy = browser()
    login(cy, parley.url, "cyra")
    path_is(cy, "/orbit/channels/town-square")

    click(cy, "team-menu")
    click(cy, "team-menu-add-members")
    click(cy, "team-add-ivy")
    wait_for(cy, lambda d: any(m["user_id"] == ivy_api.id for m in owner.get(f"/teams/{team['id']}/members").json()),
             "ivy in the team")
    click(cy, "team-add-dialog-close")

    click(cy, "team-menu")
    click(cy, "team-menu-members")
    click(cy, "team-role-ivy")
    wait_for(cy, lambda d: owner.get(f"/teams/{team['id']}/members/{ivy_api.id}").json().get("scheme_admin") is True,
             "ivy a team admin")
    screenshot(cy, "13-team-members")
    click(cy, "team-members-dialog-close")

    owner.put(f"/teams/{team['id']}/patch", {"allow_open_invite": False})
    old_invite = owner.get(f"/teams/{team['id']}").json()["invite_id"]
    click(cy, "team-menu")
    click(cy, "team-menu-settings")
    fill(cy, "team-settings-name", "Orbit Prime")
    if not find(cy, "team-settings-open").is_selected():
        click(cy, "team-settings-open")
    click(cy, "team-settings-regenerate")
    wait_for(cy, lambda d: old_invite not in find(d, "team-settings-invite").text, "a new invite code")
    click(cy, "team-settings-form-submit")
    wait_for(cy, lambda d: "Orbit Prime" in find(d, "team-name").text, "the new team name")
    now = owner.get(f"/teams/{team['id']}").json()
    assert now["allow_open_invite"] is True and now["invite_id"] != old_invite

    off_topic = owner.get(f"/teams/{team['id']}/channels/name/off-topic").json()
    hal = owner.get("/users/username/hal").json()
    cy.get(parley.url + "/orbit/channels/off-topic")
    click(cy, "channel-menu")
    click(cy, "channel-menu-members")
    click(cy, "channel-remove-hal")
    wait_for(cy, lambda d: all(m["user_id"] != hal["id"] for m in owner.get(f"/channels/{off_topic['id']}/members").json()),
             "hal out of off-topic")
    click(cy, "channel-members-dialog-close")

    # ivy has a team of her own too: leaving Orbit lands there; leaving that one lands on the team selection.
    assert ivy_api.post("/teams", {"name": "ivy-lab", "display_name": "Ivy Lab", "type": "O"}).status_code == 201
    ivy = browser()
    login(ivy, parley.url, "ivy@example.com")  # by e-mail this time
    ivy.get(parley.url + "/orbit/channels/town-square")
    find(ivy, "compose-box")
    click(ivy, "team-menu")
    click(ivy, "team-menu-leave")
    wait_for(ivy, lambda d: d.switch_to.alert, "the leave confirmation").accept()
    path_is(ivy, "/ivy-lab/channels/town-square")
    click(ivy, "team-menu")
    click(ivy, "team-menu-leave")
    wait_for(ivy, lambda d: d.switch_to.alert, "the second leave confirmation").accept()
    path_is(ivy, "/select_team")
    assert all(m["user_id"] != ivy_api.id or m["delete_at"] > 0 for m in owner.get(f"/teams/{team['id']}/members").json())
    # The team is open now: ivy finds it among the teams to join, joins again, then logs out.
    click(ivy, "join-team-orbit")
    path_is(ivy, "/orbit/channels/town-square")
    click(ivy, "user-menu")
    click(ivy, "user-menu-logout")
    path_is(ivy, "/login")
    assert ivy_api.get("/users/me").status_code == 200, "other sessions stay"

    for driver in (cy, ivy):
        found = problems(driver, parley.url)
        assert not found, "\n".join(found)
