"""`parley-load` at a tiny size against the debug server: every scenario runs, numbers come out, nothing is lost.
(The figures themselves belong to `make bench`; this only proves the tool works from a fresh clone.)"""
import json
import os
import shutil
import subprocess

import pytest

LOAD = os.environ.get("PARLEY_LOAD_BIN", "Benchmarks/.build/debug/parley-load")
BIN = os.environ.get("PARLEY_BIN", ".build/debug/parley")

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


@pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server is not installed")
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
