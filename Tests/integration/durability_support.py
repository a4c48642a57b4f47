"""Helpers for the durability tests: run the operator tools on a data directory and read their output."""
import json
import os
import subprocess

from conftest import BIN

DIAGNOSTIC_KIND = 0xFF00


def parley(*args, timeout=120, check=None):
    """Runs `parley args...`; with check=N asserts the exit status is N."""
    out = subprocess.run([BIN, *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check is not None:
        assert out.returncode == check, f"parley {' '.join(map(str, args))} exited {out.returncode}:\n{out.stdout}\n{out.stderr}"
    return out


def parse_acks(text):
    """`ack <lsn> <crc> <length>` lines -> {lsn: (crc, length)}; a line cut by SIGKILL has no newline and is ignored."""
    acks = {}
    complete = text[: text.rfind("\n") + 1] if "\n" in text else ""
    for line in complete.splitlines():
        parts = line.split()
        if parts and parts[0] == "ack":
            lsn = int(parts[1])
            assert lsn not in acks, f"LSN {lsn} acknowledged twice"
            acks[lsn] = (parts[2], int(parts[3]))
    return acks


def torture(data_dir, seed, records, **options):
    """A clean torture run of `records` records; returns the acknowledgements."""
    args = ["journal", "torture", "--data-dir", data_dir, "--seed", seed, "--records", records]
    for key, value in options.items():
        args += ["--" + key.replace("_", "-"), value]
    out = parley(*args, check=0)
    assert out.stdout.splitlines()[-1].startswith("done "), out.stdout[-500:]
    return parse_acks(out.stdout)


def inspect_json(data_dir, from_lsn=1, archive=False):
    """Every line of `journal inspect --json --limit 0` as dicts."""
    args = ["journal", "inspect", "--data-dir", data_dir, "--from", from_lsn, "--limit", 0, "--json"]
    out = parley(*(args + (["--archive"] if archive else [])), check=0)
    return [json.loads(line) for line in out.stdout.splitlines()]


def records(data_dir, from_lsn=1):
    """{lsn: record dict} of the valid records from `from_lsn` on."""
    return {r["lsn"]: r for r in inspect_json(data_dir, from_lsn) if r["type"] == "record"}


def assert_acknowledged_present(data_dir, acks, context=""):
    """Every acknowledged record is in the journal with the same payload checksum and length."""
    if not acks:
        return
    found = records(data_dir, min(acks))
    for lsn, (crc, length) in sorted(acks.items()):
        assert lsn in found, f"{context}: acknowledged LSN {lsn} is missing"
        assert (found[lsn]["crc32c"], found[lsn]["length"]) == (crc, length), \
            f"{context}: LSN {lsn} changed: {found[lsn]} vs acknowledged crc {crc} length {length}"


def flip_byte(path, offset):
    with open(path, "r+b") as f:
        f.seek(offset)
        b = f.read(1)
        f.seek(offset)
        f.write(bytes([b[0] ^ 0x5A]))
        f.flush()
        os.fsync(f.fileno())
