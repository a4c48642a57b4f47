"""The Mattermost user guide (shared/reference/000_318172520ed5fd5c.txt) walked with the real `mattermostdriver` against
`parley`; bodies are checked by `mm_schema`, Content-Types by `guide_support`. The tests share one server and run in
file order, because the first sign-up must be the first user."""
import hashlib

import pytest
import requests

import guide_support
import mm_schema
from guide_support import Guide, PASSWORD, checked_responses, expect_status, last_status, start  # noqa: F401

GM_USERS_MAX = 8  # The guide: a group message has at most seven others, so eight people with its creator.


@pytest.fixture(scope="module")
def g():
    server = start()
    guide = Guide(server)
    yield guide
    server.stop()


@pytest.fixture(scope="module")
def team(g):
    """Alice's team with an edited URL; the later flows happen in it."""
    g.signup("root")
    g.signup("alice", first_name="Alice", last_name="Liddell", nickname="ally")
    d = g.as_("alice")
    assert d.teams.check_team_exists("wonder-land") == {"exists": False}
    t = g.team_of("alice", "wonder-land")
    assert d.teams.check_team_exists("wonder-land") == {"exists": True}
    return t


def by_name(g, username, team_id, name):
    return mm_schema.check("channel", g.as_(username).channels.get_channel_by_name(team_id, name))


def test_every_response_is_checked(g, team):
    assert requests.Session.send is guide_support._checked_send
    assert g.raw("GET", "/users/me", username="alice").headers["Content-Type"] == "application/json"


def test_first_user_becomes_system_admin(g, team):
    assert set(g.users["root"]["roles"].split()) == {"system_admin", "system_user"}
    assert g.users["alice"]["roles"] == "system_user"
    mm_schema.check("user_other", g.as_("alice").users.get_user(g.id("root")))


def test_team_creator_is_team_admin_in_both_default_channels(g, team):
    d = g.as_("alice")
    member = mm_schema.check("team_member", d.teams.get_team_member(team["id"], "me"))
    assert "team_admin" in member["roles"].split() and member["scheme_admin"]
    assert team["name"] == "wonder-land" and team["type"] == "O"
    for name in ("town-square", "off-topic"):
        ch = by_name(g, "alice", team["id"], name)
        mm_schema.check("channel_member", d.channels.get_channel_member(ch["id"], "me"))
    mm_schema.check("team_stats", d.teams.get_team_stats(team["id"]))
    mm_schema.check_all("team_unread", d.teams.get_team_unreads_for_user("me"))
    mm_schema.check_all("session", d.users.get_user_sessions("me"))
    roles = d.client.post("/roles/names", options=["system_user", "team_user", "channel_user"])
    assert {r["name"] for r in mm_schema.check_all("role", roles)} == {"system_user", "team_user", "channel_user"}


def test_sign_up_with_invite_link_joins_team(g, team):
    invite_id = g.as_("alice").teams.get_team(team["id"])["invite_id"]
    bob = g.signup("bob", iid=invite_id)
    teams = mm_schema.check_all("team", g.as_("bob").teams.get_user_teams("me"))
    assert [t["id"] for t in teams] == [team["id"]]
    member = g.as_("bob").teams.get_team_member(team["id"], bob["id"])
    assert mm_schema.check("team_member", member)["roles"] == "team_user"
    names = {c["name"] for c in g.as_("bob").channels.get_channels_for_user("me", team["id"])}
    assert {"town-square", "off-topic"} <= names


def test_existing_user_joins_by_invite_id(g, team):
    # The guide: any member can hand out the team's invite link, so members see invite_id (but not the email).
    shown = mm_schema.check("team", g.as_("bob").teams.get_team(team["id"]))
    invite_id = g.as_("alice").teams.get_team(team["id"])["invite_id"]
    assert shown["invite_id"] == invite_id and shown["email"] == ""
    assert g.as_("bob").teams.get_user_teams("me")[0]["invite_id"] == invite_id
    g.signup("carol", first_name="Caroline", last_name="Herschel", nickname="lina")
    member = g.as_("carol").teams.add_user_to_team_from_invite(params={"invite_id": invite_id})
    assert last_status() == 201
    assert mm_schema.check("team_member", member)["user_id"] == g.id("carol")


def test_member_adds_existing_user_to_team(g, team):
    for name in ("dave", "erin", "frank", "grace", "heidi", "ivan", "judy"):
        g.signup(name)
    member = g.as_("bob").teams.add_user_to_team(team["id"], {"team_id": team["id"], "user_id": g.id("dave")})
    assert last_status() == 201 and mm_schema.check("team_member", member)["user_id"] == g.id("dave")
    for name in ("erin", "frank", "grace", "heidi"):
        g.join_team(name, team["id"])


def test_leaving_team_removes_its_channels(g, team):
    ch = g.channel("alice", team["id"], "leavers", kind="P")
    g.add_to_channel("alice", ch["id"], "erin")
    assert g.as_("erin").teams.remove_user_from_team(team["id"], g.id("erin")) == {"status": "OK"}
    assert g.as_("erin").teams.get_user_teams("me") == []
    expect_status(404, g.as_("alice").channels.get_channel_member, ch["id"], g.id("erin"))
    town = by_name(g, "alice", team["id"], "town-square")
    expect_status(404, g.as_("alice").channels.get_channel_member, town["id"], g.id("erin"))
    g.join_team("erin", team["id"])
    expect_status(404, g.as_("alice").channels.get_channel_member, ch["id"], g.id("erin"))


def test_public_and_private_channels(g, team):
    public = g.channel("bob", team["id"], "announcements")
    private = g.channel("bob", team["id"], "secret-plans", kind="P")
    assert (public["type"], private["type"]) == ("O", "P")
    member = g.as_("bob").channels.get_channel_member(private["id"], "me")
    assert "channel_admin" in mm_schema.check("channel_member", member)["roles"].split()
    listed = mm_schema.check_all("channel", g.as_("carol").channels.get_public_channels(team["id"]))
    names = {c["name"] for c in listed}
    assert "announcements" in names and "secret-plans" not in names


def test_join_public_channel_from_list(g, team):
    listed = g.as_("carol").channels.get_public_channels(team["id"])
    target = next(c for c in listed if c["name"] == "announcements")
    g.add_to_channel("carol", target["id"], "carol")
    stats = mm_schema.check("channel_stats", g.as_("carol").channels.get_channel_statistics(target["id"]))
    assert stats["member_count"] == 2


def test_any_private_member_adds_others(g, team):
    ch = by_name(g, "bob", team["id"], "secret-plans")
    g.add_to_channel("bob", ch["id"], "carol")
    g.add_to_channel("carol", ch["id"], "dave")
    expect_status((403, 404), g.as_("frank").channels.add_user, ch["id"], {"user_id": g.id("frank")})


def test_who_may_remove_channel_members(g, team):
    # Alice is the team admin but only a plain member here: her team role is what lets her remove others.
    ch = g.channel("carol", team["id"], "carols-room", kind="P")
    for name in ("alice", "bob", "dave", "frank", "grace"):
        g.add_to_channel("carol", ch["id"], name)
    expect_status(403, g.as_("bob").channels.remove_channel_member, ch["id"], g.id("dave"))
    assert g.as_("carol").channels.remove_channel_member(ch["id"], g.id("dave")) == {"status": "OK"}
    assert g.as_("alice").channels.remove_channel_member(ch["id"], g.id("frank")) == {"status": "OK"}
    g.join_team("root", team["id"])
    assert g.as_("root").channels.remove_channel_member(ch["id"], g.id("grace")) == {"status": "OK"}
    members = mm_schema.check_all("channel_member", g.as_("carol").channels.get_channel_members(ch["id"]))
    assert {m["user_id"] for m in members} == {g.id("carol"), g.id("bob"), g.id("alice")}
    # The guide: the channel admin hands the channel admin role to other members; a plain member cannot.
    admin = {"roles": "channel_user channel_admin"}
    expect_status(403, g.as_("bob").channels.update_channel_roles, ch["id"], g.id("bob"), admin)
    assert g.as_("carol").channels.update_channel_roles(ch["id"], g.id("bob"), admin) == {"status": "OK"}
    assert "channel_admin" in g.as_("bob").channels.get_channel_member(ch["id"], "me")["roles"].split()


def test_leave_channel(g, team):
    ch = by_name(g, "bob", team["id"], "secret-plans")
    assert g.as_("dave").channels.remove_channel_member(ch["id"], g.id("dave")) == {"status": "OK"}
    expect_status((403, 404), g.as_("dave").channels.get_channel, ch["id"])
    expect_status((403, 404), g.as_("dave").channels.add_user, ch["id"], {"user_id": g.id("dave")})


def test_town_square_cannot_be_left_renamed_or_archived(g, team):
    town = by_name(g, "alice", team["id"], "town-square")
    expect_status(400, g.as_("bob").channels.remove_channel_member, town["id"], g.id("bob"))
    expect_status(400, g.as_("alice").channels.remove_channel_member, town["id"], g.id("bob"))
    expect_status(400, g.as_("alice").channels.patch_channel, town["id"], {"name": "plaza"})
    expect_status(400, g.as_("root").channels.delete_channel, town["id"])
    assert by_name(g, "alice", team["id"], "town-square")["delete_at"] == 0


def test_rename_channel_display_name_and_url(g, team):
    ch = g.channel("bob", team["id"], "old-name")
    g.add_to_channel("bob", ch["id"], "carol")  # The guide: anyone in a channel may rename it.
    patched = g.as_("carol").channels.patch_channel(ch["id"], {"display_name": "New Name", "name": "new-name"})
    assert mm_schema.check("channel", patched)["name"] == "new-name" and patched["display_name"] == "New Name"
    assert by_name(g, "bob", team["id"], "new-name")["id"] == ch["id"]
    expect_status(404, g.as_("bob").channels.get_channel_by_name, team["id"], "old-name")


def test_archive_channel(g, team):
    ch = g.channel("bob", team["id"], "archive-me")
    post = g.post("bob", ch["id"], "history stays")
    assert g.as_("bob").channels.delete_channel(ch["id"]) == {"status": "OK"}
    assert mm_schema.check("channel", g.as_("bob").channels.get_channel(ch["id"]))["delete_at"] > 0
    history = mm_schema.check("post_list", g.as_("bob").posts.get_posts_for_channel(ch["id"]))
    assert post["id"] in history["order"]
    expect_status((400, 403), g.as_("bob").posts.create_post, {"channel_id": ch["id"], "message": "late"})
    expect_status(400, g.as_("bob").channels.create_channel,
                  {"team_id": team["id"], "name": "archive-me", "display_name": "Again", "type": "O"})


def test_direct_messages(g, team):
    a, b = g.id("alice"), g.id("bob")
    dm = g.as_("alice").channels.create_direct_message_channel([a, b])
    assert last_status() == 201
    mm_schema.check("channel", dm)
    assert dm["type"] == "D" and dm["name"] == "__".join(sorted([a, b])) and dm["team_id"] == ""
    assert dm["display_name"] == ""
    again = g.as_("bob").channels.create_direct_message_channel([b, a])
    assert again["id"] == dm["id"]
    g.post("bob", dm["id"], "hello alice")


def test_group_messages(g, team):
    names = ["carol", "alice", "bob"]
    ids = [g.id(n) for n in names]
    gm = mm_schema.check("channel", g.as_("alice").channels.create_group_message_channel(ids))
    assert last_status() == 201 and gm["type"] == "G"
    assert gm["name"] == hashlib.sha1("".join(sorted(ids)).encode()).hexdigest()
    assert gm["display_name"] == ", ".join(sorted(names))
    assert g.as_("carol").channels.create_group_message_channel(list(reversed(ids)))["id"] == gm["id"]
    people = [g.id(n) for n in ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan")]
    assert g.as_("alice").channels.create_group_message_channel(people[:GM_USERS_MAX])["type"] == "G"
    expect_status(400, g.as_("alice").channels.create_group_message_channel, [g.id("alice"), g.id("bob")])
    expect_status(400, g.as_("alice").channels.create_group_message_channel, people[:GM_USERS_MAX + 1])


def test_post_reply_edit_delete(g, team):
    ch = g.channel("alice", team["id"], "threads")
    root = g.post("alice", ch["id"], "the root")
    reply = g.post("alice", ch["id"], "a reply", root_id=root["id"])
    second = g.post("alice", ch["id"], "another reply", root_id=root["id"])
    assert reply["root_id"] == root["id"]
    thread = mm_schema.check("post_list", g.as_("alice").posts.get_thread(reply["id"]))
    assert thread["order"] == [second["id"], reply["id"], root["id"]]
    edited = g.as_("alice").posts.patch_post(reply["id"], {"message": "an edited reply"})
    assert mm_schema.check("post", edited)["edit_at"] > 0 and edited["message"] == "an edited reply"
    assert g.as_("alice").posts.delete_post(root["id"]) == {"status": "OK"}
    for p in (root, reply, second):
        expect_status(404, g.as_("alice").posts.get_post, p["id"])


def test_pending_post_id_echoed_and_deduplicated(g, team):
    ch = by_name(g, "alice", team["id"], "threads")
    pending = f"{g.id('alice')}:1700000000000"
    first = g.post("alice", ch["id"], "optimistic", pending_post_id=pending)
    assert first["pending_post_id"] == pending
    again = g.as_("alice").posts.create_post({"channel_id": ch["id"], "message": "optimistic", "pending_post_id": pending})
    assert again["id"] == first["id"]
    assert g.as_("alice").posts.get_posts_for_channel(ch["id"])["order"].count(first["id"]) == 1


def test_pins(g, team):
    ch = by_name(g, "alice", team["id"], "threads")
    post = g.post("alice", ch["id"], "pin me")
    expect_status(403, g.as_("bob").posts.pin_post_to_channel, post["id"])
    g.add_to_channel("alice", ch["id"], "bob")
    assert g.as_("bob").posts.pin_post_to_channel(post["id"]) == {"status": "OK"}
    assert g.as_("alice").posts.get_post(post["id"])["is_pinned"] is True
    pinned = mm_schema.check("post_list", g.as_("alice").channels.get_channel_pinned_posts(ch["id"]))
    assert pinned["order"] == [post["id"]]
    assert g.as_("alice").channels.get_channel_statistics(ch["id"])["pinnedpost_count"] == 1
    assert g.as_("alice").posts.unpin_post_to_channel(post["id"]) == {"status": "OK"}
    assert g.as_("alice").channels.get_channel_pinned_posts(ch["id"])["order"] == []


def test_saved_posts(g, team):
    ch = by_name(g, "bob", team["id"], "announcements")
    post = g.post("bob", ch["id"], "read this later")
    flag = [{"user_id": g.id("carol"), "category": "flagged_post", "name": post["id"], "value": "true"}]
    assert g.as_("carol").preferences.save_user_preferences("me", flag) == {"status": "OK"}
    saved = mm_schema.check("post_list", g.as_("carol").posts.get_list_of_flagged_posts("me"))
    assert saved["order"] == [post["id"]]
    assert g.as_("carol").preferences.delete_user_preferences("me", flag) == {"status": "OK"}
    assert g.as_("carol").posts.get_list_of_flagged_posts("me")["order"] == []


def test_reactions(g, team):
    ch = by_name(g, "bob", team["id"], "announcements")
    post = g.post("bob", ch["id"], "react to me")
    body = {"user_id": g.id("carol"), "post_id": post["id"], "emoji_name": "thumbsup"}
    reaction = mm_schema.check("reaction", g.as_("carol").reactions.create_reaction(body))
    assert last_status() == 200 and reaction["emoji_name"] == "thumbsup" and reaction["channel_id"] == ch["id"]
    listed = mm_schema.check_all("reaction", g.as_("bob").reactions.get_reactions_of_post(post["id"]))
    assert [(r["user_id"], r["emoji_name"]) for r in listed] == [(g.id("carol"), "thumbsup")]
    seen = mm_schema.check("post", g.as_("bob").posts.get_post(post["id"]))
    assert seen["has_reactions"] is True and len(seen["metadata"]["reactions"]) == 1
    assert g.as_("carol").reactions.delete_reaction("me", post["id"], "thumbsup") == {"status": "OK"}
    assert g.as_("bob").reactions.get_reactions_of_post(post["id"]) == []


def test_favourite_channel(g, team):
    ch = by_name(g, "carol", team["id"], "announcements")
    pref = {"user_id": g.id("carol"), "category": "favorite_channel", "name": ch["id"], "value": "true"}
    assert g.as_("carol").preferences.save_user_preferences("me", [pref]) == {"status": "OK"}
    listed = mm_schema.check_all("preference", g.as_("carol").preferences.list_user_preferences_by_category(
        "me", "favorite_channel"))
    assert pref in listed
    one = g.as_("carol").preferences.get_specific_user_preference("me", "favorite_channel", ch["id"])
    assert mm_schema.check("preference", one)["value"] == "true"
    categories = g.as_("carol").client.get(f"/users/me/teams/{team['id']}/channels/categories")
    favourites = next(c for c in categories["categories"] if c["type"] == "favorites")
    assert ch["id"] in favourites["channel_ids"]


def test_statuses(g, team):
    d = g.as_("dave")
    for status in ("online", "away", "dnd", "offline"):
        got = mm_schema.check("status", d.status.update_user_status("me", {"user_id": g.id("dave"), "status": status}))
        assert got["status"] == status and got["manual"] == (status != "online")
        assert g.as_("alice").status.get_user_status(g.id("dave"))["status"] == status
    both = mm_schema.check_all("status", g.as_("alice").status.get_user_statuses_by_id([g.id("dave"), g.id("alice")]))
    assert {s["user_id"]: s["status"] for s in both}[g.id("dave")] == "offline"


def test_roles(g, team):
    tid, bob = team["id"], g.id("bob")
    expect_status(403, g.as_("bob").teams.remove_user_from_team, tid, g.id("carol"))
    promote = {"roles": "team_user team_admin"}
    expect_status(403, g.as_("bob").teams.update_team_member_roles, tid, bob, promote)
    assert g.as_("alice").teams.update_team_member_roles(tid, bob, promote) == {"status": "OK"}
    assert "team_admin" in g.as_("bob").teams.get_team_member(tid, bob)["roles"].split()
    assert g.as_("alice").teams.update_team_member_roles(tid, bob, {"roles": "team_user"}) == {"status": "OK"}
    admin = {"roles": "system_user system_admin"}
    expect_status(403, g.as_("bob").users.update_user_role, bob, admin)
    assert g.as_("root").users.update_user_role(g.id("dave"), admin) == {"status": "OK"}
    assert "system_admin" in g.as_("root").users.get_user(g.id("dave"))["roles"].split()
    assert g.as_("root").users.update_user_role(g.id("dave"), {"roles": "system_user"}) == {"status": "OK"}


def test_deactivation_revokes_tokens_and_reactivation_restores_login(g, team):
    judy = g.driver("judy")
    assert g.as_("root").users.deactivate_user(g.id("judy")) == {"status": "OK"}
    expect_status(401, judy.users.get_user, "me")
    expect_status(401, g.driver, "judy")
    assert g.as_("root").users.get_user(g.id("judy"))["delete_at"] > 0
    assert g.as_("root").users.update_user_active_status(g.id("judy"), {"active": True}) == {"status": "OK"}
    expect_status(401, judy.users.get_user, "me")
    assert g.driver("judy").users.get_user("me")["delete_at"] == 0


def test_logout_revokes_token(g, team):
    d = g.driver("ivan")
    token = d.client.token
    assert g.raw("GET", "/users/me", token=token).status_code == 200
    assert d.logout() == {"status": "OK"}
    assert g.raw("GET", "/users/me", token=token).status_code == 401


def test_read_state(g, team):
    ch = g.channel("alice", team["id"], "reading")
    g.add_to_channel("alice", ch["id"], "bob")
    for message in ("one", "two @bob please look", "three"):
        g.post("alice", ch["id"], message)
    d = g.as_("bob")
    unread = mm_schema.check("channel_unread", d.channels.get_unread_messages("me", ch["id"]))
    total = d.channels.get_channel(ch["id"])["total_msg_count"]
    assert unread["msg_count"] == total - d.channels.get_channel_member(ch["id"], "me")["msg_count"]
    assert unread["msg_count"] >= 3 and unread["mention_count"] == 1
    viewed = d.channels.view_channel("me", {"channel_id": ch["id"]})
    assert viewed["status"] == "OK" and ch["id"] in viewed["last_viewed_at_times"]
    after = d.channels.get_unread_messages("me", ch["id"])
    assert (after["msg_count"], after["mention_count"]) == (0, 0)
    team_unread = mm_schema.check("team_unread", d.teams.get_unreads_for_team("me", team["id"]))
    assert team_unread["team_id"] == team["id"]
    assert team_unread in d.teams.get_team_unreads_for_user("me")


def test_autocomplete(g, team):
    ch = by_name(g, "alice", team["id"], "reading")
    d = g.as_("bob")
    for prefix in ("ali", "lidd", "all"):
        found = d.users.autocomplete_users(params={"name": prefix, "team_id": team["id"], "channel_id": ch["id"]})
        assert [u["id"] for u in mm_schema.check_all("user_other", found["users"])] == [g.id("alice")]
        mm_schema.check_all("user_other", found["out_of_channel"])
    for prefix in ("caroli", "hersch", "lin"):
        found = d.users.autocomplete_users(params={"name": prefix, "team_id": team["id"], "channel_id": ch["id"]})
        assert found["users"] == [] and [u["id"] for u in found["out_of_channel"]] == [g.id("carol")], prefix


def test_cookie_login_and_csrf(g, team):
    s = requests.Session()
    r = s.post(g.api + "/users/login", json={"login_id": "carol", "password": PASSWORD},
               headers={"X-Requested-With": "XMLHttpRequest"})
    assert r.status_code == 200
    set_cookies = {c.split("=", 1)[0]: c for c in r.raw.headers.getlist("Set-Cookie")}
    assert {"MMAUTHTOKEN", "MMUSERID", "MMCSRF"} <= set(set_cookies)
    assert "httponly" in set_cookies["MMAUTHTOKEN"].lower() and "httponly" not in set_cookies["MMCSRF"].lower()
    assert s.cookies["MMUSERID"] == g.id("carol")
    assert s.get(g.api + "/users/me").json()["id"] == g.id("carol")
    ch = by_name(g, "carol", team["id"], "announcements")
    body = {"channel_id": ch["id"], "message": "from the browser"}
    refused = s.post(g.api + "/posts", json=body)
    assert refused.status_code == 401
    accepted = s.post(g.api + "/posts", json=body, headers={"X-CSRF-Token": s.cookies["MMCSRF"]})
    assert accepted.status_code == 201 and mm_schema.check("post", accepted.json())["message"] == "from the browser"
    out = s.post(g.api + "/users/logout", headers={"X-CSRF-Token": s.cookies["MMCSRF"]})
    assert out.status_code == 200 and out.json() == {"status": "OK"}
    cleared = {c.split("=", 1)[0]: c.lower() for c in out.raw.headers.getlist("Set-Cookie")}
    assert "max-age=0" in cleared["MMAUTHTOKEN"] or "expires=thu, 01 jan 1970" in cleared["MMAUTHTOKEN"]
    assert g.raw("GET", "/users/me", token=r.headers["Token"]).status_code == 401


def test_driver_keeps_cookies_and_posts(g, team):
    d = g.driver("carol")
    assert d.client.cookies is not None
    ch = by_name(g, "carol", team["id"], "announcements")
    post = d.posts.create_post({"channel_id": ch["id"], "message": "from the driver"})
    assert last_status() == 201 and mm_schema.check("post", post)["user_id"] == g.id("carol")
