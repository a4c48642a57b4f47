#!/usr/bin/env bash
# Runs Parley's benchmarks side by side with their peers and writes Benchmarks/results/:
#   http-ping.json  GET /api/v4/system/ping, Parley (io_uring and epoll) against nginx, wrk, medians of rounds
#   parser.json     HTTP request and WebSocket frame parser: MB/s and allocations per request/frame
#   ws-echo.json    WebSocket echo messages/s, Parley's network layer against a raw TCP echo
#   post-memory.json  bytes per post with 10M posts in ChannelStates, against Redis holding the same posts
#   fanout.json     posts fanned out to WebSocket subscribers, against Redis pub/sub and NATS (fanout.sh, parley-load)
#   idle.json       idle connections held, bytes per connection against Redis and NATS (idle.sh; connect-storm.json too
#                   unless IDLE_ONLY leaves the storms out)
#   mattermost.json the Mattermost load model's ramp: users held while healthy (mattermost.sh)
#   summary.json, table.md; load-tables.md (plot_load.py's tables of the three above); and when matplotlib can be
#                   had http-ping.png (plot.py), fanout-latency.png, fanout-throughput.png, idle-bytes.png,
#                   mattermost-ramp.png (plot_load.py)
# Called by `make bench` after `swift build -c release` (with BENCH_RESULTS=results/<date>/ and sizes that fit in about
# 15 minutes: see the Makefile) and by `make bench-long` (BENCH_ONLY=mattermost). Only loopback is used; every run is bounded in time;
# every process started here is stopped on exit.
#
# Knobs (environment): BENCH_SECONDS (wrk duration, 10), BENCH_ROUNDS (3), BENCH_CONNECTIONS ("16 64 256 1024"),
# BENCH_WS_SECONDS (5), BENCH_ONLY (any of "http parser ws posts fanout idle mattermost", all by default), BENCH_PLOT (1), BENCH_PROFILE
# (auto: profile Parley under wrk when it is below nginx; 1 always; 0 never), BENCH_RESULTS (results/), PARLEY_BIN,
# POSTS (10000000: posts the memory benchmark stores; about 10 GiB (itself and Redis) and 4 minutes at that size).
# The scenario scripts' own knobs (FANOUT_*, IDLE_*, MM_*) pass through the environment to them.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS:-$HERE/results}
PARLEY=${PARLEY_BIN:-$ROOT/.build/release/parley}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
ROUNDS=${BENCH_ROUNDS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-"16 64 256 1024"}
WS_SECONDS=${BENCH_WS_SECONDS:-5}
ONLY=${BENCH_ONLY:-"http parser ws posts fanout idle mattermost"}
PLOT=${BENCH_PLOT:-1}
PROFILE=${BENCH_PROFILE:-auto}
PING=/api/v4/system/ping

WORK=$(mktemp -d /tmp/parley-bench.XXXXXX)
PIDS=()     # servers, alive for the whole run
FG_PID=""   # the load generator or benchmark running now, if any

# Runs a command as a child and waits for it, so that a signal to this script is handled at once (bash runs
# traps only between foreground commands) and the cleanup can stop it.
foreground() {
    "$@" &
    FG_PID=$!
    local rc=0
    wait "$FG_PID" || rc=$?
    FG_PID=""
    return "$rc"
}

# Stops what this script started: TERM first (Parley drains, nginx quits), KILL whatever is left after 5 s.
cleanup() {
    local pid
    [ -n "$FG_PID" ] && PIDS+=("$FG_PID")
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 50); do
        local alive=0
        for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 0 ] && break
        sleep 0.1
    done
    for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

want() { [[ " $ONLY " == *" $1 "* ]]; }
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

require() {
    local missing=""
    for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
    if [ -n "$missing" ]; then
        echo "run.sh: missing$missing (Debian: apt-get install -y wrk nginx-light gcc python3)" >&2
        exit 1
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits until something accepts on 127.0.0.1:$1, for at most 10 s.
wait_port() {
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    echo "run.sh: nothing listens on port $1" >&2
    return 1
}

http_get() {
    python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"
}

# start_parley DRIVER: starts `parley serve` on a free loopback port; sets PARLEY_PORT and PARLEY_PID.
start_parley() {
    local driver=$1 out=$WORK/parley-$1.out
    : >"$out"  # exists before the child opens it, so polling it below cannot race the fork
    PARLEY_IO=$driver "$PARLEY" serve --host 127.0.0.1 --port 0 --data-dir "$WORK/data-$driver" \
        >"$out" 2>"$WORK/parley-$driver.err" &
    PARLEY_PID=$!
    PIDS+=("$PARLEY_PID")
    for _ in $(seq 100); do
        PARLEY_PORT=$(sed -n '1s/^listening 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$out")
        [ -n "$PARLEY_PORT" ] && break
        sleep 0.1
    done
    [ -n "$PARLEY_PORT" ] || { echo "run.sh: parley ($driver) did not start:" >&2; cat "$WORK/parley-$driver.err" >&2; exit 1; }
    grep -q "driver=$( [ "$driver" = uring ] && echo io_uring || echo epoll)" "$out" "$WORK/parley-$driver.err" ||
        { echo "run.sh: parley did not run on $driver" >&2; cat "$out" "$WORK/parley-$driver.err" >&2; exit 1; }
}

# start_nginx BODY: nginx with as many workers as Parley has loops, answering the ping with Parley's exact body.
start_nginx() {
    local body=$1 dir=$WORK/nginx
    NGINX_PORT=$(free_port)
    mkdir -p "$dir"
    cat >"$dir/nginx.conf" <<EOF
worker_processes 2;
worker_rlimit_nofile 8192;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    keepalive_requests 100000000;
    keepalive_timeout 75s;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location = $PING {
            default_type application/json;
            return 200 '$body';
        }
    }
}
EOF
    nginx -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    wait_port "$NGINX_PORT"
}

machine_info() {
    python3 - "$ROOT" >"$WORK/machine.json" <<'EOF'
import json, os, platform, subprocess, sys, datetime
def run(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        return (r.stdout + r.stderr).strip().splitlines()[0] if (r.stdout + r.stderr).strip() else ""
    except Exception:
        return ""
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "")
print(json.dumps({
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
    "commit": run("git", "-C", sys.argv[1], "rev-parse", "--short", "HEAD"),
    "swift": run("swift", "--version"), "nginx": run("nginx", "-v"), "wrk": run("wrk", "-v"),
}))
EOF
}

# One wrk run; appends {"target","connections","round","wrk":{...}} to http-runs.jsonl.
wrk_run() {
    local target=$1 port=$2 connections=$3 round=$4 seconds=$5
    local out=$WORK/wrk-$target-$connections-$round.txt
    foreground wrk -t2 -c"$connections" -d"${seconds}s" -s "$HERE/http/report.lua" "http://127.0.0.1:$port$PING" >"$out"
    [ "$round" = warmup ] && return 0
    local json
    json=$(sed -n 's/^JSON //p' "$out")
    [ -n "$json" ] || { echo "run.sh: wrk printed no report:" >&2; cat "$out" >&2; exit 1; }
    printf '{"target":"%s","connections":%d,"round":%d,"wrk":%s}\n' "$target" "$connections" "$round" "$json" \
        >>"$WORK/http-runs.jsonl"
}

bench_http() {
    require wrk nginx python3
    [ -x "$PARLEY" ] || { echo "run.sh: $PARLEY missing; run swift build -c release first" >&2; exit 1; }
    start_parley uring; local uring=$PARLEY_PORT uring_pid=$PARLEY_PID
    start_parley epoll; local epoll=$PARLEY_PORT
    local body
    body=$(http_get "http://127.0.0.1:$uring$PING")
    start_nginx "$body"
    [ "$(http_get "http://127.0.0.1:$NGINX_PORT$PING")" = "$body" ] || { echo "run.sh: nginx body differs" >&2; exit 1; }
    [ "$(http_get "http://127.0.0.1:$epoll$PING")" = "$body" ] || { echo "run.sh: parley epoll body differs" >&2; exit 1; }
    declare -A ports=([nginx]=$NGINX_PORT [parley-uring]=$uring [parley-epoll]=$epoll)
    for target in nginx parley-uring parley-epoll; do
        wrk_run "$target" "${ports[$target]}" 64 warmup 2
    done
    # Targets alternate inside each round, so a neighbour's load spreads over all of them instead of one.
    for round in $(seq "$ROUNDS"); do
        for connections in $CONNECTIONS; do
            for target in nginx parley-uring parley-epoll; do
                log "http round $round/$ROUNDS: $target, $connections connections, ${SECONDS_PER_RUN}s"
                wrk_run "$target" "${ports[$target]}" "$connections" "$round" "$SECONDS_PER_RUN"
            done
        done
    done
    python3 "$HERE/summarize.py" http "$WORK" "$RESULTS"
    local below
    below=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(int(any(r < 1.0 for r in d["ratios_vs_nginx"]["parley-uring"].values())))' "$RESULTS/http-ping.json")
    if [ "$PROFILE" = 1 ] || { [ "$PROFILE" = auto ] && [ "$below" = 1 ]; }; then
        profile_http uring "$uring" "$uring_pid"
    fi
}

# perf samples Parley (one process, both loops) under wrk -c64, then nginx's workers the same way for contrast.
# cpu-clock is the only event this kind of VM offers; DWARF call graphs because Swift omits frame pointers.
# Writes results/profile-http-DRIVER.txt: where the time goes (kernel, Swift runtime, Parley) for both servers,
# Parley's top symbols by self time, and its functions by inclusive time.
profile_http() {
    local driver=$1 port=$2 pid=$3 out=$RESULTS/profile-http-$1.txt
    command -v perf >/dev/null 2>&1 || { log "perf missing (apt-get install linux-perf): no profile"; return 0; }
    local workers
    workers=$(pgrep -P "$NGINX_PID" | paste -sd, -)
    log "profiling parley ($driver, pid $pid) and nginx (workers $workers) under wrk -c64"
    local parley_cpu nginx_cpu
    parley_cpu=$(cpu_per_request "$pid" "$port")
    nginx_cpu=$(cpu_per_request "$workers" "$NGINX_PORT")
    profile_one "$pid" "$port" "$WORK/perf-parley.data" "$WORK/wrk-profile-parley.txt" --call-graph dwarf,16384 || return 0
    profile_one "$workers" "$NGINX_PORT" "$WORK/perf-nginx.data" "$WORK/wrk-profile-nginx.txt" || return 0
    local demangle=cat
    command -v swift >/dev/null 2>&1 && demangle="swift demangle --simplified"
    local clean=(grep -v -e '^#' -e '^$')
    {
        echo "perf record -e cpu-clock during wrk -t2 -c64 $PING; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "parley ($driver): $(grep Requests/sec "$WORK/wrk-profile-parley.txt")"
        echo "nginx:          $(grep Requests/sec "$WORK/wrk-profile-nginx.txt")"
        echo "(perf's DWARF unwinding slows Parley while it samples; the CPU costs below come from a run without perf)"
        echo; echo "== CPU time per request, from /proc/PID/stat over 6 s of wrk -c64 without perf =="
        echo "parley ($driver): $parley_cpu"
        echo "nginx:          $nginx_cpu"
        echo; echo "== parley: samples by object =="
        perf report -i "$WORK/perf-parley.data" --no-children --sort dso --stdio -g none 2>/dev/null | "${clean[@]}"
        echo; echo "== nginx workers: samples by object =="
        perf report -i "$WORK/perf-nginx.data" --no-children --sort dso --stdio -g none 2>/dev/null | "${clean[@]}"
        echo; echo "== parley: top symbols by self time =="
        perf report -i "$WORK/perf-parley.data" --no-children --sort symbol --stdio -g none --percent-limit 0.6 \
            2>/dev/null | "${clean[@]}" | $demangle
        echo; echo "== parley: user-space functions by inclusive time (children) =="
        perf report -i "$WORK/perf-parley.data" --children --sort symbol --stdio -g none --percent-limit 1.5 \
            2>/dev/null | "${clean[@]}" | grep -F '[.]' | $demangle
    } | sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//' | cut -c1-220 >"$out"
    log "profile: $out"
}

# cpu_per_request PIDS PORT: user and system CPU microseconds per request the server(s) spent under wrk -c64.
cpu_per_request() {
    local pids=$1 port=$2 before after
    before=$(cpu_ticks "$pids")
    foreground wrk -t2 -c64 -d6s "http://127.0.0.1:$port$PING" >"$WORK/wrk-cpu.txt"
    after=$(cpu_ticks "$pids")
    python3 - "$before" "$after" "$(awk '/requests in/ {print $1}' "$WORK/wrk-cpu.txt")" "$(getconf CLK_TCK)" <<'EOF'
import sys
(u0, s0), (u1, s1) = (map(int, a.split()) for a in sys.argv[1:3])
requests, hz = int(sys.argv[3]), int(sys.argv[4])
us = lambda ticks: ticks * 1e6 / hz / requests
print(f"{us(u1 - u0):.2f} us user + {us(s1 - s0):.2f} us system = {us(u1 - u0 + s1 - s0):.2f} us "
      f"({requests} requests)")
EOF
}

# cpu_ticks PIDS: "utime stime" summed over the comma-separated processes (all their threads), in clock ticks.
cpu_ticks() {
    local pid user=0 system=0 fields
    for pid in ${1//,/ }; do
        fields=$(sed 's/^.*) //' "/proc/$pid/stat")
        user=$((user + $(echo "$fields" | awk '{print $12}')))
        system=$((system + $(echo "$fields" | awk '{print $13}')))
    done
    echo "$user $system"
}

# profile_one PIDS PORT DATA WRK_OUT [perf options]: 8 s of samples in the middle of a 12 s wrk run.
profile_one() {
    local pids=$1 port=$2 data=$3 wrk_out=$4
    shift 4
    wrk -t2 -c64 -d12s "http://127.0.0.1:$port$PING" >"$wrk_out" &
    FG_PID=$!
    local wrk_pid=$FG_PID rc=0
    sleep 1
    perf record -e cpu-clock -F 1000 "$@" -p "$pids" -o "$data" -- sleep 8 >/dev/null 2>&1 || rc=$?
    wait "$wrk_pid" || true
    FG_PID=""
    [ "$rc" = 0 ] || log "perf record failed (perf_event_paranoid?): no profile"
    return "$rc"
}

bench_parser() {
    log "parser: building and running Benchmarks/ParserBench"
    (cd "$HERE" && swift build -c release --product ParserBench >"$WORK/build-parser.log" 2>&1) ||
        { cat "$WORK/build-parser.log" >&2; exit 1; }
    foreground "$HERE/.build/release/ParserBench" >"$WORK/parser.json"
    python3 "$HERE/summarize.py" parser "$WORK" "$RESULTS"
}

bench_ws() {
    require gcc python3
    log "ws: building Benchmarks/WSEchoBench and the raw echo peer"
    (cd "$HERE" && swift build -c release --product WSEchoBench >"$WORK/build-ws.log" 2>&1) ||
        { cat "$WORK/build-ws.log" >&2; exit 1; }
    gcc -O2 -pthread -o "$WORK/raw_echo" "$HERE/Peers/raw_echo.c"
    : >"$WORK/raw_echo.out"
    "$WORK/raw_echo" 2 >"$WORK/raw_echo.out" &
    PIDS+=($!)
    local raw_port=""
    for _ in $(seq 50); do
        raw_port=$(sed -n 's/^listening 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$WORK/raw_echo.out")
        [ -n "$raw_port" ] && break
        sleep 0.1
    done
    [ -n "$raw_port" ] || { echo "run.sh: raw_echo did not start" >&2; exit 1; }
    for round in $(seq "$ROUNDS"); do
        for target in raw uring epoll; do
            log "ws round $round/$ROUNDS: $target, ${WS_SECONDS}s"
            # The benchmark starts Parley in its own process; its driver comes from --target, not PARLEY_IO.
            foreground env -u PARLEY_IO timeout $((WS_SECONDS + 30)) "$HERE/.build/release/WSEchoBench" \
                --target "$target" --port "$raw_port" --connections 8 --inflight 64 --seconds "$WS_SECONDS" \
                >"$WORK/ws-last.json" || { echo "run.sh: WSEchoBench --target $target failed:" >&2; cat "$WORK/ws-last.json" >&2; exit 1; }
            sed "s/^{/{\"round\":$round,/" "$WORK/ws-last.json" >>"$WORK/ws-runs.jsonl"
        done
    done
    python3 "$HERE/summarize.py" ws "$WORK" "$RESULTS"
}

bench_posts() {
    command -v redis-server >/dev/null 2>&1 ||
        { echo "run.sh: missing redis-server (Debian: apt-get install -y redis-server)" >&2; exit 1; }
    log "posts: building and running Benchmarks/PostMemoryBench (POSTS=${POSTS:-10000000})"
    (cd "$HERE" && swift build -c release --product PostMemoryBench >"$WORK/build-posts.log" 2>&1) ||
        { cat "$WORK/build-posts.log" >&2; exit 1; }
    # The benchmark starts and stops its own redis-server (under setpriv --pdeathsig, so it dies with it).
    foreground env POSTS="${POSTS:-10000000}" POST_MEMORY_JSON="$RESULTS/post-memory.json" TMPDIR="$WORK" \
        timeout 3600 "$HERE/.build/release/PostMemoryBench" >"$WORK/post-memory.txt" ||
        { echo "run.sh: PostMemoryBench failed" >&2; exit 1; }
    cat "$WORK/post-memory.txt" >&2
}

# Draws the PNGs of whatever JSON the results folder holds: plot.py the HTTP figure, plot_load.py the parley-load ones.
plot() {
    [ "$PLOT" = 1 ] || return 0
    local venv=$HERE/.venv
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import matplotlib' 2>/dev/null; then
        log "plot: installing matplotlib into Benchmarks/.venv"
        { python3 -m venv "$venv" && "$venv/bin/pip" install -q matplotlib; } >"$WORK/venv.log" 2>&1 ||
            { log "plot: matplotlib unavailable, no PNG"; python3 "$HERE/plot_load.py" "$RESULTS" --tables-only | tee "$RESULTS/load-tables.md"; return 0; }
    fi
    [ -f "$RESULTS/http-ping.json" ] && "$venv/bin/python" "$HERE/plot.py" "$RESULTS"
    "$venv/bin/python" "$HERE/plot_load.py" "$RESULTS" | tee "$RESULTS/load-tables.md"
}

mkdir -p "$RESULTS"
machine_info
cp "$WORK/machine.json" "$RESULTS/machine.json"
want parser && bench_parser
want ws && bench_ws
want posts && bench_posts
want http && bench_http
want fanout && foreground env BENCH_RESULTS="$RESULTS" PARLEY_BIN="$PARLEY" bash "$HERE/fanout.sh"
want idle && foreground env BENCH_RESULTS="$RESULTS" PARLEY_BIN="$PARLEY" bash "$HERE/idle.sh"
want mattermost && foreground env BENCH_RESULTS="$RESULTS" PARLEY_BIN="$PARLEY" bash "$HERE/mattermost.sh"
plot
python3 "$HERE/summarize.py" table "$WORK" "$RESULTS"
