//! The printed volume (src/pdf/): the real binary on the fixture
//! `tests/fixtures/minimal/` writes `economie-locale/economie-locale.pdf`,
//! tagged, in French, with its title, outline and every page of the
//! volume; the same input gives the same bytes; `pdf: false` turns it
//! off; content that cannot be laid out is an error naming file and line.

mod common;

use common::*;
use std::fs;

const PDF: &str = "economie-locale/economie-locale.pdf";

/// The fixture with the PDF on (it is off in the shared fixture, to keep
/// the other tests' many debug builds fast).
fn pdf_site() -> Site {
    let site = Site::minimal();
    site.replace("content/site.yaml", "pdf: false", "pdf: true");
    site
}

fn pdf_bytes(site: &Site) -> Vec<u8> {
    fs::read(site.output().join(PDF)).unwrap_or_else(|e| panic!("{PDF} missing: {e}"))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The `/Title` strings of the PDF: the document's title and every entry
/// of its outline (bookmarks). Typst writes them uncompressed, as literal
/// strings or as UTF-16BE hex strings with a byte-order mark.
fn pdf_strings(bytes: &[u8]) -> String {
    let mut out = String::new();
    let key = b"/Title";
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(key.len()).position(|w| w == key) {
        let mut j = i + at + key.len();
        while bytes.get(j) == Some(&b' ') {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'<') => {
                let end = bytes[j..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |e| j + e);
                let hex = String::from_utf8_lossy(&bytes[j + 1..end]).to_string();
                let raw: Vec<u8> = (0..hex.len() / 2)
                    .filter_map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).ok())
                    .collect();
                out.push_str(&decode(&raw));
                j = end;
            }
            Some(b'(') => {
                let mut raw = Vec::new();
                let mut depth = 1;
                j += 1;
                while j < bytes.len() && depth > 0 {
                    match bytes[j] {
                        b'\\' if j + 1 < bytes.len() => {
                            j += 1;
                            raw.push(match bytes[j] {
                                b'n' => b'\n',
                                b'r' => b'\r',
                                b't' => b'\t',
                                c @ b'0'..=b'7' => {
                                    let mut v = u32::from(c - b'0');
                                    for _ in 0..2 {
                                        if let Some(d @ b'0'..=b'7') = bytes.get(j + 1) {
                                            v = v * 8 + u32::from(d - b'0');
                                            j += 1;
                                        }
                                    }
                                    v as u8
                                }
                                c => c,
                            });
                        }
                        b'(' => {
                            depth += 1;
                            raw.push(b'(');
                        }
                        b')' => {
                            depth -= 1;
                            if depth > 0 {
                                raw.push(b')');
                            }
                        }
                        c => raw.push(c),
                    }
                    j += 1;
                }
                out.push_str(&decode(&raw));
            }
            _ => {}
        }
        out.push('\n');
        i = j.max(i + at + 1);
    }
    out
}

/// A PDF text string: UTF-16BE after a byte-order mark, else ASCII here.
fn decode(raw: &[u8]) -> String {
    match raw.strip_prefix(&[0xFE, 0xFF]) {
        Some(rest) => {
            let units: Vec<u16> = rest
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(raw).to_string(),
    }
}

#[test]
fn build_writes_a_tagged_french_pdf_with_title_and_outline() {
    let site = pdf_site();
    site.build_ok();
    let bytes = pdf_bytes(&site);
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    for marker in [
        &b"/StructTreeRoot"[..],
        b"/MarkInfo",
        b"/Outlines",
        b"/Lang(fr)",
        b"/DisplayDocTitle true",
        // Typst's PDF/UA-1 validation passed: the claim is in the XMP.
        b"pdfuaid:part",
    ] {
        assert!(
            contains(&bytes, marker),
            "the PDF lacks {}",
            String::from_utf8_lossy(marker)
        );
    }
    // The structure tree: the fixture's two sources are two notes, its
    // table and the identity card have header cells.
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"/S/Note"), 2, "one tagged note per footnote");
    assert!(count(b"/S/TH") >= 2, "tables without header cells");
    assert!(count(b"/S/H") >= 6, "headings are not tagged");
    let strings = pdf_strings(&bytes);
    assert!(
        strings.contains("Économie locale et solidaire — Panorama de test, volume 3"),
        "the document title is missing from the metadata:\n{strings}"
    );
}

#[test]
fn every_chapter_case_study_and_annex_is_in_the_outline() {
    let site = pdf_site();
    site.build_ok();
    let strings = pdf_strings(&pdf_bytes(&site));
    for title in [
        "Introduction",
        "Le contexte",
        "La ressourcerie du bassin minier",
        "Lancez-vous\u{202f}!",
        "Glossaire",
        "Les PTCE par département",
    ] {
        assert!(
            strings.contains(title),
            "« {title} » is not in the PDF's outline:\n{strings}"
        );
    }
}

#[test]
fn the_volume_page_links_the_pdf_with_its_size() {
    let site = pdf_site();
    site.build_ok();
    let html = site.out("economie-locale/index.html");
    assert!(
        html.contains("href=\"/economie-locale/economie-locale.pdf\""),
        "no link to the PDF on the volume page"
    );
    let size = pdf_bytes(&site).len();
    let expected = if size >= 1_000_000 {
        format!("PDF, {},", size / 1_000_000)
    } else {
        format!("PDF, {}\u{a0}ko", (size as f64 / 1000.0).round() as u64)
    };
    assert!(
        strip_tags(&html).contains("Télécharger le volume"),
        "no download text"
    );
    assert!(
        html.contains(&expected),
        "the link does not give « {expected} » for a file of {size} bytes"
    );
}

#[test]
fn two_builds_give_byte_identical_pdfs() {
    let a = pdf_site();
    let b = pdf_site();
    a.build_ok();
    b.build_ok();
    assert!(
        pdf_bytes(&a) == pdf_bytes(&b),
        "two builds of the same content gave different PDFs"
    );
}

#[test]
fn pdf_false_builds_the_site_without_it() {
    let site = pdf_site();
    site.replace("content/site.yaml", "pdf: true", "pdf: false");
    site.build_ok();
    assert!(
        !site.output().join(PDF).exists(),
        "pdf: false still wrote the PDF"
    );
    let html = site.out("economie-locale/index.html");
    assert!(!html.contains(".pdf"), "pdf: false still links a PDF");
}

#[test]
fn check_lays_it_out_without_writing() {
    let site = pdf_site();
    site.run(&["check"]).assert_success();
    assert!(!site.output().exists(), "check wrote something");
    // A character no embedded font has: an error at its line, nothing written.
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national 漢.",
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    r.assert_stderr("no font for the character « 漢 »");
    r.assert_diagnostic("E083", "content/economie-locale/02-contexte.md", Some(8));
}

#[test]
fn a_failed_pdf_fails_the_build_and_keeps_the_previous_output() {
    let site = pdf_site();
    site.build_ok();
    let before = snapshot(&site.output());
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national 漢.",
    );
    let r = site.build();
    r.assert_code(1).assert_no_panic();
    assert_same_tree(&before, &snapshot(&site.output()), "a failed PDF build");
}

#[test]
fn a_broken_theme_layout_is_reported_at_its_line() {
    let site = pdf_site();
    site.write(
        "themes/panorama/pdf/style.typ",
        "#let body-font = (\"Libertinus Serif\",)\n#let heading-font = body-font\n#let body-size = 10pt\n#let ink = rgb(\"#161616\"\n",
    );
    let r = site.build();
    r.assert_code(1).assert_no_panic();
    r.assert_diagnostic("E080", "themes/panorama/pdf/style.typ", Some(4));
    assert!(!site.output().exists(), "a failed build wrote the output");
}

#[test]
fn the_dsfr_theme_sets_the_volume_in_dejavu_sans() {
    let site = pdf_site();
    // A stand-in for the DSFR package the HTML theme needs (as tests/dsfr.rs).
    site.write(
        "themes/dsfr/package.json",
        "{\"dependencies\": {\"@gouvfr/dsfr\": \"1.15.3\"}}\n",
    );
    site.write(
        "themes/dsfr/package-lock.json",
        "{\"lockfileVersion\": 3}\n",
    );
    let pkg = "themes/dsfr/node_modules/@gouvfr/dsfr";
    site.write(
        &format!("{pkg}/package.json"),
        "{\"name\": \"@gouvfr/dsfr\", \"version\": \"1.15.3\", \"license\": \"etalab-2.0\"}\n",
    );
    site.write(&format!("{pkg}/LICENSE.md"), "fake licence\n");
    for rel in [
        "dsfr.min.css",
        "dsfr.module.min.js",
        "dsfr.nomodule.min.js",
        "favicon/favicon.svg",
        "favicon/favicon.ico",
        "favicon/apple-touch-icon.png",
        "fonts/Marianne-Regular.woff2",
        "fonts/Marianne-Bold.woff2",
        "utility/utility.min.css",
    ] {
        site.write(&format!("{pkg}/dist/{rel}"), "/* fake */\n");
    }
    site.run(&["build", "--theme", "dsfr"]).assert_success();
    let bytes = pdf_bytes(&site);
    assert!(
        contains(&bytes, b"DejaVuSans"),
        "the dsfr PDF does not embed DejaVu Sans"
    );
    assert!(
        !contains(&bytes, b"LibertinusSerif"),
        "the dsfr PDF uses the serif"
    );
    let html = site.out("economie-locale/index.html");
    assert!(html.contains("fr-link--download"), "no DSFR download link");
}

#[test]
fn a_rebuild_reuses_the_pdf_of_an_unchanged_volume() {
    let site = pdf_site();
    site.build_ok();
    let first = pdf_bytes(&site);
    // Mark the published PDF: reused, it comes back as it is; laid out
    // again, it would lose the mark.
    let mut marked = first.clone();
    marked.extend_from_slice(b"\n% reused\n");
    fs::write(site.output().join(PDF), &marked).unwrap();
    site.build_ok();
    assert_eq!(
        pdf_bytes(&site),
        marked,
        "an unchanged volume was laid out again"
    );
    // An edit of the volume's content makes a new PDF.
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Un autre texte sur le contexte national.",
    );
    site.build_ok();
    let third = pdf_bytes(&site);
    assert!(
        third != marked && third != first,
        "an edited volume kept its old PDF"
    );
}

#[test]
fn an_unchanged_volume_is_the_kept_pdf_even_into_a_new_output() {
    use std::os::unix::fs::MetadataExt;
    let site = pdf_site();
    site.build_ok();
    let kept: Vec<std::path::PathBuf> = fs::read_dir(site.path(".panorama-cache/pdf"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let ino = |p: &std::path::Path| fs::metadata(p).unwrap().ino();
    // Published as a hard link to the kept file, not a copy.
    assert_eq!(ino(&site.output().join(PDF)), ino(&kept[0]));
    let first = pdf_bytes(&site);
    // Into an empty folder: not laid out again (a new layout would be a
    // new file), the same bytes.
    site.run(&["build", "--output", "elsewhere", "--quiet"])
        .assert_success();
    let elsewhere = site.path("elsewhere").join(PDF);
    assert_eq!(ino(&elsewhere), ino(&kept[0]));
    assert_eq!(fs::read(&elsewhere).unwrap(), first);
    // The kept file damaged: laid out again, the same bytes.
    fs::write(&kept[0], b"%PDF-1.7 damaged").unwrap();
    fs::remove_dir_all(site.output()).unwrap();
    site.build_ok();
    assert_eq!(pdf_bytes(&site), first);
}

/// An 8×8 red PNG.
const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 8, 0, 0, 0, 8, 8, 2, 0,
    0, 0, 75, 109, 41, 220, 0, 0, 0, 18, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 128, 21, 97,
    23, 29, 180, 18, 0, 40, 255, 63, 193, 110, 236, 223, 97, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66,
    96, 130,
];

#[test]
fn images_keep_their_text_alternative_and_site_links_are_absolute() {
    let site = pdf_site();
    site.write("content/economie-locale/photos/carre.png", PNG);
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national.\n\n![Un carré rouge](photos/carre.png)\n\n![\"\"](photos/carre.png)",
    );
    site.run(&["build", "--base-url", "https://example.org/panoramas/"])
        .assert_success();
    let bytes = pdf_bytes(&site);
    // One figure with its alternative; the image with an empty one is
    // decorative (an artifact), or PDF/UA-1 validation would have failed.
    let count = |needle: &[u8]| bytes.windows(needle.len()).filter(|w| *w == needle).count();
    assert_eq!(count(b"/S/Figure"), 1, "one tagged figure");
    let alt: String = "Un carré rouge"
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    assert!(
        contains(&bytes, format!("/Alt<FEFF{alt}>").as_bytes()),
        "the figure lacks its text alternative"
    );
    // The cover gives the volume's address, absolute like the base URL.
    assert!(
        contains(
            &bytes,
            b"/URI(https://example.org/panoramas/economie-locale/)"
        ),
        "no absolute link to the volume's pages"
    );
}

/// The decompressed content of every Flate stream of the PDF (page
/// contents hold the marked-content properties, `/Lang` among them).
fn streams(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].windows(6).position(|w| w == b"stream") {
        let mut start = i + at + 6;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let end = bytes[start..]
            .windows(9)
            .position(|w| w == b"endstream")
            .map_or(bytes.len(), |e| start + e);
        let mut text = Vec::new();
        if flate2::read::ZlibDecoder::new(&bytes[start..end])
            .read_to_end(&mut text)
            .is_ok()
        {
            out.extend(text);
        }
        // Past `endstream`, whose tail would read as another `stream`.
        i = (end + 9).max(start);
        if i >= bytes.len() {
            break;
        }
    }
    out
}

#[test]
fn english_passages_are_tagged_with_their_language() {
    let site = pdf_site();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur la <span lang=\"en\">silver economy</span> et le <span lang=\"en-GB\">benchmark</span>.",
    );
    site.build_ok();
    let html = site.out("economie-locale/contexte/index.html");
    assert!(
        html.contains("<span lang=\"en\">silver economy</span>"),
        "{html}"
    );
    let content = streams(&pdf_bytes(&site));
    let count = |needle: &[u8]| {
        content
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    };
    assert_eq!(count(b"/Lang(en)"), 1, "the English passage is tagged");
    assert_eq!(count(b"/Lang(en-GB)"), 1, "the region is kept");
    assert!(count(b"/Lang(fr)") > 0, "French text keeps its language");
}

#[test]
fn a_language_tag_that_is_not_bcp47_is_refused_at_its_line() {
    let site = Site::minimal();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur la <span lang=\"english\">silver economy</span>.",
    );
    let r = site.build();
    r.assert_code(1).assert_no_panic();
    r.assert_diagnostic("E085", "content/economie-locale/02-contexte.md", Some(8));
    // Hostile values are refused the same way, whatever they hold.
    site.replace(
        "content/economie-locale/02-contexte.md",
        "lang=\"english\"",
        "lang='en\" onclick=\"x'",
    );
    site.build().assert_code(1).assert_diagnostic(
        "E085",
        "content/economie-locale/02-contexte.md",
        Some(8),
    );
}

#[test]
fn a_table_too_wide_for_the_page_is_an_error_at_its_line() {
    let site = pdf_site();
    let head: Vec<String> = (1..=10).map(|n| format!("Colonne {n}")).collect();
    let table = format!(
        "| {} |\n|{}\n| {} |",
        head.join(" | "),
        "---|".repeat(10),
        (1..=10)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" | ")
    );
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        &table,
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    r.assert_diagnostic("E084", "content/economie-locale/02-contexte.md", Some(8));

    // Few columns, but a cell holding a number too long to break.
    let site = pdf_site();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        &format!(
            "| Code | Valeur |\n|---|---|\n| A | {} |",
            "1234567890".repeat(12)
        ),
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    r.assert_diagnostic("E084", "content/economie-locale/02-contexte.md", Some(10));
}

/// The default theme's style.typ with a cover mark given by `mark`.
fn style_with_mark(mark: &str) -> String {
    let style = include_str!("../themes/panorama/pdf/style.typ");
    let at = style
        .find("#let cover-mark")
        .expect("style.typ defines cover-mark");
    format!("{}#let cover-mark = {mark}\n", &style[..at])
}

#[test]
fn a_pdf_ua_failure_names_its_cause() {
    let site = pdf_site();
    // An image without a text alternative breaks PDF/UA-1.
    site.write(
        "themes/panorama/pdf/style.typ",
        style_with_mark(
            "image(bytes(\"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'><rect width='10' height='10'/></svg>\"))",
        ),
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    let lines = style_with_mark("x").lines().count();
    r.assert_diagnostic("E081", "themes/panorama/pdf/style.typ", Some(lines));
    r.assert_stderr("PDF/UA-1");
}

#[test]
fn an_image_the_pdf_cannot_embed_is_named() {
    let site = pdf_site();
    site.write(
        "themes/panorama/pdf/style.typ",
        style_with_mark("image(bytes(\"not an image\"), format: \"png\", alt: \"Logo\")"),
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    let lines = style_with_mark("x").lines().count();
    r.assert_diagnostic("E082", "themes/panorama/pdf/style.typ", Some(lines));
}

#[test]
fn the_cover_image_is_on_the_cover_with_its_text_alternative() {
    let site = pdf_site();
    site.write("content/economie-locale/couverture.png", PNG);
    site.replace(
        "content/economie-locale/index.md",
        "description: Le volume de test.",
        "description: Le volume de test.\ncover:\n  file: couverture.png\n  alt: Une rue du bassin minier",
    );
    site.build_ok();
    let bytes = pdf_bytes(&site);
    let alt: String = "Une rue du bassin minier"
        .encode_utf16()
        .map(|u| format!("{u:04X}"))
        .collect();
    // ASCII text is written as a literal string, other text as UTF-16.
    assert!(
        contains(&bytes, format!("/Alt<FEFF{alt}>").as_bytes())
            || contains(&bytes, b"/Alt(Une rue du bassin minier)"),
        "the cover image lacks its text alternative"
    );
    assert_eq!(
        bytes.windows(9).filter(|w| *w == b"/S/Figure").count(),
        1,
        "one tagged figure: the cover"
    );
}

/// A page that links its volume's home (`@/<volume>/index.md`): the link
/// leads to the volume's introduction in the PDF (found by the benchmark
/// corpus, whose case studies all link their volume).
#[test]
fn a_link_to_the_volume_home_is_laid_out() {
    let site = pdf_site();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national, que le [volume](@/economie-locale/index.md) présente.",
    );
    site.build_ok();
    assert!(pdf_bytes(&site).starts_with(b"%PDF-"));
}

/// An image the printed volume cannot embed is named by the page and line
/// of its Markdown, not by its name inside the PDF's layout (`images/0.svg`).
#[test]
fn an_image_the_pdf_cannot_embed_is_named_by_its_page_and_line() {
    let site = pdf_site();
    site.write(
        "content/economie-locale/lien.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"50\"><image href=\"file:///etc/hostname\" width=\"10\" height=\"10\"/></svg>",
    );
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "![Un schéma](lien.svg)",
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    r.assert_diagnostic("E082", "content/economie-locale/02-contexte.md", Some(8));
    assert!(!r.stderr.contains("images/0"), "{}", r.stderr);
}

/// A table too wide (found while assembling), a character no font has and
/// a word too long for the margin (found while laying out): all three in
/// one run, the table once.
#[test]
fn the_printed_volume_s_problems_come_in_one_run() {
    let site = pdf_site();
    let head: Vec<String> = (1..=9).map(|n| format!("C{n}")).collect();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        &format!(
            "| {} |\n|{}\n| {} |\n\nUn crabe 🦀 ici.\n\nVoir `{}`.",
            head.join(" | "),
            "---|".repeat(9),
            (1..=9)
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(" | "),
            "x".repeat(140)
        ),
    );
    let r = site.run(&["check"]);
    r.assert_code(1).assert_no_panic();
    let file = "content/economie-locale/02-contexte.md";
    r.assert_diagnostic("E084", file, Some(8));
    r.assert_diagnostic("E083", file, Some(12));
    r.assert_diagnostic("E084", file, Some(14));
    assert_eq!(r.error_count(), 3, "{}", r.stderr);
}
