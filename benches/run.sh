#!/usr/bin/env bash
# Benchmark harness for panorama (issue 7): synthetic collections of N case
# studies built by panorama and, side by side, by Hugo on the same content.
#
#   benches/run.sh                  N = 100, 1 000, 10 000
#   BENCH_FULL=1 benches/run.sh     adds N = 50 000 (and the linear-growth figure)
#
# Settings (environment):
#   BENCH_SIZES="100 1000"   sizes to run (overrides the default list)
#   BENCH_FULL=1             add 50000 to the default sizes
#   BENCH_RUNS_SMALL=5       runs per measure for N <= 1000
#   BENCH_RUNS_LARGE=3       runs per measure for N > 1000
#   BENCH_RUNS_VOL3=10       runs for the repository's own site (volume 3)
#   BENCH_DIR=/tmp/panorama-bench   where corpora and outputs go (never the repo)
#   BENCH_MODES="cold warm"  cold: into an empty folder; warm: over the previous output
#   BENCH_SEARCH="off on"    panorama with `search: false` (as generated; what Hugo
#                            is compared with) and/or with `search: true` (the
#                            shipped setting: a copy of the corpus with the
#                            Pagefind index on), each cold and warm
#   BENCH_NO_HUGO=1          skip Hugo even when it is installed
#   BENCH_VERIFY=1           check that panorama's output is byte-identical across
#                            runs and with a single-threaded build (RAYON_NUM_THREADS=1);
#                            0 skips the check (it costs one more build per N)
#   BENCH_CLEAN=1            delete BENCH_DIR at the end
#
# Wall time is measured around each process (date +%s%N); peak RSS and CPU
# time come from GNU time (/usr/bin/time; `apt-get install time`). The page
# cache is warm (the corpus was just generated or read), so reading costs no
# disk time; writing goes to BENCH_DIR's file system (a tmpfs such as /dev/shm
# takes the disk out). Results are printed on stdout as Markdown; nothing is
# written into the repository.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd -P)"
bench_dir="${BENCH_DIR:-${TMPDIR:-/tmp}/panorama-bench}"
runs_small="${BENCH_RUNS_SMALL:-5}"
runs_large="${BENCH_RUNS_LARGE:-3}"
runs_vol3="${BENCH_RUNS_VOL3:-10}"
modes="${BENCH_MODES:-cold warm}"
searches="${BENCH_SEARCH:-off on}"
verify="${BENCH_VERIFY:-1}"
if [[ -n "${BENCH_SIZES:-}" ]]; then
    read -r -a sizes <<<"$BENCH_SIZES"
elif [[ "${BENCH_FULL:-0}" == 1 ]]; then
    sizes=(100 1000 10000 50000)
else
    sizes=(100 1000 10000)
fi

bench_dir="$(realpath -m "$bench_dir")"
case "$bench_dir" in
"$repo" | "$repo"/*)
    echo "run.sh: BENCH_DIR must be outside the repository ($repo)" >&2
    exit 2
    ;;
esac

log() { echo "run.sh: $*" >&2; }

if [[ ! -x /usr/bin/time ]]; then
    echo "run.sh: GNU time is missing (/usr/bin/time): apt-get install time" >&2
    exit 2
fi

# --- Build once -------------------------------------------------------------
log "building panorama and the corpus generator (release)…"
(cd "$repo" && cargo build --release --locked -q && cargo build --release --locked -q --example gen_corpus)
mkdir -p "$bench_dir/bin"
# A copy, so a rebuild in the repository during the run changes nothing.
cp "${CARGO_TARGET_DIR:-$repo/target}/release/panorama" "$bench_dir/bin/panorama"
cp "${CARGO_TARGET_DIR:-$repo/target}/release/examples/gen_corpus" "$bench_dir/bin/gen_corpus"
panorama="$bench_dir/bin/panorama"
gen="$bench_dir/bin/gen_corpus"

hugo_bin=""
if [[ "${BENCH_NO_HUGO:-0}" != 1 ]] && command -v hugo >/dev/null 2>&1; then
    hugo_bin="$(command -v hugo)"
fi

# --- Helpers ----------------------------------------------------------------
# measure OUTFILE CMD…: runs CMD once, appends "wall_s rss_kb cpu_s" to OUTFILE.
measure() {
    local out="$1"
    shift
    local tf="$bench_dir/.time"
    local t0 t1
    t0=$(date +%s%N)
    if ! /usr/bin/time -f "%M %U %S" -o "$tf" "$@" >"$bench_dir/.stdout" 2>"$bench_dir/.stderr"; then
        log "FAILED: $*"
        sed 's/^/    /' "$bench_dir/.stderr" | head -40 >&2
        return 1
    fi
    t1=$(date +%s%N)
    # GNU time may prefix a "Command exited…" line; the numbers are last.
    read -r rss user sys < <(tail -n 1 "$tf")
    awk -v w="$(((t1 - t0) / 1000))" -v r="$rss" -v u="$user" -v s="$sys" \
        'BEGIN { printf "%.6f %d %.2f\n", w / 1e6, r, u + s }' >>"$out"
}

# median FILE COLUMN
median() {
    sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

# max FILE COLUMN
maxcol() { awk -v c="$2" 'BEGIN { m = 0 } $c > m { m = $c } END { print m }' "$1"; }

html_pages() { find "$1" -name '*.html' | wc -l; }

# tree_hash DIR: one hash of every file's path and bytes.
tree_hash() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16
}

results="$bench_dir/results.tsv"
: >"$results"
: >"$bench_dir/verify.tsv"
rm -f "$bench_dir"/.h-*

# hash_output TOOL N OUTDIR: records the hash of a panorama output (BENCH_VERIFY).
hash_output() {
    if [[ "$verify" == 1 && "$1" == panorama* ]]; then
        tree_hash "$3" >>"$bench_dir/.h-$1-$2"
    fi
}

# bench_tool TOOL N RUNS OUTDIR BUILD_COLD… -- BUILD_WARM…
# Records one line per mode in $results: tool N mode runs median_s pages rss_mb cpu_s
bench_tool() {
    local tool="$1" n="$2" runs="$3" outdir="$4"
    shift 4
    local cold=() warm=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do
        cold+=("$1")
        shift
    done
    shift
    warm=("$@")
    local f_cold="$bench_dir/.m-$tool-$n-cold" f_warm="$bench_dir/.m-$tool-$n-warm"
    : >"$f_cold"
    : >"$f_warm"
    local i
    if [[ " $modes " == *" cold "* ]]; then
        for ((i = 1; i <= runs; i++)); do
            rm -rf "$outdir"
            measure "$f_cold" "${cold[@]}" || return 1
            hash_output "$tool" "$n" "$outdir"
        done
    else
        # Not timed: the previous output the warm runs build over.
        rm -rf "$outdir"
        measure "$bench_dir/.m-untimed" "${cold[@]}" || return 1
    fi
    local pages
    pages=$(html_pages "$outdir")
    if [[ " $modes " == *" warm "* ]]; then
        for ((i = 1; i <= runs; i++)); do
            measure "$f_warm" "${warm[@]}" || return 1
            hash_output "$tool" "$n" "$outdir"
        done
    fi
    note_load
    local mode f
    for mode in $modes; do
        f="$bench_dir/.m-$tool-$n-$mode"
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$mode" "$runs" \
            "$(median "$f" 1)" "$pages" "$(awk -v k="$(maxcol "$f" 2)" 'BEGIN { printf "%.0f", k / 1024 }')" \
            "$(median "$f" 3)" >>"$results"
        log "  $tool N=$n $mode: median $(median "$f" 1) s over $runs runs, $pages pages"
    done
}

# --- Corpora ----------------------------------------------------------------
gen_stamp="$(cksum <"$gen" | cut -d' ' -f1)"
corpus() {
    local n="$1" dir="$bench_dir/n$n"
    local stamp="$gen_stamp $n"
    if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]]; then
        [[ -d "$dir/panorama-search" ]] || with_search "$dir/panorama" "$dir/panorama-search"
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    log "generating N=$n…"
    "$gen" --cases "$n" --panorama "$dir/panorama" --hugo "$dir/hugo" >&2
    with_search "$dir/panorama" "$dir/panorama-search"
    echo "$stamp" >"$dir/.stamp"
}

# with_search SITE COPY: COPY is SITE with `search: true` (the generator writes
# `search: false`, the setting Hugo is compared with).
with_search() {
    rm -rf "$2"
    cp -r "$1" "$2"
    sed -i 's/^search: false$/search: true/' "$2/content/site.yaml"
    if ! grep -q '^search: true$' "$2/content/site.yaml"; then
        echo "run.sh: cannot turn search on in $2/content/site.yaml" >&2
        exit 2
    fi
}

# --- Runs -------------------------------------------------------------------
loadavg() { cut -d' ' -f1 /proc/loadavg; }
load_start="$(loadavg)"
load_max="$load_start"
note_load() {
    local l
    l="$(loadavg)"
    load_max="$(awk -v a="$l" -v b="$load_max" 'BEGIN { print (a > b) ? a : b }')"
}
log "results go to stdout; corpora and outputs to $bench_dir"
log "load average now: $load_start (other processes on the machine distort wall times; CPU times are less affected)"
if [[ -z "$hugo_bin" ]]; then
    log "Hugo is not installed (or BENCH_NO_HUGO=1): the side-by-side comparison is SKIPPED (apt-get install hugo)"
fi

for n in "${sizes[@]}"; do
    corpus "$n"
    dir="$bench_dir/n$n"
    runs=$runs_small
    ((n > 1000)) && runs=$runs_large
    for search in $searches; do
        tool=panorama site="$dir/panorama"
        if [[ "$search" == on ]]; then
            tool=panorama-search site="$dir/panorama-search"
        fi
        out="$dir/out-$tool"
        log "N=$n: panorama with search $search, $runs runs per mode ($modes; cold = into an empty folder, warm = over the previous output)"
        bench_tool "$tool" "$n" "$runs" "$out" \
            "$panorama" -q build --root "$site" --output "$out" -- \
            "$panorama" -q build --root "$site" --output "$out" ||
            printf '%s\t%s\tFAILED\n' "$tool" "$n" >>"$results"
        hashes="$bench_dir/.h-$tool-$n"
        if [[ "$verify" == 1 && -s "$hashes" ]]; then
            log "N=$n: one single-threaded build (RAYON_NUM_THREADS=1), not timed, to compare the bytes"
            # Same output path as the timed runs, so only the threading differs.
            rm -rf "$out"
            if RAYON_NUM_THREADS=1 "$panorama" -q build --root "$site" --output "$out" >&2; then
                single="$(tree_hash "$out")"
            else
                single="FAILED"
            fi
            distinct="$(sort -u "$hashes" | wc -l)"
            printf '%s\t%s\t%s\t%s\t%s\n' "$n" "search $search" "$(wc -l <"$hashes")" "$distinct" \
                "$([[ "$distinct" == 1 && "$single" == "$(head -n 1 "$hashes")" ]] && echo yes || echo "NO ($single)")" >>"$bench_dir/verify.tsv"
        fi
    done
    if [[ -n "$hugo_bin" ]]; then
        log "N=$n: hugo, same runs"
        bench_tool hugo "$n" "$runs" "$dir/out-hugo" \
            "$hugo_bin" --quiet --source "$dir/hugo" --destination "$dir/out-hugo" -- \
            "$hugo_bin" --quiet --cleanDestinationDir --source "$dir/hugo" --destination "$dir/out-hugo" ||
            printf 'hugo\t%s\tFAILED\n' "$n" >>"$results"
    fi
done

# Volume 3: the repository's own site as shipped (search on, printed volume
# on), and copies of its sources with `search: false` and/or `pdf: false`,
# each cold and warm: the volume-3 targets of issue 18 were set before the
# build laid out a PDF, so the report shows them with and without it.
vol3_copy() { # vol3_copy DIR SEARCH PDF
    rm -rf "$1"
    mkdir -p "$1"
    cp -r "$repo/content" "$repo/themes" "$1/"
    local key value
    for key in search pdf; do
        value="$2"
        [[ "$key" == pdf ]] && value="$3"
        if grep -q "^$key:" "$1/content/site.yaml"; then
            sed -i "s/^$key:.*\$/$key: $value/" "$1/content/site.yaml"
        else
            printf '\n%s: %s\n' "$key" "$value" >>"$1/content/site.yaml"
        fi
    done
}
vol3_copy "$bench_dir/vol3-search-off" false true
vol3_copy "$bench_dir/vol3-search-on-nopdf" true false
vol3_copy "$bench_dir/vol3-search-off-nopdf" false false
vol3_variants="on off on-nopdf off-nopdf"
vol3_ok=1
for search in $vol3_variants; do
    root="$repo"
    [[ "$search" != on ]] && root="$bench_dir/vol3-search-$search"
    out="$bench_dir/vol3-out-$search"
    log "volume 3 (the repository's content/), search $search: $runs_vol3 runs per mode"
    for mode in cold warm; do
        f="$bench_dir/.m-vol3-$search-$mode"
        : >"$f"
        rm -rf "$out"
        if [[ "$mode" == warm ]]; then
            measure "$bench_dir/.m-untimed" "$panorama" -q build --root "$root" --output "$out" || vol3_ok=0
        fi
        for ((i = 1; i <= runs_vol3; i++)); do
            [[ "$mode" == cold ]] && rm -rf "$out"
            measure "$f" "$panorama" -q build --root "$root" --output "$out" || {
                vol3_ok=0
                break
            }
        done
    done
done
note_load

# --- Report -----------------------------------------------------------------
cpu_model="$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
row() { awk -F'\t' -v t="$1" -v n="$2" -v m="$3" '$1 == t && $2 == n && $3 == m' "$results"; }
field() { row "$1" "$2" "$3" | cut -f"$4"; }

echo "## Benchmark results"
echo
echo "- machine: $(nproc) cores ($cpu_model), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "- panorama: $("$panorama" --version 2>/dev/null || echo '?'), release build of the working tree (binary cksum $(cksum <"$panorama" | cut -d' ' -f1))"
if [[ -n "$hugo_bin" ]]; then
    echo "- hugo: $("$hugo_bin" version 2>/dev/null | awk '{ print $1, $2 }')"
elif [[ "${BENCH_NO_HUGO:-0}" == 1 ]]; then
    echo "- hugo: skipped (BENCH_NO_HUGO=1)"
else
    echo "- hugo: not installed — comparison skipped (apt-get install hugo)"
fi
echo "- runs: $runs_small per measure for N ≤ 1 000, $runs_large above; medians; warm page cache"
echo "- corpus: \`gen_corpus --cases N\` (examples/gen_corpus.rs), one volume per 1 000 case studies"
echo "- load average (1 min): $load_start at the start, up to $load_max during the runs (both tools use every core, so about $(nproc) comes from the benchmark itself)"
if awk -v l="$load_max" -v c="$(nproc)" 'BEGIN { exit !(l > c + 1) }'; then
    echo "- **warning: other processes were busy during the runs; wall times are inflated, compare the CPU column and rerun on an idle machine**"
fi
echo
echo "(\`panorama\`: \`search: false\`, as generated; \`panorama-search\`: the same corpus with \`search: true\`, the shipped setting.)"
echo
echo "| N | tool | output folder | runs | median wall | pages | pages/s | peak RSS | CPU (user+sys) |"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
    for tool in panorama panorama-search hugo; do
        for mode in cold warm; do
            line="$(row "$tool" "$n" "$mode")"
            [[ -z "$line" ]] && continue
            IFS=$'\t' read -r _ _ _ r med pages rss cpu <<<"$line"
            label="empty"
            [[ "$mode" == warm ]] && label="previous output"
            awk -v n="$n" -v t="$tool" -v l="$label" -v r="$r" -v m="$med" -v p="$pages" -v rss="$rss" -v c="$cpu" \
                'BEGIN { printf "| %d | %s | %s | %d | %.3f s | %d | %.0f | %d MB | %.2f s |\n", n, t, l, r, m, p, p / m, rss, c }'
        done
    done
    for tool in panorama panorama-search; do
        if grep -q "^$tool"$'\t'"$n"$'\t'"FAILED" "$results"; then echo "| $n | $tool | FAILED (see stderr) | | | | | | |"; fi
    done
    if grep -q "^hugo"$'\t'"$n"$'\t'"FAILED" "$results"; then echo "| $n | hugo | FAILED (see stderr) | | | | | | |"; fi
done

if [[ -n "$hugo_bin" ]]; then
    echo
    echo "Ratio panorama / Hugo (median wall time; below 1 means panorama is faster; target at 10 000: ≤ 0.5):"
    echo
    echo "| N | empty folder | over previous output |"
    echo "|---:|---:|---:|"
    for n in "${sizes[@]}"; do
        pc="$(field panorama "$n" cold 5)" hc="$(field hugo "$n" cold 5)"
        pw="$(field panorama "$n" warm 5)" hw="$(field hugo "$n" warm 5)"
        [[ -z "$pc" || -z "$hc" ]] && continue
        awk -v n="$n" -v a="$pc" -v b="$hc" -v c="$pw" -v d="$hw" \
            'BEGIN { printf "| %d | %.2f | %.2f |\n", n, a / b, c / d }'
    done
fi

if [[ " $searches " == *" on "* && " $searches " == *" off "* ]]; then
    echo
    echo "Cost of search (panorama, search on / search off, median wall and CPU; targets at 1 000: ≤ 2 cold, ≤ 1.1 warm):"
    echo
    echo "| N | mode | wall on / off | CPU on / off | peak RSS on / off |"
    echo "|---:|---|---:|---:|---:|"
    for n in "${sizes[@]}"; do
        for mode in cold warm; do
            a="$(field panorama-search "$n" "$mode" 5)" b="$(field panorama "$n" "$mode" 5)"
            [[ -z "$a" || -z "$b" ]] && continue
            awk -v n="$n" -v m="$mode" -v a="$a" -v b="$b" \
                -v ca="$(field panorama-search "$n" "$mode" 8)" -v cb="$(field panorama "$n" "$mode" 8)" \
                -v ra="$(field panorama-search "$n" "$mode" 7)" -v rb="$(field panorama "$n" "$mode" 7)" \
                'BEGIN { printf "| %d | %s | %.3f / %.3f s = %.2f | %.2f / %.2f s = %.2f | %d / %d MB |\n", n, m, a, b, a / b, ca, cb, (cb > 0 ? ca / cb : 0), ra, rb }'
        done
    done
fi

if [[ -s "$bench_dir/verify.tsv" ]]; then
    echo
    echo "Determinism (panorama; hash of every output file after each timed run, and of a RAYON_NUM_THREADS=1 build):"
    echo
    echo "| N | site | builds hashed | distinct outputs | same bytes single-threaded |"
    echo "|---:|---|---:|---:|---|"
    awk -F'\t' '{ printf "| %d | %s | %d | %d | %s |\n", $1, $2, $3, $4, $5 }' "$bench_dir/verify.tsv"
fi

echo
if [[ $vol3_ok == 1 ]]; then
    echo "Volume 3 (the repository's content/; median over $runs_vol3 runs; targets with search: < 80 ms cold, < 50 ms warm;"
    echo "\`-nopdf\`: a copy with \`pdf: false\`, no printed volume laid out):"
    echo
    echo "| search | output folder | median wall | peak RSS | CPU (user+sys) |"
    echo "|---|---|---:|---:|---:|"
    for search in $vol3_variants; do
        for mode in cold warm; do
            f="$bench_dir/.m-vol3-$search-$mode"
            label="empty"
            [[ "$mode" == warm ]] && label="previous output"
            awk -v s="$search" -v l="$label" -v med="$(median "$f" 1)" -v rss="$(maxcol "$f" 2)" -v c="$(median "$f" 3)" \
                'BEGIN { printf "| %s | %s | %.1f ms | %.0f MB | %.0f ms |\n", s, l, med * 1000, rss / 1024, c * 1000 }'
        done
    done
else
    echo "Volume 3: a build FAILED (see stderr)"
fi

# Linear growth: time per page at the largest N against N = 1 000.
largest="${sizes[${#sizes[@]}-1]}"
p1="$(field panorama 1000 cold 5)" g1="$(field panorama 1000 cold 6)"
pl="$(field panorama "$largest" cold 5)" gl="$(field panorama "$largest" cold 6)"
if [[ -n "$p1" && -n "$pl" && "$largest" != 1000 ]]; then
    awk -v a="$p1" -v pa="$g1" -v b="$pl" -v pb="$gl" -v n="$largest" \
        'BEGIN { ta = a / pa * 1e3; tb = b / pb * 1e3;
                 printf "Linear growth (panorama, empty folder): %.3f ms per page at N = 1 000, %.3f ms per page at N = %d: ratio %.2f (target at 50 000: ≤ 1.3)\n", ta, tb, n, tb / ta }'
    if [[ "$largest" != 50000 ]]; then
        echo "(N = 50 000 not run: set BENCH_FULL=1 for the figure the target names.)"
    fi
fi

if [[ "${BENCH_CLEAN:-0}" == 1 ]]; then
    rm -rf "$bench_dir"
else
    log "corpora and outputs kept in $bench_dir ($(du -sh "$bench_dir" | cut -f1)); BENCH_CLEAN=1 removes them"
fi
