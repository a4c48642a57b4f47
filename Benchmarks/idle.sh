#!/usr/bin/env bash
# Idle connections and connect storms against Redis and NATS: `parley-load idle` and `parley-load connect-storm`, each run
# starting its own Parley (durable journal), redis-server and nats-server on free loopback ports and stopping them by pid.
#   idle           N=10,000 connections held on each system after a warm-up of 1,000: server RSS per connection
#   storm-5000     5,000 new connections on a ramp of 500 -> 10,000/s over 5 s: connections/s, handshake latency
#   storm-19000    19,000 on a steeper ramp (1,000 -> 40,000/s over 4 s), until the target or the system falls 1 s behind
# Writes Benchmarks/results/idle.json and results/connect-storm.json (each run's report) and prints one table.
# Knobs (environment): IDLE_ONLY (any of "idle storm-5000 storm-19000"), IDLE_SOCKETS (10000), IDLE_PEER (both),
# BENCH_RESULTS (results/), PARLEY_BIN. Takes about 2 minutes. Needs redis-server, nats-server (Debian packages; only
# those IDLE_PEER names) and python3.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ONLY=${IDLE_ONLY:-"idle storm-5000 storm-19000"}
SOCKETS=${IDLE_SOCKETS:-10000}
PEER=${IDLE_PEER:-both}

WORK=$(mktemp -d /tmp/parley-idle.XXXXXX)
# shellcheck source=load-common.sh
. "$HERE/load-common.sh"
load_need_peers idle.sh "$PEER"
load_build

# name, then the parley-load scenario and its options
RUNS=(
    "idle idle --sockets $SOCKETS"  # warm-up: 1,000 (or all of IDLE_SOCKETS when fewer)
    "storm-5000 connect-storm --target 5000 --rate-start 500 --rate-max 10000 --ramp-seconds 5"
    "storm-19000 connect-storm --target 19000 --rate-start 1000 --rate-max 40000 --ramp-seconds 4"
)
mkdir -p "$RESULTS"
for run in "${RUNS[@]}"; do
    read -r name options <<<"$run"
    [[ " $ONLY " == *" $name "* ]] || continue
    log "$name: parley-load $options"
    rc=0
    # shellcheck disable=SC2086  # the options are words on purpose
    load_run "$WORK/$name.txt" "$WORK/$name.err" timeout 900 "$LOAD" $options --start "$PARLEY" --peer "$PEER" \
        --label "$name" --json "$WORK/$name.json" || rc=$?
    if [ "$rc" != 0 ]; then
        cat "$WORK/$name.err" >&2
        echo "idle.sh: $name failed ($rc)" >&2
        exit 1
    fi
    cat "$WORK/$name.txt" >&2
done

python3 - "$WORK" "$RESULTS" "$ONLY" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, os, sys
work, results, only, commit = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
reports = {n: json.load(open(os.path.join(work, n + ".json"))) for n in only if os.path.exists(os.path.join(work, n + ".json"))}
idle = [reports[n] for n in only if n == "idle" and n in reports]
storms = [reports[n] for n in only if n.startswith("storm-") and n in reports]
for name, runs in (("idle.json", idle), ("connect-storm.json", storms)):
    if runs:
        with open(os.path.join(results, name), "w") as f:
            json.dump({"commit": commit, "runs": runs}, f, indent=2)
            f.write("\n")
        print(f"wrote {os.path.join(results, name)}", file=sys.stderr)

def table(title, header, rows):
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    print(title)
    for i, row in enumerate([header] + rows):
        print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(row)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print()

ratio = lambda x: "—" if x is None else f"{x:.2f}x"
for r in idle:
    rows = [(s["system"], f"{s['bytesPerConnection']:,.0f}" if s.get("bytesPerConnection") is not None else "—",
             ratio(r["ratios"].get(s["system"])) if s["system"] != "Parley" else "", f"{s['ready']:,} / {s['connectFailures'] + s['disconnects']}",
             f"{s['connectionsPerSecond']:,.0f}") for s in r["results"]]
    table(f"idle (commit {commit}): {r['connections']:,} connections held after a warm-up of {r['warmup']:,}",
          ("system", "bytes per connection", "Parley ÷ system", "held / lost", "connections/s while opening"), rows)
for r in storms:
    lat = lambda s: "—" if not s.get("handshakeMs") else f"{s['handshakeMs']['p50']:.2f} / {s['handshakeMs']['p99']:.2f}"
    rows = [(s["system"], f"{s['connectionsPerSecond']:,.0f}", ratio(r["ratios"].get(s["system"])) if s["system"] != "Parley" else "",
             f"{s['peakPerSecond']:,}", f"{s['ready']:,} / {s['connectFailures'] + s['disconnects']}",
             f"{s['stopReason']} at {s['seconds']:.1f} s", lat(s), "yes" if s["generatorBound"] else "no") for s in r["results"]]
    sch = r["schedule"]
    table(f"connect-storm {r['label']} (commit {commit}): to {r['target']:,}, {sch['startPerSecond']:,.0f} -> {sch['maxPerSecond']:,.0f}/s over {sch['rampSeconds']:.0f} s",
          ("system", "connections/s", "Parley ÷ system", "peak in 1 s", "ready / failed", "stopped by", "handshake p50 / p99 ms", "generator-bound"), rows)
PY
