#!/usr/bin/env python3
"""Server memory per idle authenticated WebSocket (issue "Real-time" goal: <= 3 KB) and how many sockets one
server process holds (goal: 19,000). Starts `parley serve` itself on a fresh data directory, signs up a few users,
opens N raw WebSockets authenticated at upgrade (each reads its `hello`), and reports
(RSS with N sockets - RSS with 0) / N after warm-up. Prints a table and writes JSON.

    python3 Benchmarks/realtime/idle_sockets.py --bin .build/release/parley --sockets 10000 --json out.json
"""
import argparse
import json
import os
import resource
import selectors
import socket
import subprocess
import sys
import tempfile
import time

import requests


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def start(binary, data_dir):
    cfg = os.path.join(data_dir, "config.json")
    with open(cfg, "w") as f:
        json.dump({"passwordHashIterations": 1000}, f)
    proc = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir",
                             os.path.join(data_dir, "data"), "--config", cfg],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = proc.stdout.readline()
    assert "listening" in line, line
    port = int(line.strip().rsplit(":", 1)[1].split()[0].strip('"'))
    return proc, port


def login(api, name):
    requests.post(api + "/users", json={"username": name, "email": name + "@example.com", "password": "password-1"})
    r = requests.post(api + "/users/login", json={"login_id": name, "password": "password-1"})
    return r.headers["Token"]


def open_sockets(port, tokens, n, progress):
    """N sockets, upgraded and past their hello. Several 127.x source addresses once one runs short of ports."""
    socks = []
    sel = selectors.DefaultSelector()
    pending = {}
    for i in range(n):
        s = socket.socket()
        src = f"127.0.{1 + i // 25000}.{1 + (i // 250) % 250}" if n > 25000 else None
        if src:
            s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        token = tokens[i % len(tokens)]
        s.sendall((f"GET /api/v4/websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                   f"Authorization: Bearer {token}\r\n\r\n").encode())
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        pending[s] = b""
        socks.append(s)
        # Read what has arrived so far, so the server never holds many unsent hellos.
        while len(pending) > 512:
            drain(sel, pending)
        if progress and (i + 1) % 1000 == 0:
            print(f"\r  {i + 1}/{n} sockets", end="", file=sys.stderr, flush=True)
    while pending:
        drain(sel, pending)
    if progress:
        print(file=sys.stderr)
    return socks


def drain(sel, pending):
    for key, _ in sel.select(timeout=1):
        s = key.fileobj
        data = s.recv(65536)
        if not data:
            raise RuntimeError("server closed a socket")
        pending[s] += data
        if b'"hello"' in pending[s]:
            sel.unregister(s)
            del pending[s]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=".build/release/parley")
    ap.add_argument("--sockets", type=int, default=10000)
    ap.add_argument("--users", type=int, default=10)
    ap.add_argument("--json")
    a = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory(prefix="parley-idle-") as d:
        proc, port = start(a.bin, d)
        try:
            api = f"http://127.0.0.1:{port}/api/v4"
            tokens = [login(api, f"idle{i}") for i in range(a.users)]
            # Warm-up: open and close a batch so allocator pools and tables exist before the baseline.
            for s in open_sockets(port, tokens, min(1000, a.sockets), False):
                s.close()
            time.sleep(3)
            base = rss_kb(proc.pid)
            t0 = time.time()
            socks = open_sockets(port, tokens, a.sockets, True)
            opened = time.time() - t0
            time.sleep(2)
            held = rss_kb(proc.pid)
            alive = proc.poll() is None
            per = (held - base) * 1024 / a.sockets
            result = {"sockets": a.sockets, "users": a.users, "rss_base_kb": base, "rss_held_kb": held,
                      "bytes_per_socket": round(per), "open_seconds": round(opened, 2), "server_alive": alive,
                      "goal_bytes_per_socket": 3072}
            print(f"| sockets | RSS at 0 | RSS at N | bytes per idle socket | goal | opened in |")
            print(f"|---|---|---|---|---|---|")
            print(f"| {a.sockets} | {base} KiB | {held} KiB | {per:.0f} | <= 3072 | {opened:.1f} s |")
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(result, f, indent=2)
            for s in socks:
                s.close()
        finally:
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
