"""Mentions end to end: counted per member at post time, listed as recent mentions through the subset of
`POST /teams/{id}/posts/search` the web app uses, and the sidebar's favourites kept in step with preferences."""
import pytest

from chat_support import ChatServer, Client, sign_up


@pytest.fixture(scope="module")
def world():
    s = ChatServer()
    sign_up(s, "anna")
    sign_up(s, "ben", first_name="Benedict")
    anna, ben = Client(s, "anna", "password-1"), Client(s, "ben", "password-1")
    team = anna.post("/teams", {"name": "ment", "display_name": "Ment", "type": "O"}).json()
    ben.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": ben.id})
    town = anna.get(f"/teams/{team['id']}/channels/name/town-square").json()
    yield s, anna, ben, team, town
    s.close()


def test_recent_mentions_follow_notify_props(world):
    s, anna, ben, team, town = world
    props = ben.get("/users/me").json()["notify_props"]
    props.update({"mention_keys": "release,oncall", "first_name": "true"})
    assert ben.put("/users/me/patch", {"notify_props": props}).status_code == 200
    messages = ["hi @ben", "the release is out", "Benedict, look", "ping @ben.", "mail ben@example.com",
                "`@ben` in code", "nothing for you", "@channel meeting"]
    ids = [anna.post("/posts", {"channel_id": town["id"], "message": m}).json()["id"] for m in messages]
    mentioned = {ids[i] for i in (0, 1, 2, 3, 7)}
    unread = ben.get(f"/users/me/channels/{town['id']}/unread").json()
    assert unread["mention_count"] == 5
    terms = "@ben ben release oncall benedict"
    found = ben.post(f"/teams/{team['id']}/posts/search", {"terms": terms, "is_or_search": True}).json()
    assert set(found["order"]) >= mentioned - {ids[7]}
    assert ids[4] not in found["order"] and ids[5] not in found["order"] and ids[6] not in found["order"]
    times = [found["posts"][p]["create_at"] for p in found["order"]]
    assert times == sorted(times, reverse=True)
    # A private channel ben is not in never shows up, even when it mentions him.
    secret = anna.post("/channels", {"team_id": team["id"], "name": "secret", "display_name": "S", "type": "P"}).json()
    hidden = anna.post("/posts", {"channel_id": secret["id"], "message": "@ben behind your back"}).json()
    found = ben.post(f"/teams/{team['id']}/posts/search", {"terms": terms, "is_or_search": True}).json()
    assert hidden["id"] not in found["order"]
    s.restart()
    ben = Client(s, "ben", "password-1")
    again = ben.post(f"/teams/{team['id']}/posts/search", {"terms": terms, "is_or_search": True}).json()
    assert set(again["order"]) == set(found["order"])
    assert ben.get(f"/users/me/channels/{town['id']}/unread").json()["mention_count"] == 5


def test_here_counts_only_members_online_at_post_time(world):
    s, anna, ben, team, town = world
    ben = Client(s, "ben", "password-1")
    anna = Client(s, "anna", "password-1")
    ben.post(f"/channels/members/me/view", {"channel_id": town["id"]})
    ben.put("/users/me/status", {"user_id": ben.id, "status": "offline"})
    anna.post("/posts", {"channel_id": town["id"], "message": "@here anyone?"})
    assert ben.get(f"/users/me/channels/{town['id']}/unread").json()["mention_count"] == 0
    ben.put("/users/me/status", {"user_id": ben.id, "status": "online"})
    anna.post("/posts", {"channel_id": town["id"], "message": "@here now?"})
    assert ben.get(f"/users/me/channels/{town['id']}/unread").json()["mention_count"] == 1


def test_sidebar_favourites_and_preferences_stay_in_step(world):
    s, anna, ben, team, town = world
    anna = Client(s, "anna", "password-1")
    base = f"/users/me/teams/{team['id']}/channels/categories"
    cats = {c["type"]: c for c in anna.get(base).json()["categories"]}
    assert town["id"] in cats["channels"]["channel_ids"]
    fav = dict(cats["favorites"], channel_ids=[town["id"]])
    rest = dict(cats["channels"], channel_ids=[c for c in cats["channels"]["channel_ids"] if c != town["id"]])
    assert anna.put(base, [fav, rest]).status_code == 200
    pref = anna.get(f"/users/me/preferences/favorite_channel/name/{town['id']}").json()
    assert pref["value"] == "true"
    anna.post("/users/me/preferences/delete", [{"user_id": anna.id, "category": "favorite_channel", "name": town["id"]}])
    cats = {c["type"]: c for c in anna.get(base).json()["categories"]}
    assert town["id"] not in cats["favorites"]["channel_ids"] and town["id"] in cats["channels"]["channel_ids"]
    anna.put("/users/me/preferences", [{"user_id": anna.id, "category": "favorite_channel", "name": town["id"], "value": "true"}])
    s.restart()
    anna = Client(s, "anna", "password-1")
    cats = {c["type"]: c for c in anna.get(base).json()["categories"]}
    assert cats["favorites"]["channel_ids"] == [town["id"]]
    assert anna.post(base, {"display_name": "Custom"}).status_code == 501
