#!/usr/bin/env bash
# End to end, on loopback: Debian's wrk against "hello world with a kwarg"
# (GET /hello/<name>/, bench/cmd/e2e) served by each of MODES in turn:
#   nethttp        a bare net/http handler that cuts the name out itself
#   hoop           hoop's dispatcher, debug off
#   hoop-defaults  hoop with middleware.Defaults as its middleware
#   hoop-skippv    hoop with dispatcher.Options.SkipPathValues
#   chi            chi
# ROUNDS interleaved rounds (default 3), each measuring every mode for
# DURATION (default 10s, after a 2s warm-up), the order rotated from one
# round to the next, so that all modes see the same machine. Prints each
# mode's rounds and median requests per second, and the server's CPU time
# per request (user+system, from /proc, over the measured run: on a
# machine shared with other work it moves much less than req/s), then
# each mode against nethttp and the hoop modes against chi.
#   scripts/wrk.sh
#   DURATION=30s ROUNDS=5 scripts/wrk.sh
#   MODES='nethttp hoop' CONNECTIONS=64 scripts/wrk.sh
#   VERBOSE=1 scripts/wrk.sh        # every wrk report, latency included
set -euo pipefail
cd "$(dirname "$0")/../bench"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-3}"
conns="${CONNECTIONS:-50}"
threads="${THREADS:-1}"
port="${PORT:-18088}"
read -r -a modes <<<"${MODES:-nethttp hoop hoop-defaults chi}"
if ! command -v wrk >/dev/null; then
  echo "wrk is not installed: apt-get install -y wrk" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
dir=$(mktemp -d)
bin=$dir/e2e
trap 'rm -rf "$dir"' EXIT
go build -o "$bin" ./cmd/e2e

cputicks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user+system, in clock ticks

rps() { # mode -> "requests/s server-CPU-µs/request"; runs in a subshell: $(rps mode)
  "$bin" -mode "$1" -addr "127.0.0.1:$port" & pid=$!
  trap 'kill "$pid" 2>/dev/null || true' EXIT # this runs in a subshell
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/hello/bob/" >/dev/null && break; sleep 0.1; done
  [ "$(curl -s "http://127.0.0.1:$port/hello/bob/")" = "Hello, bob!" ] || { echo "$1: wrong answer" >&2; exit 1; }
  timeout 10 wrk -t"$threads" -c"$conns" -d2s "http://127.0.0.1:$port/hello/bob/" >/dev/null
  local t0 t1 out
  t0=$(cputicks "$pid")
  out=$(timeout 120 wrk -t"$threads" -c"$conns" -d"$duration" --latency "http://127.0.0.1:$port/hello/bob/")
  t1=$(cputicks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ -n "${VERBOSE:-}" ]; then echo "$out" >&2; fi
  echo "$out" | awk -v m="$1" -v ticks=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" '
    /requests in/ {n = $1} /Requests\/sec/ {r = $2} /^ +99%/ {p = $2}
    END {c = n ? ticks * 1e6 / hz / n : 0
         printf "    %-14s %10.0f req/s, server CPU %6.1f µs/req, p99 %s\n", m, r, c, p > "/dev/stderr"
         print r, c}'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
declare -A got cpu
n=${#modes[@]}
for round in $(seq "$rounds"); do
  echo "--- round $round of $rounds" >&2
  for k in $(seq 0 $((n - 1))); do
    m=${modes[$(((round - 1 + k) % n))]}
    read -r r c <<<"$(rps "$m")"
    got[$m]="${got[$m]:-} $r" cpu[$m]="${cpu[$m]:-} $c"
  done
done
declare -A med medcpu
for m in "${modes[@]}"; do
  med[$m]=$(printf '%s\n' ${got[$m]} | median)
  medcpu[$m]=$(printf '%s\n' ${cpu[$m]} | median)
  printf '%-14s req/s:%s  median %.0f;  server CPU µs/req:%s  median %.1f\n' "$m" "${got[$m]}" "${med[$m]}" "${cpu[$m]}" "${medcpu[$m]}"
done
ratio() { # label a b: a's share of b, by req/s and by CPU per request
  awk -v l="$1" -v a="${med[$2]}" -v b="${med[$3]}" -v ca="${medcpu[$2]}" -v cb="${medcpu[$3]}" \
    'BEGIN { printf "%-22s req/s %5.1f%%   CPU/req %5.2fx\n", l, 100 * a / b, ca / cb }'
}
if [ -n "${med[nethttp]:-}" ]; then
  for m in "${modes[@]}"; do
    [ "$m" = nethttp ] || ratio "$m/nethttp" "$m" nethttp
  done
fi
if [ -n "${med[chi]:-}" ]; then
  for m in hoop hoop-defaults hoop-skippv; do
    [ -z "${med[$m]:-}" ] || ratio "$m/chi" "$m" chi
  done
fi
