#!/usr/bin/env bash
# A copy of the shipped site with media, the way docs/content-model.md
# « Images et documents » says to add them (issue 12): generated test photos
# (examples/gen_media.rs, no download) in the volume's text with a caption
# and credit, a decorative frieze, a case study's logo, photo and
# documents, the volume's cover and documents (one in English), the site's
# sharing image and favicon. Used by run.sh to run axe and the Nu HTML
# Checker on pages with media, in both themes; also handy to look at them.
#
#   tests/a11y/media-site.sh DEST      (DEST/content is written; DEST must not exist)
#   GEN_MEDIA=target/debug/examples/gen_media tests/a11y/media-site.sh DEST
# Then: panorama build --root DEST [--theme dsfr]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
dest="${1:?usage: media-site.sh DEST}"
[ ! -e "$dest" ] || { echo "media-site.sh: $dest exists" >&2; exit 2; }
# GEN_MEDIA: an already built examples/gen_media (default: built here, release).
gen="${GEN_MEDIA:-${CARGO_TARGET_DIR:-$ROOT/target}/release/examples/gen_media}"
[ -n "${GEN_MEDIA:-}" ] || (cd "$ROOT" && cargo build --release --locked -q --example gen_media)
mkdir -p "$dest"
cp -r "$ROOT/content" "$dest/content"
c="$dest/content"
vol="$c/economie-locale-et-solidaire"
case_md="$vol/05-projecteurs/01-conciergerie-solidaire.md"

# Photos beside the volume, a logo and a frieze in the shared folder.
"$gen" "$vol/photos" 3 2400 1600 >/dev/null
mkdir -p "$c/medias" "$vol/documents" "$vol/05-projecteurs/documents"
mv "$vol/photos/logo.png" "$c/medias/logo-test.png"
mv "$vol/photos/frise.svg" "$c/medias/frise.svg"
cp "$vol/photos/photo-03.jpg" "$c/medias/partage.jpg"
# Documents: small but real files of their format (their size is shown).
printf '%%PDF-1.4\n%% document de test\n%%%%EOF\n' >"$vol/documents/panorama-test.pdf"
printf '%%PDF-1.4\n%% test document\n%%%%EOF\n' >"$vol/documents/summary-test.pdf"
printf '%%PDF-1.4\n%% charte de test\n%%%%EOF\n' >"$vol/05-projecteurs/documents/charte-test.pdf"

# Front matter: inserted after the first line (`---`) of each file.
front() { # file, yaml
    local tmp; tmp="$(mktemp)"
    { head -n 1 "$1"; printf '%s\n' "$2"; tail -n +2 "$1"; } >"$tmp" && mv "$tmp" "$1"
}
front "$vol/index.md" 'cover:
  file: photos/photo-01.jpg
  alt: "Image de test : un bâtiment sous un ciel bleu"
  caption: Image de test. © panorama
documents:
  - file: documents/panorama-test.pdf
    title: Télécharger le document de test
  - file: documents/summary-test.pdf
    title: Test document
    language: en'
front "$case_md" 'logo:
  file: ../../medias/logo-test.png
  alt: Logo de test
photo:
  file: ../photos/photo-02.jpg
  alt: "Image de test : un bâtiment et sa pelouse"
  caption: Image de test. © panorama
documents:
  - file: documents/charte-test.pdf
    title: Télécharger la charte de test'
# The shipped site.yaml has its own sharing image: its block is replaced.
awk '/^image:/ {skip = 1; next} skip && /^[ \t]/ {next} {skip = 0; print}' \
    "$c/site.yaml" >"$c/site.yaml.tmp" && mv "$c/site.yaml.tmp" "$c/site.yaml"
front "$c/site.yaml" 'image:
  file: medias/partage.jpg
  alt: Image de test
favicon: medias/frise.svg'
# In the text: a captioned photo, then a decorative frieze further down.
cat >>"$vol/01-introduction.md" <<'MD'

![Image de test : un bâtiment sous un ciel bleu](photos/photo-03.jpg "Image de test du bassin minier. © panorama")

![""](../medias/frise.svg)
MD
# The DSFR package, for `--theme dsfr` (hard links when possible).
for pkg in "$ROOT/themes/dsfr/node_modules/@gouvfr/dsfr" "$ROOT/node_modules/@gouvfr/dsfr"; do
    if [ -d "$pkg" ]; then
        mkdir -p "$dest/node_modules/@gouvfr"
        cp -al "$pkg" "$dest/node_modules/@gouvfr/dsfr" 2>/dev/null || cp -r "$pkg" "$dest/node_modules/@gouvfr/dsfr"
        break
    fi
done
echo "$dest"
