"""RELIABILITY T1 at engine level: a child process appends through the real engine (durable policy) from several
tasks and prints each acknowledged LSN; it is killed with SIGKILL at a seeded random moment; every acknowledged
record must then be in the journal, intact, before and after the next recovery.

50 cycles by default, 1,000 with PARLEY_LONG_TESTS=1 (`make test-long`). PARLEY_CRASH_SEED picks another master
seed; a failure names the cycle's seed, and `parley journal torture --seed S` replays its payloads."""
import os
import random
import subprocess
import tempfile
import threading
import time

from conftest import BIN
from durability_support import assert_acknowledged_present, parley, parse_acks

LONG = os.environ.get("PARLEY_LONG_TESTS") == "1"
CYCLES = 1000 if LONG else 50
# A fresh directory every few cycles keeps the journal (and the time to inspect it) small.
CYCLES_PER_DIRECTORY = 10
ACKS_BEFORE_KILL_MAX = 1500
STARTUP_KILL_CHANCE = 0.15


class Child:
    """A torture process whose standard output is read as it comes (a full pipe would stall the writers)."""

    def __init__(self, data_dir, seed):
        self.proc = subprocess.Popen([BIN, "journal", "torture", "--data-dir", data_dir, "--seed", str(seed)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.out = bytearray()
        self.err = bytearray()
        self.acks = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._read, args=(self.proc.stdout, self.out), daemon=True),
                        threading.Thread(target=self._read, args=(self.proc.stderr, self.err), daemon=True)]
        for t in self.threads:
            t.start()

    def _read(self, stream, into):
        while True:
            chunk = stream.read1(65536)
            if not chunk:
                return
            with self.lock:
                into.extend(chunk)
                if into is self.out:
                    self.acks += chunk.count(b"\nack ")

    def wait_for_acks(self, count, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.acks >= count:
                    return
            if self.proc.poll() is not None:
                raise AssertionError(f"torture exited with {self.proc.returncode}: {bytes(self.err).decode()[-2000:]}")
            time.sleep(0.001)
        raise AssertionError(f"no {count} acknowledgements within {timeout} s")

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        for t in self.threads:
            t.join(10)
        return bytes(self.out).decode(), bytes(self.err).decode()


def crash_cycle(data_dir, seed):
    """One run killed at a moment drawn from `seed`: during start-up and recovery, or after k acknowledgements."""
    rng = random.Random(seed)
    child = Child(data_dir, seed)
    if rng.random() < STARTUP_KILL_CHANCE:
        time.sleep(rng.uniform(0, 0.08))
    else:
        child.wait_for_acks(rng.randint(1, ACKS_BEFORE_KILL_MAX))
    out, err = child.kill()
    assert child.proc.returncode == -9, f"seed {seed}: torture ended by itself ({child.proc.returncode}): {err[-2000:]}"
    return parse_acks(out)


def check(data_dir, acks, context):
    if not acks and not os.path.isdir(os.path.join(data_dir, "journal")):
        return  # killed during start-up before the first run created the journal: nothing to verify yet
    verify = parley("journal", "verify", "--data-dir", data_dir)
    assert verify.returncode == 0, f"{context}: journal verify failed after SIGKILL:\n{verify.stdout}\n{verify.stderr}"
    assert_acknowledged_present(data_dir, acks, context)


def test_every_acknowledged_record_survives_sigkill():
    master = random.Random(int(os.environ.get("PARLEY_CRASH_SEED", "3")))
    total_acks = 0
    for directory in range(CYCLES // CYCLES_PER_DIRECTORY):
        with tempfile.TemporaryDirectory(prefix="parley-crash-") as data_dir:
            everything, previous = {}, {}
            for cycle in range(CYCLES_PER_DIRECTORY):
                seed = master.randrange(1, 2**62)
                context = f"directory {directory} cycle {cycle} seed {seed}"
                acks = crash_cycle(data_dir, seed)
                # The previous cycle's records have now been through this cycle's recovery as well.
                check(data_dir, {**previous, **acks}, context)
                everything.update(acks)
                previous = acks
                total_acks += len(acks)
            # A clean recovery at the end: nothing acknowledged in any cycle was lost to the cuts before it.
            parley("journal", "torture", "--data-dir", data_dir, "--seed", "1", "--records", "0", check=0)
            check(data_dir, everything, f"directory {directory} after a clean recovery")
    assert total_acks > CYCLES, "the child acknowledged almost nothing; the test proved little"
