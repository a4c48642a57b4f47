"""Process lifecycle: the CLI contract, graceful shutdown on SIGTERM and SIGINT, and running out of descriptors."""
import resource
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from conftest import BIN, DRIVERS


def test_cli_contract_port_zero_and_first_line(make_server):
    a = make_server("uring")
    b = make_server("epoll")
    assert a.port != b.port
    assert a.lines[0] == f"listening 127.0.0.1:{a.port}"
    assert any("driver=io_uring" in l for l in a.lines[1:]) or wait_for_line(a, "driver=io_uring")
    assert wait_for_line(b, "driver=epoll")


def wait_for_line(server, text, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(text in l for l in server.lines):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_graceful_shutdown_finishes_requests_in_progress(make_server, driver, sig):
    s = make_server(driver)
    result = {}

    def slow():
        r = requests.get(s.url + "/api/v4/parley-test/sleep?ms=700")
        result["status"] = r.status_code
        result["connection"] = r.headers.get("Connection")

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.2)
    idle = socket.create_connection((s.host, s.port))  # an idle keep-alive connection is closed at once
    time.sleep(0.1)
    s.proc.send_signal(sig)
    t.join(10)
    assert result == {"status": 200, "connection": "close"}
    assert s.proc.wait(10) == 0
    idle.settimeout(2)
    assert idle.recv(10) == b""
    with pytest.raises(requests.ConnectionError):
        requests.get(s.url + "/api/v4/system/ping", timeout=2)
    assert "stopped" in s.lines[-1]


def test_bad_arguments_fail_clearly():
    out = subprocess.run([BIN, "serve", "--port", "notanumber"], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "port" in (out.stderr + out.stdout).lower()
    out = subprocess.run([BIN, "serve", "--port", "0", "--host", "127.0.0.1", "--data-dir", "/tmp/parley-x",
                          "--config", "/nonexistent.json"], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0
    assert "/nonexistent.json" in (out.stderr + out.stdout)


@pytest.mark.parametrize("driver", DRIVERS)
def test_out_of_descriptors_backs_off_and_recovers(make_server, driver):
    def low_fd_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))

    s = make_server(driver, preexec_fn=low_fd_limit)
    before = s.counters()
    socks = []
    for _ in range(150):
        try:
            socks.append(socket.create_connection((s.host, s.port), timeout=2))
        except OSError:
            break
    time.sleep(1.0)
    for c in socks:
        c.close()
    time.sleep(0.5)
    after = s.counters()
    assert sum(r["acceptBackoffs"] for r in after) >= 1
    turns = sum(r["turns"] for r in after) - sum(r["turns"] for r in before)
    # Backing off, not spinning: ~1.5 s of overload costs a bounded number of loop turns.
    assert turns < 2000, turns
    assert requests.get(s.url + "/api/v4/system/ping").status_code == 200
