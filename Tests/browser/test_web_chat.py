"""Two people in two browsers use the web client the way the guide describes: the first signs up (and becomes the
system admin), creates a team and shares its invite link; the second signs up through it. They create and join
channels, chat with live delivery both ways, reply in a thread, mention with the autocomplete, react, pin, save,
change status and language, and one loses the network briefly and catches up without reloading."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import problems, screenshot
from web_flows import (click, create_channel, create_team, find, invite_link, path_is, post_action,
                       send, set_language, sign_up, wait_for, wait_post)

ES = json.load(open(__file__.rsplit("/", 3)[0] + "/Sources/Server/Web/static/i18n/es.json", encoding="utf-8"))


def test_two_people_chat_in_real_browsers(parley, browser):
    ann, bob = browser(), browser()

    # Ann: sign-up, the first-run page, a team with a checked URL.
    sign_up(ann, parley.url, "ann")
    path_is(ann, "/select_team")
    screenshot(ann, "01-first-run")
    create_team(ann, "Acme Rockets", "acme-rockets")
    screenshot(ann, "02-town-square")
    link = invite_link(ann)
    assert "/signup_user_complete/?id=" in link

    # Bob: sign-up through the invite link lands in the team.
    sign_up(bob, parley.url, "bob", invite=link.split("id=", 1)[1])
    path_is(bob, "/acme-rockets/channels/town-square")
    assert "Acme Rockets" in find(bob, "team-name").text

    # Channels: Ann creates one, Bob finds it under "More…" and joins.
    create_channel(ann, "Launch Plans", "launch-plans")
    click(bob, "sidebar-more-channels")
    click(bob, "browse-join-launch-plans")
    path_is(bob, "/acme-rockets/channels/launch-plans")

    # Live delivery both ways.
    send(ann, "hello from **ann**")
    row = wait_post(bob, "hello from ann")
    assert row.find_elements(By.TAG_NAME, "strong"), "Markdown bold"
    send(bob, "hi ann")
    wait_post(ann, "hi ann")
    screenshot(bob, "03-channel")

    # A thread: Bob replies to Ann's post in the right-hand panel; Ann sees the reply count.
    post_action(bob, wait_post(bob, "hello from ann"), "reply")
    find(bob, "thread")
    send(bob, "a reply in the thread", box="reply-box")
    wait_post(bob, "a reply in the thread", scope="thread")
    wait_for(ann, lambda d: "1" in find(d, "reply-count").text, "the reply count")
    screenshot(bob, "04-thread")
    click(bob, "thread-close")

    # Mention through the autocomplete: "@b", arrow down past nobody, Enter picks bob.
    box = find(ann, "compose-box")
    box.send_keys("ping @b")
    find(ann, "mention-option-bob")
    box.send_keys(Keys.ENTER)
    assert box.get_attribute("value") == "ping @bob "
    box.send_keys("are you there?")
    box.send_keys(Keys.ENTER)
    mention = wait_post(bob, "are you there?")
    assert mention.find_elements(By.CSS_SELECTOR, ".mention-me"), "Bob's mention is highlighted for Bob"

    # React, pin, save.
    post_action(bob, wait_post(bob, "are you there?"), "react")
    click(bob, "emoji-tada")
    wait_for(ann, lambda d: wait_post(d, "are you there?").find_elements(By.CSS_SELECTOR, '[data-testid="reaction-tada"]'),
             "Bob's reaction at Ann's")
    post_action(ann, wait_post(ann, "hi ann"), "pin")
    wait_for(bob, lambda d: wait_post(d, "hi ann").find_elements(By.CSS_SELECTOR, '[data-testid="pinned-tag"]'), "the pin")
    post_action(bob, wait_post(bob, "hi ann"), "save")
    click(bob, "open-saved")
    saved_row = wait_post(bob, "hi ann", scope="saved")
    screenshot(bob, "05-saved")
    post_action(bob, saved_row, "save")  # now "remove from saved"
    wait_for(bob, lambda d: not [e for e in find(d, "saved").find_elements(By.CSS_SELECTOR, "[data-post-id]") if "hi ann" in e.text],
             "the saved list without it")
    click(bob, "saved-close")

    # Status: Ann is busy.
    click(ann, "user-menu")
    click(ann, "user-menu-status-dnd")
    wait_for(ann, lambda d: find(d, "my-status").get_attribute("data-status") == "dnd", "do not disturb")

    # Language: Bob switches to Spanish and the labels follow.
    set_language(bob, "es")
    wait_for(bob, lambda d: ES["sidebar.public"].upper() in find(d, "sidebar-public").text.upper(), "Spanish sidebar labels")
    assert ES["sidebar.direct"].upper() in find(bob, "sidebar-direct").text.upper()
    assert find(bob, "compose-box").get_attribute("placeholder").startswith(ES["compose.placeholder"].split("{")[0])
    screenshot(bob, "06-spanish")

    # A brief network loss: Ann goes offline, Bob posts twice, Ann comes back and catches up in place.
    ann.execute_script("window.__sameDocument = true")
    ann.execute_cdp_cmd("Network.enable", {})
    ann.execute_cdp_cmd("Network.emulateNetworkConditions",
                        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    # DevTools' offline mode blocks new connections but neither fires `offline` nor drops open sockets, as a real
    # loss of the network does: tell the page, as the browser would.
    ann.execute_script("window.dispatchEvent(new Event('offline'))")
    wait_for(ann, lambda d: find(d, "connection-banner").is_displayed(), "the offline banner")
    send(bob, "while you were away 1")
    send(bob, "while you were away 2")
    wait_post(bob, "while you were away 2")
    ann.execute_cdp_cmd("Network.emulateNetworkConditions",
                        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    ann.execute_script("window.dispatchEvent(new Event('online'))")
    wait_post(ann, "while you were away 1")
    wait_post(ann, "while you were away 2")
    assert ann.execute_script("return window.__sameDocument === true"), "caught up without a reload"
    screenshot(ann, "07-caught-up")

    for driver in (ann, bob):
        found = problems(driver, parley.url)
        assert not found, "\n".join(found)


def test_messages_with_markup_render_inert(parley, browser):
    """RELIABILITY A17: HTML, script and javascript: links in messages show as text; nothing runs."""
    driver = browser()
    sign_up(driver, parley.url, "xss")
    path_is(driver, "/select_team")
    create_team(driver, "Inert Team", "inert-team")
    hostile = [
        '<img src=x onerror="window.__xss=1">',
        "<script>window.__xss=2</script>",
        "[click me](javascript:window.__xss=3)",
        '<a href="javascript:window.__xss=4">x</a>',
        "<iframe srcdoc='<script>parent.__xss=5</script>'></iframe>",
    ]
    for text in hostile:
        send(driver, text)
    for text in hostile:
        row = wait_post(driver, text if not text.startswith("[") else "[click me]")
        body = row.find_element(By.CSS_SELECTOR, '[data-testid="post-message"]')
        assert not body.find_elements(By.CSS_SELECTOR, "img, script, iframe"), text
        assert not [a for a in body.find_elements(By.TAG_NAME, "a") if "javascript" in (a.get_attribute("href") or "")], text
    for link in driver.find_elements(By.CSS_SELECTOR, '[data-testid="post-message"] a'):
        link.click()
    assert driver.execute_script("return window.__xss === undefined")
    screenshot(driver, "08-inert")
