#!/usr/bin/env bash
# Runs the dispatch benchmarks of bench/ (hoop, hoop with
# middleware.Defaults and hoop with SkipPathValues beside httprouter, chi,
# gorilla/mux, echo, gin, net/http.ServeMux and a naive regexp2 list)
# COUNT times and prints benchstat tables, routers as columns.
#   scripts/bench.sh                        # everything, COUNT=6, BENCHTIME=500ms
#   BENCH='All/set=github' COUNT=10 scripts/bench.sh
#   BENCH='Pairs' COUNT=3 BENCHTIME=200ms scripts/bench.sh   # issue 11's ratios
#   OUT=bench.txt scripts/bench.sh          # keep the raw output
# Everything takes about 35 minutes on 2 cores. CI runs only a smoke run
# (-benchtime=1x), never this.
set -euo pipefail
cd "$(dirname "$0")/../bench"
count="${COUNT:-6}"
benchtime="${BENCHTIME:-500ms}"
filter="${BENCH:-.}"
out="${OUT:-$(mktemp)}"
benchstat=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
# COUNT rounds of -count=1 rather than one -count=COUNT run: each round
# measures every router in turn, so that a noisy minute on a shared
# machine spreads over all of them instead of landing on one.
: >"$out"
go test -c -o "$out.test" .
trap 'rm -f "$out.test"' EXIT
for round in $(seq "$count"); do
  echo "--- round $round of $count" >&2
  "$out.test" -test.run '^$' -test.bench "$filter" -test.benchmem -test.benchtime "$benchtime" -test.timeout 120m | tee -a "$out"
done
echo
go run "$benchstat" -col /router "$out"
