#!/usr/bin/env bash
# The Mattermost load model against Parley: `parley-load mattermost` starts its own Parley (durable journal) on a
# free loopback port, makes a Mattermost-like population over the REST API, then ramps simulated users (one
# WebSocket each, one action every 108 s / speed-up on average) while the server stays healthy (mean request
# latency <= 100 ms, p99 <= 2 s, errors <= 0.025 % per step) and stops Parley by pid at the end.
# Writes Benchmarks/results/mattermost.json (the report plus the commit; MM_OUTPUT names another file there) and prints
# the table. About 3 minutes; the run is stopped after MM_TIMEOUT_SECONDS (1200).
# Knobs (environment): MM_USERS_START (250), MM_USERS_STEP (250), MM_USERS_MAX (2000), MM_STEP_SECONDS (15),
# MM_SPEEDUP (20), MM_THREADS (2), MM_DURABILITY (durable), MM_STATE (a file: keep the population and tokens;
# needs MM_DATA_DIR too), MM_DATA_DIR, MM_OUTPUT (mattermost.json), MM_TIMEOUT_SECONDS (1200), BENCH_RESULTS (results/),
# PARLEY_BIN.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

WORK=$(mktemp -d /tmp/parley-mattermost.XXXXXX)
# shellcheck source=load-common.sh
. "$HERE/load-common.sh"
load_build

options=(--start "$PARLEY" --durability "${MM_DURABILITY:-durable}" --threads "${MM_THREADS:-2}"
    --users-start "${MM_USERS_START:-250}" --users-step "${MM_USERS_STEP:-250}" --users-max "${MM_USERS_MAX:-2000}"
    --step-seconds "${MM_STEP_SECONDS:-15}" --speedup "${MM_SPEEDUP:-20}" --label ramp --json "$WORK/mattermost.json")
[ -n "${MM_STATE:-}" ] && options+=(--state "$MM_STATE")
[ -n "${MM_DATA_DIR:-}" ] && options+=(--data-dir "$MM_DATA_DIR")
mkdir -p "$RESULTS"
log "parley-load mattermost ${options[*]}"
rc=0
load_run "$WORK/mattermost.txt" /dev/stderr timeout "${MM_TIMEOUT_SECONDS:-1200}" "$LOAD" mattermost "${options[@]}" || rc=$?
if [ "$rc" != 0 ]; then
    echo "mattermost.sh: parley-load failed ($rc)" >&2
    exit 1
fi
python3 - "$WORK/mattermost.json" "$RESULTS/${MM_OUTPUT:-mattermost.json}" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
report["commit"] = sys.argv[3]
with open(sys.argv[2], "w") as f:
    json.dump(report, f, indent=2, sort_keys=True)
    f.write("\n")
print(f"wrote {sys.argv[2]}", file=sys.stderr)
PY
echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
cat "$WORK/mattermost.txt"
