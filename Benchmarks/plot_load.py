#!/usr/bin/env python3
"""Draws the parley-load figures of a results folder and prints their tables:
  fanout-latency.png     p50 and p99 delivery latency per fan-out shape, Parley beside Redis and NATS (fanout.json)
  fanout-throughput.png  deliveries/s against subscribers in the pipelined shapes, the three systems (fanout.json)
  idle-bytes.png         server bytes per idle connection, the three systems (idle.json)
  <name>-ramp.png        users per step of a Mattermost ramp, mean and p99 latency, each step's verdict
                         (every mattermost*.json: mattermost.sh writes mattermost.json, `make bench-long` mattermost-long.json)
Figures whose JSON is missing are skipped. Medians over rounds, as fanout.sh's own table. Needs matplotlib (run.sh
installs it into Benchmarks/.venv); `--tables-only` prints the tables with the standard library alone."""
import glob
import json
import os
import statistics
import sys

SYSTEMS = (("parley", "Parley", "#d62728"), ("redis", "Redis 7.0", "#555555"), ("nats", "NATS 2.9", "#2ca02c"))


def load(results, name):
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def print_table(title, header, rows):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    print(title)
    for i, row in enumerate([header] + rows):
        print("| " + " | ".join(str(c).ljust(widths[j]) for j, c in enumerate(row)) + " |")
        if i == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print()


def fanout_medians(document):
    """{label: {"subscribers", "rounds", system: {"dps", "p50", "p99"}}}, in the order the runs came."""
    shapes = {}
    for run in document["runs"]:
        shape = shapes.setdefault(run["label"], {"subscribers": run["shape"]["subscribers"],
                                                 "rate": run["shape"].get("ratePerSecond"), "runs": []})
        shape["runs"].append(run)
    for shape in shapes.values():
        for key, _, _ in SYSTEMS:
            sides = [r[key] for r in shape["runs"] if r.get(key)]
            if not sides:
                continue
            latency = [s["latencyMs"] for s in sides if s.get("latencyMs")]
            shape[key] = {"dps": statistics.median(s["deliveriesPerSecond"] for s in sides),
                          "p50": statistics.median(l["p50"] for l in latency) if latency else None,
                          "p99": statistics.median(l["p99"] for l in latency) if latency else None,
                          "losses": sum(s["losses"] for s in sides)}
    return shapes


def fanout_tables(shapes, commit):
    fmt = lambda v: "—" if v is None else f"{v:.2f}"
    rows = []
    for label, shape in shapes.items():
        row = [label, len(shape["runs"])]
        for key, _, _ in SYSTEMS:
            side = shape.get(key)
            row.append("—" if not side else f"{fmt(side['p50'])} / {fmt(side['p99'])}")
        rows.append(row)
    print_table(f"fan-out latency, ms p50 / p99, medians of rounds (commit {commit})",
                ["shape", "rounds"] + [f"{name} p50 / p99" for _, name, _ in SYSTEMS], rows)
    rows = []
    for label, shape in shapes.items():
        if not label.startswith("throughput-"):
            continue
        p = shape.get("parley")
        row = [label, f"{shape['subscribers']:,}"]
        for key, _, _ in SYSTEMS:
            side = shape.get(key)
            ratio = "" if key == "parley" or not side or not p else f" ({p['dps'] / side['dps']:.2f}x)"
            row.append("—" if not side else f"{side['dps'] / 1e6:.3f}M{ratio}")
        rows.append(row)
    if rows:
        print_table(f"fan-out throughput, deliveries/s (Parley ÷ peer), medians of rounds (commit {commit})",
                    ["shape", "subscribers"] + [name for _, name, _ in SYSTEMS], rows)


def fanout_latency_png(plt, shapes, commit, path):
    labels = list(shapes)
    fig, ax = plt.subplots(figsize=(10, 4.8))
    width = 0.8 / len(SYSTEMS)
    for i, (key, name, color) in enumerate(SYSTEMS):
        if not any(shapes[l].get(key) for l in labels):
            continue
        xs = [j + (i - 1) * width for j in range(len(labels))]
        p50 = [(shapes[l].get(key) or {}).get("p50") or 0 for l in labels]
        p99 = [(shapes[l].get(key) or {}).get("p99") or 0 for l in labels]
        ax.bar(xs, p99, width, color=color, alpha=0.35, label=f"{name} p99")
        ax.bar(xs, p50, width * 0.5, color=color, label=f"{name} p50")
    names = []
    for l in labels:
        s = shapes[l]
        load = f"{s['rate']:,} posts/s" if s["rate"] else "pipelined"
        names.append(f"{l}\nS={s['subscribers']:,}, {load}")
    ax.set_xticks(range(len(labels)), names, fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("delivery latency, ms (median of rounds)")
    ax.set_title(f"fan-out latency: p50 (narrow) and p99 (wide) per shape, commit {commit}")
    ax.grid(True, axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def fanout_throughput_png(plt, shapes, commit, path):
    points = sorted((s["subscribers"], s) for l, s in shapes.items() if l.startswith("throughput-"))
    if not points:
        return False
    fig, ax = plt.subplots(figsize=(7, 4.8))
    for key, name, color in SYSTEMS:
        xy = [(n, s[key]["dps"] / 1e6) for n, s in points if s.get(key)]
        if xy:
            ax.plot([x for x, _ in xy], [y for _, y in xy], "o-", color=color, label=name)
    subscribers = [n for n, _ in points]
    ax.set_xscale("log")
    ax.set_xticks(subscribers, [f"{n:,}" for n in subscribers])
    ax.minorticks_off()
    ax.set_ylim(bottom=0)
    ax.set_xlabel("subscribers S (one channel, pipelined posts)")
    ax.set_ylabel("million deliveries/s (median of rounds)")
    ax.set_title(f"fan-out throughput against subscribers, commit {commit}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def idle_rows(document):
    return [(r["connections"], s["system"], s.get("bytesPerConnection"), s["ready"])
            for r in document["runs"] for s in r["results"]]


def idle_table(rows, commit):
    parley = {n: b for n, system, b, _ in rows if system == "Parley"}
    print_table(f"idle connections: server RSS growth per held connection (commit {commit})",
                ["connections", "system", "bytes per connection", "Parley ÷ system", "held"],
                [(f"{n:,}", system, "—" if b is None else f"{b:,.0f}",
                  "" if system == "Parley" or not b or n not in parley else f"{parley[n] / b:.2f}x", f"{held:,}")
                 for n, system, b, held in rows])


def idle_png(plt, rows, commit, path):
    colors = {name.split()[0]: color for _, name, color in SYSTEMS}
    fig, ax = plt.subplots(figsize=(7, 4.8))
    names = [f"{system}\nN={n:,}" for n, system, _, _ in rows]
    values = [b or 0 for _, _, b, _ in rows]
    bars = ax.bar(names, values, color=[colors.get(s, "#1f77b4") for _, s, _, _ in rows])
    for bar, value in zip(bars, values):
        ax.annotate(f"{value:,.0f}", (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("server RSS growth per idle connection, bytes")
    ax.set_title(f"idle connections held, commit {commit}")
    ax.grid(True, axis="y", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def mattermost_table(document, name):
    rows = [(f"{s['users']:,}", f"{s['webSocketsOpen']:,}", f"{s['requestsPerSecond']:,.0f}",
             f"{s['latencyMs']['mean']:.1f}", f"{s['latencyMs']['p99']:.1f}", f"{s['errorRate'] * 100:.3f} %",
             f"{s['serverCPUCores']:.2f}", f"{s['serverRSSBytes'] / 2**20:,.0f} MiB",
             "healthy" if s["verdict"]["healthy"] else "unhealthy: " + "; ".join(map(str, s["verdict"]["reasons"])))
            for s in document["steps"]]
    print_table(f"{name}: users held {document['usersHeld']:,} ({document['limit']}), speed-up {document['speedup']}, "
                f"commit {document.get('commit', '?')}",
                ["users", "WebSockets", "req/s", "mean ms", "p99 ms", "errors", "server cores", "server RSS", "verdict"],
                rows)


def mattermost_png(plt, document, path):
    steps = document["steps"]
    xs = [s["step"] for s in steps]
    fig, left = plt.subplots(figsize=(10, 4.8))
    colors = ["#2ca02c" if s["verdict"]["healthy"] else "#d62728" for s in steps]
    left.bar(xs, [s["users"] for s in steps], color=colors, alpha=0.5)
    left.set_xlabel(f"ramp step ({document['ramp']['stepSeconds']} s each); bar colour: green healthy, red unhealthy")
    left.set_ylabel("simulated users (one WebSocket each)")
    right = left.twinx()
    right.plot(xs, [s["latencyMs"]["mean"] for s in steps], "o-", color="#1f77b4", label="mean latency")
    right.plot(xs, [s["latencyMs"]["p99"] for s in steps], "s--", color="#ff7f0e", label="p99 latency")
    rule = document["rule"]
    right.axhline(rule["meanMsMax"], color="#1f77b4", linewidth=0.8, linestyle=":", label=f"mean limit {rule['meanMsMax']} ms")
    right.axhline(rule["p99MsMax"], color="#ff7f0e", linewidth=0.8, linestyle=":", label=f"p99 limit {rule['p99MsMax']} ms")
    right.set_yscale("log")
    right.set_ylabel("request latency, ms")
    right.legend(fontsize=8, loc="upper left")
    left.set_xticks(xs, [str(x) for x in xs])
    left.set_title(f"Mattermost model: {document['usersHeld']:,} users held, speed-up {document['speedup']}, "
                   f"commit {document.get('commit', '?')}\n{document['limit']}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main():
    results = sys.argv[1]
    tables_only = "--tables-only" in sys.argv[2:]
    plt = None
    if not tables_only:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    wrote = []
    out = lambda name: os.path.join(results, name)
    fanout = load(results, "fanout.json")
    if fanout:
        shapes = fanout_medians(fanout)
        fanout_tables(shapes, fanout["commit"])
        if plt:
            fanout_latency_png(plt, shapes, fanout["commit"], out("fanout-latency.png"))
            wrote.append("fanout-latency.png")
            if fanout_throughput_png(plt, shapes, fanout["commit"], out("fanout-throughput.png")):
                wrote.append("fanout-throughput.png")
    idle = load(results, "idle.json")
    if idle:
        rows = idle_rows(idle)
        idle_table(rows, idle["commit"])
        if plt:
            idle_png(plt, rows, idle["commit"], out("idle-bytes.png"))
            wrote.append("idle-bytes.png")
    for path in sorted(glob.glob(out("mattermost*.json"))):
        name = os.path.basename(path)[:-len(".json")]
        document = load(results, os.path.basename(path))
        mattermost_table(document, name)
        if plt:
            mattermost_png(plt, document, out(f"{name}-ramp.png"))
            wrote.append(f"{name}-ramp.png")
    for name in wrote:
        print(f"wrote {out(name)}", file=sys.stderr)


if __name__ == "__main__":
    main()
