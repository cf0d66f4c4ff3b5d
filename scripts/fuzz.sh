#!/usr/bin/env bash
# Runs every fuzz target for FUZZTIME each (default 5m). CI runs it with
# a short FUZZTIME; run it longer by hand:  FUZZTIME=30m scripts/fuzz.sh
# A crasher is written to the package's testdata/fuzz: commit it.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-5m}"
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "fuzz $pkg $target ($fuzztime)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime "${FUZZMINIMIZETIME:-2s}" "$pkg"
  done
done
