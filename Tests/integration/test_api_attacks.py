"""The attack checklist of RELIABILITY.md §5 (A1–A3, A6–A11, A20–A25, A28–A30) against the real binary.

Every refusal is checked for its status and for Mattermost's error body (`id, message, detailed_error,
request_id, status_code`, with `request_id` equal to the `X-Request-Id` header). After every test the server must
still be running and every post accepted so far must still read back; the last test restarts the server and reads
them all again, so an attack that corrupted the journal would show there.

Parley's answer to an outsider is uniform: asking by id for something in a channel the caller cannot see gives
403 `api.context.permissions.app_error` whether the object exists or not, and asking for a channel by name gives
the same 404 as for a name nobody uses (by-name lookups are guessable, which made them Mattermost's classic
private-channel discovery bug, MMSA-2020-0004).
"""
import json
import socket
import threading
import time

import pytest
import requests

from chat_support import ChatServer, Client, sign_up

ERROR_KEYS = {"id", "message", "detailed_error", "request_id", "status_code"}
PERMISSION = "api.context.permissions.app_error"
BAD_BODY = "api.context.invalid_body_param.app_error"
FAKE_ID = "eqhqmi9qc9nqgmzjpiubh8qxxy"  # well formed (a request id Parley once issued), never an object
USERS = ["admin", "alice", "bob", "carol", "dave", "erin"]
BODY_LIMIT = 300_000  # ServerSettings' default requestBodyBytesMax (300 KB, as Mattermost)


def expect_error(r, status, error_id=None):
    """Asserts Mattermost's error shape and returns the body."""
    assert r.status_code == status, (r.status_code, r.text[:400])
    assert r.headers["Content-Type"] == "application/json"
    body = r.json()
    assert ERROR_KEYS <= body.keys(), body
    assert body["status_code"] == status
    assert body["request_id"] == r.headers["X-Request-Id"] and len(body["request_id"]) == 26
    if error_id is not None:
        assert body["id"] == error_id, body
    return body


def same_answer(a, b):
    """Two refusals that must not tell their causes apart: same status, id and message."""
    assert (a.status_code, a.json()["id"], a.json()["message"]) == (b.status_code, b.json()["id"], b.json()["message"])


class World:
    def __init__(self):
        self.s = ChatServer()
        for name in USERS:
            sign_up(self.s, name)
        self.c = {name: Client(self.s, name, "password-1") for name in USERS}
        self.accepted = {}  # post id -> (reader name, message): everything accepted must survive to the end
        alice = self.c["alice"]
        self.team = alice.post("/teams", {"name": "attacks", "display_name": "Attacks", "type": "O"}).json()
        for name in ["bob", "carol", "dave", "erin"]:
            r = self.c[name].post(f"/teams/{self.team['id']}/members", {"team_id": self.team["id"], "user_id": self.c[name].id})
            assert r.status_code == 201, r.text
        self.public = self.channel("alice", "open-room", "O", members=["bob", "carol", "dave", "erin"])
        self.private = self.channel("alice", "secret-room", "P", members=["bob"])
        self.dm = alice.post("/channels/direct", [alice.id, self.c["bob"].id]).json()
        self.gm = alice.post("/channels/group", [alice.id, self.c["bob"].id, self.c["dave"].id]).json()
        self.posts = {k: self.post("alice", ch["id"], f"canary in {k} zebra")
                      for k, ch in [("public", self.public), ("private", self.private), ("dm", self.dm), ("gm", self.gm)]}

    def channel(self, owner, name, kind, members=()):
        c = self.c[owner]
        ch = c.post("/channels", {"team_id": self.team["id"], "name": name, "display_name": name, "type": kind})
        assert ch.status_code == 201, ch.text
        for m in members:
            r = c.post(f"/channels/{ch.json()['id']}/members", {"user_id": self.c[m].id})
            assert r.status_code == 201, r.text
        return ch.json()

    def post(self, who, channel_id, message, **extra):
        r = self.c[who].post("/posts", {"channel_id": channel_id, "message": message, **extra})
        assert r.status_code == 201, r.text
        post = r.json()
        self.accepted[post["id"]] = (who, message)
        return post


@pytest.fixture(scope="module")
def world():
    w = World()
    yield w
    w.s.close()


@pytest.fixture(autouse=True)
def still_serving(request):
    """After each test: the process lives, answers, and a post accepted at the start still reads back."""
    yield
    if "world" not in request.fixturenames:
        return
    w = request.getfixturevalue("world")
    assert w.s.proc.poll() is None, "the server exited"
    assert requests.get(w.s.api + "/system/ping", timeout=10).status_code == 200
    canary = w.posts["private"]
    r = w.c["alice"].get(f"/posts/{canary['id']}")
    assert r.status_code == 200 and r.json()["message"] == canary["message"]


def raw_head(server, head, timeout=10):
    """Sends only a request head and returns (status, headers, body) of the answer, which must come without the
    body ever being sent."""
    host, port = server.url.removeprefix("http://").rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=timeout)
    try:
        s.sendall(head)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            assert chunk, f"closed without an answer: {data!r}"
            data += chunk
        top, rest = data.split(b"\r\n\r\n", 1)
        lines = top.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            chunk = s.recv(65536)
            if not chunk:
                break
            rest += chunk
        return int(lines[0].split()[1]), headers, rest[:length]
    finally:
        s.close()


def expect_raw_error(answer, status, error_id):
    code, headers, body = answer
    assert code == status, (code, body[:300])
    assert headers["content-type"] == "application/json"
    parsed = json.loads(body)
    assert ERROR_KEYS <= parsed.keys() and parsed["status_code"] == status and parsed["id"] == error_id
    assert parsed["request_id"] == headers["x-request-id"]


# A1 ------------------------------------------------------------------------------------------------------------

def outsider_paths(channel_id, post_id, member_id):
    return [f"/posts/{post_id}", f"/posts/{post_id}/thread", f"/posts/{post_id}/reactions",
            f"/channels/{channel_id}", f"/channels/{channel_id}/pinned", f"/channels/{channel_id}/posts",
            f"/channels/{channel_id}/members", f"/channels/{channel_id}/members/{member_id}",
            f"/channels/{channel_id}/stats"]


def test_a1_outsider_reads_of_private_dm_and_gm_objects_are_refused_like_missing_ones(world):
    carol, alice = world.c["carol"], world.c["alice"]
    missing = [carol.get(p) for p in outsider_paths(FAKE_ID, FAKE_ID, alice.id)]
    for r in missing:
        expect_error(r, 403, PERMISSION)
    for kind in ["private", "dm", "gm"]:
        post = world.posts[kind]
        for path, absent in zip(outsider_paths(post["channel_id"], post["id"], alice.id), missing):
            r = carol.get(path)
            body = expect_error(r, 403, PERMISSION)
            assert "zebra" not in r.text and post["channel_id"] not in body["message"]
            same_answer(r, absent)
    # The same refusal for writes and for the post-by-id routes that change things.
    for kind in ["private", "dm", "gm"]:
        post = world.posts[kind]
        expect_error(carol.post("/posts", {"channel_id": post["channel_id"], "message": "let me in"}), 403, PERMISSION)
        expect_error(carol.post("/reactions", {"user_id": carol.id, "post_id": post["id"], "emoji_name": "eyes"}), 403, PERMISSION)
        expect_error(carol.put(f"/posts/{post['id']}/patch", {"message": "mine now"}), 403, PERMISSION)
        expect_error(carol.post(f"/posts/{post['id']}/pin"), 403, PERMISSION)
        assert alice.get(f"/posts/{post['id']}").json()["is_pinned"] is False
    # A member reads them all.
    for path in outsider_paths(world.private["id"], world.posts["private"]["id"], alice.id):
        assert world.c["bob"].get(path).status_code == 200, path


# A2 ------------------------------------------------------------------------------------------------------------

def test_a2_channel_by_name_does_not_reveal_private_channels(world):
    carol, tid = world.c["carol"], world.team["id"]
    for prefix in [f"/teams/{tid}/channels/name", f"/teams/name/{world.team['name']}/channels/name"]:
        hidden = carol.get(f"{prefix}/secret-room")
        absent = carol.get(f"{prefix}/no-such-room")
        expect_error(hidden, 404)
        expect_error(absent, 404)
        same_answer(hidden, absent)
        assert world.private["id"] not in hidden.text
        assert world.c["bob"].get(f"{prefix}/secret-room").json()["id"] == world.private["id"]
        # The DM has a name too; only its two members may look it up.
        expect_error(carol.get(f"{prefix}/{world.dm['name']}"), 404)


def test_a2_lists_search_and_autocomplete_skip_private_channels(world):
    carol, tid, secret = world.c["carol"], world.team["id"], world.private["id"]
    for path in [f"/teams/{tid}/channels", f"/users/me/teams/{tid}/channels", "/users/me/channels",
                 f"/users/me/teams/{tid}/channels/members", f"/teams/{tid}/channels/autocomplete?name=secret",
                 f"/teams/{tid}/channels/search?term=secret"]:
        r = carol.get(path)
        assert r.status_code in (200, 404, 405), (path, r.status_code)
        assert secret not in r.text and "secret-room" not in r.text, path
    r = carol.post(f"/teams/{tid}/channels/search", {"term": "secret"})
    assert secret not in r.text
    found = carol.post(f"/teams/{tid}/posts/search", {"terms": "zebra", "is_or_search": False})
    assert found.status_code == 200
    assert [p["channel_id"] for p in found.json()["posts"].values()] == [world.public["id"]]
    mine = world.c["bob"].post(f"/teams/{tid}/posts/search", {"terms": "zebra", "is_or_search": False}).json()
    assert secret in {p["channel_id"] for p in mine["posts"].values()}
    # Who is in a private channel is private too.
    expect_error(carol.get(f"/users/autocomplete?name=&channel_id={secret}&team_id={tid}"), 403, PERMISSION)
    expect_error(carol.get(f"/users?in_channel={secret}"), 403, PERMISSION)
    expect_error(carol.get(f"/users?not_in_channel={secret}"), 403, PERMISSION)
    assert world.c["bob"].get(f"/users?in_channel={secret}").status_code == 200


def test_a2_team_unreads_do_not_count_private_channels(world):
    carol, tid = world.c["carol"], world.team["id"]
    before = carol.get("/users/me/teams/unread").json()
    world.post("alice", world.private["id"], "more secrets")
    world.post("alice", world.dm["id"], "more dm")
    after = carol.get("/users/me/teams/unread").json()
    assert before == after
    assert [t["team_id"] for t in after] == [tid]
    expect_error(carol.get(f"/users/me/channels/{world.private['id']}/unread"), 404)


# A3 ------------------------------------------------------------------------------------------------------------

def test_a3_post_read_after_removal_is_refused(world):
    alice, erin = world.c["alice"], world.c["erin"]
    room = world.channel("alice", "leaving-room", "P", members=["erin"])
    post = world.post("alice", room["id"], "before the door closed quokka")
    # Erin reads it, saves it and finds it: every cache and index that could keep it now has it.
    assert erin.get(f"/posts/{post['id']}").status_code == 200
    assert erin.put("/users/me/preferences", [{"user_id": erin.id, "category": "flagged_post", "name": post["id"],
                                                "value": "true"}]).status_code == 200
    assert post["id"] in erin.get("/users/me/posts/flagged").json()["order"]
    search = {"terms": "quokka", "is_or_search": False}
    assert post["id"] in erin.post(f"/teams/{world.team['id']}/posts/search", search).json()["order"]
    assert alice.delete(f"/channels/{room['id']}/members/{erin.id}").status_code == 200
    for path in [f"/posts/{post['id']}", f"/posts/{post['id']}/thread", f"/posts/{post['id']}/reactions",
                 f"/channels/{room['id']}/posts", f"/channels/{room['id']}/pinned", f"/channels/{room['id']}"]:
        r = erin.get(path)
        expect_error(r, 403, PERMISSION)
        assert "quokka" not in r.text
    assert "quokka" not in erin.get("/users/me/posts/flagged").text
    assert "quokka" not in erin.post(f"/teams/{world.team['id']}/posts/search", search).text
    expect_error(erin.post("/posts", {"channel_id": room["id"], "message": "still here?"}), 403, PERMISSION)


# A6 ------------------------------------------------------------------------------------------------------------

def test_a6_deactivated_user_is_locked_out_at_once(world):
    s, admin, alice = world.s, world.c["admin"], world.c["alice"]
    sign_up(s, "frank")
    frank = world.c["frank"] = Client(s, "frank", "password-1")
    assert frank.post(f"/teams/{world.team['id']}/members",
                      {"team_id": world.team["id"], "user_id": frank.id}).status_code == 201
    assert alice.post(f"/channels/{world.public['id']}/members", {"user_id": frank.id}).status_code == 201
    world.post("frank", world.public["id"], "frank was here")
    assert admin.delete(f"/users/{frank.id}").status_code == 200
    expect_error(frank.get("/users/me"), 401, "api.context.session_expired.app_error")
    expect_error(frank.post("/posts", {"channel_id": world.public["id"], "message": "ghost"}), 401,
                 "api.context.session_expired.app_error")
    r = requests.post(s.api + "/users/login", json={"login_id": "frank", "password": "password-1"})
    expect_error(r, 401)
    assert "Token" not in r.headers
    expect_error(alice.post(f"/channels/{world.private['id']}/members", {"user_id": frank.id}), 400)
    expect_error(alice.post(f"/channels/{world.public['id']}/members", {"user_id": frank.id}), 400)
    expect_error(admin.post(f"/teams/{world.team['id']}/members", {"team_id": world.team["id"], "user_id": frank.id}), 400)
    assert frank.id not in {m["user_id"] for m in alice.get(f"/channels/{world.private['id']}/members").json()}
    # The account and what it wrote stay; reactivation lets the owner in again with a new session.
    assert admin.put(f"/users/{frank.id}/active", {"active": True}).status_code == 200
    assert Client(s, "frank", "password-1").get("/users/me").status_code == 200
    expect_error(frank.get("/users/me"), 401)


# A7 ------------------------------------------------------------------------------------------------------------

def test_a7_confusing_channel_names_are_refused(world):
    alice, bob = world.c["alice"], world.c["bob"]
    room = world.channel("alice", "rename-me", "O")
    bad = [f"{alice.id}__{bob.id}", "0123456789abcdef0123456789abcdef01234567", "ab\u200bcd", "ab\u202ecd",
           "ab\u200fcd", "\u0430dmin", "a" * 65, "", "-lead", "trail_"]
    for name in bad:
        expect_error(alice.put(f"/channels/{room['id']}/patch", {"name": name}), 400)
        expect_error(alice.post("/channels", {"team_id": world.team["id"], "name": name, "display_name": "x",
                                               "type": "O"}), 400)
    for display in ["ab\u200bcd", "ab\u202ecd", "x" * 65, ""]:
        expect_error(alice.put(f"/channels/{room['id']}/patch", {"display_name": display}), 400)
    assert alice.get(f"/channels/{room['id']}").json()["name"] == "rename-me"
    # Capitals are folded on rename (creation refuses them), so the stored name is always in the lowercase form.
    assert alice.put(f"/channels/{room['id']}/patch", {"name": "Rename-Me"}).json()["name"] == "rename-me"
    assert alice.put(f"/channels/{room['id']}/patch", {"name": "b" * 64}).json()["name"] == "b" * 64


# A8 / A29 ------------------------------------------------------------------------------------------------------

def test_a8_integration_props_are_dropped_from_user_posts(world):
    alice = world.c["alice"]
    claims = {"from_webhook": "true", "override_username": "system", "override_icon_url": "http://evil/x.png",
              "from_bot": "true", "kept": "yes"}
    post = world.post("alice", world.public["id"], "totally a webhook", props=claims,
                      override_username="system", override_icon_url="http://evil/x.png")
    for seen in [post, alice.get(f"/posts/{post['id']}").json()]:
        assert seen["props"].get("kept") == "yes"
        for key in ["from_webhook", "override_username", "override_icon_url", "from_bot"]:
            assert key not in seen["props"], key
        assert seen["user_id"] == alice.id
    edited = alice.put(f"/posts/{post['id']}/patch", {"props": claims}).json()
    assert "from_webhook" not in edited["props"] and "override_username" not in edited["props"]


def test_a29_client_timestamps_and_ids_are_ignored(world):
    alice, bob = world.c["alice"], world.c["bob"]
    now = int(time.time() * 1000)
    post = world.post("alice", world.public["id"], "from the future", create_at=4102444800000, update_at=1,
                      edit_at=5, delete_at=7, id=FAKE_ID, user_id=bob.id)
    for seen in [post, alice.get(f"/posts/{post['id']}").json()]:
        assert abs(seen["create_at"] - now) < 60_000 and abs(seen["update_at"] - now) < 60_000
        assert seen["id"] != FAKE_ID and seen["user_id"] == alice.id
        assert seen["delete_at"] == 0 and seen["edit_at"] == 0
    expect_error(alice.get(f"/posts/{FAKE_ID}"), 403, PERMISSION)


# A9 ------------------------------------------------------------------------------------------------------------

def test_a9_user_patch_ignores_privileged_fields(world):
    alice = world.c["alice"]
    before = alice.get("/users/me").json()
    r = alice.put("/users/me/patch", {"roles": "system_admin system_user", "auth_service": "gitlab",
                                      "email_verified": True, "delete_at": 5, "create_at": 1, "id": FAKE_ID,
                                      "last_password_update": 1, "nickname": "ally"})
    assert r.status_code == 200, r.text
    after = alice.get("/users/me").json()
    for key in ["roles", "auth_service", "email_verified", "delete_at", "create_at", "id", "last_password_update"]:
        assert after[key] == before[key], key
    assert after["nickname"] == "ally"
    expect_error(alice.get("/config"), 403)
    expect_error(alice.put(f"/users/{world.c['bob'].id}/patch", {"nickname": "pwned"}), 403, PERMISSION)


def test_a9_channel_patch_ignores_type_and_team(world):
    alice = world.c["alice"]
    other = alice.post("/teams", {"name": "elsewhere", "display_name": "Elsewhere", "type": "O"}).json()
    room = world.channel("alice", "stay-put", "O")
    r = alice.put(f"/channels/{room['id']}/patch", {"type": "P", "team_id": other["id"], "id": FAKE_ID,
                                                    "creator_id": world.c["bob"].id, "purpose": "unchanged otherwise"})
    assert r.status_code == 200, r.text
    after = alice.get(f"/channels/{room['id']}").json()
    assert (after["type"], after["team_id"], after["id"], after["creator_id"]) == \
        ("O", world.team["id"], room["id"], room["creator_id"])
    assert after["purpose"] == "unchanged otherwise"
    assert alice.put(f"/channels/{world.dm['id']}/patch", {"type": "O", "team_id": world.team["id"]}).status_code == 200
    dm = alice.get(f"/channels/{world.dm['id']}").json()
    assert (dm["type"], dm["team_id"]) == ("D", "")


# A10 -----------------------------------------------------------------------------------------------------------

def test_a10_oversized_body_is_refused_before_it_is_sent(world):
    token = world.c["alice"].token
    for path, length in [("/api/v4/posts", BODY_LIMIT + 1), ("/api/v4/posts", 50_000_000), ("/api/v4/users", 1 << 20)]:
        head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n").encode()
        expect_raw_error(raw_head(world.s, head), 413, "api.context.request_body_too_large.app_error")


def test_a10_hostile_json_is_refused(world):
    alice, cid = world.c["alice"], world.public["id"]
    prefix = b'{"channel_id":"' + cid.encode() + b'","message":'
    bodies = {
        "nested 100 deep": b'{"channel_id":"' + cid.encode() + b'","message":"x","props":' + b'{"a":' * 100 + b"1"
                           + b"}" * 101,
        "arrays 100 deep": prefix + b'"x","file_ids":' + b"[" * 100 + b"]" * 100 + b"}",
        "invalid UTF-8": prefix + b'"\xff\xfe"}',
        "overlong UTF-8": prefix + b'"\xc0\xaf"}',
        "encoded surrogate": prefix + b'"\xed\xa0\x80"}',
        "lone high surrogate": prefix + b'"\\ud800"}',
        "lone low surrogate": prefix + b'"\\udc00x"}',
        "duplicate keys": prefix + b'"one","message":"two"}',
        "NUL byte": prefix + b'"a\x00b"}',
        "NUL escape": prefix + b'"a\\u0000b"}',
        "trailing garbage": prefix + b'"x"} {}',
        "truncated": prefix + b'"x"',
    }
    for what, body in bodies.items():
        r = alice.session.post(world.s.api + "/posts", data=body, headers={"Content-Type": "application/json"})
        expect_error(r, 400, BAD_BODY)
        assert "pwned" not in r.text, what
    # Depth is refused on every route that reads JSON, not only posts.
    deep = b"[" * 100 + b"]" * 100
    expect_error(alice.session.post(world.s.api + "/users/ids", data=deep), 400, BAD_BODY)
    expect_error(alice.session.put(world.s.api + "/users/me/preferences", data=deep), 400, BAD_BODY)
    # A well-formed pair is fine.
    world.post("alice", cid, "emoji \U0001F600 ok")


# A11 -----------------------------------------------------------------------------------------------------------

MESSAGE_TOO_LONG = "model.post.is_valid.message_length.app_error"


def test_a11_message_length_is_counted_in_runes(world):
    alice, cid = world.c["alice"], world.public["id"]
    for rune in ["a", "\u00e9", "\u4e2d", "\U0001F600"]:
        expect_error(alice.post("/posts", {"channel_id": cid, "message": rune * 16_384}), 400, MESSAGE_TOO_LONG)
        post = world.post("alice", cid, rune * 16_383)
        assert len(post["message"]) == 16_383
    expect_error(alice.put(f"/posts/{post['id']}/patch", {"message": "\u00e9" * 16_384}), 400, MESSAGE_TOO_LONG)
    assert alice.get(f"/posts/{post['id']}").json()["message"] == "\U0001F600" * 16_383


def test_a11_fifty_first_distinct_reaction_is_refused(world):
    alice, bob = world.c["alice"], world.c["bob"]
    post = world.post("alice", world.public["id"], "react to me")
    for i in range(50):
        r = alice.post("/reactions", {"user_id": alice.id, "post_id": post["id"], "emoji_name": f"emoji_{i}"})
        assert r.status_code == 200, r.text
    expect_error(alice.post("/reactions", {"user_id": alice.id, "post_id": post["id"], "emoji_name": "emoji_50"}), 400,
                 "app.reaction.save.save.too_many_reactions")
    # Another user may still add one of the existing fifty.
    assert bob.post("/reactions", {"user_id": bob.id, "post_id": post["id"], "emoji_name": "emoji_7"}).status_code == 200
    assert len(alice.get(f"/posts/{post['id']}/reactions").json()) == 51
    for emoji in ["", "a" * 65, "bad name", "\u00e9"]:
        expect_error(alice.post("/reactions", {"user_id": alice.id, "post_id": post["id"], "emoji_name": emoji}), 400)


def test_a11_free_form_maps_and_preferences_are_capped(world):
    alice, cid = world.c["alice"], world.public["id"]
    big = "\u00e9" * 20_001
    for field in ["notify_props", "props", "timezone"]:
        expect_error(alice.put("/users/me/patch", {field: {"k": big}}), 400)
        expect_error(alice.put("/users/me/patch", {field: {f"k{i}": "v" for i in range(1000)}}), 400)
    expect_error(alice.post("/posts", {"channel_id": cid, "message": "m", "props": {"k": "x" * 70_000}}), 400)
    expect_error(requests.post(world.s.api + "/users", json={"username": "mapper", "email": "mapper@example.com",
                                                             "password": "password-1", "props": {"k": big}}), 400)
    pref = lambda name, value="v": {"user_id": alice.id, "category": "display_settings", "name": name, "value": value}
    expect_error(alice.put("/users/me/preferences", [pref("big", big)]), 400, "model.preference.is_valid.value.app_error")
    expect_error(alice.put("/users/me/preferences", [pref(f"p{i}") for i in range(101)]), 400,
                 "api.preference.too_many.app_error")
    expect_error(alice.put("/users/me/preferences", [pref("n" * 33)]), 400)
    assert alice.put("/users/me/preferences", [pref("fits", "\u00e9" * 20_000)]).status_code == 200
    assert alice.put("/users/me/preferences", [pref(f"p{i}") for i in range(100)]).status_code == 200
    stored = alice.get("/users/me/preferences/display_settings").json()
    assert len(stored) == 101 and "big" not in {p["name"] for p in stored}


# A21 -----------------------------------------------------------------------------------------------------------

def test_a21_overlong_passwords_are_refused_before_hashing(world):
    s = world.s
    def signup(name, password):
        return requests.post(s.api + "/users", json={"username": name, "email": f"{name}@example.com",
                                                     "password": password}, timeout=10)
    expect_error(signup("long73", "p" * 73), 400, "model.user.is_valid.pwd.app_error")
    expect_error(signup("long37e", "\u00e9" * 37), 400, "model.user.is_valid.pwd.app_error")  # 74 bytes
    expect_error(signup("huge", "p" * 200_000), 400, "model.user.is_valid.pwd.app_error")
    assert signup("long72", "p" * 72).status_code == 201
    head = (f"POST /api/v4/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {(1 << 20) + 80}\r\n\r\n").encode()
    expect_raw_error(raw_head(s, head), 413, "api.context.request_body_too_large.app_error")
    login = lambda who, pw: requests.post(s.api + "/users/login", json={"login_id": who, "password": pw}, timeout=10)
    wrong = expect_error(login("long72", "p" * 71), 401)
    for who, password in [("long72", "p" * 73), ("long73", "p" * 73), ("long72", "p" * 200_000)]:
        r = login(who, password)
        same_answer(r, login("long72", "p" * 71))
        assert "Token" not in r.headers and r.json()["message"] == wrong["message"]
    assert Client(s, "long72", "p" * 72).get("/users/me").status_code == 200


# A22 -----------------------------------------------------------------------------------------------------------

def test_a22_mfa():
    pytest.skip("Parley has no multi-factor authentication, so there is no TOTP code to replay or brute-force")


# A23 -----------------------------------------------------------------------------------------------------------

def test_a23_sessions_are_fresh_per_login_and_revoked_precisely(world):
    s = world.s
    sign_up(s, "sessions")
    one, two, three = (Client(s, "sessions", "password-1") for _ in range(3))
    assert len({one.token, two.token, three.token}) == 3
    assert one.post("/users/logout").status_code == 200
    expect_error(one.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert two.get("/users/me").status_code == 200 and three.get("/users/me").status_code == 200
    r = two.put("/users/me/password", {"current_password": "password-1", "new_password": "password-2"})
    assert r.status_code == 200, r.text
    assert two.get("/users/me").status_code == 200
    expect_error(three.get("/users/me"), 401, "api.context.session_expired.app_error")
    expect_error(requests.post(s.api + "/users/login", json={"login_id": "sessions", "password": "password-1"}), 401)
    assert Client(s, "sessions", "password-2").token not in {one.token, two.token, three.token}
    # A token handed to a victim before they log in (fixation) is simply not a session.
    fixated = requests.get(s.api + "/users/me", headers={"Authorization": "Bearer " + FAKE_ID})
    expect_error(fixated, 401, "api.context.session_expired.app_error")


# A24 -----------------------------------------------------------------------------------------------------------

def test_a24_cookie_requests_need_the_csrf_token(world):
    s, cid = world.s, world.public["id"]
    browser = requests.Session()
    r = browser.post(s.api + "/users/login", json={"login_id": "dave", "password": "password-1"},
                     headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 200
    csrf = browser.cookies.get("MMCSRF")
    assert browser.cookies.get("MMAUTHTOKEN") and csrf
    assert browser.get(s.api + "/users/me").status_code == 200
    body = {"channel_id": cid, "message": "from the browser"}
    for headers in [{}, {"X-Requested-With": "XMLHttpRequest"}, {"X-CSRF-Token": "x" * 26},
                    {"X-CSRF-Token": "", "X-Requested-With": "XMLHttpRequest"}]:
        expect_error(browser.post(s.api + "/posts", json=body, headers=headers), 401,
                     "api.context.session_expired.app_error")
    # A cross-site form post carries the cookie as text/plain with no custom header.
    r = browser.post(s.api + "/posts", data=json.dumps(body), headers={"Content-Type": "text/plain"})
    expect_error(r, 401)
    posts = world.c["alice"].get(f"/channels/{cid}/posts").json()
    assert "from the browser" not in {p["message"] for p in posts["posts"].values()}
    r = browser.post(s.api + "/posts", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text
    world.accepted[r.json()["id"]] = ("dave", "from the browser")


# A25 -----------------------------------------------------------------------------------------------------------

def test_a25_invite_ids_refuse_uniformly_and_rotate(world):
    s, alice, tid = world.s, world.c["alice"], world.team["id"]
    invite = alice.get(f"/teams/{tid}").json()["invite_id"]
    assert len(invite) == 26
    sign_up(s, "gina")
    gina = Client(s, "gina", "password-1")
    join = lambda iid: gina.post(f"/teams/members/invite?invite_id={iid}")
    wrong, malformed, empty = join(FAKE_ID), join("not-an-id"), join("")
    expect_error(wrong, 400)
    for r in [malformed, empty]:
        same_answer(wrong, r)
    signup = lambda name, iid: requests.post(s.api + f"/users?iid={iid}", json={
        "username": name, "email": f"{name}@example.com", "password": "password-1"})
    a, b = signup("invwrong", FAKE_ID), signup("invbad", "%27%3B--")
    expect_error(a, 400)
    same_answer(a, b)
    new = alice.post(f"/teams/{tid}/regenerate_invite_id").json()["invite_id"]
    assert new != invite
    same_answer(join(invite), wrong)
    same_answer(signup("invold", invite), a)
    assert join(new).status_code == 201
    assert tid in {t["id"] for t in gina.get("/users/me/teams").json()}


# A28 -----------------------------------------------------------------------------------------------------------

def concurrently(calls):
    """Runs the calls at once (released together) and returns their responses in order."""
    barrier = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return out


def fresh_client(world, name):
    """A separate connection per thread, since a requests.Session is not meant to be shared between threads."""
    c = world.c[name]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + c.token
    return session


def test_a28_duplicate_pending_post_id_makes_one_post(world):
    cid = world.public["id"]
    sessions = [fresh_client(world, "bob") for _ in range(8)]
    # One round lost the race only about every other time before the fix, so several rounds make it certain.
    for round in range(10):
        body = {"channel_id": cid, "message": f"sent twice by a flaky network {round}",
                "pending_post_id": f"{world.c['bob'].id}:{round}"}
        answers = concurrently([lambda s=s: s.post(world.s.api + "/posts", json=body) for s in sessions])
        assert all(r.status_code == 201 for r in answers), [r.text for r in answers]
        assert len({r.json()["id"] for r in answers}) == 1, f"round {round} made several posts"
        assert all(r.json()["pending_post_id"] == body["pending_post_id"] for r in answers)
        world.accepted[answers[0].json()["id"]] = ("bob", body["message"])
    posts = world.c["bob"].get(f"/channels/{cid}/posts?per_page=200").json()["posts"].values()
    assert sum(p["message"].startswith("sent twice by a flaky network") for p in posts) == 10


def test_a28_concurrent_edits_reactions_and_deletes_end_in_one_state(world):
    api, alice = world.s.api, world.c["alice"]
    edited = world.post("alice", world.public["id"], "edit race")
    sessions = [fresh_client(world, "alice") for _ in range(8)]
    answers = concurrently([lambda s=s, i=i: s.put(f"{api}/posts/{edited['id']}/patch", json={"message": f"edit {i}"})
                            for i, s in enumerate(sessions)])
    assert all(r.status_code == 200 for r in answers)
    final = alice.get(f"/posts/{edited['id']}").json()["message"]
    assert final in {f"edit {i}" for i in range(8)}
    assert world.c["bob"].get(f"/posts/{edited['id']}").json()["message"] == final
    world.accepted[edited["id"]] = ("alice", final)

    reacted = world.post("alice", world.public["id"], "reaction race")
    calls = [lambda s=s: s.post(f"{api}/reactions", json={"user_id": alice.id, "post_id": reacted["id"],
                                                           "emoji_name": "tada"}) for s in sessions[:4]]
    calls += [lambda s=s: s.delete(f"{api}/users/me/posts/{reacted['id']}/reactions/tada") for s in sessions[4:]]
    assert all(r.status_code == 200 for r in concurrently(calls))
    listed = alice.get(f"/posts/{reacted['id']}/reactions").json() or []
    assert len(listed) <= 1
    assert alice.get(f"/posts/{reacted['id']}").json().get("has_reactions", False) == (len(listed) == 1)

    doomed = world.post("alice", world.public["id"], "delete race")
    world.accepted.pop(doomed["id"])
    calls = [lambda s=s: s.delete(f"{api}/posts/{doomed['id']}") for s in sessions[:3]]
    calls += [lambda s=s, i=i: s.put(f"{api}/posts/{doomed['id']}/patch", json={"message": f"late {i}"})
              for i, s in enumerate(sessions[3:6])]
    calls += [lambda s=s: s.post(f"{api}/reactions", json={"user_id": alice.id, "post_id": doomed["id"],
                                                           "emoji_name": "x"}) for s in sessions[6:]]
    answers = concurrently(calls)
    assert all(r.status_code in (200, 404) for r in answers), [(r.status_code, r.text) for r in answers]
    assert any(r.status_code == 200 for r in answers[:3])
    for r in answers:
        if r.status_code == 404:
            expect_error(r, 404)
    expect_error(alice.get(f"/posts/{doomed['id']}"), 404)
    since = alice.get(f"/channels/{world.public['id']}/posts?since={doomed['create_at'] - 1}").json()["posts"]
    assert since[doomed["id"]]["delete_at"] > 0


# A30 -----------------------------------------------------------------------------------------------------------

def test_a30_sign_up_says_what_is_taken_but_login_does_not(world):
    s = world.s
    taken = requests.post(s.api + "/users", json={"username": "alice", "email": "new@example.com", "password": "password-1"})
    expect_error(taken, 400, "app.user.save.username_exists.app_error")
    taken = requests.post(s.api + "/users", json={"username": "newname", "email": "ALICE@example.com",
                                                  "password": "password-1"})
    expect_error(taken, 400, "app.user.save.email_exists.app_error")
    login = lambda who, pw: requests.post(s.api + "/users/login", json={"login_id": who, "password": pw})
    wrong_password, no_user = login("alice", "not-her-password"), login("nobody-at-all", "not-her-password")
    wrong_email, no_email = login("alice@example.com", "nope-nope"), login("nobody@example.com", "nope-nope")
    expect_error(wrong_password, 401)
    for r in [no_user, wrong_email, no_email]:
        same_answer(wrong_password, r)
    assert Client(s, "alice", "password-1").token


def test_a30_user_lists_respect_show_email_address(world):
    admin, carol = world.c["admin"], world.c["carol"]
    config = admin.get("/config").json()
    config["PrivacySettings"]["ShowEmailAddress"] = False
    assert admin.put("/config", config).status_code == 200
    try:
        tid = world.team["id"]
        listings = [carol.get("/users?per_page=200").json(), carol.get(f"/users?in_team={tid}").json(),
                    carol.post("/users/ids", [world.c[n].id for n in USERS]).json(),
                    carol.post("/users/usernames", USERS).json(), [carol.get("/users/username/alice").json()],
                    carol.get(f"/users/autocomplete?name=a&team_id={tid}").json()["users"]]
        for users in listings:
            assert users
            for u in users:
                assert u["email"] == ("carol@example.com" if u["id"] == carol.id else ""), u
        assert "alice@example.com" in admin.get("/users?per_page=200").text
    finally:
        config["PrivacySettings"]["ShowEmailAddress"] = True
        assert admin.put("/config", config).status_code == 200
    assert carol.get(f"/users/{world.c['alice'].id}").json()["email"] == "alice@example.com"


# A20 (own servers: throttling one address would lock every later test out) ----------------------------------

def test_a20_per_account_guessing_backs_off():
    s = ChatServer()
    try:
        sign_up(s, "victim")
        login = lambda pw: requests.post(s.api + "/users/login", json={"login_id": "victim", "password": pw})
        for _ in range(10):
            expect_error(login("guess-guess"), 401)
        answers = [login("guess-guess") for _ in range(4)]
        throttled = [r for r in answers if r.status_code == 429]
        assert throttled, [r.status_code for r in answers]
        body = expect_error(throttled[0], 429, "api.user.login.too_many_attempts.app_error")
        assert any(ch.isdigit() for ch in body["message"]) and "second" in body["message"]
        # The right password waits too (otherwise the back-off would only slow down the wrong guesses).
        expect_error(login("password-1"), 429)
        # Another account is not affected.
        sign_up(s, "bystander")
        assert Client(s, "bystander", "password-1").token
    finally:
        s.close()


def test_a20_password_spraying_from_one_address_is_throttled():
    s = ChatServer()
    try:
        for i in range(3):
            sign_up(s, f"sprayed{i}")
        login = lambda who, pw: requests.post(s.api + "/users/login", json={"login_id": who, "password": pw})
        codes = [login(f"sprayed{i % 3}" if i % 2 else f"ghost{i}", "Summer2024!").status_code for i in range(60)]
        assert set(codes) == {401}
        r = login("ghost-next", "Summer2024!")
        body = expect_error(r, 429, "api.user.login.too_many_attempts.app_error")
        assert "second" in body["message"]
        expect_error(login("sprayed0", "password-1"), 429)
        assert s.proc.poll() is None
    finally:
        s.close()


# Last: nothing accepted was lost -------------------------------------------------------------------------------

def test_everything_accepted_survives_a_restart(world):
    world.s.restart()
    readers = {name: Client(world.s, name, "password-1") for name in USERS}
    readers["frank"] = Client(world.s, "frank", "password-1")
    assert len(world.accepted) > 10
    for pid, (who, message) in world.accepted.items():
        r = readers[who].get(f"/posts/{pid}")
        assert r.status_code == 200, (pid, r.text)
        assert r.json()["message"] == message
    world.c.update(readers)
