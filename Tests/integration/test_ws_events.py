"""Events over `/api/v4/websocket` with real clients (API-NOTES §5.3–§5.6): who hears what, `posted` with
mentions per recipient, typing, status changes, the out-of-channel notice, isolation of private channels, a removed
member hearing nothing more, gap-free `seq`, lossless resume and slow consumers."""
import json
import os
import socket
import time

import pytest
import websocket

from chat_support import ChatServer, Client, sign_up


class Listener:
    """One socket of a user; remembers every frame and checks that event `seq` never skips."""

    def __init__(self, server, client, query="", cookie=False):
        url = server.url.replace("http", "ws") + "/api/v4/websocket" + query
        if cookie:
            self.ws = websocket.create_connection(url, timeout=10, cookie="MMAUTHTOKEN=" + client.token)
        else:
            self.ws = websocket.create_connection(url, timeout=10, header=["Authorization: Bearer " + client.token])
        self.events = []
        self.expected_seq = None
        self.hello = None

    def _read(self, timeout):
        self.ws.settimeout(timeout)
        msg = json.loads(self.ws.recv())
        if "seq_reply" in msg:
            return msg
        if msg["event"] == "hello":
            self.hello = msg
            assert msg["seq"] == 0
            self.expected_seq = 1
        else:
            if self.expected_seq is not None:
                assert msg["seq"] == self.expected_seq, (msg["seq"], self.expected_seq, msg["event"])
            self.expected_seq = msg["seq"] + 1
        self.events.append(msg)
        return msg

    def wait(self, name, timeout=5, where=lambda m: True):
        for m in self.events:
            if m.get("event") == name and where(m) and not m.get("_taken"):
                m["_taken"] = True
                return m
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                m = self._read(max(0.05, deadline - time.time()))
            except websocket.WebSocketTimeoutException:
                break
            if m.get("event") == name and where(m):
                m["_taken"] = True
                return m
        raise AssertionError(f"no {name} event; saw {[e.get('event') for e in self.events]}")

    def drain(self, seconds=0.3):
        try:
            while True:
                self._read(seconds)
        except websocket.WebSocketTimeoutException:
            pass

    def names(self):
        return [e.get("event") for e in self.events]

    def close(self):
        self.ws.close()


@pytest.fixture(scope="module")
def world():
    s = ChatServer()
    sign_up(s, "boss")
    users = {"boss": Client(s, "boss", "password-1")}
    for name in ("ann", "bob", "cid", "dee"):
        sign_up(s, name, first_name=name.capitalize())
        users[name] = Client(s, name, "password-1")
    team = users["boss"].post("/teams", {"name": "crew", "display_name": "Crew", "type": "O"}).json()
    for name in ("ann", "bob", "cid", "dee"):
        r = users["boss"].post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": users[name].id})
        assert r.status_code == 201, r.text
    yield s, users, team
    s.close()


def channel(owner, team, name, kind="O", members=()):
    c = owner.post("/channels", {"team_id": team["id"], "name": name, "display_name": name.title(), "type": kind}).json()
    for m in members:
        assert owner.post(f"/channels/{c['id']}/members", {"user_id": m.id}).status_code == 201
    return c


def post(client, channel_id, message, **extra):
    r = client.post("/posts", {"channel_id": channel_id, "message": message, **extra})
    assert r.status_code == 201, r.text
    return r.json()


def test_posted_reaches_members_with_mentions_only_for_the_mentioned(world):
    s, u, team = world
    c = channel(u["ann"], team, "planning", members=[u["bob"], u["cid"]])
    ann, bob, cid = (Listener(s, u[n]) for n in ("ann", "bob", "cid"))
    p = post(u["ann"], c["id"], "@bob look at this")
    for listener in (ann, bob, cid):
        m = listener.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == p["id"])
        assert m["broadcast"]["channel_id"] == c["id"]
        assert m["data"]["channel_type"] == "O" and m["data"]["channel_name"] == "planning"
        assert m["data"]["channel_display_name"] == "Planning" and m["data"]["sender_name"] == "@ann"
        assert m["data"]["team_id"] == team["id"] and m["data"]["set_online"] is True
        assert json.loads(m["data"]["post"])["message"] == "@bob look at this"
        if listener is bob:
            assert json.loads(m["data"]["mentions"]) == [u["bob"].id]
        else:
            assert "mentions" not in m["data"]
    for listener in (ann, bob, cid):
        listener.close()


def test_private_channel_events_never_reach_others(world):
    s, u, team = world
    secret = channel(u["ann"], team, "secret", kind="P", members=[u["bob"]])
    cid = Listener(s, u["cid"])
    bob = Listener(s, u["bob"])
    p = post(u["ann"], secret["id"], "only for bob")
    bob.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == p["id"])
    # A later event cid does hear (its own preference change) proves the private post went by without it.
    u["cid"].put(f"/users/{u['cid'].id}/preferences",
                 [{"user_id": u["cid"].id, "category": "display_settings", "name": "use_military_time", "value": "true"}])
    cid.wait("preferences_changed")
    assert all(e["broadcast"]["channel_id"] != secret["id"] for e in cid.events)
    cid.close()
    bob.close()


def test_typing_reaches_others_but_not_the_sender(world):
    s, u, team = world
    c = channel(u["ann"], team, "typing-room", members=[u["bob"]])
    ann, bob = Listener(s, u["ann"]), Listener(s, u["bob"])
    ann.ws.send(json.dumps({"seq": 1, "action": "user_typing", "data": {"channel_id": c["id"], "parent_id": ""}}))
    m = bob.wait("typing")
    assert m["data"] == {"parent_id": "", "user_id": u["ann"].id}
    assert m["broadcast"]["omit_users"] == {u["ann"].id: True}
    ann.drain()
    assert "typing" not in ann.names()
    ann.close()
    bob.close()


def test_status_change_reaches_the_user_and_dm_partners(world):
    s, u, _ = world
    dm = u["dee"].post("/channels/direct", [u["dee"].id, u["ann"].id])
    assert dm.status_code == 201
    ann, dee, cid = Listener(s, u["ann"]), Listener(s, u["dee"]), Listener(s, u["cid"])
    u["dee"].put(f"/users/{u['dee'].id}/status", {"user_id": u["dee"].id, "status": "dnd"})
    where = lambda m: m["data"] == {"status": "dnd", "user_id": u["dee"].id}
    ann.wait("status_change", where=where)
    dee.wait("status_change", where=where)
    cid.drain()
    assert not any(e.get("event") == "status_change" and where(e) for e in cid.events)
    u["dee"].put(f"/users/{u['dee'].id}/status", {"user_id": u["dee"].id, "status": "online"})
    for listener in (ann, dee, cid):
        listener.close()


def test_here_mentions_online_members_only(world):
    s, u, team = world
    c = channel(u["ann"], team, "here-room", members=[u["bob"], u["cid"]])
    bob = Listener(s, u["bob"])
    # cid's sockets of earlier tests are gone; wait out the grace before they show offline.
    for _ in range(100):
        if u["ann"].get(f"/users/{u['cid'].id}/status").json()["status"] == "offline":
            break
        time.sleep(0.05)
    assert u["ann"].get(f"/users/{u['bob'].id}/status").json()["status"] == "online"
    p = post(u["ann"], c["id"], "@here standup")
    m = bob.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == p["id"])
    assert json.loads(m["data"]["mentions"]) == [u["bob"].id]
    # cid has no socket: offline, so @here did not count for them.
    me = u["cid"].get(f"/channels/{c['id']}/members/me").json()
    assert me["mention_count"] == 0
    bob.close()


def test_mentioning_someone_outside_the_channel_sends_an_ephemeral_notice(world):
    s, u, team = world
    c = channel(u["ann"], team, "notice-room", members=[u["bob"]])
    ann = Listener(s, u["ann"])
    post(u["ann"], c["id"], "@dee should see this")
    m = ann.wait("ephemeral_message")
    p = json.loads(m["data"]["post"])
    assert p["type"] == "system_ephemeral" and p["channel_id"] == c["id"]
    assert "@dee did not get notified by this mention because they are not in the channel" in p["message"]
    added = p["props"]["add_channel_member"]
    assert added["not_in_channel_usernames"] == ["dee"] and added["not_in_channel_user_ids"] == [u["dee"].id]
    ann.close()


def test_a_removed_member_receives_nothing_more_from_the_channel(world):
    s, u, team = world
    c = channel(u["ann"], team, "kick-room", members=[u["bob"], u["cid"]])
    bob = Listener(s, u["bob"])
    assert u["ann"].delete(f"/channels/{c['id']}/members/{u['bob'].id}").status_code == 200
    removed = bob.wait("user_removed", where=lambda m: m["broadcast"]["user_id"] == u["bob"].id)
    assert removed["data"]["channel_id"] == c["id"]
    post(u["ann"], c["id"], "after bob left")
    u["bob"].put(f"/users/{u['bob'].id}/preferences",
                 [{"user_id": u["bob"].id, "category": "display_settings", "name": "colorize_usernames", "value": "true"}])
    bob.wait("preferences_changed")
    after = bob.events[bob.events.index(removed) + 1:]
    assert not any(e["broadcast"]["channel_id"] == c["id"] for e in after), [e["event"] for e in after]
    bob.close()


def test_edits_deletes_reactions_channel_changes_and_views(world):
    s, u, team = world
    c = channel(u["ann"], team, "busy-room", members=[u["bob"]])
    bob = Listener(s, u["bob"])
    p = post(u["ann"], c["id"], "first")
    bob.wait("posted")
    u["ann"].put(f"/posts/{p['id']}/patch", {"message": "first, edited"})
    assert json.loads(bob.wait("post_edited")["data"]["post"])["message"] == "first, edited"
    u["ann"].post("/reactions", {"user_id": u["ann"].id, "post_id": p["id"], "emoji_name": "smile"})
    r = json.loads(bob.wait("reaction_added")["data"]["reaction"])
    assert r["emoji_name"] == "smile" and r["post_id"] == p["id"] and r["channel_id"] == c["id"]
    u["ann"].delete(f"/users/{u['ann'].id}/posts/{p['id']}/reactions/smile")
    bob.wait("reaction_removed")
    u["ann"].post(f"/posts/{p['id']}/pin")
    assert json.loads(bob.wait("post_edited")["data"]["post"])["is_pinned"] is True
    u["ann"].delete(f"/posts/{p['id']}")
    assert json.loads(bob.wait("post_deleted")["data"]["post"])["id"] == p["id"]
    u["ann"].put(f"/channels/{c['id']}/patch", {"display_name": "Busier Room"})
    assert json.loads(bob.wait("channel_updated")["data"]["channel"])["display_name"] == "Busier Room"
    # A new URL name is committed by the team actor (names are unique per team); members hear it all the same.
    assert u["ann"].put(f"/channels/{c['id']}/patch", {"name": "busier-room"}).status_code == 200
    assert json.loads(bob.wait("channel_updated")["data"]["channel"])["name"] == "busier-room"
    u["bob"].post("/channels/members/me/view", {"channel_id": c["id"]})
    viewed = bob.wait("multiple_channels_viewed")
    assert c["id"] in viewed["data"]["channel_times"]
    assert bob.wait("channel_viewed")["data"] == {"channel_id": c["id"]}
    assert u["ann"].post(f"/channels/{c['id']}/members", {"user_id": u["cid"].id}).status_code == 201
    added = bob.wait("user_added")
    assert added["data"] == {"user_id": u["cid"].id, "team_id": team["id"]}
    assert u["ann"].delete(f"/channels/{c['id']}").status_code == 200
    assert bob.wait("channel_deleted")["data"]["channel_id"] == c["id"]
    refused = u["ann"].post(f"/channels/{c['id']}/restore")
    assert refused.status_code == 403 and refused.json()["id"] == "api.context.permissions.app_error"
    restored = u["boss"].post(f"/channels/{c['id']}/restore")  # the team admin
    assert restored.status_code == 200 and restored.json()["delete_at"] == 0
    assert bob.wait("channel_restored")["data"] == {"channel_id": c["id"]}
    post(u["ann"], c["id"], "back in business")
    bob.close()


def test_favourites_update_the_sidebar_categories(world):
    s, u, team = world
    c = channel(u["ann"], team, "fav-room")
    ann = Listener(s, u["ann"])
    u["ann"].put(f"/users/{u['ann'].id}/preferences",
                 [{"user_id": u["ann"].id, "category": "favorite_channel", "name": c["id"], "value": "true"}])
    ann.wait("preferences_changed")
    m = ann.wait("sidebar_category_updated", where=lambda m: m["broadcast"]["team_id"] == team["id"])
    favorites = next(x for x in json.loads(m["data"]["updatedCategories"]) if x["type"] == "favorites")
    assert favorites["channel_ids"] == [c["id"]]
    ann.close()


def test_direct_and_group_channels_announce_themselves(world):
    s, u, _ = world
    cid, dee = Listener(s, u["cid"]), Listener(s, u["dee"])
    dm = u["cid"].post("/channels/direct", [u["cid"].id, u["dee"].id]).json()
    m = dee.wait("direct_added")
    assert m["broadcast"]["channel_id"] == dm["id"] and m["data"]["teammate_id"] in (u["cid"].id, u["dee"].id)
    gm = u["cid"].post("/channels/group", [u["cid"].id, u["dee"].id, u["bob"].id]).json()
    g = dee.wait("group_added")
    assert g["broadcast"]["channel_id"] == gm["id"]
    assert sorted(json.loads(g["data"]["teammate_ids"])) == sorted([u["cid"].id, u["dee"].id, u["bob"].id])
    p = post(u["cid"], dm["id"], "psst")
    m = dee.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == p["id"])
    assert m["data"]["channel_type"] == "D" and m["data"]["channel_display_name"] == "@cid"
    assert json.loads(m["data"]["mentions"]) == [u["dee"].id]
    cid.close()
    dee.close()


def test_team_join_and_new_users_are_announced(world):
    s, u, team = world
    boss = Listener(s, u["boss"])
    sign_up(s, "newbie")
    newbie = Client(s, "newbie", "password-1")
    boss.wait("new_user", where=lambda m: m["data"]["user_id"] == newbie.id)
    listener = Listener(s, newbie)
    u["boss"].post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": newbie.id})
    m = listener.wait("added_to_team")
    assert m["data"] == {"team_id": team["id"], "user_id": newbie.id}
    boss.wait("user_added", where=lambda m: m["data"]["user_id"] == newbie.id)
    assert newbie.delete(f"/teams/{team['id']}/members/{newbie.id}").status_code == 200
    boss.wait("leave_team", where=lambda m: m["data"]["user_id"] == newbie.id)
    listener.wait("leave_team")
    boss.close()
    listener.close()


def test_resume_delivers_everything_missed_with_contiguous_seq_and_no_hello(world):
    s, u, team = world
    c = channel(u["ann"], team, "resume-room", members=[u["bob"]])
    bob = Listener(s, u["bob"], cookie=True)
    p0 = post(u["ann"], c["id"], "before the cut")
    bob.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == p0["id"])
    bob.drain(0.2)
    connection_id = bob.hello["data"]["connection_id"]
    next_seq = bob.expected_seq
    bob.ws.sock.shutdown(socket.SHUT_RDWR)  # cut off without a close handshake
    bob.ws.sock.close()
    sent = [post(u["ann"], c["id"], f"missed {i}")["id"] for i in range(2000)]
    again = Listener(s, u["bob"], query=f"?connection_id={connection_id}&sequence_number={next_seq}", cookie=True)
    again.expected_seq = next_seq
    got = []
    while len(got) < len(sent):
        m = again._read(10)
        assert m.get("event") != "hello", "a resumable connection got a new hello"
        if m.get("event") == "posted":
            got.append(json.loads(m["data"]["post"])["id"])
    assert got == sent
    assert again.events[0]["seq"] == next_seq
    again.close()


def test_a_gap_that_cannot_be_filled_gets_a_new_hello(world):
    s, u, _ = world
    first = Listener(s, u["cid"], cookie=True)
    first.drain(0.2)
    old_id = first.hello["data"]["connection_id"]
    first.close()
    again = Listener(s, u["cid"], query=f"?connection_id={old_id}&sequence_number=999999", cookie=True)
    again.drain(0.3)
    assert again.hello is not None and again.hello["data"]["connection_id"] != old_id
    again.close()


def test_after_a_restart_a_reconnect_gets_a_new_hello_and_no_post_twice():
    s = ChatServer()
    try:
        sign_up(s, "writer")
        writer = Client(s, "writer", "password-1")
        team = writer.post("/teams", {"name": "restarts", "display_name": "Restarts", "type": "O"}).json()
        town = writer.get(f"/teams/{team['id']}/channels/name/town-square").json()
        first = Listener(s, writer, cookie=True)
        before = post(writer, town["id"], "before the restart")
        first.wait("posted", where=lambda m: json.loads(m["data"]["post"])["id"] == before["id"])
        old_id, next_seq = first.hello["data"]["connection_id"], first.expected_seq
        s.restart()
        after = post(writer, town["id"], "after the restart")
        again = Listener(s, writer, query=f"?connection_id={old_id}&sequence_number={next_seq}", cookie=True)
        again.drain(0.5)
        assert again.hello is not None and again.hello["data"]["connection_id"] != old_id
        # The client resyncs through REST: each post once.
        ids = [p for p in writer.get(f"/channels/{town['id']}/posts").json()["order"]]
        assert ids.count(before["id"]) == 1 and ids.count(after["id"]) == 1
        assert not any(e.get("event") == "posted" for e in again.events), "nothing replayed from before the restart"
        again.close()
    finally:
        s.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_a_slow_consumer_is_cut_off_while_others_receive_everything():
    s = ChatServer(config=json.dumps({"passwordHashIterations": 1000, "realtimeSendBytesMax": 65536,
                                      "resumeBytesMax": 262144}))
    try:
        sign_up(s, "writer")
        writer = Client(s, "writer", "password-1")
        sign_up(s, "slow")
        slow_user = Client(s, "slow", "password-1")
        sign_up(s, "quick")
        quick_user = Client(s, "quick", "password-1")
        team = writer.post("/teams", {"name": "slowteam", "display_name": "Slow", "type": "O"}).json()
        for other in (slow_user, quick_user):
            writer.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": other.id})
        c = channel(writer, team, "flood", members=[slow_user, quick_user])
        # The slow socket: a tiny receive buffer and never read after the upgrade.
        raw = socket.create_connection(("127.0.0.1", int(s.url.rsplit(":", 1)[1])))
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.sendall((f"GET /api/v4/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                     f"Authorization: Bearer {slow_user.token}\r\n\r\n").encode())
        assert b"101" in raw.recv(200)
        quick = Listener(s, quick_user)
        time.sleep(0.3)
        before = rss_kb(s.proc.pid)
        big = "x" * 8000
        ids = [post(writer, c["id"], f"{i} {big}")["id"] for i in range(400)]
        got = []
        while len(got) < len(ids):
            m = quick._read(10)
            if m.get("event") == "posted":
                got.append(json.loads(m["data"]["post"])["id"])
        assert got == ids
        grown = rss_kb(s.proc.pid) - before
        # 400 posts of 8 KB are 3.2 MB of frames for the slow socket alone: it was cut at 64 KiB unsent and holds at
        # most 256 KiB for a resume, so the server grew by far less than it would have queued.
        assert grown < 24 * 1024, f"server RSS grew by {grown} KiB"
        raw.setblocking(False)
        data = b""
        try:
            while True:
                chunk = raw.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
        except BlockingIOError:
            pass
        assert len(data) < 1 << 20, "the slow socket was never cut off"
        raw.close()
        quick.close()
    finally:
        s.close()


def test_ephemeral_events_are_dropped_first_and_seq_stays_gap_free():
    s = ChatServer(config=json.dumps({"passwordHashIterations": 1000, "realtimeSendBytesMax": 65536}))
    try:
        sign_up(s, "writer")
        writer = Client(s, "writer", "password-1")
        sign_up(s, "lazy")
        lazy_user = Client(s, "lazy", "password-1")
        team = writer.post("/teams", {"name": "lazyteam", "display_name": "Lazy", "type": "O"}).json()
        writer.post(f"/teams/{team['id']}/members", {"team_id": team["id"], "user_id": lazy_user.id})
        c = channel(writer, team, "mixed", members=[lazy_user])
        lazy = Listener(s, lazy_user)
        lazy.drain(0.2)
        lazy.ws.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        typist = Listener(s, writer)
        ids = []
        for i in range(60):
            ids.append(post(writer, c["id"], f"{i} " + "y" * 1500)["id"])
            typist.ws.send(json.dumps({"seq": i + 1, "action": "user_typing",
                                       "data": {"channel_id": c["id"], "parent_id": str(i)}}))
        got = []
        while len(got) < len(ids):
            m = lazy._read(10)  # asserts contiguous seq
            if m.get("event") == "posted":
                got.append(json.loads(m["data"]["post"])["id"])
        assert got == ids
        lazy.close()
        typist.close()
    finally:
        s.close()


def test_several_thousand_sockets_each_receive_a_post():
    s = ChatServer()
    try:
        sign_up(s, "host")
        host = Client(s, "host", "password-1")
        team = host.post("/teams", {"name": "many", "display_name": "Many", "type": "O"}).json()
        town = host.get(f"/teams/{team['id']}/channels/name/town-square").json()
        n = int(os.environ.get("PARLEY_WS_MANY", "3000"))
        sockets = []
        for _ in range(n):
            sockets.append(websocket.create_connection(s.url.replace("http", "ws") + "/api/v4/websocket", timeout=10,
                                                       header=["Authorization: Bearer " + host.token]))
        time.sleep(0.5)
        p = post(host, town["id"], "to everyone")
        received = 0
        for ws in sockets:
            while True:
                m = json.loads(ws.recv())
                if m.get("event") == "posted":
                    assert json.loads(m["data"]["post"])["id"] == p["id"]
                    received += 1
                    break
        assert received == n
        for ws in sockets:
            ws.close()
    finally:
        s.close()


def test_mattermostdriver_websocket_receives_posted_with_its_mention(world):
    """The driver's own websocket loop (`init_websocket`), as bots use it."""
    import asyncio
    import threading
    from mattermostdriver import Driver

    s, u, team = world
    c = channel(u["ann"], team, "driver-room", members=[u["bob"]])
    d = Driver({"url": "127.0.0.1", "port": int(s.url.rsplit(":", 1)[1]), "scheme": "http",
                "login_id": "bob", "password": "password-1"})
    d.login()
    seen = []
    ready = threading.Event()

    async def handler(message):
        m = json.loads(message)
        seen.append(m)
        if m.get("event") == "hello":
            ready.set()
        if m.get("event") == "posted" and json.loads(m["data"]["post"])["channel_id"] == c["id"]:
            raise SystemExit  # a BaseException: the driver swallows ordinary ones and keeps reading

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            d.init_websocket(handler)
        except SystemExit:
            pass

    t = threading.Thread(target=run, daemon=True)
    t.start()
    assert ready.wait(10)
    post(u["ann"], c["id"], "@bob ping from ann")
    t.join(10)
    posted = [m for m in seen if m.get("event") == "posted"]
    assert posted and json.loads(posted[-1]["data"]["mentions"]) == [u["bob"].id]
    assert [m["seq"] for m in seen if "seq" in m] == list(range(len([m for m in seen if "seq" in m])))


def test_websockets_library_receives_typing_and_posted(world):
    """The asyncio `websockets` client, with the challenge instead of a header."""
    import asyncio
    import websockets

    s, u, team = world
    c = channel(u["ann"], team, "asyncio-room", members=[u["cid"]])

    async def scenario():
        url = s.url.replace("http", "ws") + "/api/v4/websocket"
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"seq": 1, "action": "authentication_challenge", "data": {"token": u["cid"].token}}))
            seqs, names = [], []
            got_posted = False
            typist = Listener(s, u["ann"])
            typist.ws.send(json.dumps({"seq": 1, "action": "user_typing", "data": {"channel_id": c["id"], "parent_id": ""}}))
            await asyncio.sleep(0.2)
            await asyncio.get_running_loop().run_in_executor(None, post, u["ann"], c["id"], "hello asyncio")
            while not got_posted:
                m = json.loads(await asyncio.wait_for(ws.recv(), 5))
                if "seq" in m:
                    seqs.append(m["seq"])
                    names.append(m["event"])
                    got_posted = m["event"] == "posted" and json.loads(m["data"]["post"])["channel_id"] == c["id"]
            typist.close()
            return seqs, names

    seqs, names = asyncio.run(scenario())
    assert names[0] == "hello" and seqs == list(range(len(seqs)))
    assert "typing" in names and names[-1] == "posted"


def test_a_normal_close_ends_the_feed(world):
    """A client that said goodbye (close 1000) is not held for a resume: naming its feed gives a new hello."""
    s, u, _ = world
    first = Listener(s, u["dee"], cookie=True)
    first.drain(0.2)
    old_id, next_seq = first.hello["data"]["connection_id"], first.expected_seq
    first.close()
    time.sleep(0.3)
    again = Listener(s, u["dee"], query=f"?connection_id={old_id}&sequence_number={next_seq}", cookie=True)
    again.drain(0.3)
    assert again.hello is not None and again.hello["data"]["connection_id"] != old_id
    again.close()


def close_code(listener, timeout=5):
    listener.ws.settimeout(timeout)
    while True:
        frame = listener.ws.recv_data_frame(True)[1]
        if frame.opcode == websocket.ABNF.OPCODE_CLOSE:
            return int.from_bytes(frame.data[:2], "big")


def test_deactivation_and_logout_close_the_users_sockets(world):
    s, u, _ = world
    sign_up(s, "shortlived")
    gone = Client(s, "shortlived", "password-1")
    sign_up(s, "leaving")
    leaving = Client(s, "leaving", "password-1")
    a, b = Listener(s, gone), Listener(s, leaving)
    a.drain(0.1)
    b.drain(0.1)
    assert u["boss"].delete(f"/users/{gone.id}").status_code == 200
    assert close_code(a) == 1008
    assert leaving.post("/users/logout").status_code == 200
    assert close_code(b) == 1008
