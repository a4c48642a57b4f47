"""HTTP/1.1 behaviour of the network layer through the real binary, on both drivers: keep-alive, pipelining,
chunked uploads, 100-continue, Range, and the limits of RELIABILITY.md A10/A12 answered in Mattermost's shape."""
import json
import re
import os
import socket
import subprocess
import time

import requests

from conftest import raw_exchange


def status_and_body(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), head.decode(), body


def test_chunked_upload_with_curl(server, tmp_path):
    payload = os.urandom(300_000)
    f = tmp_path / "upload.bin"
    f.write_bytes(payload)
    out = subprocess.run(["curl", "-s", "-H", "Transfer-Encoding: chunked", "--data-binary", f"@{f}",
                          server.url + "/api/v4/parley-test/echo"], capture_output=True, timeout=30)
    assert out.returncode == 0
    assert out.stdout == payload


def test_expect_continue_with_curl(server, tmp_path):
    payload = os.urandom(50_000)
    f = tmp_path / "upload.bin"
    f.write_bytes(payload)
    out = subprocess.run(["curl", "-sv", "-H", "Expect: 100-continue", "--data-binary", f"@{f}",
                          server.url + "/api/v4/parley-test/echo"], capture_output=True, timeout=30)
    assert out.stdout == payload
    assert b"100 Continue" in out.stderr


def test_range_with_curl(server):
    data = os.urandom(100_000)
    url = server.test_file("range.bin", data)
    out = subprocess.run(["curl", "-s", "-r", "100-1099", "-D", "-", url], capture_output=True, timeout=30)
    head, _, body = out.stdout.partition(b"\r\n\r\n")
    assert b" 206 " in head.split(b"\r\n")[0]
    assert b"Content-Range: bytes 100-1099/100000" in head
    assert body == data[100:1100]
    full = requests.get(url)
    assert full.content == data
    assert requests.get(url, headers={"If-None-Match": full.headers["ETag"]}).status_code == 304
    r = requests.get(url, headers={"Range": "bytes=200000-"})
    assert r.status_code == 416 and r.headers["Content-Range"] == "bytes */100000"


def test_pipelined_requests_answered_in_order(server):
    req = (b"GET /api/v4/parley-test/sleep?ms=200 HTTP/1.1\r\nHost: x\r\n\r\n"
           b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n\r\n"
           b"GET /api/v4/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    raw = raw_exchange(server, req)
    statuses = [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", raw)]
    assert statuses == [200, 200, 404]


def assert_mattermost_error(raw, status):
    code, head, body = status_and_body(raw)
    assert code == status, head
    err = json.loads(body)
    assert err["status_code"] == status
    assert set(err) >= {"id", "message", "detailed_error", "request_id", "status_code"}
    assert "Content-Type: application/json" in head


def test_url_too_long_is_414(server):
    raw = raw_exchange(server, b"GET /api/v4/" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert_mattermost_error(raw, 414)


def test_headers_too_large_is_431(server):
    headers = b"".join(b"X-Flood-%d: %s\r\n" % (i, b"v" * 1000) for i in range(70))
    raw = raw_exchange(server, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert_mattermost_error(raw, 431)


def test_header_count_flood_is_431(server):
    headers = b"".join(b"X-%d: 1\r\n" % i for i in range(2000))
    raw = raw_exchange(server, b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
    assert_mattermost_error(raw, 431)


def test_body_over_limit_is_413_before_it_is_sent(server):
    # Only the head goes out: the answer must come without the 10 MB body.
    raw = raw_exchange(server, b"POST /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
    assert_mattermost_error(raw, 413)


def test_chunked_body_over_limit_is_413(server):
    chunk = b"%x\r\n%s\r\n" % (100_000, b"a" * 100_000)
    raw = raw_exchange(server, b"POST /api/v4/system/ping HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                       + chunk * 4 + b"0\r\n\r\n")
    assert_mattermost_error(raw, 413)


def test_malformed_is_400_and_closes(server):
    for bad in [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header\r\n\r\n", b"GET / HTTP/1.1\nHost: x\n\n",
                b"GET / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", b"\x00\xff\x13\r\n\r\n"]:
        raw = raw_exchange(server, bad + b"GET /api/v4/system/ping HTTP/1.1\r\nHost: x\r\n\r\n")
        assert_mattermost_error(raw, 400)
        assert raw.count(b"HTTP/1.1 ") == 1, "nothing after a malformed request is served"
    assert requests.get(server.url + "/api/v4/system/ping").status_code == 200


def test_random_bytes_never_hurt_the_server(server):
    import random
    rng = random.Random(20261125)
    for _ in range(200):
        raw_exchange(server, bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000))), read_timeout=0.5)
    assert requests.get(server.url + "/api/v4/system/ping").status_code == 200


def test_slowloris_gets_408(make_server):
    s = make_server("uring", config='{"headerTimeoutMs": 800}')
    sock = socket.create_connection((s.host, s.port))
    sock.settimeout(10)
    start = time.monotonic()
    # Trickle a header byte every 100 ms: the deadline runs from the first byte and is not extended.
    got = b""
    for b in b"GET /api/v4/system/ping HTTP/1.1\r\nX-Slow: " + b"a" * 200:
        try:
            sock.send(bytes([b]))
        except (BrokenPipeError, ConnectionResetError):
            break
        time.sleep(0.1)
        sock.setblocking(False)
        try:
            got += sock.recv(65536)
        except BlockingIOError:
            pass
        sock.setblocking(True)
        if got:
            break
    sock.settimeout(5)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            got += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    assert_mattermost_error(got, 408)
    assert time.monotonic() - start < 8


def test_idle_connection_without_request_is_closed(make_server):
    s = make_server("epoll", config='{"headerTimeoutMs": 500}')
    sock = socket.create_connection((s.host, s.port))
    sock.settimeout(5)
    assert sock.recv(10) == b""  # closed without a response: no request was started


def test_many_idle_sockets_then_still_serving(server):
    socks = [socket.create_connection((server.host, server.port)) for _ in range(500)]
    assert requests.get(server.url + "/api/v4/system/ping").status_code == 200
    for s in socks:
        s.close()
