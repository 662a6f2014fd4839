#!/usr/bin/env bash
# Media benchmark (issue 12): the shipped site with 50 photos (2400 × 1600
# JPEG, made by examples/gen_media.rs, no download), one per case study and
# the rest in the volume's introduction, built cold (empty cache), then warm
# (cache filled), against the same site without photos. The target: a warm
# rebuild with photos costs at most 10 % more than without. Warm runs of the
# two sites alternate; the report gives wall and CPU medians, the load
# average and the file system (MEDIA_DIR=/dev/shm/… measures without the
# disk).
#
#   benches/media.sh            (builds target/release first)
#   MEDIA_RUNS=5 MEDIA_PHOTOS=50 MEDIA_DIR=/tmp/panorama-media
#   MEDIA_KEEP=1     reuses the sites and cache of the last run in MEDIA_DIR
#                    (no photos made, no cold build): warm runs only
#   MEDIA_STRACE=1   also counts the system calls of one warm build of each
#                    site (`strace -f -c`, when strace is installed)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd -P)"
dir="${MEDIA_DIR:-${TMPDIR:-/tmp}/panorama-media}"
runs="${MEDIA_RUNS:-5}"
photos="${MEDIA_PHOTOS:-50}"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin panorama --example gen_media
bin="${CARGO_TARGET_DIR:-$repo/target}/release/panorama"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# One warm build of a site: "wall cpu" in ms (bash's `time`: real, and
# user + system).
one_build() {
    local TIMEFORMAT='%3R %3U %3S' t
    t=$( { time "$bin" build --root "$1" --output "$1/output" --quiet; } 2>&1 )
    awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' <<<"$t"
}
keep="${MEDIA_KEEP:-0}"
if [ "$keep" = 1 ] && [ -d "$dir/media-site/.panorama-cache" ]; then
    cold="(kept)"
else
    keep=0
    rm -rf "$dir" && mkdir -p "$dir"
    cp -r "$repo/content" "$dir/plain"
    cp -r "$repo/content" "$dir/media-content"
    mkdir -p "$dir/plain-site" "$dir/media-site"
    mv "$dir/plain" "$dir/plain-site/content"
    mv "$dir/media-content" "$dir/media-site/content"
    vol="$dir/media-site/content/economie-locale-et-solidaire"
    "${CARGO_TARGET_DIR:-$repo/target}/release/examples/gen_media" "$vol/photos" "$photos" 2400 1600
    k=0
    {
        echo
        for f in "$vol"/photos/photo-*.jpg; do
            k=$((k + 1))
            printf '![Photo de test n° %d du bassin minier](photos/%s)\n\n' "$k" "$(basename "$f")"
        done
    } >>"$vol/index.md"
    rm -rf "$dir/media-site/.panorama-cache"
    t0=$(ms); "$bin" build --root "$dir/media-site" --output "$dir/media-site/output" --quiet; cold=$(( $(ms) - t0 ))
fi
# A first build of each over its output (the cache and the folders kept
# for the next build are then warm), then runs taken in turn, so that a
# change of the machine's load weighs on both sites alike.
"$bin" build --root "$dir/plain-site" --output "$dir/plain-site/output" --quiet
"$bin" build --root "$dir/plain-site" --output "$dir/plain-site/output" --quiet
"$bin" build --root "$dir/media-site" --output "$dir/media-site/output" --quiet
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
: >"$dir/plain.times"
: >"$dir/media.times"
for _ in $(seq "$runs"); do
    one_build "$dir/plain-site" >>"$dir/plain.times"
    one_build "$dir/media-site" >>"$dir/media.times"
done
load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
plain=$(cut -d' ' -f1 "$dir/plain.times" | median)
warm=$(cut -d' ' -f1 "$dir/media.times" | median)
plain_cpu=$(cut -d' ' -f2 "$dir/plain.times" | median)
warm_cpu=$(cut -d' ' -f2 "$dir/media.times" | median)
rm -rf "$dir/first"
cp -r "$dir/media-site/output" "$dir/first"
"$bin" build --root "$dir/media-site" --output "$dir/media-site/output" --quiet
diff -r "$dir/first" "$dir/media-site/output" >/dev/null && same=yes || same=NO
echo "| site | wall (ms, median of $runs) | CPU, user + system (ms, median) |"
echo "|---|---:|---:|"
echo "| shipped site, no photos | $plain | $plain_cpu |"
echo "| + $photos photos, cold cache (1 run) | $cold | |"
echo "| + $photos photos, warm cache | $warm | $warm_cpu |"
echo
echo "warm overhead: wall $(( (warm - plain) * 100 / plain )) %, CPU $(( (warm_cpu - plain_cpu) * 100 / plain_cpu )) % (target <= 10 %); byte-identical rebuild: $same"
echo "load average (1 min) before and after the warm runs: $load_before, $load_after; $(nproc) cores; $(df -PT "$dir" | awk 'NR==2 {print $2}') file system under $dir"
du -sh "$dir/media-site/.panorama-cache" | sed 's/^/size: /'
du -shl "$dir/media-site/output/medias" | sed 's/^/size (hard links to the cache): /'
if [ "${MEDIA_STRACE:-0}" = 1 ] && command -v strace >/dev/null; then
    for site in plain-site media-site; do
        strace -f -c -o "$dir/$site.strace" "$bin" build --root "$dir/$site" --output "$dir/$site/output" --quiet
        echo "system calls of one warm build, $site: $(awk '$NF == "total" {print $4}' "$dir/$site.strace")"
    done
fi
