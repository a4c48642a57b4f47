"""`/api/v4/websocket` with real clients (API-NOTES §5.1–§5.2): authentication at upgrade or by challenge, `hello`
with seq 0 first, the duplicate-challenge and bad-token rules, ping/pong, FAIL replies that keep the socket open.
(Events and fan-out are tested in test_ws_events.py.)"""
import asyncio
import json

import pytest
import websocket
from mattermostdriver import Driver

from chat_support import ChatServer, Client, sign_up


@pytest.fixture(scope="module")
def world():
    s = ChatServer()
    sign_up(s, "sockets")
    yield s, Client(s, "sockets", "password-1")
    s.close()


def connect(s, **kw):
    return websocket.create_connection(s.url.replace("http", "ws") + "/api/v4/websocket", timeout=5, **kw)


def recv(ws):
    """The next `hello` or reply; events in between (status changes, …) belong to test_ws_events.py."""
    while True:
        msg = json.loads(ws.recv())
        if "seq_reply" in msg or msg.get("event") == "hello":
            return msg


def assert_hello(msg, user_id):
    assert msg["event"] == "hello" and msg["seq"] == 0
    assert msg["broadcast"]["user_id"] == user_id and msg["broadcast"]["omit_users"] is None
    assert len(msg["data"]["connection_id"]) == 26 and msg["data"]["server_version"].startswith("10.11.0")


def test_header_authenticated_socket_gets_hello_then_answers_actions(world):
    s, c = world
    ws = connect(s, header=["Authorization: Bearer " + c.token])
    assert_hello(recv(ws), c.id)
    ws.send(json.dumps({"seq": 1, "action": "ping"}))
    pong = recv(ws)
    assert pong["status"] == "OK" and pong["seq_reply"] == 1 and pong["data"]["text"] == "pong"
    ws.send(json.dumps({"seq": 2, "action": "no_such_action"}))
    fail = recv(ws)
    assert fail["status"] == "FAIL" and fail["error"]["id"] == "api.web_socket_router.bad_action.app_error"
    ws.send(json.dumps({"seq": 0, "action": "ping"}))
    assert recv(ws)["error"]["id"] == "api.web_socket_router.bad_seq.app_error"
    # A second challenge on an authenticated socket gets no reply at all: the next frame answers seq 4.
    ws.send(json.dumps({"seq": 3, "action": "authentication_challenge", "data": {"token": c.token}}))
    ws.send(json.dumps({"seq": 4, "action": "user_typing", "data": {"channel_id": "", "parent_id": ""}}))
    assert recv(ws) == {"status": "OK", "seq_reply": 4}
    ws.close()


def test_cookie_authenticates_at_upgrade(world):
    s, c = world
    ws = connect(s, cookie="MMAUTHTOKEN=" + c.token)
    assert_hello(recv(ws), c.id)
    ws.close()


def test_challenge_then_hello_and_ok(world):
    s, c = world
    ws = connect(s)
    ws.send(json.dumps({"seq": 1, "action": "ping"}))
    assert recv(ws)["error"]["id"] == "api.web_socket_router.not_authenticated.app_error"
    ws.send(json.dumps({"seq": 2, "action": "authentication_challenge", "data": {"token": c.token}}))
    assert_hello(recv(ws), c.id)
    assert recv(ws) == {"status": "OK", "seq_reply": 2}
    ws.close()


def test_bad_token_closes_without_a_reply(world):
    s, _ = world
    ws = connect(s)
    ws.send(json.dumps({"seq": 1, "action": "authentication_challenge", "data": {"token": "y" * 26}}))
    with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError)):
        for _ in range(3):
            if ws.recv() == "":
                raise websocket.WebSocketConnectionClosedException("closed")


def test_mattermostdriver_sees_hello(world):
    s, _ = world
    d = Driver({"url": "127.0.0.1", "port": int(s.url.rsplit(":", 1)[1]), "scheme": "http",
                "login_id": "sockets", "password": "password-1"})
    d.login()
    seen = []

    async def handler(message):
        seen.append(json.loads(message))
        if seen[-1].get("event") == "hello":
            raise SystemExit  # a BaseException: the driver swallows ordinary exceptions and keeps reading

    # The driver uses the thread's current event loop; an earlier test's asyncio.run() may have closed it.
    asyncio.set_event_loop(asyncio.new_event_loop())
    with pytest.raises(SystemExit):
        d.init_websocket(handler)
    assert seen[0]["event"] == "hello" and seen[0]["seq"] == 0


def test_unauthenticated_socket_is_closed_after_a_few_seconds(world):
    s, _ = world
    ws = connect(s)
    ws.settimeout(10)
    frame = ws.recv_data_frame(True)[1]
    assert frame.opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(frame.data[:2], "big") == 1008


def status(client, user_id):
    return client.get(f"/users/{user_id}/status").json()["status"]


def test_presence_follows_live_connections_and_manual_status_wins(world):
    s, _ = world
    sign_up(s, "present")
    c = Client(s, "present", "password-1")  # a user of its own: earlier tests may leave sockets of theirs open
    sign_up(s, "watcher")
    watcher = Client(s, "watcher", "password-1")
    assert status(watcher, c.id) == "offline"
    one, two = (connect(s, header=["Authorization: Bearer " + c.token]) for _ in range(2))
    recv(one), recv(two)
    assert status(watcher, c.id) == "online"
    one.send(json.dumps({"seq": 1, "action": "user_update_active_status", "data": {"user_is_active": False}}))
    assert recv(one)["status"] == "OK"
    assert status(watcher, c.id) == "away"
    one.send(json.dumps({"seq": 2, "action": "get_statuses_by_ids", "data": {"user_ids": [c.id, watcher.id]}}))
    assert recv(one)["data"] == {c.id: "away"}
    c.put("/users/me/status", {"user_id": c.id, "status": "dnd"})
    one.send(json.dumps({"seq": 3, "action": "user_typing", "data": {}}))
    recv(one)
    assert status(watcher, c.id) == "dnd"
    c.put("/users/me/status", {"user_id": c.id, "status": "online"})
    assert status(watcher, c.id) == "online"
    one.close()
    assert status(watcher, c.id) == "online"
    two.close()
    import time
    for _ in range(50):
        if status(watcher, c.id) == "offline":
            break
        time.sleep(0.05)
    assert status(watcher, c.id) == "offline"


def test_away_timeout_is_a_setting(world):
    s, _ = world
    import time
    root = Client(s, "sockets", "password-1")
    if "system_admin" not in root.user["roles"]:
        pytest.skip("the first account of this server is not the admin")
    sign_up(s, "dozer")
    dozer = Client(s, "dozer", "password-1")
    config = root.get("/config").json()
    config["TeamSettings"]["UserStatusAwayTimeout"] = 1
    assert root.put("/config", config).status_code == 200
    ws = connect(s, header=["Authorization: Bearer " + dozer.token])
    recv(ws)
    assert status(root, dozer.id) == "online"
    time.sleep(1.2)
    assert status(root, dozer.id) == "away"
    config["TeamSettings"]["UserStatusAwayTimeout"] = 300
    root.put("/config", config)
    assert status(root, dozer.id) == "online"
    ws.close()
