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
    def __init__(self, driver, extra_env=None, config=None):
        self.driver = driver
        self.data_dir = tempfile.mkdtemp(prefix="parley-test-")
        self.lines = []
        env = dict(os.environ, PARLEY_IO=driver, **(extra_env or {}))
        args = [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", self.data_dir]
        if config:
            path = os.path.join(self.data_dir, "config.json")
            with open(path, "w") as f:
                f.write(config)
            args += ["--config", path]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
        first = self.proc.stdout.readline().strip()
        assert first.startswith("listening "), f"first line was {first!r}"
        self.host, port = first.split(" ", 1)[1].rsplit(":", 1)
        self.port = int(port)
        self.url = f"http://{self.host}:{self.port}"
        self.lines.append(first)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

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
