#!/usr/bin/env bash
# Media benchmark (issue 12): the shipped site with 50 photos (2400 × 1600
# JPEG, made by examples/gen_media.rs, no download), one per case study and
# the rest in the volume's introduction, built cold (empty cache), then warm
# (cache filled), against the same site without photos. The target: a warm
# rebuild with photos costs at most 10 % more than without.
#
#   benches/media.sh            (builds target/release first)
#   MEDIA_RUNS=5 MEDIA_PHOTOS=50 MEDIA_DIR=/tmp/panorama-media
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd -P)"
dir="${MEDIA_DIR:-${TMPDIR:-/tmp}/panorama-media}"
runs="${MEDIA_RUNS:-5}"
photos="${MEDIA_PHOTOS:-50}"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --bin panorama --example gen_media
bin="$repo/target/release/panorama"
rm -rf "$dir" && mkdir -p "$dir"
cp -r "$repo/content" "$dir/plain"
cp -r "$repo/content" "$dir/media-content"
mkdir -p "$dir/plain-site" "$dir/media-site"
mv "$dir/plain" "$dir/plain-site/content"
mv "$dir/media-content" "$dir/media-site/content"
vol="$dir/media-site/content/economie-locale-et-solidaire"
"$repo/target/release/examples/gen_media" "$vol/photos" "$photos" 2400 1600
k=0
{
    echo
    for f in "$vol"/photos/photo-*.jpg; do
        k=$((k + 1))
        printf '![Photo de test n° %d du bassin minier](photos/%s)\n\n' "$k" "$(basename "$f")"
    done
} >>"$vol/index.md"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_build() { # site, runs
    for _ in $(seq "$2"); do
        local t0; t0=$(ms)
        "$bin" build --root "$1" --output "$1/output" --quiet
        echo $(( $(ms) - t0 ))
    done | median
}
rm -rf "$dir/media-site/.panorama-cache"
t0=$(ms); "$bin" build --root "$dir/media-site" --output "$dir/media-site/output" --quiet; cold=$(( $(ms) - t0 ))
plain=$(time_build "$dir/plain-site" "$runs")
warm=$(time_build "$dir/media-site" "$runs")
cp -r "$dir/media-site/output" "$dir/first"
"$bin" build --root "$dir/media-site" --output "$dir/media-site/output" --quiet
diff -r "$dir/first" "$dir/media-site/output" >/dev/null && same=yes || same=NO
echo "| site | build (ms, median of $runs) |"
echo "|---|---|"
echo "| shipped site, no photos | $plain |"
echo "| + $photos photos, cold cache (1 run) | $cold |"
echo "| + $photos photos, warm cache | $warm |"
echo
echo "warm overhead: $(( (warm - plain) * 100 / plain )) % (target <= 10 %); byte-identical rebuild: $same"
du -sh "$dir/media-site/.panorama-cache" "$dir/media-site/output/medias" | sed 's/^/size: /'
