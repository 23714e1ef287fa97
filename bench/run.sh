#!/usr/bin/env bash
# bench/run.sh: measures mobmock against a bare Go net/http server on this
# machine, the way issues 6 and 18 specify: the server pinned to one core,
# the load generator (wrk, one thread, 16 connections) to the other, a
# warm-up, then a fixed duration; one line per endpoint and kind of body
# with requests/s, p50, p99, errors, the server's RSS and the ratios (of
# requests/s and of p99) to the reference server of the same run.
#
# Every POST sends a unique body per request (bench/wrk/post.lua rewrites
# order numbers, names and addresses: see VARY_* in bench/lib.sh), and
# mobmock is also measured sending one body over and over ("repeated"),
# except for submissions, which must not repeat an externalOrderNumber.
# GET has no body. Each reference row is followed by the floor's
# (bench/floor): the reference plus only the checks the standards require
# (kin-openapi's routing and parameter and header checks, the body decoded
# and validated); its ratio is about the most a mock that keeps to the
# contract can reach on this machine. Then the peers on the same request
# (bench/peers.sh: Prism and WireMock, each installed by that script),
# startup to the first 200, RSS over a 60 s load, the wall time of the
# embedded conformance suite, and the Go benchmarks for validation and
# scale. The endpoint and
# peer tables are also written, as Markdown for the README, to
# bench/out/endpoints.md and bench/out/peers.md.
#
# Usage: bench/run.sh [SECONDS] [CONNECTIONS]     (defaults: 30 16)
#        ENDPOINTS_ONLY=1 bench/run.sh ...          (the endpoint table only)
#        NO_PEERS=1 bench/run.sh ...                (without bench/peers.sh)
# It installs wrk (Debian package) when missing, and stops every process it
# starts by its PID.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
CONNS=${2:-16}
. bench/lib.sh
mkdir -p bench/out

build
bodies

conditions=$(printf '%s, %s s per run after a %s s warm-up, %s connections, server on CPU %s, wrk on CPU %s' \
  "$(date -u +%Y-%m-%d)" "$DURATION" "$WARMUP" "$CONNS" "$SERVER_CPU" "$LOAD_CPU")
echo "$conditions"
header
export ROWS="$tmp/endpoints.tsv"

endpoints=(confirm submit get activity)
declare -A script=([confirm]=post.lua [submit]=post.lua [get]=get.lua [activity]=post.lua)
declare -A path=([confirm]="/mobproc/v1/orders?confirm=true" [submit]="/mobproc/v1/orders" [get]="/mobproc/v1/orders/ID" [activity]="/1/activities")
declare -A label=([confirm]="POST /orders?confirm=true (SWAP)" [submit]="POST /orders (submit)" [get]="GET /orders/{id}" [activity]="POST /1/activities (New Line)")
declare -A body=([confirm]="BODY=$tmp/confirm.json" [submit]="BODY=$tmp/submit.json" [get]="" [activity]="BODY=$tmp/activity.json")
declare -A vary=([confirm]="VARY=$VARY_confirm" [submit]="VARY=$VARY_submit" [get]="" [activity]="VARY=$VARY_activity")

for e in "${endpoints[@]}"; do
  kind=unique
  [ "$e" = get ] && kind="no body"
  start "$tmp/reference"
  read -r rrps rp50 rp99 errs wcpu < <(load "${script[$e]}" "http://127.0.0.1:$port${path[$e]/ID/1}" ${body[$e]} ${vary[$e]})
  row "reference: ${label[$e]}" "$kind" "$rrps" "$rp50" "$rp99" "$errs" "$(rss)" "$wcpu" "$rrps" "$rp99"
  stop
  # The floor: the reference plus the checks the standards require of a
  # mock of these APIs, nothing else (bench/floor).
  start "$tmp/floor"
  read -r frps fp50 fp99 errs wcpu < <(load "${script[$e]}" "http://127.0.0.1:$port${path[$e]/ID/8712220}" ${body[$e]} ${vary[$e]})
  row "floor: ${label[$e]}" "$kind" "$frps" "$fp50" "$fp99" "$errs" "$(rss)" "$wcpu" "$rrps" "$rp99"
  stop
  runs=("$kind")
  [ "$e" = confirm ] || [ "$e" = activity ] && runs+=(repeated)
  for k in "${runs[@]}"; do
    # Submissions store every order in one tenant: lift the per-tenant bound.
    start "$tmp/mobmock" serve --log off --max-records-per-tenant 100000000
    p="${path[$e]}"
    if [ "$e" = get ]; then
      id=$(curl -s -X POST "http://127.0.0.1:$port/mobproc/v1/orders" -H 'X-TNGO-TENANT: bench' -H 'client_id: bench' \
        -H 'Content-Type: application/json' --data-binary "@$tmp/submit.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["order"]["orderId"])')
      p="${p/ID/$id}"
    fi
    v=${vary[$e]}
    [ "$k" = repeated ] && v=""
    read -r rps p50 p99 errs wcpu < <(load "${script[$e]}" "http://127.0.0.1:$port$p" ${body[$e]} $v)
    row "mobmock: ${label[$e]}" "$k" "$rps" "$p50" "$p99" "$errs" "$(rss)" "$wcpu" "$rrps" "$rp99"
    stop
  done
done
markdown "bench/run.sh $DURATION $CONNS, $conditions:" <"$ROWS" >bench/out/endpoints.md
unset ROWS

if [ -n "${ENDPOINTS_ONLY:-}" ]; then exit 0; fi

if [ -z "${NO_PEERS:-}" ]; then
  echo
  WARMUP=$WARMUP bench/peers.sh "$DURATION" "$CONNS"
fi

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
BODY="$tmp/confirm.json" VARY="$VARY_confirm" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d60s -s bench/wrk/post.lua \
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
# Each of the 43 documented request types in both readings, unique bodies:
# the wall clock and the CPU time per body (steadier on a shared machine).
taskset -c "$SERVER_CPU" go test ./schemas -run '^$' -bench 'Validate' -benchmem | awk '/^Benchmark/ {
  for (i = 1; i <= NF; i++) if ($(i+1) == "cpu-ns/op") cpu = $i
  printf "  %-70s %9s ns/op %9s cpu-ns/op %8.0f docs/s\n", $1, $3, cpu, 1e9/$3}'
taskset -c "$SERVER_CPU" go test ./mock -run '^$' -bench 'Scale' -mobmock.scale=1000000 -benchtime 20000x -timeout 30m | awk '/^Benchmark/ {print "  " $0}'
# Submit, GET and activity create with each --state backend (PostgreSQL's
# only when MOBMOCK_TEST_POSTGRES names a database).
taskset -c "$SERVER_CPU" go test ./mock -run '^$' -bench 'BenchmarkState$' -benchtime 200x -benchmem | awk '/^Benchmark/ {print "  " $0}'
