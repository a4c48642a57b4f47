# Shared by the parley-load scenario scripts (fanout.sh, mattermost.sh); sourced after they set HERE, ROOT, PARLEY,
# LOAD and WORK. It removes WORK on exit, stops the parley-load it runs in the foreground with TERM (parley-load
# then stops the servers it started, by pid) and builds what is missing.
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
