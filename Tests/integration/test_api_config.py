"""Each honoured setting flipped with `PUT /config`: the behaviour changes at once and after a restart; values
from `--config` apply at start as overrides and show in `GET /config`."""
import json

import pytest
import requests

from chat_support import ChatServer, Client, sign_up


@pytest.fixture(scope="module")
def world():
    s = ChatServer()
    sign_up(s, "admin")
    sign_up(s, "member")
    admin, member = Client(s, "admin", "password-1"), Client(s, "member", "password-1")
    team = admin.post("/teams", {"name": "cfg", "display_name": "Cfg", "type": "O"}).json()
    yield s, admin, member, team
    s.close()


def set_config(admin, section, field, value):
    config = admin.get("/config").json()
    config.setdefault(section, {})[field] = value
    r = admin.put("/config", config)
    assert r.status_code == 200, r.text
    assert r.json()[section][field] == value


def relogin(s, *names):
    return [Client(s, n, "password-1") for n in names]


def test_open_server_and_user_creation(world):
    s, admin, _, _ = world
    set_config(admin, "TeamSettings", "EnableOpenServer", False)
    r = requests.post(s.api + "/users", json={"username": "closed1", "email": "closed1@example.com", "password": "password-1"})
    assert r.status_code == 403 and r.json()["id"] == "api.user.create_user.no_open_server"
    # An admin may still create accounts.
    assert admin.post("/users", {"username": "byadmin", "email": "byadmin@example.com", "password": "password-1"}).status_code == 201
    s.restart()
    admin, = relogin(s, "admin")
    r = requests.post(s.api + "/users", json={"username": "closed2", "email": "closed2@example.com", "password": "password-1"})
    assert r.status_code == 403
    set_config(admin, "TeamSettings", "EnableOpenServer", True)
    sign_up(s, "opened")
    set_config(admin, "TeamSettings", "EnableUserCreation", False)
    r = requests.post(s.api + "/users", json={"username": "nocreate", "email": "nocreate@example.com", "password": "password-1"})
    assert r.status_code == 403
    set_config(admin, "TeamSettings", "EnableUserCreation", True)


def test_team_creation(world):
    s, admin, member, _ = world
    set_config(admin, "TeamSettings", "EnableTeamCreation", False)
    r = member.post("/teams", {"name": "nope", "display_name": "Nope", "type": "O"})
    assert r.status_code == 403
    assert admin.post("/teams", {"name": "bossteam", "display_name": "A", "type": "O"}).status_code == 201
    s.restart()
    admin, member = relogin(s, "admin", "member")
    assert member.post("/teams", {"name": "nope2", "display_name": "Nope", "type": "O"}).status_code == 403
    set_config(admin, "TeamSettings", "EnableTeamCreation", True)
    assert member.post("/teams", {"name": "yes", "display_name": "Yes", "type": "O"}).status_code == 201


def test_privacy_settings(world):
    s, admin, member, _ = world
    other = member.get(f"/users/{admin.id}").json()
    assert other["email"] == "admin@example.com"
    set_config(admin, "PrivacySettings", "ShowEmailAddress", False)
    assert member.get(f"/users/{admin.id}").json()["email"] == ""
    assert admin.get(f"/users/{admin.id}").json()["email"] == "admin@example.com"
    admin.put(f"/users/{admin.id}/patch", {"first_name": "Ada"})
    set_config(admin, "PrivacySettings", "ShowFullName", False)
    assert member.get(f"/users/{admin.id}").json()["first_name"] == ""
    s.restart()
    admin, member = relogin(s, "admin", "member")
    assert member.get(f"/users/{admin.id}").json()["email"] == ""
    set_config(admin, "PrivacySettings", "ShowEmailAddress", True)
    set_config(admin, "PrivacySettings", "ShowFullName", True)
    assert member.get(f"/users/{admin.id}").json()["first_name"] == "Ada"


def test_restrict_direct_message_and_team_size(world):
    s, admin, member, team = world
    loner = sign_up(s, "loner")
    set_config(admin, "TeamSettings", "RestrictDirectMessage", "team")
    assert member.post("/channels/direct", [member.id, loner["id"]]).status_code == 403
    set_config(admin, "TeamSettings", "RestrictDirectMessage", "any")
    assert member.post("/channels/direct", [member.id, loner["id"]]).status_code == 201
    small = admin.post("/teams", {"name": "small", "display_name": "Small", "type": "O"}).json()
    set_config(admin, "TeamSettings", "MaxUsersPerTeam", 1)
    r = member.post(f"/teams/{small['id']}/members", {"team_id": small["id"], "user_id": member.id})
    assert r.status_code == 400 and "maximum" in r.json()["message"]
    s.restart()
    admin, member = relogin(s, "admin", "member")
    r = member.post(f"/teams/{small['id']}/members", {"team_id": small["id"], "user_id": member.id})
    assert r.status_code == 400
    set_config(admin, "TeamSettings", "MaxUsersPerTeam", 1_000_000)
    assert member.post(f"/teams/{small['id']}/members", {"team_id": small["id"], "user_id": member.id}).status_code == 201


def test_password_minimum_and_client_config(world):
    s, admin, _, _ = world
    set_config(admin, "PasswordSettings", "MinimumLength", 12)
    r = requests.post(s.api + "/users", json={"username": "shortpw", "email": "shortpw@example.com", "password": "short-pw1"})
    assert r.status_code == 400 and r.json()["id"] == "model.user.is_valid.pwd.app_error"
    set_config(admin, "TeamSettings", "SiteName", "Our Chat")
    set_config(admin, "FileSettings", "EnablePublicLink", True)
    s.restart()
    client = requests.get(s.api + "/config/client?format=old").json()
    assert client["SiteName"] == "Our Chat" and client["EnablePublicLink"] == "true"
    assert client["PasswordMinimumLength"] == "12"
    admin, = relogin(s, "admin")
    set_config(admin, "PasswordSettings", "MinimumLength", 8)
    set_config(admin, "FileSettings", "EnablePublicLink", False)


def test_defaults_the_guide_fixes(world):
    s, admin, _, _ = world
    config = admin.get("/config").json()
    assert config["FileSettings"]["MaxFileSize"] == 52428800
    assert config["TeamSettings"]["EnableTeamCreation"] is True
    assert config["TeamSettings"]["MaxUsersPerTeam"] >= 1_000_000


def test_post_edit_time_limit_and_self_deactivation(world):
    s, admin, member, team = world
    town = member.get(f"/teams/{team['id']}/channels/name/town-square")
    if town.status_code != 200:
        member.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": member.id})
        town = member.get(f"/teams/{team['id']}/channels/name/town-square")
    post = member.post("/posts", {"channel_id": town.json()["id"], "message": "soon too old"}).json()
    set_config(admin, "ServiceSettings", "PostEditTimeLimit", 0)
    import time
    time.sleep(1.1)
    r = member.put(f"/posts/{post['id']}/patch", {"message": "edited"})
    assert r.status_code == 400 and "seconds" in r.json()["message"]
    set_config(admin, "ServiceSettings", "PostEditTimeLimit", -1)
    assert member.put(f"/posts/{post['id']}/patch", {"message": "edited"}).status_code == 200
    quitter = sign_up(s, "quitter")
    q = Client(s, "quitter", "password-1")
    assert q.delete(f"/users/{quitter['id']}").status_code == 403
    set_config(admin, "TeamSettings", "EnableUserDeactivation", True)
    assert q.delete(f"/users/{quitter['id']}").status_code == 200
    assert q.get("/users/me").status_code == 401
    set_config(admin, "TeamSettings", "EnableUserDeactivation", False)


def test_invalid_config_is_refused(world):
    _, admin, member, _ = world
    config = admin.get("/config").json()
    config["TeamSettings"]["MaxUsersPerTeam"] = "many"
    r = admin.put("/config", config)
    assert r.status_code == 400 and r.json()["id"] == "api.context.invalid_body_param.app_error"
    assert member.get("/config").status_code == 403
    assert member.put("/config", config).status_code == 403


def test_config_file_overrides_apply_at_start():
    s = ChatServer(config=json.dumps({"passwordHashIterations": 1000,
                                      "mattermost": {"TeamSettings": {"EnableTeamCreation": False, "SiteName": "From File"}}}))
    try:
        sign_up(s, "boss")
        boss = Client(s, "boss", "password-1")
        config = boss.get("/config").json()
        assert config["TeamSettings"]["EnableTeamCreation"] is False
        assert config["TeamSettings"]["SiteName"] == "From File"
        assert any("configuration override" in line and "EnableTeamCreation" in line for line in s.lines)
        sign_up(s, "worker")
        assert Client(s, "worker", "password-1").post("/teams", {"name": "w", "display_name": "W", "type": "O"}).status_code == 403
    finally:
        s.close()


def test_session_length_login_attempts_and_channel_cap(world):
    s, admin, member, team = world
    set_config(admin, "ServiceSettings", "SessionLengthWebInHours", 2)
    fresh = Client(s, "member", "password-1")
    session = next(x for x in fresh.get("/users/me/sessions").json() if x["create_at"] == max(
        y["create_at"] for y in fresh.get("/users/me/sessions").json()))
    assert session["expires_at"] - session["create_at"] == 2 * 3_600_000
    set_config(admin, "ServiceSettings", "SessionLengthWebInHours", 720)

    set_config(admin, "ServiceSettings", "MaximumLoginAttempts", 2)
    sign_up(s, "locked")
    for _ in range(2):
        r = requests.post(s.api + "/users/login", json={"login_id": "locked", "password": "wrong-password"})
        assert r.status_code == 401
    r = requests.post(s.api + "/users/login", json={"login_id": "locked", "password": "password-1"})
    assert r.status_code == 429 and r.json()["id"] == "api.user.login.too_many_attempts.app_error"
    set_config(admin, "ServiceSettings", "MaximumLoginAttempts", 10)
    assert requests.post(s.api + "/users/login", json={"login_id": "locked", "password": "password-1"}).status_code == 200

    capped = admin.post("/teams", {"name": "capped", "display_name": "Capped", "type": "O"}).json()
    set_config(admin, "TeamSettings", "MaxChannelsPerTeam", 3)
    r = admin.post("/channels", {"team_id": capped["id"], "name": "third", "display_name": "Third", "type": "O"})
    assert r.status_code == 201
    r = admin.post("/channels", {"team_id": capped["id"], "name": "fourth", "display_name": "Fourth", "type": "O"})
    assert r.status_code == 400 and r.json()["id"] == "api.channel.create_channel.max_channel_limit.app_error"
    s.restart()
    admin, = relogin(s, "admin")
    r = admin.post("/channels", {"team_id": capped["id"], "name": "fourth", "display_name": "Fourth", "type": "O"})
    assert r.status_code == 400
    set_config(admin, "TeamSettings", "MaxChannelsPerTeam", 2000)


def test_remaining_settings_hold_after_a_restart(world):
    s, admin, member, team = world
    set_config(admin, "ServiceSettings", "SiteURL", "https://chat.example.com")
    set_config(admin, "FileSettings", "MaxFileSize", 1_048_576)
    set_config(admin, "ServiceSettings", "PostEditTimeLimit", 0)
    set_config(admin, "TeamSettings", "EnableUserDeactivation", True)
    client = requests.get(s.api + "/config/client?format=old").json()
    assert client["SiteURL"] == "https://chat.example.com" and client["MaxFileSize"] == "1048576"
    s.restart()
    admin, member = relogin(s, "admin", "member")
    client = requests.get(s.api + "/config/client?format=old").json()
    assert client["SiteURL"] == "https://chat.example.com" and client["MaxFileSize"] == "1048576"
    town = member.get(f"/teams/{team['id']}/channels/name/town-square").json()
    post = member.post("/posts", {"channel_id": town["id"], "message": "frozen"}).json()
    import time
    time.sleep(1.1)
    assert member.put(f"/posts/{post['id']}/patch", {"message": "thawed"}).status_code == 400
    leaver = sign_up(s, "leaver")
    assert Client(s, "leaver", "password-1").delete(f"/users/{leaver['id']}").status_code == 200
    set_config(admin, "ServiceSettings", "PostEditTimeLimit", -1)
    set_config(admin, "TeamSettings", "EnableUserDeactivation", False)
    set_config(admin, "FileSettings", "MaxFileSize", 52_428_800)
    set_config(admin, "ServiceSettings", "SiteURL", "")


def test_live_only_settings_also_hold_after_a_restart(world):
    s, admin, member, _ = world
    stranger = sign_up(s, "stranger")
    set_config(admin, "TeamSettings", "EnableUserCreation", False)
    set_config(admin, "TeamSettings", "RestrictDirectMessage", "team")
    set_config(admin, "PrivacySettings", "ShowFullName", False)
    set_config(admin, "ServiceSettings", "SessionLengthWebInHours", 3)
    set_config(admin, "ServiceSettings", "MaximumLoginAttempts", 1)
    set_config(admin, "PasswordSettings", "MinimumLength", 12)
    s.restart()
    admin, member = relogin(s, "admin", "member")
    r = requests.post(s.api + "/users", json={"username": "late", "email": "late@example.com", "password": "long-password-1"})
    assert r.status_code == 403
    set_config(admin, "TeamSettings", "EnableUserCreation", True)
    r = requests.post(s.api + "/users", json={"username": "late", "email": "late@example.com", "password": "short-pw1"})
    assert r.status_code == 400 and r.json()["id"] == "model.user.is_valid.pwd.app_error"
    assert member.post("/channels/direct", [member.id, stranger["id"]]).status_code == 403
    assert member.get(f"/users/{admin.id}").json()["first_name"] == ""
    newest = max(member.get("/users/me/sessions").json(), key=lambda x: x["create_at"])
    assert newest["expires_at"] - newest["create_at"] == 3 * 3_600_000
    assert requests.post(s.api + "/users/login", json={"login_id": "stranger", "password": "nope-nope"}).status_code == 401
    assert requests.post(s.api + "/users/login", json={"login_id": "stranger", "password": "password-1"}).status_code == 429
    for section, field, value in [("TeamSettings", "RestrictDirectMessage", "any"), ("PrivacySettings", "ShowFullName", True),
                                  ("ServiceSettings", "SessionLengthWebInHours", 720),
                                  ("ServiceSettings", "MaximumLoginAttempts", 10), ("PasswordSettings", "MinimumLength", 8)]:
        set_config(admin, section, field, value)
