# Shared by the parley-load scenario scripts (fanout.sh, mattermost.sh, idle.sh); sourced after they set HERE (their
# folder) and WORK (a fresh temporary folder). It sets ROOT, RESULTS (BENCH_RESULTS or results/), PARLEY (PARLEY_BIN
# or the release build) and LOAD (the release parley-load), removes WORK on exit, stops the parley-load it runs in the
# foreground with TERM (parley-load then stops the servers it started, by pid) and builds what is missing.
ROOT=$(dirname "$HERE")
RESULTS=${BENCH_RESULTS:-$HERE/results}
PARLEY=${PARLEY_BIN:-$ROOT/.build/release/parley}
LOAD=$HERE/.build/release/parley-load
FG_PID=""
cleanup() {
    if [ -n "$FG_PID" ]; then
        kill -TERM "$FG_PID" 2>/dev/null || true
        wait "$FG_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Builds parley (only when missing) and parley-load (always: it is quick when nothing changed), release.
load_build() {
    if [ ! -x "$PARLEY" ]; then
        log "building parley (release)"
        (cd "$ROOT" && swift build -c release --product parley >"$WORK/build-parley.log" 2>&1) ||
            { cat "$WORK/build-parley.log" >&2; exit 1; }
    fi
    log "building parley-load (release)"
    (cd "$HERE" && swift build -c release --product parley-load >"$WORK/build-load.log" 2>&1) ||
        { cat "$WORK/build-load.log" >&2; exit 1; }
}

# load_run OUT ERR COMMAND...: runs COMMAND with stdout to OUT and stderr to ERR, so a signal reaches it through
# cleanup; returns its exit status.
load_run() {
    local out=$1 err=$2
    shift 2
    "$@" >"$out" 2>"$err" &
    FG_PID=$!
    local rc=0
    wait "$FG_PID" || rc=$?
    FG_PID=""
    return "$rc"
}

# load_need_peers SCRIPT PEER: exits unless the servers of --peer PEER (redis, nats, both or none) are installed where
# parley-load looks for them (/usr/bin/redis-server, /usr/sbin/nats-server) or on PATH.
load_need_peers() {
    local script=$1 binaries
    case $2 in
        both) binaries="redis-server nats-server" ;;
        redis) binaries="redis-server" ;;
        nats) binaries="nats-server" ;;
        *) binaries="" ;;
    esac
    for binary in $binaries; do
        command -v "$binary" >/dev/null 2>&1 || [ -x "/usr/sbin/$binary" ] || [ -x "/usr/bin/$binary" ] ||
            { echo "$script: missing $binary (Debian: apt-get install -y $binary)" >&2; exit 1; }
    done
}
