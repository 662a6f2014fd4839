#!/usr/bin/env bash
# Benchmark of `panorama serve` on the shipped content (not a test: it
# prints numbers). Starts a release build on a temporary copy of content/
# on a free loopback port, then runs examples/serve_bench.rs:
#   - save → reload event and save → new page served (target < 200 ms);
#   - 50 concurrent kept-alive connections for 5 s: requests and errors.
# If `wrk` is installed, it also runs `wrk -c50 -d5s` on a few URLs.
# Usage: scripts/bench-serve.sh [SAVES] [CLIENTS] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
saves=${1:-30}
clients=${2:-50}
seconds=${3:-5}

cargo build --release --quiet --bin panorama --example serve_bench
tmp=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill -INT "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
cp -r content "$tmp/"
[ -d themes ] && cp -r themes "$tmp/"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
target/release/panorama serve --root "$tmp" --port "$port" >"$tmp.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  grep -q "serving http" "$tmp.log" 2>/dev/null && break
  sleep 0.1
done
head -2 "$tmp.log"

case_study=$(ls "$tmp"/content/economie-locale-et-solidaire/*projecteurs/*.md | head -1)
slug=$(basename "$case_study" .md | sed 's/^[0-9]*-//')
url="/economie-locale-et-solidaire/$slug/"
echo "editing ${case_study#$tmp/}, watching $url"
target/release/examples/serve_bench "$port" "$case_study" "$url" "$saves" "$clients" "$seconds"

if command -v wrk >/dev/null; then
  for path in / "$url" /static/style.css; do
    echo "wrk -t2 -c$clients -d${seconds}s http://127.0.0.1:$port$path"
    wrk -t2 -c"$clients" -d"${seconds}s" "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency|Non-2xx|Socket errors|requests in"
  done
fi
# The server's own "rebuilt in N ms" (pipeline + diff, without the 50 ms
# debounce), for the saves above.
grep -oE '(rebuilt|updated) in [0-9]+ ms' "$tmp.log" | awk '{print $3}' | sort -n |
  awk '{a[NR]=$1} END {if (NR) printf "server rebuild: min %d ms, median %d ms, max %d ms (%d rebuilds)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'
rm -f "$tmp.log"
