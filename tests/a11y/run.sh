#!/usr/bin/env bash
# Accessibility and validity checks of the shipped site, from a fresh machine:
#   1. installs Debian's chromium and a Java runtime when they are missing
#      (only as root; otherwise says what to install),
#   2. npm ci in tests/a11y (playwright-core, axe-core, vnu-jar, from the lock file),
#   3. builds the site with cargo (release) into a temporary folder,
#   4. runs check.mjs on it (axe-core at 1280 and 375 px, no horizontal
#      scrolling, keyboard, Nu HTML Checker, French typography).
# Arguments are passed to check.mjs, e.g. `tests/a11y/run.sh --typography=warn`.
# Exit code: that of check.mjs (0 all passed, 1 a check failed, 2 setup error).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

missing=()
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "a11y: installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "a11y: missing ${missing[*]}: run as root: apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi

echo "a11y: npm ci in tests/a11y"
(cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

work="$(mktemp -d "${TMPDIR:-/tmp}/panorama-a11y.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "a11y: building the site into $work/site"
(cd "$ROOT" && cargo run --release --locked -q -- build --root "$ROOT" --output "$work/site" --quiet)

node "$HERE/check.mjs" "$work/site" "$@"
