#!/usr/bin/env bash
# Fault benchmark of the publish (not a test: it prints counts). Builds a
# synthetic collection of N case studies (examples/gen_corpus.rs) with two
# versions of its title, then K times: starts a rebuild over the output,
# kills it (kill -9 and SIGINT in turn) at a random moment of the run, and
# compares the output with the old and the new site file by file.
# A deployment's .git/ and CNAME are kept in the output throughout.
# Usage: scripts/fault-publish.sh [N] [K] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
k=${2:-30}
bin=${3:-target/release/panorama}
[ "$bin" = target/release/panorama ] && cargo build --release --quiet --bin panorama
cargo build --release --quiet --example gen_corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
target/release/examples/gen_corpus --cases "$n" --panorama "$tmp/site" >/dev/null
version() { sed -i "s/^title: .*/title: Panorama version $1/" "$tmp/site/content/site.yaml"; }
for v in 0 1; do
  version $v
  "$bin" build --quiet --root "$tmp/site" --output "$tmp/ref$v"
done
version 0
"$bin" build --quiet --root "$tmp/site" --output "$tmp/pub/out"
mkdir -p "$tmp/pub/out/.git" && echo "ref: refs/heads/main" >"$tmp/pub/out/.git/HEAD"
echo "example.org" >"$tmp/pub/out/CNAME"
version 1
start=$(date +%s%N)
"$bin" build --quiet --root "$tmp/site" --output "$tmp/pub/out"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "N=$n: a rebuild takes $ms ms; $k kills at random moments in [0, $((ms * 11 / 10))] ms"
cur=1 old=0 new=0 mixed=0
same() { diff -rq --exclude=.git --exclude=CNAME "$tmp/pub/out" "$1" >/dev/null 2>&1; }
for i in $(seq "$k"); do
  next=$((1 - cur)); version $next
  "$bin" build --quiet --root "$tmp/site" --output "$tmp/pub/out" 2>/dev/null &
  pid=$!
  sleep "$(python3 -c "import random; print(random.uniform(0, $ms * 1.1 / 1000))")"
  if [ $((i % 2)) -eq 0 ]; then kill -9 $pid 2>/dev/null || true; else kill -INT $pid 2>/dev/null || true; fi
  wait $pid 2>/dev/null || true
  if same "$tmp/ref$cur"; then old=$((old + 1));
  elif same "$tmp/ref$next"; then new=$((new + 1)); cur=$next;
  else
    mixed=$((mixed + 1))
    echo "kill $i: MIXED ($(diff -rq --exclude=.git --exclude=CNAME "$tmp/pub/out" "$tmp/ref$cur" 2>/dev/null | wc -l) files differ from the old site)"
    cp -r "$tmp/ref$cur/." "$tmp/pub/out/" 2>/dev/null || true
  fi
  [ -f "$tmp/pub/out/.git/HEAD" ] && [ -f "$tmp/pub/out/CNAME" ] || echo "kill $i: .git/ or CNAME lost"
done
echo "after $k kills: old site $old, new site $new, mixed $mixed"
echo "leftovers before the next build: $(ls -A "$tmp/pub" | grep -vc '^out$' || true)"
version $((1 - cur)); "$bin" build --quiet --root "$tmp/site" --output "$tmp/pub/out"
echo "leftovers after the next build: $(ls -A "$tmp/pub" | grep -vc '^out$' || true)"
