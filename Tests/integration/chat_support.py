"""Helpers for the chat API tests: a server that restarts on the same data directory, and a small client."""
import os
import shutil
import subprocess
import tempfile
import threading

import requests

BIN = os.environ.get("PARLEY_BIN", ".build/debug/parley")
# Fast hashing, and a short grace before a user whose last socket closed shows offline (tests poll for it).
FAST_HASH = '{"passwordHashIterations": 1000, "offlineGraceMillis": 300}'


class ChatServer:
    """`parley serve --port 0` on a data directory that survives restarts (`restart()`), removed by `close()`."""

    def __init__(self, config=FAST_HASH, driver="uring"):
        self.data_dir = tempfile.mkdtemp(prefix="parley-chat-")
        self.config_path = os.path.join(self.data_dir, "config.json")
        with open(self.config_path, "w") as f:
            f.write(config)
        self.driver = driver
        self.lines = []
        self.proc = None
        self.start()

    def start(self):
        env = dict(os.environ, PARLEY_IO=self.driver)
        args = [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", os.path.join(self.data_dir, "data"),
                "--config", self.config_path]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
        first = self.proc.stdout.readline().strip()
        if not first.startswith("listening "):
            self.proc.kill()
            raise AssertionError(f"first line was {first!r}")
        host, port = first.split(" ", 1)[1].rsplit(":", 1)
        self.url = f"http://{host}:{port}"
        self.api = self.url + "/api/v4"
        self.lines.append(first)
        threading.Thread(target=self._read, args=(self.proc,), daemon=True).start()

    def _read(self, proc):
        for line in proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self, sig=15):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self, sig=15):
        self.stop(sig)
        self.start()

    def close(self):
        self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)


class Client:
    """A logged-in user speaking JSON with a Bearer token."""

    def __init__(self, server, login, password):
        self.server = server
        self.session = requests.Session()
        r = self.session.post(server.api + "/users/login", json={"login_id": login, "password": password})
        assert r.status_code == 200, r.text
        self.token = r.headers["Token"]
        self.user = r.json()
        self.id = self.user["id"]
        self.session.headers["Authorization"] = "Bearer " + self.token

    def call(self, method, path, body=None, **kw):
        return self.session.request(method, self.server.api + path, json=body, **kw)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


def sign_up(server, username, password="password-1", **extra):
    body = {"username": username, "email": f"{username}@example.com", "password": password, **extra}
    r = requests.post(server.api + "/users", json=body)
    assert r.status_code == 201, r.text
    return r.json()
