# bench/lib.sh: what bench/run.sh, bench/peers.sh and bench/profile.sh share:
# installing wrk, the request bodies, starting a server pinned to one core,
# and one measured wrk run. Source it from the repository root; it sets
# $tmp (removed on exit) and stops every process it starts, by its PID.

export PATH="$PATH:/usr/local/go/bin"
WARMUP=${WARMUP:-5}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
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

# The JSON keys whose values bench/wrk/post.lua rewrites on every request:
# free text and identifiers of the sender's own (order numbers, names,
# addresses, property texts, SIM ids), never an id the mock looks up in its
# world nor a serial number it checks (an IMEI's check digit). Each key was
# checked to keep every answer 2xx; the errors column shows any that is not.
VARY_confirm="externalOrderNumber,otherMakeModelName,text,simId"
VARY_submit="externalOrderNumber,name"
VARY_activity="remote_activity_id,ship_attention,address1,address2,city"

# bodies writes the request bodies, compact: confirm.json (the documented
# SWAP_DEVICES request), submit.json (the NEW_ACTIVATION confirm case) and
# activity.json (the documented New Line request), and the SWAP_DEVICES
# confirmation answer (confirmation.json) for peers that need a stub.
bodies() {
  python3 - "$tmp" <<'PY'
import json, sys
tmp = sys.argv[1]
def compact(src, dst):
    json.dump(json.load(open(src)), open(dst, "w"), separators=(",", ":"))
compact("fixtures/documented/mobproc/swap-devices.request.json", tmp + "/confirm.json")
compact("fixtures/documented/mobproc/swap-devices.confirmation.json", tmp + "/confirmation.json")
compact("fixtures/documented/mobile/new-line.request.json", tmp + "/activity.json")
cases = json.load(open("fixtures/cases/mobproc/requests.json"))["cases"]
body = next(c for c in cases if c["name"] == "mobproc/new-activation/confirm")["steps"][0]["request"]["body"]
json.dump(body, open(tmp + "/submit.json", "w"), separators=(",", ":"))
PY
}

# build builds mobmock, the reference server, the floor server and the
# startup probe into $tmp.
build() {
  go build -o "$tmp/mobmock" ./cmd/mobmock
  go build -o "$tmp/reference" ./bench/reference
  go build -o "$tmp/floor" ./bench/floor
  go build -o "$tmp/startup" ./bench/startup
}

port=${BASE_PORT:-18500}
# start CMD...: starts a Go server (mobmock or the reference) pinned to
# SERVER_CPU on a new port ($port) and waits until it answers; $pid is its
# PID.
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

# load SCRIPT URL [ENV...]: a warm-up, then a measured wrk run, pinned to
# LOAD_CPU; prints "rps p50 p99 errors wrk-cpu" (latencies in ms; wrk-cpu
# is the share of its core wrk used, in %: near 100, wrk and not the
# server set the pace). The two runs count their unique bodies from
# different starts, so the measured run repeats none of the warm-up's.
load() {
  local script=$1 url=$2; shift 2
  env "$@" START=0 taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "bench/wrk/$script" "$url" >/dev/null
  local TIMEFORMAT="%U %S"
  { time env "$@" START=1000000 taskset -c "$LOAD_CPU" wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency \
    -s "bench/wrk/$script" "$url" >"$tmp/wrk.out"; } 2>"$tmp/wrk.time"
  local cpu
  cpu=$(awk -v d="$DURATION" 'END {printf "%.0f", ($1 + $2) * 100 / d}' "$tmp/wrk.time")
  awk -v cpu="$cpu" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000
      if (v ~ /ms$/) return v + 0
      if (v ~ /s$/) return v * 1000
      return v
    }
    /Requests\/sec/ {rps=$2}
    /^ +50%/ {p50=ms($2)}
    /^ +99%/ {p99=ms($2)}
    /Non-2xx/ {errs+=$NF}
    /Socket errors/ {for (i=3; i<=NF; i++) {gsub(",", "", $i); if ($i ~ /^[0-9]+$/) errs+=$i}}
    END {printf "%.0f %.2f %.2f %d %s\n", rps, p50, p99, errs+0, cpu}
  ' "$tmp/wrk.out"
}

# row LABEL BODIES RPS P50 P99 ERRORS RSS WRKCPU REF_RPS REF_P99 [LEAD]:
# one line of the table, with the ratios to the reference server of the
# same run, after the column LEAD when it is given (the peers' startup);
# also appended, tab-separated, to the file $ROWS when it is set.
row() {
  awk -v l="$1" -v b="$2" -v r="$3" -v p50="$4" -v p99="$5" -v e="$6" -v m="$7" -v w="$8" -v rr="$9" -v rp="${10}" \
    -v lead="${11:-}" -v rows="${ROWS:-}" 'BEGIN {
    ratio = (rr > 0) ? sprintf("%.2f", r / rr) : "-"
    pr = (rp > 0) ? sprintf("%.2f", p99 / rp) : "-"
    if (lead != "") printf "%-44s %10s  ", l, lead
    else printf "%-44s ", l
    printf "%-9s %9s %9s %9s %7s %7s %6s %9s %8s\n", b, r, p50, p99, e, m, ratio, pr, w
    if (rows != "") {
      if (lead != "") printf "%s\t%s\t", l, lead >> rows
      else printf "%s\t", l >> rows
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", b, r, p50, p99, e, m, ratio, pr, w >> rows
    }
  }'
}

# header [LEAD]: the titles of row's columns.
header() {
  if [ -n "${1:-}" ]; then printf "%-44s %10s  " "server" "$1"; else printf "%-44s " "server: request"; fi
  printf "%-9s %9s %9s %9s %7s %7s %6s %9s %8s\n" "bodies" "req/s" "p50 ms" "p99 ms" "errors" "RSS MB" "ratio" "p99 ratio" "wrk CPU%"
}

# markdown TITLE < ROWS: the rows as a Markdown table for the README, under
# a line saying when and how they were measured.
markdown() {
  echo "$1"
  echo
  echo "| server: request | bodies | requests/s | p50 ms | p99 ms | errors | RSS MB | ratio to the reference | p99 ratio | wrk CPU % |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  awk -F '\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10}'
}
