"""The system console's side of the API: role patches that restrict members (journaled, kept across restarts),
statistics rows, and the log for system admins."""
import pytest

from chat_support import ChatServer, Client, sign_up


@pytest.fixture(scope="module")
def world():
    s = ChatServer()
    sign_up(s, "root")
    sign_up(s, "plain")
    root, plain = Client(s, "root", "password-1"), Client(s, "plain", "password-1")
    team = root.post("/teams", {"name": "console", "display_name": "Console", "type": "O"}).json()
    plain.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": plain.id})
    yield s, root, plain, team
    s.close()


def role(client, name):
    r = client.get(f"/roles/name/{name}")
    assert r.status_code == 200
    return r.json()


def test_admin_restricts_renaming_and_creating_channels(world):
    s, root, plain, team = world
    chan = plain.post("/channels", {"team_id": team["id"], "name": "mine", "display_name": "Mine", "type": "O"}).json()
    # Make `plain` an ordinary member of a channel someone else created.
    other = root.post("/channels", {"team_id": team["id"], "name": "others", "display_name": "Others", "type": "O"}).json()
    assert plain.post(f"/channels/{other['id']}/members", {"user_id": plain.id}).status_code == 201
    assert plain.put(f"/channels/{other['id']}/patch", {"display_name": "Renamed once"}).status_code == 200

    channel_user = role(root, "channel_user")
    kept = [p for p in channel_user["permissions"] if p != "manage_public_channel_properties"]
    r = root.put(f"/roles/{channel_user['id']}/patch", {"permissions": kept})
    assert r.status_code == 200 and "manage_public_channel_properties" not in r.json()["permissions"]
    assert plain.put(f"/roles/{channel_user['id']}/patch", {"permissions": kept}).status_code == 403
    r = plain.put(f"/channels/{other['id']}/patch", {"display_name": "Renamed twice"})
    assert r.status_code == 403
    # The channel's admin (its creator) still may.
    assert plain.put(f"/channels/{chan['id']}/patch", {"display_name": "Still mine"}).status_code == 200

    team_user = role(root, "team_user")
    r = root.put(f"/roles/{team_user['id']}/patch",
                 {"permissions": [p for p in team_user["permissions"] if p != "create_public_channel"]})
    assert r.status_code == 200
    assert plain.post("/channels", {"team_id": team["id"], "name": "nomore", "display_name": "N", "type": "O"}).status_code == 403
    assert plain.post("/channels", {"team_id": team["id"], "name": "private", "display_name": "P", "type": "P"}).status_code == 201

    s.restart()
    root, plain = Client(s, "root", "password-1"), Client(s, "plain", "password-1")
    assert "manage_public_channel_properties" not in role(plain, "channel_user")["permissions"]
    assert plain.put(f"/channels/{other['id']}/patch", {"display_name": "After restart"}).status_code == 403
    assert plain.post("/channels", {"team_id": team["id"], "name": "nomore", "display_name": "N", "type": "O"}).status_code == 403

    root.put(f"/roles/{channel_user['id']}/patch", {"permissions": channel_user["permissions"]})
    root.put(f"/roles/{team_user['id']}/patch", {"permissions": team_user["permissions"]})
    assert plain.put(f"/channels/{other['id']}/patch", {"display_name": "Allowed again"}).status_code == 200
    names = root.post("/roles/names", ["channel_user", "team_user"]).json()
    assert {r["name"]: sorted(r["permissions"]) for r in names} == {
        "channel_user": sorted(channel_user["permissions"]), "team_user": sorted(team_user["permissions"])}


def test_unknown_permissions_and_roles_are_refused(world):
    _, root, _, _ = world
    cu = role(root, "channel_user")
    r = root.put(f"/roles/{cu['id']}/patch", {"permissions": cu["permissions"] + ["fly_to_the_moon"]})
    assert r.status_code == 400
    assert root.put("/roles/" + "y" * 26 + "/patch", {"permissions": []}).status_code == 404
    sa = role(root, "system_admin")
    r = root.put(f"/roles/{sa['id']}/patch", {"permissions": [p for p in sa["permissions"] if p != "manage_system"]})
    assert r.status_code == 400


def test_statistics_rows(world):
    s, root, plain, team = world
    town = root.get(f"/teams/{team['id']}/channels/name/town-square").json()
    before = {row["name"]: row["value"] for row in root.get("/analytics/old?name=standard").json()}
    for i in range(3):
        assert root.post("/posts", {"channel_id": town["id"], "message": f"count me {i}"}).status_code == 201
    rows = root.get("/analytics/old?name=standard").json()
    assert [r["name"] for r in rows] == [
        "channel_open_count", "channel_private_count", "post_count", "unique_user_count", "team_count",
        "total_websocket_connections", "total_master_db_connections", "total_read_db_connections",
        "daily_active_users", "monthly_active_users", "inactive_user_count"]
    after = {r["name"]: r["value"] for r in rows}
    assert after["post_count"] == before["post_count"] + 3
    assert after["unique_user_count"] == 2 and after["team_count"] >= 1
    assert after["daily_active_users"] == 2 and after["monthly_active_users"] == 2
    team_rows = {r["name"]: r["value"] for r in root.get(f"/analytics/old?name=standard&team_id={team['id']}").json()}
    assert team_rows["unique_user_count"] == 2 and team_rows["team_count"] == 1
    assert plain.get("/analytics/old?name=standard").status_code == 403
    s.restart()
    root = Client(s, "root", "password-1")
    again = {r["name"]: r["value"] for r in root.get("/analytics/old?name=standard").json()}
    assert again["post_count"] == after["post_count"] and again["daily_active_users"] == 2


def test_logs_for_system_admins_only(world):
    s, root, plain, _ = world
    lines = root.get("/logs").json()
    assert any(line.startswith("listening ") for line in lines)
    assert plain.get("/logs").status_code == 403
    assert all("password-1" not in line for line in lines)
