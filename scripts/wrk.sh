#!/usr/bin/env bash
# End to end, on loopback: Debian's wrk against "hello world with a kwarg"
# (GET /hello/<name>/) served by hoop's dispatcher and by a bare net/http
# handler, in ROUNDS alternating rounds (default 3) of DURATION each
# (default 10s, after a 2s warm-up), so that both see the same machine.
# Prints the median requests per second of both, and hoop's share.
#   DURATION=30s CONNECTIONS=64 ROUNDS=5 scripts/wrk.sh
set -euo pipefail
cd "$(dirname "$0")/../bench"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
conns="${CONNECTIONS:-50}"
threads="${THREADS:-1}"
port="${PORT:-18088}"
if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: apt-get install -y wrk" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
bin=$(mktemp -d)/e2e
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/e2e

rps() { # mode -> requests/s
  "$bin" -mode "$1" -addr "127.0.0.1:$port" & local pid=$!
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/hello/bob/" >/dev/null && break; sleep 0.1; done
  [ "$(curl -s "http://127.0.0.1:$port/hello/bob/")" = "Hello, bob!" ] || { kill "$pid"; echo "$1: wrong answer" >&2; exit 1; }
  timeout 10 wrk -t"$threads" -c"$conns" -d2s "http://127.0.0.1:$port/hello/bob/" >/dev/null
  local out; out=$(timeout 120 wrk -t"$threads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port/hello/bob/")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$out" >&2
  echo "$out" | awk '/Requests\/sec/ {print $2}'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
hoop=() raw=()
for round in $(seq "$rounds"); do
  echo "--- round $round: hoop" >&2;     hoop+=("$(rps hoop)")
  echo "--- round $round: net/http" >&2; raw+=("$(rps nethttp)")
done
h=$(printf '%s\n' "${hoop[@]}" | median)
n=$(printf '%s\n' "${raw[@]}" | median)
echo "hoop rounds: ${hoop[*]}"
echo "net/http rounds: ${raw[*]}"
awk -v h="$h" -v n="$n" 'BEGIN { printf "median: hoop %.0f req/s, net/http %.0f req/s, hoop/net/http = %.1f%%\n", h, n, 100 * h / n }'
