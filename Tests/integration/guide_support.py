"""What the user-guide API tests share: a server, users signed up and logged in through `mattermostdriver`, raw calls
for what the driver cannot express (query strings on sign-up, cookies, bad bodies), and a check on every response.

Every HTTP response any test receives passes through `_checked_send`: a body that is JSON must come with exactly
`Content-Type: application/json` (both Python drivers compare the string exactly), and an error must have
Mattermost's error shape. Hooking `requests.Session.send` covers the driver's calls and the raw ones alike.
"""
import threading

import pytest
import requests
from mattermostdriver import Driver

import mm_schema
from conftest import Server

PASSWORD = "guide-Passw0rd"
FAST_CONFIG = '{"passwordHashIterations": 1000}'

_last = threading.local()
_original_send = requests.Session.send


def _checked_send(session, request, **kw):
    response = _original_send(session, request, **kw)
    _last.response = response
    check_response(response)
    return response


def check_response(response):
    body = response.content.lstrip()
    if body[:1] in (b"{", b"["):
        assert response.headers.get("Content-Type") == "application/json", \
            f"{response.request.method} {response.url}: Content-Type {response.headers.get('Content-Type')!r}"
        if response.status_code >= 400:
            mm_schema.check("error", response.json())
            assert response.json()["status_code"] == response.status_code


def last_status():
    """The HTTP status of the latest response, which the driver does not hand back."""
    return _last.response.status_code


@pytest.fixture(scope="module", autouse=True)
def checked_responses():
    requests.Session.send = _checked_send
    yield
    requests.Session.send = _original_send


def expect_status(status, call, *args, **kw):
    """Runs a driver call that must fail, and asserts the status it failed with (a tuple allows several)."""
    with pytest.raises(Exception):
        call(*args, **kw)
    allowed = status if isinstance(status, tuple) else (status,)
    assert last_status() in allowed, f"expected {allowed}, got {last_status()}: {_last.response.text[:300]}"
    return _last.response.json()


class Guide:
    """One server and the people in it. Users are created by `signup` and reached by `as_(username)`."""

    def __init__(self, server):
        self.server = server
        self.api = server.url + "/api/v4"
        self.users = {}
        self.drivers = {}

    def driver(self, login=None, password=PASSWORD, token=None):
        options = {"url": self.server.host, "port": self.server.port, "scheme": "http", "basepath": "/api/v4"}
        if login:
            options.update(login_id=login, password=password)
        if token:
            options["token"] = token
        d = Driver(options)
        if login or token:
            d.login()
        return d

    def signup(self, username, iid=None, **fields):
        body = {"email": f"{username}@guide.example", "username": username, "password": PASSWORD, **fields}
        user = self.driver().users.create_user(body, params={"iid": iid} if iid else None)
        assert last_status() == 201
        mm_schema.check("user_own", user)
        self.users[username] = user
        return user

    def as_(self, username):
        if username not in self.drivers:
            self.drivers[username] = self.driver(username)
            mm_schema.check("user_own", self.drivers[username].users.get_user("me"))
        return self.drivers[username]

    def id(self, username):
        return self.users[username]["id"]

    def raw(self, method, path, username=None, token=None, **kw):
        """A plain HTTP call, with the user's Bearer token when a username or token is given."""
        headers = kw.pop("headers", {})
        if username:
            token = self.as_(username).client.token
        if token:
            headers["Authorization"] = "Bearer " + token
        return requests.request(method, self.api + path, headers=headers, **kw)

    def team_of(self, owner, name):
        d = self.as_(owner)
        team = d.teams.create_team({"name": name, "display_name": name.title(), "type": "O"})
        assert last_status() == 201
        return mm_schema.check("team", team)

    def channel(self, owner, team_id, name, kind="O"):
        ch = self.as_(owner).channels.create_channel(
            {"team_id": team_id, "name": name, "display_name": name.title(), "type": kind})
        assert last_status() == 201
        return mm_schema.check("channel", ch)

    def post(self, username, channel_id, message, **fields):
        post = self.as_(username).posts.create_post({"channel_id": channel_id, "message": message, **fields})
        assert last_status() == 201
        return mm_schema.check("post", post)

    def join_team(self, username, team_id):
        member = self.as_(username).teams.add_user_to_team(team_id, {"team_id": team_id, "user_id": self.id(username)})
        return mm_schema.check("team_member", member)

    def add_to_channel(self, adder, channel_id, username):
        member = self.as_(adder).channels.add_user(channel_id, {"user_id": self.id(username)})
        assert last_status() == 201
        return mm_schema.check("channel_member", member)


def start(config=FAST_CONFIG):
    """One server for a test module: one network driver is enough for API behaviour."""
    return Server("uring", config=config)

