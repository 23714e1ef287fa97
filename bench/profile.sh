#!/usr/bin/env bash
# bench/profile.sh: a CPU profile of mobmock serving one endpoint under the
# same load as bench/run.sh (server pinned to one core, wrk to the other),
# taken from the server's --pprof listener; prints the top entries.
#
# Usage: bench/profile.sh confirm|submit|get|activity [SECONDS]   (default 20)
# The profile is kept as bench/out/ENDPOINT.pprof for `go tool pprof`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

endpoint=${1:?usage: bench/profile.sh confirm|submit|get|activity [SECONDS]}
seconds=${2:-20}
SERVER_CPU=1
LOAD_CPU=0
port=18600
pprofport=18601

if ! command -v wrk >/dev/null 2>&1; then
  apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null
fi
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
mkdir -p bench/out
go build -o "$tmp/mobmock" ./cmd/mobmock

python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
def compact(src, dst):
    json.dump(json.load(open(src)), open(dst, "w"), separators=(",", ":"))
compact("fixtures/documented/mobproc/swap-devices.request.json", tmp + "/confirm.json")
compact("fixtures/documented/mobile/new-line.request.json", tmp + "/activity.json")
cases = json.load(open("fixtures/cases/mobproc/requests.json"))["cases"]
body = next(c for c in cases if c["name"] == "mobproc/new-activation/confirm")["steps"][0]["request"]["body"]
json.dump(body, open(tmp + "/submit.json", "w"), separators=(",", ":"))
PY

taskset -c "$SERVER_CPU" "$tmp/mobmock" serve --log off --addr "127.0.0.1:$port" --pprof "127.0.0.1:$pprofport" >"$tmp/server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 200); do
  curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break
  sleep 0.05
done
base="http://127.0.0.1:$port"
case "$endpoint" in
  confirm) script=post.lua; url="$base/mobproc/v1/orders?confirm=true"; envs=("BODY=$tmp/confirm.json") ;;
  submit) script=post.lua; url="$base/mobproc/v1/orders"; envs=("BODY=$tmp/submit.json" "UNIQUE=1") ;;
  activity) script=post.lua; url="$base/1/activities"; envs=("BODY=$tmp/activity.json") ;;
  get)
    id=$(curl -s -X POST "$base/mobproc/v1/orders" -H 'X-TNGO-TENANT: bench' -H 'client_id: bench' \
      -H 'Content-Type: application/json' --data-binary "@$tmp/submit.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["order"]["orderId"])')
    script=get.lua; url="$base/mobproc/v1/orders/$id"; envs=() ;;
  *) echo "unknown endpoint $endpoint"; exit 2 ;;
esac
env "${envs[@]}" taskset -c "$LOAD_CPU" wrk -t1 -c16 -d"$((seconds + 7))s" -s "bench/wrk/$script" "$url" >"$tmp/wrk.out" &
pids+=("$!")
sleep 5
curl -s -o "bench/out/$endpoint.pprof" "http://127.0.0.1:$pprofport/debug/pprof/profile?seconds=$seconds"
wait "${pids[-1]}" || true
grep -E 'Requests/sec' "$tmp/wrk.out"
go tool pprof -top -nodecount=30 "$tmp/mobmock" "bench/out/$endpoint.pprof" 2>/dev/null | sed -n '4,40p'
echo
go tool pprof -top -cum -nodecount=45 "$tmp/mobmock" "bench/out/$endpoint.pprof" 2>/dev/null | sed -n '6,55p'
