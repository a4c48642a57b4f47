"""`parley-load` at a tiny size against the debug server: every scenario runs, numbers come out, nothing is lost.
(The figures themselves belong to `make bench`; this only proves the tool works from a fresh clone.)"""
import json
import os
import shutil
import subprocess

import pytest

LOAD = os.environ.get("PARLEY_LOAD_BIN", "Benchmarks/.build/debug/parley-load")
BIN = os.environ.get("PARLEY_BIN", ".build/debug/parley")


def installed(binary):
    """Where parley-load finds a peer's server by default (/usr/bin, /usr/sbin), or on PATH."""
    return shutil.which(binary) or next((d + binary for d in ("/usr/bin/", "/usr/sbin/") if os.access(d + binary, os.X_OK)), None)


PEERS = {name: installed(binary) for name, binary in (("Redis", "redis-server"), ("NATS", "nats-server"))}
PEER = {(True, True): "both", (True, False): "redis", (False, True): "nats", (False, False): "none"}[
    (PEERS["Redis"] is not None, PEERS["NATS"] is not None)]
SYSTEMS = ["Parley"] + [name for name, path in PEERS.items() if path]

pytestmark = pytest.mark.skipif(not os.path.exists(LOAD), reason="parley-load is not built (make load-tool)")


def run(tmp_path, *args, timeout=240):
    out = tmp_path / "report.json"
    r = subprocess.run([LOAD, *args, "--json", str(out)], capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    return json.loads(out.read_text()), r.stdout


def check_side(side, subscribers, posts):
    assert side["subscribersReady"] == subscribers
    assert side["deliveries"] == side["expectedDeliveries"] == subscribers * posts
    assert side["losses"] == 0 and side["deliveriesPerSecond"] > 0
    assert side["latencyMs"]["p50"] > 0 and side["serverCPUSeconds"] >= 0


@pytest.mark.skipif(PEERS["Redis"] is None, reason="redis-server is not installed")
def test_fanout_pipelined_against_parley_and_redis(tmp_path):
    report, table = run(tmp_path, "fanout", "--start", BIN, "--subscribers", "20", "--users", "4", "--posts", "30",
                        "--peer", "redis")
    check_side(report["parley"], 20, 30)
    check_side(report["redis"], 20, 30)
    assert report["parley"]["seqGaps"] == 0 and report["parley"]["payloadBytesMedian"] > 100
    assert report["redis"]["payloadBytesMedian"] == report["parley"]["payloadBytesMedian"]
    assert "deliveries/s" in table and report["ratio"] > 0


def test_fanout_at_a_fixed_rate_on_parley_alone(tmp_path):
    report, _ = run(tmp_path, "fanout", "--start", BIN, "--subscribers", "10", "--users", "2", "--posts", "40",
                    "--rate", "200", "--peer", "none")
    check_side(report["parley"], 10, 40)
    assert report.get("redis") is None
    assert report.get("nats") is None


def peer_args():
    """`--peer` for the peers installed here, with their binaries where parley-load would not look."""
    args = ["--peer", PEER]
    if PEERS["Redis"]:
        args += ["--redis-server", PEERS["Redis"]]
    if PEERS["NATS"]:
        args += ["--nats-server", PEERS["NATS"]]
    return args


def check_connections(report, connections):
    assert [r["system"] for r in report["results"]] == SYSTEMS
    for r in report["results"]:
        assert r["ready"] == connections, r
        assert r["connectFailures"] == 0 and r["disconnects"] == 0, r
        assert r["connectionsPerSecond"] > 0 and r["handshakeMs"]["p50"] > 0, r
        assert r["serverCPUSeconds"] is not None and r["serverCPUSeconds"] >= 0, r
    assert sorted(report["ratios"]) == sorted(SYSTEMS[1:]) and all(v > 0 for v in report["ratios"].values())


def test_idle_on_parley_and_the_installed_peers(tmp_path):
    report, table = run(tmp_path, "idle", "--start", BIN, "--sockets", "100", "--users", "4", "--warmup", "20",
                        "--settle-seconds", "0.2", *peer_args())
    assert report["connections"] == 100 and report["warmup"] == 20
    check_connections(report, 100)
    for r in report["results"]:
        assert r["serverRSSBytesBaseline"] > 0 and r["serverRSSBytesHeld"] > 0, r
        assert r["bytesPerConnection"] is not None, r
    assert "bytes per connection" in table


def test_connect_storm_on_parley_and_the_installed_peers(tmp_path):
    report, table = run(tmp_path, "connect-storm", "--start", BIN, "--target", "150", "--users", "4",
                        "--rate-start", "200", "--rate-max", "2000", "--ramp-seconds", "1", *peer_args())
    assert report["target"] == 150
    check_connections(report, 150)
    for r in report["results"]:
        assert r["stopReason"] == "target" and r["peakPerSecond"] > 0 and r["timeline"], r
    assert "connections/s" in table


def test_mattermost_ramp_holds_its_users(tmp_path):
    state = tmp_path / "state.json"
    args = ["mattermost", "--start", BIN, "--users-start", "4", "--users-step", "4", "--users-max", "8",
            "--step-seconds", "2", "--speedup", "100", "--connections", "8", "--population-connections", "4",
            "--state", str(state)]
    report, table = run(tmp_path, *args)
    steps = report["steps"]
    assert [s["users"] for s in steps] == [4, 8]
    for s in steps:
        assert s["verdict"]["healthy"], s["verdict"]
        assert s["requests"] > 0 and s["errors"] == 0 and s["latencyMs"]["p50"] > 0, s
        assert s["webSocketsOpen"] == s["users"] and s["webSocketFailures"] == 0 and s["webSocketDrops"] == 0, s
        assert s["seqGaps"] == 0, s
    assert report["usersHeld"] == 8 and report["population"]["users"] == 8
    assert state.exists() and "users" in table
