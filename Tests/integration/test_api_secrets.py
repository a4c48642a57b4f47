"""Passwords never reach the disk or the log in plaintext, only as PHC strings; sessions outlive a graceful restart
and a snapshot, and a logout outlives both. Every password here is distinctive so that a byte search means
something."""
import os
import re

import requests

from chat_support import ChatServer, Client, sign_up
from durability_support import parley

SIGN_UP = "Walrus-Signup-Zq7-plaintext-4411"
WRONG = "Heron-Wrong-Xk9-plaintext-5522"
BAD_CURRENT = "Lynx-BadCurrent-Ym2-plaintext-7744"
CHANGED = "Otter-Changed-Pv3-plaintext-6633"
OTHER = "Badger-Other-Rt5-plaintext-8855"
PASSWORDS = [SIGN_UP, WRONG, BAD_CURRENT, CHANGED, OTHER]
USERNAME = "secretive"
HASH_ITERATIONS = 1000
PHC = re.compile(rb"\$pbkdf2-sha256\$i=([0-9]+)\$([A-Za-z0-9+/=.-]+)\$([A-Za-z0-9+/=.-]+)")


def login(server, name, password):
    return requests.post(server.api + "/users/login", json={"login_id": name, "password": password})


def me(server, token):
    return requests.get(server.api + "/users/me", headers={"Authorization": "Bearer " + token}).status_code


def data_files(server):
    """(path, bytes) of every file under the server's directory: journal, snapshots, config, anything else."""
    for root, _, names in os.walk(server.data_dir):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                yield path, f.read()


def assert_no_plaintext(server, context):
    needles = [(p, p.encode(enc)) for p in PASSWORDS for enc in ("utf-8", "utf-16-le")]
    hashes, files, usernames = [], 0, 0
    for path, data in data_files(server):
        files += 1
        usernames += data.count(USERNAME.encode())
        for password, needle in needles:
            assert needle not in data, f"{context}: the password {password!r} is stored in plaintext in {path}"
        hashes += PHC.findall(data)
    assert files > 1, f"{context}: the data directory is empty; the search proved nothing"
    # The user's name is found as written, so the data is searchable and a missing password means something.
    assert usernames > 0, f"{context}: the username {USERNAME!r} is nowhere in plaintext; the search proved nothing"
    assert hashes, f"{context}: no $pbkdf2-sha256$ PHC string anywhere in {server.data_dir}"
    assert all(int(i) == HASH_ITERATIONS for i, _, _ in hashes), f"{context}: unexpected iterations in {hashes[:3]}"
    return {h for _, _, h in hashes}


def snapshot(server):
    server.stop()
    out = parley("snapshot", "create", "--data-dir", os.path.join(server.data_dir, "data"), check=0)
    assert "snapshots/" in out.stdout, out.stdout


def test_passwords_are_stored_only_as_phc_strings():
    server = ChatServer()
    try:
        user = sign_up(server, USERNAME, SIGN_UP)
        sign_up(server, "other", OTHER)
        assert login(server, USERNAME, WRONG).status_code == 401
        client = Client(server, USERNAME, SIGN_UP)
        r = client.put(f"/users/{user['id']}/password", {"current_password": BAD_CURRENT, "new_password": WRONG})
        assert r.status_code in (400, 401, 403), f"a password change with a wrong current password: {r.status_code}"
        r = client.put(f"/users/{user['id']}/password", {"current_password": SIGN_UP, "new_password": CHANGED})
        assert r.status_code == 200, r.text
        assert login(server, USERNAME, CHANGED).status_code == 200
        assert login(server, USERNAME, SIGN_UP).status_code == 401
        tokens = [client.token, login(server, "other", OTHER).headers["Token"]]
        server.stop()
        # The journal alone, after a graceful stop: both users' hashes, and the old one next to the new.
        assert len(assert_no_plaintext(server, "after a graceful stop")) >= 2
        snapshot(server)
        assert_no_plaintext(server, "after a snapshot")
        server.start()
        assert login(server, USERNAME, CHANGED).status_code == 200
        assert login(server, USERNAME, SIGN_UP).status_code == 401
        assert login(server, "other", OTHER).status_code == 200
        server.stop()
        assert_no_plaintext(server, "after a restart from the snapshot")
        # Nor do the passwords or the session tokens show in what the server printed.
        log = "\n".join(server.lines)
        for secret in PASSWORDS + tokens:
            assert secret not in log, f"the server printed a secret ({secret[:6]}…)"
    finally:
        server.close()


def test_sessions_survive_restarts_and_logout_survives_too():
    server = ChatServer()
    try:
        sign_up(server, "stayer", SIGN_UP)
        kept, dropped = Client(server, "stayer", SIGN_UP), Client(server, "stayer", SIGN_UP)
        server.restart()
        assert me(server, kept.token) == 200 and me(server, dropped.token) == 200, "sessions lost in a SIGTERM restart"
        r = requests.post(server.api + "/users/logout", headers={"Authorization": "Bearer " + dropped.token})
        assert r.status_code == 200, r.text
        assert me(server, dropped.token) == 401, "the token still works after its logout"
        assert me(server, kept.token) == 200, "a logout revoked another session of the same user"
        server.restart()
        assert me(server, dropped.token) == 401, "the logout was undone by a SIGTERM restart"
        assert me(server, kept.token) == 200
        snapshot(server)
        server.start()
        assert me(server, dropped.token) == 401, "the logout was undone by a snapshot and restart"
        assert me(server, kept.token) == 200, "a session was lost in a snapshot and restart"
        late = Client(server, "stayer", SIGN_UP)
        requests.post(server.api + "/users/logout", headers={"Authorization": "Bearer " + kept.token})
        snapshot(server)
        server.start()
        assert me(server, kept.token) == 401, "a logout after a snapshot was undone by the next snapshot and restart"
        assert me(server, late.token) == 200, "a login made after a snapshot was lost in the next one"
    finally:
        server.close()
