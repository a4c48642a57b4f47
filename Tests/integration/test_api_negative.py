"""What the API must refuse or ignore: outsiders reading private conversations, malformed ids and bodies, oversized
messages, and fields a caller may not set. Every refusal must come in Mattermost's error shape (checked here and, for
every response, by `guide_support`).
"""
import pytest

import mm_schema
from guide_support import Guide, checked_responses, start  # noqa: F401

POST_RUNES_MAX = 16383  # API-NOTES §7: a post message holds at most 16383 runes.
NESTING_DEPTH = 100  # Far beyond anything a client sends; the parser must refuse it instead of recursing.
HIDDEN = (403, 404)  # Either says "not yours" without leaking the conversation.


@pytest.fixture(scope="module")
def world():
    server = start()
    g = Guide(server)
    for name in ("root", "olga", "mallory", "peter", "quinn"):
        g.signup(name)
    team = g.team_of("olga", "negatives")
    for name in ("mallory", "peter", "quinn"):
        g.join_team(name, team["id"])
    private = g.channel("olga", team["id"], "hush", kind="P")
    root = g.post("olga", private["id"], "the secret")
    reply = g.post("olga", private["id"], "a secret reply", root_id=root["id"])
    g.as_("olga").posts.pin_post_to_channel(root["id"])
    g.as_("olga").reactions.create_reaction({"user_id": g.id("olga"), "post_id": root["id"], "emoji_name": "shush"})
    dm = g.as_("olga").channels.create_direct_message_channel([g.id("olga"), g.id("peter")])
    gm = g.as_("olga").channels.create_group_message_channel([g.id("olga"), g.id("peter"), g.id("quinn")])
    dm_post = g.post("olga", dm["id"], "just us two")
    gm_post = g.post("olga", gm["id"], "just us three")
    yield g, dict(team=team, private=private, root=root, reply=reply, dm=dm, gm=gm, dm_post=dm_post, gm_post=gm_post)
    server.stop()


def refused(response, statuses):
    allowed = statuses if isinstance(statuses, tuple) else (statuses,)
    assert response.status_code in allowed, f"{response.request.method} {response.url}: {response.status_code} " \
                                            f"{response.text[:300]}"
    body = mm_schema.check("error", response.json())
    assert body["request_id"] == response.headers["X-Request-Id"]
    return body


@pytest.mark.parametrize("path", [
    "/channels/{private}", "/channels/{private}/posts", "/posts/{root}", "/posts/{reply}", "/posts/{root}/thread",
    "/posts/{reply}/thread", "/channels/{private}/pinned", "/posts/{root}/reactions", "/channels/{private}/members",
    "/channels/{private}/stats", "/channels/{dm}", "/channels/{dm}/posts", "/posts/{dm_post}", "/channels/{gm}",
    "/channels/{gm}/posts", "/posts/{gm_post}/thread", "/users/me/channels/{private}/unread",
])
def test_outsider_cannot_read(world, path):
    g, w = world
    ids = {k: v["id"] for k, v in w.items()}
    refused(g.raw("GET", path.format(**ids), username="mallory"), HIDDEN)


def test_outsider_cannot_write_into_private_conversations(world):
    g, w = world
    for channel in ("private", "dm", "gm"):
        body = {"channel_id": w[channel]["id"], "message": "let me in"}
        refused(g.raw("POST", "/posts", username="mallory", json=body), HIDDEN)
    reaction = {"user_id": g.id("mallory"), "post_id": w["root"]["id"], "emoji_name": "eyes"}
    refused(g.raw("POST", "/reactions", username="mallory", json=reaction), HIDDEN)
    refused(g.raw("POST", f"/posts/{w['root']['id']}/pin", username="mallory"), HIDDEN)
    refused(g.raw("POST", f"/channels/{w['private']['id']}/members", username="mallory",
                  json={"user_id": g.id("mallory")}), HIDDEN)


def test_members_still_read_what_outsiders_cannot(world):
    g, w = world
    assert g.raw("GET", f"/posts/{w['root']['id']}/thread", username="olga").status_code == 200
    assert g.raw("GET", f"/channels/{w['gm']['id']}/posts", username="quinn").status_code == 200


@pytest.mark.parametrize("path", [
    "/channels/not-an-id", "/posts/abc", "/users/UPPERCASEUPPERCASEUPPERCA", "/teams/short/members",
    "/posts/abcdefghijklmnopqrstuvwxyz0/thread", "/channels/%00%00/posts",
])
def test_bad_ids(world, path):
    g, _ = world
    body = refused(g.raw("GET", path, username="olga"), 400)
    assert body["id"].startswith("api.context.invalid")


@pytest.mark.parametrize("method,path", [
    ("GET", "/no-such-thing"), ("GET", "/users/me/nowhere"), ("POST", "/teams/x/y/z/w"), ("DELETE", "/system"),
])
def test_unknown_routes(world, method, path):
    g, _ = world
    refused(g.raw(method, path, username="olga"), (404, 405))


def nested(depth):
    return b'{"a":' * depth + b"1" + b"}" * depth


@pytest.mark.parametrize("body", [
    b"this is not json", b'{"channel_id": ', b"\xff\xfe{}", b'{"message": "\xc3\x28"}', b"[" * NESTING_DEPTH + b"]" * NESTING_DEPTH,
    nested(NESTING_DEPTH), b'{"message": "x"} trailing',
], ids=["text", "truncated", "bom-bytes", "invalid-utf8", "deep-array", "deep-object", "trailing"])
def test_malformed_bodies(world, body):
    g, w = world
    headers = {"Content-Type": "application/json"}
    for method, path in (("POST", "/posts"), ("PUT", "/users/me/patch"), ("POST", "/channels")):
        refused(g.raw(method, path, username="olga", data=body, headers=dict(headers)), 400)


def test_message_length_limit(world):
    g, w = world
    town = g.as_("olga").channels.get_channel_by_name(w["team"]["id"], "town-square")
    fits = {"channel_id": town["id"], "message": "é" * POST_RUNES_MAX}
    assert g.raw("POST", "/posts", username="olga", json=fits).status_code == 201
    too_long = {"channel_id": town["id"], "message": "é" * (POST_RUNES_MAX + 1)}
    refused(g.raw("POST", "/posts", username="olga", json=too_long), 400)
    post = g.post("olga", town["id"], "short")
    refused(g.raw("PUT", f"/posts/{post['id']}/patch", username="olga", json=too_long), 400)
    # Runes, not bytes and not grapheme clusters: an accented letter written as two code points counts twice.
    emoji = {"channel_id": town["id"], "message": "\U0001F600" * POST_RUNES_MAX}
    assert g.raw("POST", "/posts", username="olga", json=emoji).status_code == 201
    combining = {"channel_id": town["id"], "message": "e\u0301" * ((POST_RUNES_MAX + 1) // 2)}
    refused(g.raw("POST", "/posts", username="olga", json=combining), 400)


def test_user_patch_ignores_privileged_fields(world):
    g, _ = world
    before = g.as_("peter").users.get_user("me")
    patch = {"roles": "system_admin system_user", "delete_at": 12345, "create_at": 1, "nickname": "pete"}
    after = mm_schema.check("user_own", g.raw("PUT", "/users/me/patch", username="peter", json=patch).json())
    assert after["nickname"] == "pete"
    assert (after["roles"], after["delete_at"], after["create_at"]) == (before["roles"], 0, before["create_at"])
    refused(g.raw("GET", "/config", username="peter"), 403)


def test_post_ignores_integration_props(world):
    g, w = world
    town = g.as_("olga").channels.get_channel_by_name(w["team"]["id"], "town-square")
    props = {"from_webhook": "true", "override_username": "the-boss", "colour": "blue"}
    post = g.post("mallory", town["id"], "an ordinary post", props=props)
    stored = g.as_("olga").posts.get_post(post["id"])
    for p in (post, stored):
        assert "from_webhook" not in p["props"] and "override_username" not in p["props"]
        assert p["props"].get("colour") == "blue"


def test_unauthenticated_calls(world):
    g, w = world
    refused(g.raw("GET", "/users/me"), 401)
    refused(g.raw("GET", f"/channels/{w['private']['id']}"), 401)
    refused(g.raw("GET", "/users/me", token="abcdefghijklmnopqrstuvwxyz"), 401)


def test_reply_must_point_at_a_root_in_the_same_channel(world):
    g, w = world
    town = g.as_("olga").channels.get_channel_by_name(w["team"]["id"], "town-square")
    root = g.post("olga", town["id"], "a root")
    reply = g.post("olga", town["id"], "a reply", root_id=root["id"])
    refused(g.raw("POST", "/posts", username="olga", json={"channel_id": town["id"], "message": "x",
                                                           "root_id": reply["id"]}), 400)
    refused(g.raw("POST", "/posts", username="olga", json={"channel_id": town["id"], "message": "x",
                                                           "root_id": w["root"]["id"]}), (400, 403, 404))


def test_others_posts_are_not_a_plain_members_to_change(world):
    g, w = world
    town = g.as_("olga").channels.get_channel_by_name(w["team"]["id"], "town-square")
    post = g.post("peter", town["id"], "mine alone")
    refused(g.raw("PUT", f"/posts/{post['id']}/patch", username="quinn", json={"message": "hijacked"}), 403)
    refused(g.raw("DELETE", f"/posts/{post['id']}", username="quinn"), 403)
    assert g.as_("olga").posts.delete_post(post["id"]) == {"status": "OK"}  # Olga is the team admin.


def test_invalid_values_refused(world):
    g, w = world
    reaction = {"user_id": g.id("olga"), "post_id": w["root"]["id"], "emoji_name": "no spaces!"}
    refused(g.raw("POST", "/reactions", username="olga", json=reaction), 400)
    refused(g.raw("PUT", "/users/me/status", username="olga", json={"user_id": g.id("olga"), "status": "asleep"}), 400)
    refused(g.raw("PUT", f"/users/{g.id('peter')}/status", username="olga",
                  json={"user_id": g.id("peter"), "status": "away"}), 403)
    pref = [{"user_id": g.id("peter"), "category": "favorite_channel", "name": w["team"]["id"], "value": "true"}]
    refused(g.raw("PUT", f"/users/{g.id('peter')}/preferences", username="olga", json=pref), 403)
    refused(g.raw("PUT", f"/users/{g.id('peter')}/roles", username="root", json={"roles": "system_admin"}), 400)
    refused(g.raw("POST", "/teams", username="olga", json={"name": "apiteam", "display_name": "A", "type": "O"}), 400)
    for name in ("Bad Name", "trailing-", w["dm"]["name"]):
        body = {"team_id": w["team"]["id"], "name": name, "display_name": "X", "type": "O"}
        refused(g.raw("POST", "/channels", username="olga", json=body), 400)
    refused(g.raw("POST", "/users", json={"username": "olga", "email": "o2@guide.example", "password": "long-enough"}), 400)
    refused(g.raw("POST", "/users/login", json={"login_id": "olga", "password": "wrong-password"}), 401)


def test_direct_message_rules(world):
    g, _ = world
    three = [g.id("olga"), g.id("peter"), g.id("quinn")]
    refused(g.raw("POST", "/channels/direct", username="olga", json=three), 400)
    refused(g.raw("POST", "/channels/direct", username="mallory", json=[g.id("peter"), g.id("quinn")]), (400, 403))
    self_dm = g.raw("POST", "/channels/direct", username="olga", json=[g.id("olga"), g.id("olga")])
    assert self_dm.status_code == 201 and self_dm.json()["name"] == f"{g.id('olga')}__{g.id('olga')}"


def test_saved_post_hidden_once_unreadable(world):
    g, w = world
    ch = g.channel("olga", w["team"]["id"], "brief", kind="P")
    g.add_to_channel("olga", ch["id"], "quinn")
    post = g.post("olga", ch["id"], "flag me")
    flag = [{"user_id": g.id("quinn"), "category": "flagged_post", "name": post["id"], "value": "true"}]
    g.as_("quinn").preferences.save_user_preferences("me", flag)
    assert post["id"] in g.as_("quinn").posts.get_list_of_flagged_posts("me")["order"]
    g.as_("quinn").channels.remove_channel_member(ch["id"], g.id("quinn"))
    saved = mm_schema.check("post_list", g.as_("quinn").posts.get_list_of_flagged_posts("me"))
    assert post["id"] not in saved["order"] and post["id"] not in saved["posts"]
