#!/usr/bin/env bash
# bench/profile.sh: a CPU profile of mobmock serving one endpoint under the
# same load as bench/run.sh (server pinned to one core, wrk to the other, a
# unique body per request; REPEATED=1 sends one body over and over), taken
# from the server's --pprof listener; prints the top entries. As in
# bench/run.sh, the per-tenant bound on records is lifted, so that stored
# orders and activities never turn into 507s during the profile.
#
# Usage: bench/profile.sh confirm|submit|get|activity [SECONDS]   (default 20)
# The profile is kept as bench/out/ENDPOINT.pprof for `go tool pprof`.
set -euo pipefail
cd "$(dirname "$0")/.."
endpoint=${1:?usage: bench/profile.sh confirm|submit|get|activity [SECONDS]}
seconds=${2:-20}
CONNS=16
BASE_PORT=18600
pprofport=18699
. bench/lib.sh
mkdir -p bench/out
build
bodies

port=$((port + 1))
taskset -c "$SERVER_CPU" "$tmp/mobmock" serve --log off --max-records-per-tenant 100000000 --addr "127.0.0.1:$port" --pprof "127.0.0.1:$pprofport" >"$tmp/server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.05
done
base="http://127.0.0.1:$port"
case "$endpoint" in
  confirm) script=post.lua; url="$base/mobproc/v1/orders?confirm=true"; envs=("BODY=$tmp/confirm.json" "VARY=$VARY_confirm") ;;
  submit) script=post.lua; url="$base/mobproc/v1/orders"; envs=("BODY=$tmp/submit.json" "VARY=$VARY_submit") ;;
  activity) script=post.lua; url="$base/1/activities"; envs=("BODY=$tmp/activity.json" "VARY=$VARY_activity") ;;
  get)
    id=$(curl -s -X POST "$base/mobproc/v1/orders" -H 'X-TNGO-TENANT: bench' -H 'client_id: bench' \
      -H 'Content-Type: application/json' --data-binary "@$tmp/submit.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["order"]["orderId"])')
    script=get.lua; url="$base/mobproc/v1/orders/$id"; envs=(NONE=1) ;;
  *) echo "unknown endpoint $endpoint"; exit 2 ;;
esac
if [ -n "${REPEATED:-}" ]; then envs=("${envs[0]}"); fi
env "${envs[@]}" taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"$((seconds + 7))s" -s "bench/wrk/$script" "$url" >"$tmp/wrk.out" &
pids+=("$!")
sleep 5
curl -s -o "bench/out/$endpoint.pprof" "http://127.0.0.1:$pprofport/debug/pprof/profile?seconds=$seconds"
wait "${pids[-1]}" || true
grep -E 'Requests/sec|Non-2xx' "$tmp/wrk.out"
go tool pprof -top -nodecount=30 "$tmp/mobmock" "bench/out/$endpoint.pprof" 2>/dev/null | sed -n '4,40p'
echo
go tool pprof -top -cum -nodecount=45 "$tmp/mobmock" "bench/out/$endpoint.pprof" 2>/dev/null | sed -n '6,55p'
