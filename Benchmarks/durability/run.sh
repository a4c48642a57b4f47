#!/usr/bin/env bash
# The durability engine's benchmarks (reported, not asserted). Builds DurabilityBench in release mode and runs it
# in a work directory next to this script (so the engine and the raw fdatasync loop use the same disk), printing
# tables and writing results/durability.json.
#
#   Benchmarks/durability/run.sh                 # the full run: ~2 minutes on 2 cores
#   Benchmarks/durability/run.sh --quick         # a smoke run: short and small
#   Benchmarks/durability/run.sh --profile       # also perf-record the two cases furthest from their goal
#   Benchmarks/durability/run.sh -- --seconds 5  # anything after -- goes to DurabilityBench
set -euo pipefail
cd "$(dirname "$0")"
quick=0; profile=0; extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --profile) profile=1 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "unknown option $1" >&2; exit 64 ;;
  esac
  shift
done
# DurabilityBench is a target of the one Benchmarks package (Benchmarks/Package.swift).
(cd .. && swift build -c release --product DurabilityBench >&2)
bin=../.build/release/DurabilityBench
work="$PWD/.work"
mkdir -p "$work" results
trap 'rm -rf "$work"' EXIT
if [ "$quick" = 1 ]; then
  "$bin" --dir "$work" --out results/durability-quick.json --seconds 0.3 --writers 1,8 --payload-bytes 100,1000 \
    --replay-records 200000 --snapshot-records 100000 ${extra[@]+"${extra[@]}"}
elif [ "$profile" = 0 ]; then
  "$bin" --dir "$work" --out results/durability.json ${extra[@]+"${extra[@]}"}
fi
if [ "$profile" = 1 ]; then
  # Where the time goes in the cases furthest from the 0.8x goal: CPU samples of the engine alone (no raw loop in
  # the process), demangled, hottest symbols first, after the case's own result line.
  for case in "durable 64 1000" "relaxed 1 100"; do
    set -- $case
    out="results/profile-append-$1-$2w-$3b.txt"
    perf record -q -e cpu-clock -F 2000 -g -o "$work/perf.data" -- "$bin" --dir "$work" --out "$work/p.json" \
      --suites append --raw no --repeat 1 --policies "$1" --writers "$2" --payload-bytes "$3" --seconds 3 > "$out"
    perf report -i "$work/perf.data" --no-children --stdio --percent-limit 0.7 -g none --sort dso,symbol 2>/dev/null \
      | grep -v '^$' | swift demangle --simplified | sed 's/ *- *- *$//; s/ *$//' >> "$out"
    echo "wrote $out"
  done
fi
