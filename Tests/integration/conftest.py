"""Starts `parley serve --port 0` the way outside tools do, once per network driver, and hands tests its URL."""
import os
import shutil
import subprocess
import tempfile
import threading

import pytest

BIN = os.environ.get("PARLEY_BIN", ".build/debug/parley")
DRIVERS = ["uring", "epoll"]


class Server:
    def __init__(self, driver, extra_env=None, config=None, preexec_fn=None):
        self.driver = driver
        self.data_dir = tempfile.mkdtemp(prefix="parley-test-")
        self.lines = []
        env = dict(os.environ, PARLEY_IO=driver, PARLEY_TEST_ROUTES="1", **(extra_env or {}))
        args = [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", self.data_dir]
        if config:
            path = os.path.join(self.data_dir, "config.json")
            with open(path, "w") as f:
                f.write(config)
            args += ["--config", path]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True,
                                     preexec_fn=preexec_fn)
        first = self.proc.stdout.readline().strip()
        if not first.startswith("listening "):
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"first line was {first!r}")
        self.host, port = first.split(" ", 1)[1].rsplit(":", 1)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"
        self.lines.append(first)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def counters(self):
        import requests
        return requests.get(self.url + "/api/v4/parley-test/counters").json()

    def total(self, field):
        return sum(row[field] for row in self.counters())

    def test_file(self, name, data):
        os.makedirs(os.path.join(self.data_dir, "test-files"), exist_ok=True)
        with open(os.path.join(self.data_dir, "test-files", name), "wb") as f:
            f.write(data)
        return f"{self.url}/api/v4/parley-test/file/{name}"

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def stop(self, sig=15, timeout=20):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError("server did not stop after SIGTERM")
        self._reader.join(timeout=5)
        shutil.rmtree(self.data_dir, ignore_errors=True)
        return self.proc.returncode


@pytest.fixture(params=DRIVERS, scope="module")
def server(request):
    s = Server(request.param)
    yield s
    s.stop()


@pytest.fixture
def make_server():
    started = []

    def make(driver, **kw):
        s = Server(driver, **kw)
        started.append(s)
        return s

    yield make
    for s in started:
        s.stop()


def raw_exchange(server, data, read_timeout=5.0, want=None):
    """Sends raw bytes and returns everything read until the peer closes, `want` bytes arrive, or the timeout."""
    import socket
    import time
    s = socket.create_connection((server.host, server.port))
    s.settimeout(read_timeout)
    try:
        if data:
            s.sendall(data)
        out = b""
        deadline = time.monotonic() + read_timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                break
            if not chunk:
                break
            out += chunk
            if want is not None and len(out) >= want:
                break
        return out
    finally:
        s.close()
