#!/usr/bin/env bash
# bench/run.sh: measures mobmock against a bare Go net/http server on this
# machine, the way issue 6 specifies: the server pinned to one core, the load
# generator (wrk, one thread, 16 connections) to the other, a warm-up, then a
# fixed duration; one line per endpoint with requests/s, p50, p99, errors,
# the server's RSS and the ratio to the reference server of the same run.
# Then startup to the first 200, RSS over a 60 s load, the wall time of the
# embedded conformance suite, and the Go benchmarks for scale and validation.
#
# Usage: bench/run.sh [SECONDS] [CONNECTIONS]     (defaults: 30 16)
#        ENDPOINTS_ONLY=1 bench/run.sh ...          (the endpoint table only)
# It installs wrk (Debian package) when missing, and stops every process it
# starts by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

DURATION=${1:-30}
CONNS=${2:-16}
WARMUP=5
SERVER_CPU=1
LOAD_CPU=0

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)"
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
if ! command -v taskset >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && apt-get install -y -qq util-linux >/dev/null
fi

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

go build -o "$tmp/mobmock" ./cmd/mobmock
go build -o "$tmp/reference" ./bench/reference
go build -o "$tmp/startup" ./bench/startup

python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
def compact(src, dst):
    json.dump(json.load(open(src)), open(dst, "w"), separators=(",", ":"))
compact("fixtures/documented/mobproc/swap-devices.request.json", tmp + "/confirm.json")
compact("fixtures/documented/mobile/new-line.request.json", tmp + "/activity.json")
cases = [c for f in ["fixtures/cases/mobproc/requests.json"] for c in json.load(open(f))["cases"]]
body = next(c for c in cases if c["name"] == "mobproc/new-activation/confirm")["steps"][0]["request"]["body"]
json.dump(body, open(tmp + "/submit.json", "w"), separators=(",", ":"))
PY

port=18500
# start NAME CMD...: starts a server pinned to SERVER_CPU on a new port and
# waits until it answers.
start() {
  port=$((port + 1))
  taskset -c "$SERVER_CPU" "$@" --addr "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 200); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; then return 0; fi
    sleep 0.05
  done
  echo "server did not start:"; cat "$tmp/server.log"; exit 1
}

stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status"; }

# load SCRIPT PATH [ENV...]: warm-up, then a measured wrk run; prints
# "rps p50 p99 errors".
load() {
  local script=$1 path=$2; shift 2
  env "$@" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "bench/wrk/$script" "http://127.0.0.1:$port$path" >/dev/null
  env "$@" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "bench/wrk/$script" \
    "http://127.0.0.1:$port$path" >"$tmp/wrk.out"
  awk '
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=$2}
    /^ +99%/ {p99=$2}
    /Non-2xx/ {errs+=$NF}
    /Socket errors/ {for (i=3; i<=NF; i++) {gsub(",", "", $i); if ($i ~ /^[0-9]+$/) errs+=$i}}
    END {printf "%s %s %s %d\n", rps, p50, p99, errs+0}
  ' "$tmp/wrk.out"
}

printf '%s, %s s per endpoint after a %s s warm-up, %s connections, server on CPU %s, wrk on CPU %s\n' \
  "$(date -u +%Y-%m-%d)" "$DURATION" "$WARMUP" "$CONNS" "$SERVER_CPU" "$LOAD_CPU"
printf '%-36s %10s %9s %9s %7s %8s %7s\n' "endpoint" "req/s" "p50" "p99" "errors" "RSS MB" "ratio"

declare -A ref
endpoints=(confirm submit get activity)
declare -A script=([confirm]=post.lua [submit]=post.lua [get]=get.lua [activity]=post.lua)
declare -A path=([confirm]="/mobproc/v1/orders?confirm=true" [submit]="/mobproc/v1/orders" [get]="/mobproc/v1/orders/ID" [activity]="/1/activities")
declare -A label=([confirm]="POST /orders?confirm=true (SWAP)" [submit]="POST /orders (submit)" [get]="GET /orders/{id}" [activity]="POST /1/activities (New Line)")
declare -A envs=([confirm]="BODY=$tmp/confirm.json" [submit]="BODY=$tmp/submit.json UNIQUE=1" [get]="" [activity]="BODY=$tmp/activity.json")

for e in "${endpoints[@]}"; do
  start "$tmp/reference"
  read -r rps p50 p99 errs < <(load "${script[$e]}" "${path[$e]/ID/1}" ${envs[$e]})
  ref[$e]=$rps
  printf '%-36s %10s %9s %9s %7s %8s %7s\n' "reference: ${label[$e]}" "$rps" "$p50" "$p99" "$errs" "$(rss)" "1.00"
  stop
  start "$tmp/mobmock" serve --log off
  p="${path[$e]}"
  if [ "$e" = get ]; then
    id=$(curl -s -X POST "http://127.0.0.1:$port/mobproc/v1/orders" -H 'X-TNGO-TENANT: bench' -H 'client_id: bench' \
      -H 'Content-Type: application/json' --data-binary "@$tmp/submit.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["order"]["orderId"])')
    p="${p/ID/$id}"
  fi
  read -r rps p50 p99 errs < <(load "${script[$e]}" "$p" ${envs[$e]})
  ratio=$(awk -v a="$rps" -v b="${ref[$e]}" 'BEGIN {printf "%.2f", a/b}')
  printf '%-36s %10s %9s %9s %7s %8s %7s\n' "mobmock: ${label[$e]}" "$rps" "$p50" "$p99" "$errs" "$(rss)" "$ratio"
  stop
done

if [ -n "${ENDPOINTS_ONLY:-}" ]; then exit 0; fi

echo
# The probe and the server it starts share one core (the child inherits the
# pinning), as a CI job's would.
printf 'reference: '
taskset -c "$SERVER_CPU" "$tmp/startup" -bin "$tmp/reference" -body "$tmp/confirm.json" -runs 10
printf 'mobmock:   '
taskset -c "$SERVER_CPU" "$tmp/startup" -bin "$tmp/mobmock" -body "$tmp/confirm.json" -runs 10

echo
echo "RSS of mobmock under 60 s of confirmations (every 10 s):"
start "$tmp/mobmock" serve --log off
BODY="$tmp/confirm.json" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d60s -s bench/wrk/post.lua \
  "http://127.0.0.1:$port/mobproc/v1/orders?confirm=true" >"$tmp/wrk60.out" &
wrkpid=$!
pids+=("$wrkpid")
samples=""
for _ in 1 2 3 4 5 6; do sleep 10; samples="$samples $(rss)"; done
wait "$wrkpid" || true
echo "  RSS MB:$samples ($(awk '/Requests\/sec/ {print $2}' "$tmp/wrk60.out") req/s)"
stop

echo
echo "The embedded conformance suite (mobmock conform --allow-writes) against a local mock, unpinned:"
start "$tmp/mobmock" serve --log off
t0=$(date +%s%N)
"$tmp/mobmock" conform --target "http://127.0.0.1:$port" --allow-writes >"$tmp/conform.out" 2>&1 || true
t1=$(date +%s%N)
awk -v ms=$(( (t1 - t0) / 1000000 )) 'END {printf "  %s in %.2f s wall\n", $0, ms/1000}' "$tmp/conform.out"
stop

echo
echo "Go benchmarks, pinned to CPU $SERVER_CPU:"
taskset -c "$SERVER_CPU" go test ./schemas -run '^$' -bench 'Validate/mobproc' -benchmem | awk '/^Benchmark/ {printf "  %-50s %10s ns/op  %8.0f docs/s\n", $1, $3, 1e9/$3}'
taskset -c "$SERVER_CPU" go test ./mock -run '^$' -bench 'Scale' -mobmock.scale=1000000 -benchtime 20000x -timeout 30m | awk '/^Benchmark/ {print "  " $0}'
# Submit, GET and activity create with each --state backend (PostgreSQL's
# only when MOBMOCK_TEST_POSTGRES names a database).
taskset -c "$SERVER_CPU" go test ./mock -run '^$' -bench 'BenchmarkState$' -benchtime 200x -benchmem | awk '/^Benchmark/ {print "  " $0}'
