#!/usr/bin/env bash
# Accessibility and validity checks of the shipped site, from a fresh machine:
#   1. installs Debian's chromium and a Java runtime when they are missing
#      (only as root; otherwise says what to install),
#   2. npm ci in tests/a11y (playwright-core, axe-core, vnu-jar, from the lock file),
#   3. builds the site with cargo (release; A11Y_PROFILE=dev uses the dev
#      profile, the binary `cargo test` builds, as CI does) into a temporary
#      folder,
#   4. runs check.mjs on it (axe-core at 1280 and 375 px, no horizontal
#      scrolling, keyboard, Nu HTML Checker, French typography),
#   5. installs the DSFR package (npm ci --prefix themes/dsfr, from its lock
#      file), builds the same content with `--theme dsfr` into a second
#      temporary folder and runs check.mjs on it too,
#   6. builds a copy of the content with photos, a logo, a cover, a frieze
#      and documents added (media-site.sh) with the same theme, and runs
#      check.mjs on its pages that show them (home, volume, introduction,
#      a case study). A11Y_MEDIA=0 skips this step.
#   7. for each theme, builds the site again for a free loopback port and runs
#      lighthouse.mjs (Lighthouse 12.2.3, pinned: later versions need a newer
#      Node than Debian's) on six pages, mobile and desktop: accessibility,
#      best practices and SEO must score 100, performance at least 95 for the
#      default theme (reported for dsfr). A11Y_LIGHTHOUSE=0 skips this step.
# Arguments are passed to check.mjs, e.g. `tests/a11y/run.sh --typography=warn`.
# A11Y_THEMES="panorama" (or "dsfr") checks one theme only.
# Exit code: 0 when every check of both sites passed, 1 when one failed,
# 2 on a setup error.
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

# The cargo profile panorama and examples/gen_media are built with.
profile="${A11Y_PROFILE:-release}"
case "$profile" in dev) profile_dir=debug ;; *) profile_dir="$profile" ;; esac
panorama() { (cd "$ROOT" && cargo run --profile "$profile" --locked -q -- "$@"); }
# The test photos' maker, for the site with media (built once).
gen_media="${CARGO_TARGET_DIR:-$ROOT/target}/$profile_dir/examples/gen_media"
if [ "${A11Y_MEDIA:-1}" = 1 ]; then
  (cd "$ROOT" && cargo build --profile "$profile" --locked -q --example gen_media)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/panorama-a11y.XXXXXX")"
trap 'rm -rf "$work"' EXIT
themes="${A11Y_THEMES:-panorama dsfr}"
# The pages Lighthouse audits, mobile and desktop: one of each kind a reader
# lands on from a search engine.
LIGHTHOUSE_PAGES="/,/economie-locale-et-solidaire/,/economie-locale-et-solidaire/conciergerie-solidaire/,/glossaire/,/ptce/,/recherche/"
status=0
for theme in $themes; do
  case "$theme" in
    panorama) ;;
    dsfr)
      # The DSFR's install script asks to accept its terms of use
      # (node_modules/@gouvfr/dsfr/doc/legal/cgu.md: reserved to the State's
      # websites). DSFR_ACCEPT_LICENSE=1 is the way its README gives for CI;
      # the site built here is a throwaway served on 127.0.0.1 only.
      echo "a11y: npm ci --prefix themes/dsfr (@gouvfr/dsfr from themes/dsfr/package-lock.json)"
      (cd "$ROOT" && DSFR_ACCEPT_LICENSE=1 npm ci --prefix themes/dsfr --no-audit --no-fund --loglevel=error)
      ;;
    *) echo "a11y: unknown theme in A11Y_THEMES: $theme" >&2; exit 2 ;;
  esac
  echo "a11y: building the site with the theme $theme into $work/$theme"
  panorama build --root "$ROOT" --theme "$theme" --output "$work/$theme" --quiet
  echo "a11y: checking the site with the theme $theme"
  code=0
  node "$HERE/check.mjs" "$work/$theme" "$@" || code=$?
  echo "a11y: theme $theme: exit code $code"
  if [ "$code" -gt "$status" ]; then status=$code; fi

  if [ "${A11Y_MEDIA:-1}" = 1 ]; then
    # Made again for each theme: media-site.sh links the DSFR package into
    # the copy only if it is installed, and it is installed just above for
    # the theme dsfr (the first theme's copy would lack it).
    rm -rf "$work/media-src"
    GEN_MEDIA="$gen_media" "$HERE/media-site.sh" "$work/media-src" >/dev/null
    echo "a11y: the site with media (media-site.sh), theme $theme"
    panorama build --root "$work/media-src" --theme "$theme" --output "$work/media-$theme" --quiet
    code=0
    node "$HERE/check.mjs" "$work/media-$theme" \
      --only='^/(economie-locale-et-solidaire/((introduction|conciergerie-solidaire)/)?)?$' "$@" || code=$?
    echo "a11y: theme $theme with media: exit code $code"
    if [ "$code" -gt "$status" ]; then status=$code; fi
  fi

  if [ "${A11Y_LIGHTHOUSE:-1}" = 1 ]; then
    # Lighthouse wants what a real host gives: absolute canonical and sharing
    # URLs on the page's own origin, and compressed text. The site is built
    # again for a free loopback port and served there by lighthouse.mjs.
    port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
    echo "a11y: Lighthouse on the theme $theme (built for http://127.0.0.1:$port/)"
    panorama build --root "$ROOT" --theme "$theme" --output "$work/lh-$theme" \
      --base-url "http://127.0.0.1:$port/" --quiet
    # Performance is held at 95 for the default theme; the dsfr theme's
    # figure is reported (its stylesheet and fonts are the DSFR's own).
    case "$theme" in
      panorama) min="accessibility:100,best-practices:100,seo:100,performance:95" ;;
      *) min="accessibility:100,best-practices:100,seo:100" ;;
    esac
    code=0
    node "$HERE/lighthouse.mjs" "$work/lh-$theme" --port="$port" --min="$min" \
      --pages="$LIGHTHOUSE_PAGES" || code=$?
    echo "a11y: Lighthouse, theme $theme: exit code $code"
    if [ "$code" -gt "$status" ]; then status=$code; fi
  fi
done
exit "$status"
