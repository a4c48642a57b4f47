"""The durability operator tools on real data directories: journal verify|inspect, snapshot create|verify|inspect,
restore, and what `serve` does with a data directory (recovery, --accept-data-loss, scheduled snapshots)."""
import datetime
import os
import signal
import subprocess
import time

import pytest

from conftest import BIN
from durability_support import (DIAGNOSTIC_KIND, flip_byte, inspect_json, parley, records, torture)


@pytest.fixture
def data_dir(tmp_path):
    return str(tmp_path / "data")


def segment_files(data_dir):
    return sorted(n for n in os.listdir(os.path.join(data_dir, "journal")) if n.endswith(".seg"))


def test_verify_and_inspect_a_sound_journal(data_dir):
    acks = torture(data_dir, seed=7, records=5000)
    assert sorted(acks) == list(range(1, 5001))
    out = parley("journal", "verify", "--data-dir", data_dir, check=0)
    assert "5000 record(s), LSN 1 to 5000" in out.stdout
    assert out.stdout.strip().endswith("clean")
    progress = [l for l in out.stderr.splitlines() if l.startswith("journal verify: ")]
    assert progress and progress[-1].startswith("journal verify: 100%"), out.stderr
    assert len(progress) <= 12, "progress is a line per tenth or per second, never per record"

    lines = inspect_json(data_dir)
    found = {l["lsn"]: l for l in lines if l["type"] == "record"}
    assert sorted(found) == list(range(1, 5001))
    for lsn, (crc, length) in acks.items():
        assert (found[lsn]["crc32c"], found[lsn]["length"], found[lsn]["kind"]) == (crc, length, DIAGNOSTIC_KIND)
    assert [l["name"] for l in lines if l["type"] == "segment"] == segment_files(data_dir)
    assert len([l for l in lines if l["type"] == "end"]) == len(segment_files(data_dir))
    # Never more of a payload than the 8-byte preview.
    assert all(len(r["preview"].rstrip("…")) <= 16 for r in found.values())


def test_inspect_text_from_and_limit(data_dir):
    torture(data_dir, seed=8, records=2000)
    out = parley("journal", "inspect", "--data-dir", data_dir, "--from", 1500, "--limit", 5, check=0)
    listed = [int(l.split()[1]) for l in out.stdout.splitlines() if l.startswith("  LSN ")]
    assert listed == [1500, 1501, 1502, 1503, 1504]
    line = next(l for l in out.stdout.splitlines() if l.startswith("  LSN 1500 "))
    for field in ("kind 65280", "length ", "offset ", "crc32c ", "Z ("):
        assert field in line
    assert "stopped after 5 records" in out.stdout
    assert sum(1 for l in out.stdout.splitlines() if l.startswith("segment ")) == len(segment_files(data_dir))


def record_in_middle_of_first_segment(data_dir):
    first = segment_files(data_dir)[0]
    in_first = [r for r in inspect_json(data_dir) if r["type"] == "record" and r["segment"] == first]
    return first, in_first[len(in_first) // 2]


def test_verify_names_segment_offset_and_lsn_of_a_flipped_byte(data_dir):
    torture(data_dir, seed=9, records=3000)
    assert len(segment_files(data_dir)) >= 3
    segment, victim = record_in_middle_of_first_segment(data_dir)
    flip_byte(os.path.join(data_dir, "journal", segment), victim["offset"] + 32 + victim["length"] // 2)
    out = parley("journal", "verify", "--data-dir", data_dir)
    assert out.returncode == 1, out.stdout + out.stderr
    assert f"CORRUPT: segment {segment} offset {victim['offset']} LSN {victim['lsn']}" in out.stdout
    assert f"segment {segment} at offset {victim['offset']}, LSN {victim['lsn']}" in out.stderr
    # inspect shows the damage in place, and the records before it.
    lines = inspect_json(data_dir)
    bad = [l for l in lines if l["type"] == "bad"]
    assert bad and (bad[0]["segment"], bad[0]["offset"], bad[0]["lsn"]) == (segment, victim["offset"], victim["lsn"])


def test_a_torn_tail_is_reported_but_sound(data_dir):
    torture(data_dir, seed=10, records=300)
    last = [r for r in inspect_json(data_dir) if r["type"] == "record"][-1]
    flip_byte(os.path.join(data_dir, "journal", last["segment"]), last["offset"] + 32)
    out = parley("journal", "verify", "--data-dir", data_dir, check=0)
    assert f"torn tail: segment {last['segment']} offset {last['offset']} LSN {last['lsn']}" in out.stdout


def start_serve(data_dir, *extra, config=None):
    args = [BIN, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir, *extra]
    if config:
        path = data_dir + ".config.json"
        with open(path, "w") as f:
            f.write(config)
        args += ["--config", path]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def read_until(proc, text, timeout=30):
    """Lines of `proc` up to and including the first containing `text`."""
    lines = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if text in line:
            return lines
    raise AssertionError(f"no line with {text!r}: {lines}")


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    rest = proc.communicate(timeout=20)[0].splitlines()
    assert proc.returncode == 0, rest
    assert rest[-1] == "stopped"
    return rest


def test_serve_refuses_a_corrupt_journal_unless_data_loss_is_accepted(data_dir):
    torture(data_dir, seed=11, records=3000)
    segment, victim = record_in_middle_of_first_segment(data_dir)
    flip_byte(os.path.join(data_dir, "journal", segment), victim["offset"] + 40)
    refused = start_serve(data_dir)
    out = refused.communicate(timeout=30)[0]
    assert refused.returncode != 0
    assert "listening" not in out
    assert f"segment {segment} offset {victim['offset']} (LSN {victim['lsn']})" in out
    assert "--accept-data-loss" in out

    served = start_serve(data_dir, "--accept-data-loss")
    assert served.stdout.readline().startswith("listening 127.0.0.1:")
    lines = read_until(served, "serving")
    assert any(f"ACCEPTED DATA LOSS from LSN {victim['lsn']} in {segment}" in l for l in lines), lines
    stop(served)
    assert parley("journal", "verify", "--data-dir", data_dir, check=0).stdout.strip().endswith("clean")
    assert max(records(data_dir)) == victim["lsn"] - 1


def test_serve_recovers_before_listening_and_logs_after(data_dir):
    torture(data_dir, seed=12, records=200)
    proc = start_serve(data_dir)
    assert proc.stdout.readline().startswith("listening 127.0.0.1:")
    lines = read_until(proc, "serving")
    assert any("recovered to LSN 200" in l for l in lines), lines
    # A second writer is refused while the server holds the directory.
    busy = parley("snapshot", "create", "--data-dir", data_dir)
    assert busy.returncode == 2 and "in use by another parley process" in busy.stderr
    stop(proc)
    parley("snapshot", "create", "--data-dir", data_dir, check=0)


def test_serve_takes_scheduled_snapshots_from_the_config(data_dir):
    torture(data_dir, seed=13, records=300)
    proc = start_serve(data_dir, config='{"durabilityPolicy": "durable", "snapshotEveryRecords": 100, "snapshotEveryMinutes": 60}')
    assert proc.stdout.readline().startswith("listening")
    lines = read_until(proc, "wrote snapshot")
    assert any("snapshot-00000000000000000300.snap" in l for l in lines), lines
    stop(proc)
    out = parley("snapshot", "verify", "--data-dir", data_dir, check=0)
    assert "snapshot-00000000000000000300.snap: OK  LSN 300" in out.stdout


@pytest.mark.parametrize("config, complaint", [
    ('{"durabilityPolicy": "fast"}', "durabilityPolicy must be durable, relaxed or memory"),
    ('{"snapshotEveryMinutes": 0}', "snapshotEveryMinutes must be positive"),
    ('{"snapshotEveryRecords": 0}', "intervals and limits must be positive"),
])
def test_serve_rejects_bad_durability_settings(data_dir, config, complaint):
    proc = start_serve(data_dir, config=config)
    out = proc.communicate(timeout=30)[0]
    assert proc.returncode != 0 and complaint in out, out


def test_serve_memory_policy_writes_no_journal(data_dir):
    proc = start_serve(data_dir, config='{"durabilityPolicy": "memory"}')
    assert proc.stdout.readline().startswith("listening")
    stop(proc)
    assert not os.path.exists(os.path.join(data_dir, "journal"))


def test_snapshot_create_verify_inspect(data_dir):
    torture(data_dir, seed=14, records=3000)
    out = parley("snapshot", "create", "--data-dir", data_dir, check=0)
    assert out.stdout.startswith("snapshots/snapshot-00000000000000003000.snap: LSN 3000 (base 3000)")
    assert "section diagnostics  LSN 3000" in out.stdout
    torture(data_dir, seed=15, records=500)
    parley("snapshot", "create", "--data-dir", data_dir, check=0)
    verify = parley("snapshot", "verify", "--data-dir", data_dir, check=0)
    assert "snapshot-00000000000000003000.snap: OK  LSN 3000 (base 3000)" in verify.stdout
    assert "snapshot-00000000000000003500.snap: OK  LSN 3500 (base 3500)" in verify.stdout
    inspect = parley("snapshot", "inspect", "--data-dir", data_dir, check=0)
    assert "section diagnostics  LSN 3500" in inspect.stdout and "checksums OK" in inspect.stdout

    newest = os.path.join(data_dir, "snapshots", "snapshot-00000000000000003500.snap")
    flip_byte(newest, os.path.getsize(newest) // 2)
    verify = parley("snapshot", "verify", "--data-dir", data_dir)
    assert verify.returncode == 1
    assert "snapshots/snapshot-00000000000000003500.snap: CORRUPT at offset " in verify.stdout
    assert "snapshot-00000000000000003000.snap: OK" in verify.stdout
    inspect = parley("snapshot", "inspect", "--data-dir", data_dir, check=0)
    assert "CORRUPT at offset" in inspect.stdout and "LSN 3500  base LSN 3500" in inspect.stdout
    # Recovery falls back to the older snapshot and replays the journal after it: all 3500 records counted.
    started = parley("journal", "torture", "--data-dir", data_dir, "--seed", 1, "--records", 0, check=0)
    assert started.stdout.startswith("started 3500 records 3500"), started.stdout
    assert "set aside corrupt snapshot snapshot-00000000000000003500.snap" in started.stderr


def test_tools_refuse_a_directory_that_is_not_a_data_directory(tmp_path):
    for args in (["journal", "verify"], ["journal", "inspect"], ["snapshot", "create"], ["snapshot", "verify"]):
        out = parley(*args, "--data-dir", tmp_path)
        assert out.returncode == 2 and "is not a Parley data directory" in out.stderr


def test_torture_is_hidden_from_help():
    out = parley("journal", "--help", check=0)
    assert "verify" in out.stdout and "inspect" in out.stdout and "torture" not in out.stdout


def assert_same_records(restored, source, lsns):
    assert sorted(restored) == list(lsns)
    for lsn in lsns:
        for field in ("crc32c", "length", "kind", "timestamp"):
            assert restored[lsn][field] == source[lsn][field], (lsn, field)


def test_restore_to_an_lsn_gives_exactly_that_prefix(data_dir, tmp_path):
    torture(data_dir, seed=16, records=3000)
    source = records(data_dir)
    into = str(tmp_path / "restored")
    out = parley("restore", "--data-dir", data_dir, "--to", "lsn:1234", "--into", into, check=0)
    assert "restored " + into + ": LSN 1234" in out.stdout
    assert_same_records(records(into), source, range(1, 1235))
    assert parley("journal", "verify", "--data-dir", into, check=0).stdout.strip().endswith("clean")
    started = parley("journal", "torture", "--data-dir", into, "--seed", 1, "--records", 0, check=0)
    assert started.stdout.startswith("started 1234 records 1234")


def test_restore_starts_from_a_snapshot_and_replays_up_to_the_target(data_dir, tmp_path):
    torture(data_dir, seed=17, records=1000)
    parley("snapshot", "create", "--data-dir", data_dir, check=0)
    torture(data_dir, seed=18, records=1000)
    source = records(data_dir)
    into = str(tmp_path / "restored")
    out = parley("restore", "--data-dir", data_dir, "--to", "1500", "--into", into, check=0)
    assert "from snapshot snapshot-00000000000000001000.snap plus 500 journal record(s)" in out.stdout
    assert_same_records(records(into), source, range(1001, 1501))
    started = parley("journal", "torture", "--data-dir", into, "--seed", 1, "--records", 0, check=0)
    assert started.stdout.startswith("started 1500 records 1500"), started.stdout


@pytest.mark.parametrize("spelling", ["iso", "ms-prefix", "ms-suffix"])
def test_restore_to_a_timestamp(data_dir, tmp_path, spelling):
    torture(data_dir, seed=19, records=3000, writers=2)
    source = records(data_dir)
    stamps = sorted({r["timestamp"] for r in source.values()})
    assert len(stamps) >= 3, "records should span several milliseconds"
    target = stamps[len(stamps) // 2]
    later = [lsn for lsn in sorted(source) if source[lsn]["timestamp"] > target]
    expected_last = later[0] - 1
    text = {"iso": datetime.datetime.fromtimestamp(target / 1000, datetime.timezone.utc).isoformat(timespec="milliseconds"),
            "ms-prefix": f"ms:{target}", "ms-suffix": f"{target}ms"}[spelling]
    into = str(tmp_path / "restored")
    parley("restore", "--data-dir", data_dir, "--to", text, "--into", into, check=0)
    assert_same_records(records(into), source, range(1, expected_last + 1))


def test_restore_refuses_a_non_empty_target_and_ambiguous_numbers(data_dir, tmp_path):
    torture(data_dir, seed=20, records=100)
    into = tmp_path / "busy"
    into.mkdir()
    (into / "keep.txt").write_text("mine")
    out = parley("restore", "--data-dir", data_dir, "--to", "50", "--into", into)
    assert out.returncode == 2 and "is not empty" in out.stderr
    assert os.listdir(into) == ["keep.txt"]
    out = parley("restore", "--data-dir", data_dir, "--to", "1700000000000", "--into", tmp_path / "new")
    assert out.returncode != 0 and not os.path.exists(tmp_path / "new")
    out = parley("restore", "--data-dir", data_dir, "--to", "lsn:101", "--into", tmp_path / "new")
    assert out.returncode == 2 and "beyond the journal's end" in out.stderr


def test_archive_retention_lets_restore_reach_before_the_snapshot(data_dir, tmp_path):
    torture(data_dir, seed=21, records=3000)
    source = records(data_dir)
    proc = start_serve(data_dir, config='{"snapshotEveryRecords": 100, "archiveRetentionMinutes": 60}')
    assert proc.stdout.readline().startswith("listening")
    read_until(proc, "wrote snapshot")
    read_until(proc, "archived")
    stop(proc)
    archived = sorted(n for n in os.listdir(os.path.join(data_dir, "archive")) if n.endswith(".seg"))
    assert archived and archived[0] == "00000000000000000001.seg"
    assert min(records(data_dir)) > 1, "the journal itself no longer starts at LSN 1"
    with_archive = {r["lsn"] for r in inspect_json(data_dir, archive=True) if r["type"] == "record"}
    assert with_archive == set(range(1, 3001))
    into = str(tmp_path / "restored")
    parley("restore", "--data-dir", data_dir, "--to", "lsn:1000", "--into", into, check=0)
    assert_same_records(records(into), source, range(1, 1001))
