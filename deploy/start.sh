#!/usr/bin/env bash
# ResNet Explorer for a class, on one machine: nginx in front of N Streamlit replicas, Redis as the
# shared job store, and training workers. Everything but nginx listens on loopback only.
#
#   deploy/start.sh [--replicas N] [--workers W] [--port P] [--listen ADDRESS]
#
# Defaults: 2 replicas, workers = cores - 1 (at least 1; 0 for a web-only machine), port 8080,
# listen 127.0.0.1 (use --listen 0.0.0.0 to serve a classroom). Needs Debian's nginx and
# redis-server; with RESNET_EXPLORER_REDIS_URL set it uses that Redis and starts none. Ctrl-C (or a
# TERM) stops everything it started. RESNET_EXPLORER_MAX_RUNS etc. pass through to the app.
set -euo pipefail
cd "$(dirname "$0")/.."

replicas=2
workers=$(( $(nproc) > 1 ? $(nproc) - 1 : 1 ))
port=8080
listen=127.0.0.1
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --listen) listen=$2; shift 2 ;;
    *) echo "usage: deploy/start.sh [--replicas N] [--workers W] [--port P] [--listen ADDRESS]" >&2; exit 2 ;;
  esac
done
for tool in nginx $([ -z "${RESNET_EXPLORER_REDIS_URL:-}" ] && echo redis-server); do
  command -v "$tool" >/dev/null || { echo "deploy/start.sh: $tool is not installed (Debian: apt-get install nginx redis-server)" >&2; exit 1; }
done

run=$(mktemp -d -t resnet-explorer-XXXXXX)
pids=()
stop() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$run"
}
trap stop EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Redis: loopback only, nothing on disk (a restart loses the runs, and their pages say so). With
# RESNET_EXPLORER_REDIS_URL already set (a department's shared Redis), that one is used instead.
if [ -z "${RESNET_EXPLORER_REDIS_URL:-}" ]; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$run" \
    --protected-mode yes --loglevel warning &
  pids+=($!)
  export RESNET_EXPLORER_REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi
for _ in $(seq 100); do
  python3 -c "import redis,sys; redis.Redis.from_url(sys.argv[1]).ping()" "$RESNET_EXPLORER_REDIS_URL" 2>/dev/null && break
  sleep 0.1
done

# Training workers, started again if one dies (a killed worker's run is reported lost to its page).
for _ in $(seq 1 "$workers"); do
  (
    trap 'kill "$child" 2>/dev/null; exit 0' TERM
    while true; do
      python3 -m resnet_explorer.runs.redis_worker "$RESNET_EXPLORER_REDIS_URL" &
      child=$!
      wait "$child" || true
      sleep 1
    done
  ) &
  pids+=($!)
done

# The replicas: plain Streamlit processes on loopback ports; they never train.
upstreams=""
ports=()
for _ in $(seq "$replicas"); do
  p=$(free_port)
  ports+=("$p")
  python3 -m streamlit run app.py --server.port "$p" --server.address 127.0.0.1 --server.headless true &
  pids+=($!)
  upstreams+="        server 127.0.0.1:$p;"$'\n'
done

# nginx opens the door only once every replica answers, so no first visitor meets a 502.
python3 - "${ports[@]}" <<'PY'
import sys, time, urllib.request
end = time.monotonic() + 180
for port in sys.argv[1:]:
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            break
        except OSError:
            if time.monotonic() > end:
                sys.exit(f"deploy/start.sh: replica on port {port} did not start")
            time.sleep(0.3)
PY
mkdir -p "$run"/{client_body,proxy,fastcgi,uwsgi,scgi}
sed -e "s|@RUN@|$run|g" -e "s|@PORT@|$port|g" -e "s|@LISTEN@|$listen|g" deploy/nginx.conf.template \
  | python3 -c 'import sys; sys.stdout.write(sys.stdin.read().replace("@UPSTREAMS@\n", sys.argv[1]))' "$upstreams" \
  > "$run/nginx.conf"
nginx -t -q -c "$run/nginx.conf" -p "$run"
nginx -c "$run/nginx.conf" -p "$run" -g "daemon off;" &
pids+=($!)
echo "ResNet Explorer: http://$listen:$port ($replicas replicas, $workers workers)"
wait -n "${pids[@]}" || true
echo "deploy/start.sh: a process of the set-up exited; stopping the rest" >&2
