#!/usr/bin/env python3
"""Draws results/http-ping.png from results/http-ping.json: throughput and latency against connections, Parley
(io_uring, epoll) beside nginx. Needs matplotlib (run.sh installs it into Benchmarks/.venv)."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

results = sys.argv[1]
with open(os.path.join(results, "http-ping.json")) as f:
    data = json.load(f)
medians = data["medians"]
info = data["machine"]
styles = {"nginx": ("#555555", "nginx 1.22 (2 workers)"),
          "parley-uring": ("#d62728", "Parley, io_uring (2 loops)"),
          "parley-epoll": ("#1f77b4", "Parley, epoll (2 loops)")}

fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.8))
for target, (color, label) in styles.items():
    if target not in medians:
        continue
    cs = sorted(medians[target], key=int)
    xs = [int(c) for c in cs]
    left.plot(xs, [medians[target][c]["req_per_s"] / 1000 for c in cs], "o-", color=color, label=label)
    right.plot(xs, [medians[target][c]["p50_us"] / 1000 for c in cs], "o-", color=color, label=f"{label} p50")
    right.plot(xs, [medians[target][c]["p99_us"] / 1000 for c in cs], "s--", color=color, label=f"{label} p99")
connections = sorted({int(c) for m in medians.values() for c in m})
for ax in (left, right):
    ax.set_xscale("log", base=2)
    ax.set_xticks(connections, [str(c) for c in connections])
    ax.minorticks_off()
    ax.set_xlabel("keep-alive connections (wrk -t2)")
    ax.grid(True, which="both", alpha=0.3)
left.set_ylabel("thousand requests/s (median)")
left.set_ylim(bottom=0)
left.set_title("GET /api/v4/system/ping throughput")
right.set_yscale("log")
right.set_ylabel("latency, ms (median of rounds)")
right.set_title("latency p50 (solid) and p99 (dashed)")
left.legend(fontsize=8)
right.legend(fontsize=7, ncol=1)
fig.suptitle(f"{info['date'][:10]}: {info['cores']} cores shared by wrk and the server, {info['cpu']}", fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(results, "http-ping.png"), dpi=110)
print(f"wrote {os.path.join(results, 'http-ping.png')}")
