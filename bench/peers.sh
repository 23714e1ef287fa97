#!/usr/bin/env bash
# bench/peers.sh: mobmock, the bare Go reference server and two peers,
# Prism (npm @stoplight/prism-cli, serving mobmock's own spec/mobproc.yaml:
# it validates the request and answers the documented example) and WireMock
# (npm wiremock, which ships its jar; one stub answering the documented
# SWAP_DEVICES confirmation, request journal and logging off), measured in
# the same run on the same request: POST /orders?confirm=true with the
# documented SWAP_DEVICES body, a unique body per request, each server
# pinned to one core and wrk to the other (as bench/run.sh does). For each:
# startup to the first 200 on that request (polled every 10 ms with curl,
# so comparable between the four, not with bench/startup's figure), the
# load figures and the RSS after the load.
#
# Usage: bench/peers.sh [SECONDS] [CONNECTIONS]   (defaults: 30 16)
# PRISM_VERSION and WIREMOCK_VERSION override the pinned versions.
# It installs the pinned peers with npm into $PEERS_DIR (default
# ~/.cache/mobmock/bench-peers) and a Java runtime (Debian package
# default-jre-headless) when there is none. A peer that cannot be
# installed or does not answer is skipped, saying why. The table is also
# written, as Markdown, to bench/out/peers.md.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
CONNS=${2:-16}
PRISM_VERSION=${PRISM_VERSION:-5.16.0}
WIREMOCK_VERSION=${WIREMOCK_VERSION:-3.13.2}
PEERS_DIR=${PEERS_DIR:-$HOME/.cache/mobmock/bench-peers}
BASE_PORT=18700
. bench/lib.sh
mkdir -p bench/out
build
bodies

# lastline FILE: the last line of FILE that is not blank, for a reason.
lastline() { { grep -v '^[[:space:]]*$' "$1" || true; } | tail -1 | cut -c1-200; }
# npmerror FILE: the first two error lines npm wrote, for a reason.
npmerror() { { grep -i 'error' "$1" || true; } | head -2 | tr '\n' ' ' | cut -c1-200; }

# Installing is best effort: a peer whose install fails is skipped below.
skip_prism="" skip_wiremock=""
if ! command -v npm >/dev/null 2>&1; then
  skip_prism="npm is not installed" skip_wiremock="npm is not installed"
else
  mkdir -p "$PEERS_DIR"
  if [ ! -x "$PEERS_DIR/node_modules/.bin/prism" ] ||
    ! grep -q "\"version\": \"$PRISM_VERSION\"" "$PEERS_DIR/node_modules/@stoplight/prism-cli/package.json" 2>/dev/null; then
    echo "installing @stoplight/prism-cli@$PRISM_VERSION (npm)" >&2
    npm install --prefix "$PEERS_DIR" --no-audit --no-fund --loglevel=error "@stoplight/prism-cli@$PRISM_VERSION" >"$tmp/npm-prism.log" 2>&1 ||
      skip_prism="npm install @stoplight/prism-cli@$PRISM_VERSION failed: $(npmerror "$tmp/npm-prism.log")"
  fi
  jar="$PEERS_DIR/node_modules/wiremock/build/wiremock-standalone-$WIREMOCK_VERSION.jar"
  if [ ! -f "$jar" ]; then
    echo "installing wiremock@$WIREMOCK_VERSION (npm)" >&2
    npm install --prefix "$PEERS_DIR" --no-audit --no-fund --loglevel=error "wiremock@$WIREMOCK_VERSION" >"$tmp/npm-wiremock.log" 2>&1 ||
      skip_wiremock="npm install wiremock@$WIREMOCK_VERSION failed: $(npmerror "$tmp/npm-wiremock.log")"
  fi
fi
if [ -z "$skip_wiremock" ] && ! command -v java >/dev/null 2>&1; then
  echo "installing a Java runtime (Debian package default-jre-headless)" >&2
  { apt-get update -qq && apt-get install -y -qq default-jre-headless; } >"$tmp/apt-java.log" 2>&1 ||
    skip_wiremock="no Java runtime, and apt-get install default-jre-headless failed: $(lastline "$tmp/apt-java.log")"
fi

# WireMock's one stub: the confirmation, for POST /mobproc/v1/orders?confirm=true.
mkdir -p "$tmp/wiremock/mappings"
python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
stub = {"request": {"method": "POST", "urlPath": "/mobproc/v1/orders", "queryParameters": {"confirm": {"equalTo": "true"}}},
        "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                     "jsonBody": json.load(open(tmp + "/confirmation.json"))}}
json.dump(stub, open(tmp + "/wiremock/mappings/confirm.json", "w"))
PY

# launch NAME PATH [AUTH] -- CMD...: starts CMD pinned to SERVER_CPU on a new
# port ($port, which CMD's arguments read as PORT) and polls the confirmation
# until it is answered 200 (at most 90 s); sets $pid and $startup (ms), or
# returns 1 with the reason in $why.
launch() {
  local name=$1 path=$2 auth=$3; shift 4
  port=$((port + 1))
  local args=("${@//PORT/$port}")
  local t0 t1 code
  t0=$(date +%s%N)
  taskset -c "$SERVER_CPU" "${args[@]}" >"$tmp/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 1 9000); do
    code=$(curl -s -o "$tmp/$name.first" -w '%{http_code}' -X POST "http://127.0.0.1:$port$path" \
      -H 'Content-Type: application/json' -H 'X-TNGO-TENANT: bench' -H 'client_id: bench' \
      ${auth:+-H "Authorization: Bearer $auth"} --data-binary "@$tmp/confirm.json" || true)
    if [ "$code" = 200 ]; then
      t1=$(date +%s%N)
      startup=$(( (t1 - t0) / 1000000 ))
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      why="it exited: $(lastline "$tmp/$name.log")"
      return 1
    fi
    if [ "$code" != 000 ]; then
      why="the confirmation was answered $code: $(head -c 200 "$tmp/$name.first")"
      stop
      return 1
    fi
    sleep 0.01
  done
  why="no answer within 90 s"
  stop
  return 1
}

conditions=$(printf '%s, %s s per run after a %s s warm-up, %s connections, server on CPU %s, wrk on CPU %s' \
  "$(date -u +%Y-%m-%d)" "$DURATION" "$WARMUP" "$CONNS" "$SERVER_CPU" "$LOAD_CPU")
echo "The peers on the same request, $conditions:"
header "startup ms"
export ROWS="$tmp/peers.tsv"
: >"$ROWS"
ref_rps=0 ref_p99=0
declare -A skip=([prism]="$skip_prism" [wiremock]="$skip_wiremock")
declare -A name=([prism]="Prism $PRISM_VERSION" [wiremock]="WireMock $WIREMOCK_VERSION")
for s in reference mobmock prism wiremock; do
  if [ -n "${skip[$s]:-}" ]; then
    printf '%-44s skipped: %s\n' "${name[$s]}" "${skip[$s]}"
    printf '%s\tskipped: %s\n' "${name[$s]}" "${skip[$s]}" >>"$ROWS"
    continue
  fi
  auth="" path="/mobproc/v1/orders?confirm=true"
  case $s in
    reference) cmd=("$tmp/reference" --addr 127.0.0.1:PORT) label="reference (bare Go net/http)" ;;
    mobmock) cmd=("$tmp/mobmock" serve --log off --addr 127.0.0.1:PORT) label="mobmock" ;;
    prism)
      # Prism routes on the paths of the document, without the base path of
      # its servers, and wants a bearer token for the document's oauth2.
      path="/orders?confirm=true" auth=bench
      cmd=("$PEERS_DIR/node_modules/.bin/prism" mock -h 127.0.0.1 -p PORT -v error spec/mobproc.yaml)
      label="Prism $PRISM_VERSION (-v error)" ;;
    wiremock)
      cmd=(java -jar "$jar" --bind-address 127.0.0.1 --port PORT --root-dir "$tmp/wiremock"
        --no-request-journal --disable-request-logging --disable-banner)
      label="WireMock $WIREMOCK_VERSION (journal, logging off)" ;;
  esac
  if ! launch "$s" "$path" "$auth" -- "${cmd[@]}"; then
    printf '%-44s skipped: %s\n' "$label" "$why"
    printf '%s\tskipped: %s\n' "$label" "$why" >>"$ROWS"
    continue
  fi
  read -r rps p50 p99 errs wcpu < <(load post.lua "http://127.0.0.1:$port$path" "BODY=$tmp/confirm.json" \
    "VARY=$VARY_confirm" ${auth:+AUTH=$auth})
  [ "$s" = reference ] && ref_rps=$rps ref_p99=$p99
  row "$label" unique "$rps" "$p50" "$p99" "$errs" "$(rss)" "$wcpu" "$ref_rps" "$ref_p99" "$startup"
  stop
done

{
  echo "bench/peers.sh $DURATION $CONNS, $conditions (POST /orders?confirm=true, the documented SWAP_DEVICES request, a unique body per request):"
  echo
  echo "| server | startup to first 200 ms | bodies | requests/s | p50 ms | p99 ms | errors | RSS MB | ratio to the reference | p99 ratio | wrk CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  awk -F '\t' 'NF == 2 {printf "| %s | %s | | | | | | | | | |\n", $1, $2; next}
    {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' "$ROWS"
} >bench/out/peers.md
