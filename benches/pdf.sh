#!/usr/bin/env bash
# What the printed volume costs (issue 17): the shipped volume-3 site built
# with `pdf: true` and `pdf: false`, into an empty folder (the PDF laid out)
# and over the previous output (an unchanged volume's PDF reused), RUNS
# times each; prints the median wall and CPU (user + sys) time of each.
#
#   benches/pdf.sh            # RUNS=9
#   RUNS=15 benches/pdf.sh
#
# Needs GNU time (`apt-get install time`). Writes only under $BENCH_DIR
# (default /tmp/panorama-bench-pdf), never into the repository.
set -euo pipefail

RUNS=${RUNS:-9}
BENCH_DIR=${BENCH_DIR:-/tmp/panorama-bench-pdf}
repo=$(cd "$(dirname "$0")/.." && pwd)
command -v /usr/bin/time >/dev/null || { echo "GNU time is required: apt-get install time" >&2; exit 1; }

cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR"
cp "${CARGO_TARGET_DIR:-$repo/target}/release/panorama" "$BENCH_DIR/panorama"
for mode in on off; do
  mkdir -p "$BENCH_DIR/$mode"
  cp -r "$repo/content" "$BENCH_DIR/$mode/content"
  [ -d "$repo/themes" ] && cp -r "$repo/themes" "$BENCH_DIR/$mode/themes"
  value=true; [ "$mode" = off ] && value=false
  if grep -q '^pdf:' "$BENCH_DIR/$mode/content/site.yaml"; then
    sed -i "s/^pdf:.*/pdf: $value/" "$BENCH_DIR/$mode/content/site.yaml"
  else
    printf '\npdf: %s\n' "$value" >>"$BENCH_DIR/$mode/content/site.yaml"
  fi
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# One timed build; prints "wall cpu" in milliseconds.
timed() {
  local root=$1 out=$2
  /usr/bin/time -f '%e %U %S' -o "$BENCH_DIR/t" "$BENCH_DIR/panorama" -q build --root "$root" --output "$out" >/dev/null
  awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$BENCH_DIR/t"
}

echo "| pdf | output folder | median wall | median CPU |"
echo "|---|---|---:|---:|"
for mode in on off; do
  root="$BENCH_DIR/$mode"
  for kind in empty previous; do
    : >"$BENCH_DIR/walls"; : >"$BENCH_DIR/cpus"
    out="$BENCH_DIR/out-$mode"
    rm -rf "$out"
    [ "$kind" = previous ] && timed "$root" "$out" >/dev/null
    for _ in $(seq "$RUNS"); do
      [ "$kind" = empty ] && rm -rf "$out"
      read -r wall cpu < <(timed "$root" "$out")
      echo "$wall" >>"$BENCH_DIR/walls"; echo "$cpu" >>"$BENCH_DIR/cpus"
    done
    echo "| $mode | $kind | $(median <"$BENCH_DIR/walls") ms | $(median <"$BENCH_DIR/cpus") ms |"
  done
done
if [ -f "$BENCH_DIR/out-on/economie-locale-et-solidaire/economie-locale-et-solidaire.pdf" ]; then
  echo
  echo "PDF: $(stat -c %s "$BENCH_DIR/out-on/economie-locale-et-solidaire/economie-locale-et-solidaire.pdf") bytes"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
