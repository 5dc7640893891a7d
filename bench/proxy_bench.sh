#!/usr/bin/env bash
# Benchmark of `cloudreq serve` against nginx as a reverse proxy, both in front of the same
# stand-in cloud, all on 127.0.0.1:
#
#   upstream   nginx serving a fixed DDM enlarge answer over TLS (certificate from
#              tests/standin/standin.py --certs-only) for ddm.ap-southeast-1.myhuaweicloud.com
#   cloudreq   target/release/cloudreq serve --upstream-override HOST=127.0.0.1:UP --extra-ca CA
#              wrk POSTs the JSON envelope to /api/forward with the page token and Origin
#   nginx      proxy_pass https://HOST (verified against the same CA, upstream keepalive)
#              wrk POSTs the same request (method, path, headers, body) directly
#   direct     wrk straight to the upstream over TLS (the baseline for "added latency")
#
# Each target gets a warm-up and then DURATION seconds of wrk per round with the same threads
# and connections. Prints and records requests/s, p50 and p99 latency, the proxies' CPU time
# per request, and the peak memory (VmHWM) of cloudreq serve and of the nginx proxy, in
# test-output/proxy-bench.txt.
#
#   bench/proxy_bench.sh                     # ROUNDS=3 DURATION=10 CONNECTIONS=16 THREADS=1
#   DURATION=20 CONNECTIONS=32 bench/proxy_bench.sh
#
# The targets take turns (ROUNDS rounds), so a neighbour's load hits them alike; the medians
# are reported, with each run and the CPU time each proxy spent per request.
#
# Installs wrk and nginx-light from Debian when missing (never starting the nginx service).
# Every process it starts is stopped at the end. Nothing leaves 127.0.0.1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../scripts/env
source "$ROOT/scripts/env"

DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-3}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-16}"   # cloudreq serve forwards at most 32 requests at once
THREADS="${THREADS:-1}"
OUT="${OUT:-$ROOT/test-output/proxy-bench.txt}"
HOST=ddm.ap-southeast-1.myhuaweicloud.com
TARGET=/v2/619d3e78f61b4be68bc5aa0b59edcf7b/instances/1f5c9fd6cd984056ba89c8c87cc03278in09/action/enlarge
BODY='{"flavor_id":"8f2e696c-a9c1-30bd-af90-25522bc67606","node_number":1}'
ANSWER='{"instanceId":"1f5c9fd6cd984056ba89c8c87cc03278in09","instanceName":"ddm-bench","jobId":"1eb697c0-1842-43a3-8671-f562d0385cb9"}'
# A signed-looking request (the upstream answers without checking; both proxies pass it on).
HEADERS=(
  "Content-Type: application/json;charset=utf-8"
  "X-Project-Id: 619d3e78f61b4be68bc5aa0b59edcf7b"
  "X-Sdk-Date: 20250101T120000Z"
  "Authorization: SDK-HMAC-SHA256 Access=HPUABENCHAKID0000001, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=0f5c0a8e3c1d2b4a69788796a5b4c3d2e1f00112233445566778899aabbccdd"
)

log() { printf 'bench: %s\n' "$*" >&2; }

# --- tools ----------------------------------------------------------------------------------------
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  # Keep the package from starting a system nginx on port 80.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q "${need[@]}" || apt-get install -y -q wrk nginx
  ((made_policy)) && rm -f /usr/sbin/policy-rc.d
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

log "cargo build --release -p cloudreq-cli"
cargo build --release --locked -p cloudreq-cli >&2
CLOUDREQ="$ROOT/target/release/cloudreq"

# --- processes, stopped on exit --------------------------------------------------------------------
WORK="$(mktemp -d /tmp/cloudreq-bench-XXXXXX)"
chmod 755 "$WORK"
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  log "nothing listens on 127.0.0.1:$1"
  return 1
}
UP="$(free_port)"; NP="$(free_port)"; CP="$(free_port)"
while [[ "$NP" == "$UP" ]]; do NP="$(free_port)"; done
while [[ "$CP" == "$UP" || "$CP" == "$NP" ]]; do CP="$(free_port)"; done

# --- the stand-in upstream: nginx with a fixed answer over TLS -------------------------------------
python3 tests/standin/standin.py --certs-only "$WORK/certs" --host "$HOST" >/dev/null
CA="$WORK/certs/ca.pem"
nginx_conf() { # NAME WORKERS HTTP-BLOCK
  mkdir -p "$WORK/$1/logs"
  cat >"$WORK/$1/nginx.conf" <<EOF
worker_processes $2;
pid $WORK/$1/nginx.pid;
error_log $WORK/$1/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/$1/body;
  proxy_temp_path $WORK/$1/proxy;
  keepalive_requests 1000000;
  keepalive_timeout 65s;
$3
}
EOF
}
nginx_conf upstream 1 "
  server {
    listen 127.0.0.1:$UP ssl;
    server_name $HOST _;
    ssl_certificate $WORK/certs/cert.pem;
    ssl_certificate_key $WORK/certs/key.pem;
    location / {
      default_type application/json;
      add_header X-Request-Id 0c2f8a3e5b7d4c1e9f6a0b2c4d6e8f10;
      return 200 '$ANSWER';
    }
  }"
NPROC="$(nproc)"
nginx_conf proxy "$NPROC" "
  upstream standin {
    server 127.0.0.1:$UP;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$NP;
    # cloudreq writes a line per forwarded request to stderr; nginx does the same here.
    access_log $WORK/proxy/logs/access.log;
    location / {
      proxy_pass https://standin;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $HOST;
      proxy_ssl_server_name on;
      proxy_ssl_name $HOST;
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate $CA;
      proxy_ssl_session_reuse on;
      proxy_buffering on;
    }
  }"
for n in upstream proxy; do
  "$NGINX" -t -q -p "$WORK/$n" -c "$WORK/$n/nginx.conf" -g 'daemon off;' 2>&1 | grep -v 'could not open error log file' >&2 || true
  "$NGINX" -p "$WORK/$n" -c "$WORK/$n/nginx.conf" -g 'daemon off;' 2>"$WORK/$n/logs/stderr" &
  PIDS+=($!)
done
wait_port "$UP"
wait_port "$NP"

# --- cloudreq serve -------------------------------------------------------------------------------
# It wants a built app for its index page (the token lives there); a stub does for the bench.
mkdir -p "$WORK/dist"
printf '<!doctype html><html><head><title>cloudreq</title></head><body></body></html>\n' >"$WORK/dist/index.html"
"$CLOUDREQ" serve --port "$CP" --dist "$WORK/dist" --upstream-override "$HOST=127.0.0.1:$UP" --extra-ca "$CA" \
  >"$WORK/cloudreq.out" 2>"$WORK/cloudreq.err" &
CLOUDREQ_PID=$!
PIDS+=("$CLOUDREQ_PID")
wait_port "$CP"
TOKEN="$(curl -s "http://127.0.0.1:$CP/" | sed -n 's/.*<meta name="cloudreq-token" content="\([0-9a-f]*\)">.*/\1/p')"
[[ -n "$TOKEN" ]] || { log "no token in cloudreq's page"; exit 1; }

# --- the requests ----------------------------------------------------------------------------------
ENVELOPE="$(python3 - "$HOST$TARGET" "$BODY" "${HEADERS[@]}" <<'EOF'
import json, sys
url, body, *headers = sys.argv[1:]
print(json.dumps({"method": "POST", "url": "https://" + url,
                  "headers": [h.split(": ", 1) for h in headers], "body": body}, separators=(",", ":")))
EOF
)"
lua_str() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }
{
  echo 'wrk.method = "POST"'
  echo "wrk.body = $(lua_str "$ENVELOPE")"
  echo 'wrk.headers["Content-Type"] = "application/json"'
  echo "wrk.headers[\"X-Cloudreq-Token\"] = $(lua_str "$TOKEN")"
  echo "wrk.headers[\"Origin\"] = \"http://127.0.0.1:$CP\""
} >"$WORK/cloudreq.lua"
{
  echo 'wrk.method = "POST"'
  echo "wrk.body = $(lua_str "$BODY")"
  for h in "${HEADERS[@]}"; do echo "wrk.headers[$(lua_str "${h%%: *}")] = $(lua_str "${h#*: }")"; done
} >"$WORK/nginx.lua"
cp "$WORK/nginx.lua" "$WORK/direct.lua"

# Each answers the upstream's body before anything is measured.
check() { # NAME ACTUAL
  if [[ "$2" != *instanceName*ddm-bench* ]]; then log "$1 did not pass the upstream's answer on: $2"; exit 1; fi
}
hdr_args=(); for h in "${HEADERS[@]}"; do hdr_args+=(-H "$h"); done
check cloudreq "$(curl -s -X POST "http://127.0.0.1:$CP/api/forward" -H 'Content-Type: application/json' \
  -H "X-Cloudreq-Token: $TOKEN" -H "Origin: http://127.0.0.1:$CP" --data-binary "$ENVELOPE")"
check nginx "$(curl -s -X POST "http://127.0.0.1:$NP$TARGET" "${hdr_args[@]}" --data-binary "$BODY")"
check direct "$(curl -s --cacert "$CA" --resolve "$HOST:$UP:127.0.0.1" -X POST "https://$HOST:$UP$TARGET" "${hdr_args[@]}" --data-binary "$BODY")"
curl -s -X POST "http://127.0.0.1:$CP/api/forward" -H 'Content-Type: application/json' \
  -H "X-Cloudreq-Token: $TOKEN" -H "Origin: http://127.0.0.1:$CP" --data-binary "$ENVELOPE" | grep -q '"status":200' \
  || { log "cloudreq's envelope answer is not status 200"; exit 1; }

declare -A URL=(
  [direct]="https://127.0.0.1:$UP$TARGET"
  [nginx]="http://127.0.0.1:$NP$TARGET"
  [cloudreq]="http://127.0.0.1:$CP/api/forward"
)

run_wrk() { # NAME SECONDS OUTFILE
  timeout $(($2 + 60)) wrk -t "$THREADS" -c "$CONNECTIONS" -d "${2}s" --latency -s "$WORK/$1.lua" "${URL[$1]}" >"$3"
}
to_ms() { # wrk's "512.00us" / "1.20ms" / "1.00s" -> milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
cpu_ticks() { # PID... -> user+system clock ticks of these processes (all their threads)
  local p t=0
  for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
NGINX_MASTER="$(cat "$WORK/proxy/nginx.pid")"
proxy_pids() { # NAME -> the processes doing that target's proxying
  case "$1" in
    cloudreq) echo "$CLOUDREQ_PID" ;;
    nginx) echo "$NGINX_MASTER" $(pgrep -P "$NGINX_MASTER") ;;
    direct) echo "$(cat "$WORK/upstream/nginx.pid")" $(pgrep -P "$(cat "$WORK/upstream/nginx.pid")") ;;
  esac
}
TICK="$(getconf CLK_TCK)"
RESULTS="$WORK/results.tsv"  # round target rps p50 p99 errors cpu_us_per_request
: >"$RESULTS"
measure() { # ROUND NAME
  local f="$WORK/$2.$1.wrk" pids t0 t1 rps p50 p99 non2xx errors total
  pids=$(proxy_pids "$2")
  # shellcheck disable=SC2086
  t0=$(cpu_ticks $pids)
  run_wrk "$2" "$DURATION" "$f"
  # shellcheck disable=SC2086
  t1=$(cpu_ticks $pids)
  rps="$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")"
  non2xx="$(awk '/Non-2xx/ { print $NF }' "$f")"
  errors="$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' "$f")"
  total="$(awk '/requests in/ { print $1 }' "$f")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rps" "$p50" "$p99" "$((${non2xx:-0} + ${errors:-0}))" \
    "$(awk -v t="$((t1 - t0))" -v hz="$TICK" -v n="$total" 'BEGIN { printf "%.1f", n ? t / hz * 1e6 / n : 0 }')" >>"$RESULTS"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "warm-up ${WARMUP}s each"
for t in direct nginx cloudreq; do run_wrk "$t" "$WARMUP" /dev/null; done
log "measuring: $ROUNDS rounds of ${DURATION}s per target, wrk -t $THREADS -c $CONNECTIONS"
for r in $(seq "$ROUNDS"); do
  for t in direct nginx cloudreq; do measure "$r" "$t"; done
done

vm() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
CLOUDREQ_HWM="$(vm "$CLOUDREQ_PID" VmHWM)"
NGINX_HWM=$(( $(vm "$NGINX_MASTER" VmHWM) + $(for p in $(pgrep -P "$NGINX_MASTER"); do vm "$p" VmHWM; done | awk '{ s += $1 } END { print s + 0 }') ))
SERVED="$(grep -c 'forward POST' "$WORK/cloudreq.err" || true)"

median() { # TARGET COLUMN
  awk -F'\t' -v t="$1" -v c="$2" '$2 == t { print $c }' "$RESULTS" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
report() {
  echo "cloudreq proxy benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average before the run: $LOAD_BEFORE"
  echo "tools: $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); load generator, upstream and proxy share the cores"
  echo "load: wrk -t $THREADS -c $CONNECTIONS, $ROUNDS rounds x ${DURATION}s per target (after a ${WARMUP}s warm-up), the targets taking turns"
  echo "request: POST $TARGET (${#BODY}-byte JSON body, Huawei AK/SK-style headers) for $HOST"
  echo "upstream (the stand-in): nginx, 1 worker, TLS (test CA), a fixed 200 JSON answer"
  echo "direct:   wrk -> upstream over TLS (baseline)"
  echo "nginx:    wrk -> nginx reverse proxy ($NPROC workers, upstream keepalive, TLS verified, access log on) -> upstream"
  echo "cloudreq: wrk -> target/release/cloudreq serve, POST /api/forward (JSON envelope, page token, Origin) -> upstream"
  echo
  printf '%-6s %-9s %9s %9s %9s %8s %11s\n' round target 'req/s' 'p50 ms' 'p99 ms' errors 'CPU us/req'
  sort -t$'\t' -k1,1n "$RESULTS" | while IFS=$'\t' read -r r t rps p50 p99 bad cpu; do
    printf '%-6s %-9s %9s %9s %9s %8s %11s\n' "$r" "$t" "$rps" "$p50" "$p99" "$bad" "$cpu"
  done
  echo
  printf '%-9s %9s %9s %9s %14s %11s\n' median 'req/s' 'p50 ms' 'p99 ms' 'p50 vs direct' 'CPU us/req'
  local d50; d50="$(median direct 4)"
  for t in direct nginx cloudreq; do
    printf '%-9s %9s %9s %9s %14s %11s\n' "$t" "$(median "$t" 3)" "$(median "$t" 4)" "$(median "$t" 5)" \
      "$(awk -v a="$(median "$t" 4)" -v b="$d50" 'BEGIN { printf "%+.3f", a - b }')" "$(median "$t" 7)"
  done
  echo
  awk -v c="$(median cloudreq 3)" -v n="$(median nginx 3)" 'BEGIN { printf "cloudreq / nginx throughput (medians): %.2f\n", c / n }'
  echo "errors (non-2xx + socket errors), all runs: $(awk -F'\t' '{ s += $6 } END { print s + 0 }' "$RESULTS")"
  echo "cloudreq serve peak RSS (VmHWM): ${CLOUDREQ_HWM} kB after forwarding ${SERVED} requests"
  echo "nginx proxy peak RSS (VmHWM, master + workers): ${NGINX_HWM} kB"
  echo "CPU us/req: CPU time of the proxy's own processes (for direct: the upstream's) per request served"
}
mkdir -p "$(dirname "$OUT")"
report | tee "$OUT"
log "figures written to ${OUT#"$ROOT"/}"
