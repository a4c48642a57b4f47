#!/usr/bin/env python3
"""Turns run.sh's raw runs into Benchmarks/results/*.json and the printed table. Standard library only.

usage: summarize.py http|parser|ws|table WORK_DIR RESULTS_DIR
"""
import json
import os
import statistics
import sys


def load_lines(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def write(path, document):
    with open(path, "w") as f:
        json.dump(document, f, indent=2)
        f.write("\n")


def machine(work):
    with open(os.path.join(work, "machine.json")) as f:
        return json.load(f)


def http(work, results):
    runs = load_lines(os.path.join(work, "http-runs.jsonl"))
    medians = {}
    for target in sorted({r["target"] for r in runs}):
        medians[target] = {}
        for c in sorted({r["connections"] for r in runs}):
            rs = [r["wrk"] for r in runs if r["target"] == target and r["connections"] == c]
            if not rs:
                continue
            medians[target][str(c)] = {
                "req_per_s": round(statistics.median(r["req_per_s"] for r in rs)),
                "p50_us": statistics.median(r["latency_us"]["p50"] for r in rs),
                "p99_us": statistics.median(r["latency_us"]["p99"] for r in rs),
                "errors": sum(sum(r["errors"].values()) for r in rs),
                "rounds": len(rs),
            }
    ratios = {
        t: {c: round(m["req_per_s"] / medians["nginx"][c]["req_per_s"], 3) for c, m in medians[t].items()}
        for t in medians if t != "nginx"
    }
    write(os.path.join(results, "http-ping.json"), {
        "benchmark": "http_ping",
        "what": "GET /api/v4/system/ping, keep-alive, wrk -t2; medians over rounds, targets alternating",
        "goal": "parley req/s >= 1.0x nginx",
        "machine": machine(work),
        "medians": medians,
        "ratios_vs_nginx": ratios,
        "runs": runs,
    })


def parser(work, results):
    with open(os.path.join(work, "parser.json")) as f:
        document = json.load(f)
    document["machine"] = machine(work)
    write(os.path.join(results, "parser.json"), document)


def ws(work, results):
    runs = load_lines(os.path.join(work, "ws-runs.jsonl"))
    medians = {}
    for target in sorted({r["target"] for r in runs}):
        rs = [r for r in runs if r["target"] == target]
        medians[target] = {
            "messages_per_s": round(statistics.median(r["messages_per_s"] for r in rs)),
            "failures": sum(r["failures"] for r in rs),
            "rounds": len(rs),
        }
    raw = medians.get("raw", {}).get("messages_per_s")
    ratios = {t: round(m["messages_per_s"] / raw, 3) for t, m in medians.items() if t != "raw" and raw}
    first = runs[0]
    write(os.path.join(results, "ws-echo.json"), {
        "benchmark": "ws_echo",
        "what": f"{first['connections']} connections x {first['inflight']} masked {first['payload_bytes']}-byte "
                "text frames in flight; Parley's NetServer in-process vs a raw TCP echo (epoll, 2 threads)",
        "machine": machine(work),
        "medians": medians,
        "ratios_vs_raw": ratios,
        "runs": runs,
    })


def table(work, results):
    def load(name):
        path = os.path.join(results, name)
        if not os.path.exists(path):
            return None
        with open(path) as f:
            return json.load(f)

    rows = []
    info = machine(work)
    h = load("http-ping.json")
    if h:
        m = h["medians"]
        for c in sorted(m["nginx"], key=int):
            n = m["nginx"][c]
            rows.append((f"HTTP ping c{c}: nginx", f"{n['req_per_s']:,} req/s",
                         f"p50 {n['p50_us'] / 1000:.2f} ms, p99 {n['p99_us'] / 1000:.2f} ms", ""))
            for t in ("parley-uring", "parley-epoll"):
                if c in m.get(t, {}):
                    p = m[t][c]
                    rows.append((f"HTTP ping c{c}: {t}", f"{p['req_per_s']:,} req/s",
                                 f"p50 {p['p50_us'] / 1000:.2f} ms, p99 {p['p99_us'] / 1000:.2f} ms",
                                 f"{h['ratios_vs_nginx'][t][c]:.2f}x nginx"))
    p = load("parser.json")
    if p:
        for f in p["figures"]:
            alloc = "n/a" if f["allocations_per_op"] is None else f"{f['allocations_per_op']:g} allocs/op"
            rows.append((f"parser {f['name']}", f"{f['mb_per_s']:,.0f} MB/s",
                         f"{f['ns_per_op']:,.0f} ns/op, {f['ops_per_s']:,} ops/s", alloc))
    w = load("ws-echo.json")
    if w:
        for t, m in w["medians"].items():
            ratio = f"{w['ratios_vs_raw'][t]:.2f}x raw" if t in w["ratios_vs_raw"] else ""
            rows.append((f"WS echo {t}", f"{m['messages_per_s']:,} msg/s", w["what"].split(";")[0], ratio))
    header = ("benchmark", "figure", "detail", "ratio")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(4)]
    runs = ", ".join(f"{name} {d['machine']['date']} (commit {d['machine']['commit']})"
                     for name, d in (("http", h), ("parser", p), ("ws", w)) if d)
    lines = [f"Parley benchmarks on {info['cpu']} x{info['cores']}, Linux {info['kernel']}: {runs}", ""]
    lines.append("| " + " | ".join(header[i].ljust(widths[i]) for i in range(4)) + " |")
    lines.append("|" + "|".join("-" * (widths[i] + 2) for i in range(4)) + "|")
    for r in rows:
        lines.append("| " + " | ".join(str(r[i]).ljust(widths[i]) for i in range(4)) + " |")
    text = "\n".join(lines) + "\n"
    with open(os.path.join(results, "table.md"), "w") as f:
        f.write(text)
    write(os.path.join(results, "summary.json"), {
        "machine": info,
        "http_ratios_vs_nginx": h and h["ratios_vs_nginx"],
        "parser": p and {f["name"]: {"mb_per_s": f["mb_per_s"], "allocations_per_op": f["allocations_per_op"]}
                         for f in p["figures"]},
        "ws_echo": w and {"medians": w["medians"], "ratios_vs_raw": w["ratios_vs_raw"]},
    })
    print(text)


if __name__ == "__main__":
    mode, work, results = sys.argv[1:4]
    {"http": http, "parser": parser, "ws": ws, "table": table}[mode](work, results)
