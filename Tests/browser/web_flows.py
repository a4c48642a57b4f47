"""What a person does in the web client, as Selenium steps on the client's data-testid hooks: sign up, create a
team, invite, post, reply, react... Each step waits for what the page shows next, never for a fixed time."""
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 15


def tid(name):
    return (By.CSS_SELECTOR, f'[data-testid="{name}"]')


def wait_for(driver, predicate, what, timeout=WAIT):
    """Waits until `predicate(driver)` is truthy (stale elements count as not yet), returning its value."""
    def check(d):
        try:
            return predicate(d)
        except (StaleElementReferenceException, NoAlertPresentException):
            return False
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(check, f"waiting for {what}")


def find(driver, name, timeout=WAIT):
    """The visible element with data-testid `name`."""
    return wait_for(driver, lambda d: next((e for e in d.find_elements(*tid(name)) if e.is_displayed()), None),
                    f"[data-testid={name}]", timeout)


def click(driver, name):
    """Clicks the element, finding it again if the page rebuilt it in between."""
    def attempt(d):
        element = next((e for e in d.find_elements(*tid(name)) if e.is_displayed()), None)
        if element is None:
            return False
        element.click()
        return True
    wait_for(driver, attempt, f"a click on [data-testid={name}]")


def fill(driver, element_id, text):
    field = wait_for(driver, lambda d: d.find_element(By.ID, element_id), f"#{element_id}")
    field.clear()
    field.send_keys(text)


def path_is(driver, path):
    wait_for(driver, lambda d: d.execute_script("return location.pathname") == path, f"path {path}")


def sign_up(driver, base, username, invite=None):
    driver.get(base + (f"/signup_user_complete/?id={invite}" if invite else "/signup_user_complete"))
    fill(driver, "signup-email", f"{username}@example.com")
    fill(driver, "signup-username", username)
    fill(driver, "signup-password", PASSWORD)
    click(driver, "signup-form-submit")


def create_team(driver, display_name, url):
    click(driver, "create-team-link")
    fill(driver, "team-display-name", display_name)
    wait_for(driver, lambda d: d.find_element(By.ID, "team-url").get_attribute("value") == url, "the suggested URL")
    wait_for(driver, lambda d: "good" in find(d, "team-url-status").get_attribute("class"), "the URL to be free")
    click(driver, "create-team-form-submit")
    path_is(driver, f"/{url}/channels/town-square")


def invite_link(driver):
    click(driver, "team-menu")
    click(driver, "team-menu-invite")
    link = find(driver, "invite-link").get_attribute("value")
    click(driver, "invite-close")
    return link


def open_channel(driver, name):
    click(driver, f"channel-{name}")
    wait_for(driver, lambda d: d.execute_script("return location.pathname").endswith(f"/channels/{name}"), name)


def create_channel(driver, display_name, name, private=False):
    click(driver, "sidebar-add-private" if private else "sidebar-add-public")
    fill(driver, "channel-display-name", display_name)
    click(driver, "create-channel-form-submit")
    wait_for(driver, lambda d: d.execute_script("return location.pathname").endswith(f"/channels/{name}"), name)


def send(driver, text, box="compose-box"):
    area = find(driver, box)
    area.send_keys(text)
    area.send_keys(Keys.ENTER)


def posts(driver, scope=None):
    """The messages shown in the channel (or in `scope`, e.g. the thread panel), oldest first, as text."""
    root = driver if scope is None else find(driver, scope)
    return [e.text for e in root.find_elements(*tid("post-message"))]


def wait_post(driver, text, scope=None):
    """The post row whose message contains `text`."""
    def row(d):
        container = d if scope is None else find(d, scope)
        for e in container.find_elements(By.CSS_SELECTOR, "[data-post-id]"):
            if text in e.text:
                return e
        return None
    return wait_for(driver, row, f"a post with {text!r}")


def post_action(driver, row, action):
    """Hovers a post and clicks one of its actions (reply, react, pin, save, edit, delete)."""
    ActionChains(driver).move_to_element(row).perform()
    button = wait_for(driver, lambda d: next((b for b in row.find_elements(*tid(f"post-{action}")) if b.is_displayed()), None),
                      f"the {action} action")
    button.click()


def set_language(driver, code):
    click(driver, "user-menu")
    click(driver, "user-menu-language")
    from selenium.webdriver.support.ui import Select
    Select(find(driver, "language-select")).select_by_value(code)
    click(driver, "language-save")
    wait_for(driver, lambda d: d.execute_script("return document.documentElement.lang") == code, f"lang {code}")


PASSWORD = "a-long-password-1"


def login(driver, base, login_id, password=PASSWORD):
    driver.get(base + "/login")
    fill(driver, "login-id", login_id)
    fill(driver, "login-password", password)
    click(driver, "login-form-submit")


def first_team(driver, server, admin, display_name, url, people=()):
    """`admin` signs up in `driver` (the server's first user), creates the team through the page, and `people` are
    made and added through the API. Returns the admin's API client, the team, and a client per person."""
    from chat_support import Client, sign_up as api_sign_up
    sign_up(driver, server.url, admin)
    path_is(driver, "/select_team")
    create_team(driver, display_name, url)
    owner = Client(server, admin, PASSWORD)
    team = owner.get(f"/teams/name/{url}").json()
    clients = {}
    for name in people:
        api_sign_up(server, name, password=PASSWORD)
        clients[name] = Client(server, name, PASSWORD)
        r = owner.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": clients[name].id})
        assert r.status_code == 201, r.text
    return owner, team, clients
