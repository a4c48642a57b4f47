#!/usr/bin/env bash
# Fan-out against Redis pub/sub and NATS: `parley-load fanout` in the shapes PERFORMANCE.md sets goals for, each run starting
# its own Parley (durable journal) and its own redis-server and nats-server on free loopback ports and stopping them by pid.
# Writes Benchmarks/results/fanout.json (every run's report) and prints one table.
#   latency     S=100 subscribers x 1,000 posts/s, S=1,000 x 100 posts/s
#   throughput  S=1,000 x 6,000 posts and S=10,000 x 600 posts, pipelined (64 outstanding)
# Each shape runs FANOUT_ROUNDS times (3): single runs on two shared cores move by tens of per cent, so the table
# shows medians and every round's ratio; the JSON keeps every round.
# Knobs (environment): FANOUT_ONLY (any of "latency-100 latency-1000 throughput-1000 throughput-10000"),
# FANOUT_DURABILITY (durable), FANOUT_THREADS (2 subscriber threads), FANOUT_PEER (both: Redis and NATS; redis, nats, none),
# BENCH_RESULTS (results/), PARLEY_BIN.
# Takes about 2 minutes. Needs the peers' servers (Debian: apt-get install -y redis-server nats-server) and python3.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ONLY=${FANOUT_ONLY:-"latency-100 latency-1000 throughput-1000 throughput-10000"}
DURABILITY=${FANOUT_DURABILITY:-durable}
THREADS=${FANOUT_THREADS:-2}
ROUNDS=${FANOUT_ROUNDS:-3}
PEER=${FANOUT_PEER:-both}

WORK=$(mktemp -d /tmp/parley-fanout.XXXXXX)
# shellcheck source=load-common.sh
. "$HERE/load-common.sh"

load_need_peers fanout.sh "$PEER"
load_build

# name, then parley-load's shape options
SHAPES=(
    "latency-100 --subscribers 100 --rate 1000 --posts 5000"
    "latency-1000 --subscribers 1000 --rate 100 --posts 1000"
    "throughput-1000 --subscribers 1000 --posts 6000"
    "throughput-10000 --subscribers 10000 --posts 600"
)
mkdir -p "$RESULTS"
for shape in "${SHAPES[@]}"; do
    read -r name options <<<"$shape"
    [[ " $ONLY " == *" $name "* ]] || continue
    for round in $(seq 1 "$ROUNDS"); do
        log "fanout $name (round $round of $ROUNDS): $options"
        rc=0
        # shellcheck disable=SC2086  # the options are words on purpose
        load_run "$WORK/$name-$round.txt" "$WORK/$name-$round.err" timeout 900 "$LOAD" fanout --start "$PARLEY" \
            --durability "$DURABILITY" --threads "$THREADS" --peer "$PEER" $options --label "$name" \
            --json "$WORK/$name-$round.json" || rc=$?
        if [ "$rc" != 0 ]; then
            cat "$WORK/$name-$round.err" >&2
            echo "fanout.sh: $name failed ($rc)" >&2
            exit 1
        fi
        cat "$WORK/$name-$round.txt" >&2
    done
done

python3 - "$WORK" "$RESULTS/fanout.json" "$ONLY" "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" <<'PY'
import json, os, statistics, sys
work, out, only, commit = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4]
rounds = {n: [json.load(open(os.path.join(work, f))) for f in sorted(os.listdir(work))
              if f.startswith(n + "-") and f[len(n) + 1:-5].isdigit() and f.endswith(".json")] for n in only}
runs = [r for n in only for r in rounds[n]]
with open(out, "w") as f:
    json.dump({"commit": commit, "runs": runs}, f, indent=2)
    f.write("\n")

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def side(rs, system):
    ss = [r.get(system) for r in rs if r.get(system)]
    if not ss:
        return None
    return {"dps": med([s["deliveriesPerSecond"] for s in ss]),
            "p50": med([s["latencyMs"]["p50"] for s in ss if s.get("latencyMs")]),
            "p99": med([s["latencyMs"]["p99"] for s in ss if s.get("latencyMs")]),
            "losses": sum(s["losses"] for s in ss), "gaps": sum(s.get("seqGaps", 0) for s in ss),
            "bound": any(s["generatorBound"] for s in ss)}

rows = [("run", "rounds", "Parley deliveries/s", "Redis", "ratio (median; each round)", "Parley p50 / p99 ms",
         "Redis p50 / p99 ms", "losses P / R", "seq gaps", "generator-bound")]
for n in only:
    rs = rounds[n]
    if not rs:
        continue
    p, q = side(rs, "parley"), side(rs, "redis")
    ratios = [r["ratio"] for r in rs if r.get("ratio") is not None]
    ratio = "—" if not ratios else f"{med(ratios):.2f}x (" + ", ".join(f"{x:.2f}" for x in ratios) + ")"
    lat = lambda s: "—" if not s or s["p50"] is None else f"{s['p50']:.2f} / {s['p99']:.2f}"
    rate = lambda s: "—" if not s else f"{s['dps'] / 1e6:.3f}M"
    bound = ",".join(name for name, s in (("Parley", p), ("Redis", q)) if s and s["bound"]) or "no"
    rows.append((n, str(len(rs)), rate(p), rate(q), ratio, lat(p), lat(q),
                 f"{p['losses'] if p else '—'} / {q['losses'] if q else '—'}", str(p["gaps"]) if p else "—", bound))
widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
print(f"fan-out against Redis pub/sub (commit {commit}); payloads as large as Parley's posted frame; medians of rounds")
for i, row in enumerate(rows):
    print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(row)) + " |")
    if i == 0:
        print("|" + "|".join("-" * (w + 2) for w in widths) + "|")

# NATS, when the runs had it (--peer both or nats): the same columns against the second peer.
nats_rows = [("run", "rounds", "Parley deliveries/s", "NATS", "ratio (median; each round)", "Parley p50 / p99 ms",
              "NATS p50 / p99 ms", "losses P / N")]
for n in only:
    rs = rounds[n]
    p, q = side(rs, "parley"), side(rs, "nats")
    if not rs or not q:
        continue
    ratios = [r["natsRatio"] for r in rs if r.get("natsRatio") is not None]
    ratio = "—" if not ratios else f"{med(ratios):.2f}x (" + ", ".join(f"{x:.2f}" for x in ratios) + ")"
    lat = lambda s: "—" if not s or s["p50"] is None else f"{s['p50']:.2f} / {s['p99']:.2f}"
    rate = lambda s: "—" if not s else f"{s['dps'] / 1e6:.3f}M"
    nats_rows.append((n, str(len(rs)), rate(p), rate(q), ratio, lat(p), lat(q), f"{p['losses'] if p else '—'} / {q['losses']}"))
if len(nats_rows) > 1:
    widths = [max(len(row[i]) for row in nats_rows) for i in range(len(nats_rows[0]))]
    print(f"\nfan-out against NATS (commit {commit}); the same payloads; medians of rounds")
    for i, row in enumerate(nats_rows):
        print("| " + " | ".join(c.ljust(widths[j]) for j, c in enumerate(row)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
print(f"wrote {out}", file=sys.stderr)
PY
