"""The sequence of calls the web app and the mobile app make at start (API-NOTES §6.4), replayed the browser's way:
login with `X-Requested-With` sets the cookies; every later call rides on the cookie, and non-GET calls carry
`X-CSRF-Token`."""
import pytest
import requests

from chat_support import ChatServer, Client, sign_up


@pytest.fixture(scope="module")
def server():
    s = ChatServer()
    sign_up(s, "first")
    sign_up(s, "second")
    first = Client(s, "first", "password-1")
    team = first.post("/teams", {"name": "startup", "display_name": "Startup", "type": "O"}).json()
    second = Client(s, "second", "password-1")
    second.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": second.id})
    town = first.get(f"/teams/{team['id']}/channels/name/town-square").json()
    first.post("/posts", {"channel_id": town["id"], "message": "welcome @second"})
    yield s
    s.close()


def expect(r, status=200, content_type="application/json"):
    assert r.status_code == status, f"{r.request.method} {r.request.url}: {r.status_code} {r.text[:300]}"
    assert r.headers["Content-Type"] == content_type
    assert len(r.headers["X-Request-Id"]) == 26
    return r.json() if content_type == "application/json" else r.content


def test_start_up_sequence_with_cookies(server):
    api = server.api
    b = requests.Session()
    ping = expect(b.get(api + "/system/ping"))
    assert ping["status"] == "OK"
    client = expect(b.get(api + "/config/client?format=old"))
    assert all(isinstance(v, str) for v in client.values())
    assert tuple(int(x) for x in client["Version"].split(".")) >= (9, 11, 0)
    assert client["CollapsedThreads"] == "disabled" and client["MaxPostSize"] == "16383"
    assert expect(b.get(api + "/license/client?format=old"))["IsLicensed"] == "false"
    assert b.get(api + "/config/client?format=new").status_code == 501

    r = b.post(api + "/users/login", json={"login_id": "second", "password": "password-1"},
               headers={"X-Requested-With": "XMLHttpRequest"})
    me = expect(r)
    assert "MMAUTHTOKEN" in b.cookies and "MMCSRF" in b.cookies and b.cookies["MMUSERID"] == me["id"]
    assert "HttpOnly" in [h for h in r.headers.get("Set-Cookie", "").split(", ") if h.startswith("MMAUTHTOKEN")][0]
    csrf = {"X-CSRF-Token": b.cookies["MMCSRF"], "X-Requested-With": "XMLHttpRequest"}

    assert expect(b.get(api + "/users/me"))["id"] == me["id"]
    assert isinstance(expect(b.get(api + "/users/me/preferences")), list)
    teams = expect(b.get(api + "/users/me/teams"))
    assert [t["name"] for t in teams] == ["startup"]
    tid = teams[0]["id"]
    members = expect(b.get(api + "/users/me/teams/members"))
    assert members[0]["team_id"] == tid and members[0]["roles"] == "team_user"
    unread = expect(b.get(api + "/users/me/teams/unread"))
    assert unread[0]["team_id"] == tid and unread[0]["mention_count"] == 1
    channels = expect(b.get(api + f"/users/me/teams/{tid}/channels"))
    names = sorted(c["name"] for c in channels)
    assert names == ["off-topic", "town-square"]
    town = next(c for c in channels if c["name"] == "town-square")
    chan_members = expect(b.get(api + f"/users/me/teams/{tid}/channels/members"))
    assert {m["channel_id"] for m in chan_members} == {c["id"] for c in channels}
    categories = expect(b.get(api + f"/users/me/teams/{tid}/channels/categories"))
    assert [c["type"] for c in categories["categories"]] == ["favorites", "channels", "direct_messages"]
    assert set(categories["categories"][1]["channel_ids"]) == {c["id"] for c in channels}
    roles = expect(b.post(api + "/roles/names", json=["system_user", "team_user", "channel_user"], headers=csrf))
    assert {r["name"] for r in roles} == {"system_user", "team_user", "channel_user"}
    assert "create_post" in next(r for r in roles if r["name"] == "channel_user")["permissions"]
    users = expect(b.post(api + "/users/ids", json=[me["id"]], headers=csrf))
    assert users[0]["username"] == "second"
    statuses = expect(b.post(api + "/users/status/ids", json=[me["id"]], headers=csrf))
    assert statuses[0]["user_id"] == me["id"]
    page = expect(b.get(api + f"/users/me/channels/{town['id']}/posts/unread?limit_before=30&limit_after=30"))
    assert any(page["posts"][p]["message"] == "welcome @second" for p in page["order"])
    posts = expect(b.get(api + f"/channels/{town['id']}/posts?page=0&per_page=30"))
    assert len(posts["order"]) >= 2
    viewed = expect(b.post(api + "/channels/members/me/view", json={"channel_id": town["id"], "prev_channel_id": ""},
                           headers=csrf))
    assert viewed["status"] == "OK" and town["id"] in viewed["last_viewed_at_times"]
    assert expect(b.get(api + "/users/me/teams/unread"))[0]["mention_count"] == 0
    png = expect(b.get(api + f"/users/{me['id']}/image?_=0"), content_type="image/png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert b.get(api + "/emoji").status_code == 501

    # Without the CSRF header a cookie-authenticated POST is refused.
    r = b.post(api + "/users/status/ids", json=[me["id"]])
    assert r.status_code == 401 and r.json()["id"] == "api.context.session_expired.app_error"
    r = b.post(api + "/users/status/ids", json=[me["id"]], headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 401
