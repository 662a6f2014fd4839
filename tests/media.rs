//! Images and documents beside the pages (issue 12): references relative to
//! the page's folder, processed variants, accessibility rules, broken
//! files, the cache. Every test builds a copy of the minimal fixture with
//! the real binary; the images are made here with the `image` crate.

mod common;

use common::*;
use std::path::Path;

const CASE: &str = "content/economie-locale/05-projecteurs/01-la-ressourcerie.md";
const CASE_DIR: &str = "content/economie-locale/05-projecteurs";
const CASE_PAGE: &str = "economie-locale/la-ressourcerie/index.html";

fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(width, height, |x, _| {
        image::Rgba([0, 0, 145, if x % 2 == 0 { 255 } else { 0 }])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// A PNG whose header claims `width` × `height` (its pixels are cut short).
fn png_header(width: u32, height: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc(&ihdr).to_be_bytes());
    // The start of the pixels (a real one would go on for gigabytes).
    let idat = b"IDAT\x78\x01";
    out.extend(2u32.to_be_bytes());
    out.extend(idat);
    out.extend(crc(idat).to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND");
    out.extend(crc(b"IEND").to_be_bytes());
    out
}

/// The minimal site with `markdown` added after the case study's
/// `## Contexte` heading; returns the site and the line of the first added
/// line.
fn with_body(markdown: &str) -> (Site, usize) {
    let site = Site::minimal();
    let text = site.read(CASE);
    let line = text.lines().position(|l| l == "## Contexte").unwrap() + 3;
    site.replace(
        CASE,
        "## Contexte\n",
        &format!("## Contexte\n\n{markdown}\n"),
    );
    (site, line)
}

fn img_tags(html: &str) -> Vec<Tag> {
    tags(html).into_iter().filter(|t| t.name == "img").collect()
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one photo followed from the page to every variant of its figure, asserted in reading order"
)]
fn an_image_beside_the_page_becomes_a_processed_figure() {
    let (site, _) = with_body(
        "![La boutique vue de la rue](photos/boutique.jpg \"La boutique à Carvin. © Jeanne Martin\")\n\n\
         Le logo : ![Logo de la ressourcerie](logo.png)\n\n![\"\"](../../medias/frise.svg)",
    );
    site.write(&format!("{CASE_DIR}/photos/boutique.jpg"), jpeg(1000, 600));
    site.write(&format!("{CASE_DIR}/logo.png"), png(300, 100));
    site.write(
        "content/medias/frise.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 4"><rect width="80" height="4"/></svg>"#,
    );
    site.build_ok();
    let html = site.out(CASE_PAGE);

    // The photo: a figure with its caption and credit, variants never wider
    // than the original, explicit size, loaded at once (first image).
    let figure = &elements(&html, "figure")[0];
    assert!(
        figure.contains("<figcaption>La boutique à Carvin."),
        "{figure}"
    );
    assert!(figure.contains(r#"<small class="media-credit">© Jeanne Martin</small>"#));
    let imgs = img_tags(&html);
    let photo = &imgs[0];
    assert_eq!(photo.attr("alt"), Some("La boutique vue de la rue"));
    assert_eq!(
        (photo.attr("width"), photo.attr("height")),
        (Some("1000"), Some("600"))
    );
    assert_eq!(photo.attr("loading"), None);
    let srcset = photo.attr("srcset").unwrap();
    let widths: Vec<&str> = srcset
        .split(", ")
        .map(|s| s.rsplit(' ').next().unwrap())
        .collect();
    assert_eq!(widths, ["400w", "800w", "1000w"]);
    assert!(photo.attr("sizes").is_some());
    for candidate in srcset.split(", ") {
        let url = candidate.split(' ').next().unwrap();
        assert!(url.starts_with("/medias/"), "{url}");
        let bytes = std::fs::read(site.output().join(&url[1..])).unwrap();
        let w: u32 = candidate
            .rsplit(' ')
            .next()
            .unwrap()
            .trim_end_matches('w')
            .parse()
            .unwrap();
        assert_eq!(image::load_from_memory(&bytes).unwrap().width(), w);
    }
    // The original is not published as it is.
    assert!(
        !site
            .output()
            .join("economie-locale/05-projecteurs/photos/boutique.jpg")
            .exists()
    );

    // Each raster image has a WebP source first: lossy (`VP8 `) for the
    // photo, at the same widths as its JPEG and smaller than it, lossless
    // (`VP8L`) for the logo.
    let sources: Vec<_> = tags(&html)
        .into_iter()
        .filter(|t| t.name == "source")
        .collect();
    assert_eq!(sources.len(), 2, "{html}");
    let webp_files = |source: &common::Tag| -> Vec<(String, Vec<u8>)> {
        assert_eq!(source.attr("type"), Some("image/webp"));
        source
            .attr("srcset")
            .unwrap()
            .split(", ")
            .map(|c| {
                let (url, w) = c.split_once(' ').unwrap();
                let bytes = std::fs::read(site.output().join(&url[1..])).unwrap();
                assert_eq!(
                    image::guess_format(&bytes).unwrap(),
                    image::ImageFormat::WebP
                );
                (w.to_string(), bytes)
            })
            .collect()
    };
    let photo_webp = webp_files(&sources[0]);
    let jpeg_sizes: Vec<u64> = srcset
        .split(", ")
        .map(|c| {
            let url = c.split(' ').next().unwrap();
            std::fs::metadata(site.output().join(&url[1..]))
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(
        photo_webp
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>(),
        widths
    );
    for ((_, webp), jpeg_size) in photo_webp.iter().zip(&jpeg_sizes) {
        assert_eq!(&webp[12..16], b"VP8 ", "a photo's WebP is lossy");
        assert!(
            (webp.len() as u64) < *jpeg_size,
            "{} >= {jpeg_size}",
            webp.len()
        );
    }
    for (_, webp) in webp_files(&sources[1]) {
        assert_eq!(&webp[12..16], b"VP8L", "a logo's WebP is lossless");
    }

    // The logo (PNG): lazy below the first image.
    let logo = &imgs[1];
    assert_eq!(logo.attr("loading"), Some("lazy"));
    assert_eq!(logo.attr("decoding"), Some("async"));

    // The decorative SVG from content/medias/: alt="" and its size.
    let frise = &imgs[2];
    assert_eq!(frise.attr("alt"), Some(""));
    assert_eq!(
        (frise.attr("width"), frise.attr("height")),
        (Some("80"), Some("4"))
    );
}

#[test]
fn a_missing_image_is_an_error_with_the_closest_file() {
    let (site, line) = with_body("![La boutique](photos/boutque.jpg)");
    site.write(&format!("{CASE_DIR}/photos/boutique.jpg"), jpeg(50, 40));
    let run = site.build();
    run.assert_code(1)
        .assert_diagnostic("E025", CASE, Some(line));
    run.assert_stderr("photos/boutique.jpg");
    assert!(!site.output().exists());
}

/// A site-rooted path (`/economie-locale/…/boutique.jpg`) names the file
/// at that path from content/: processed exactly like the relative form
/// (same `<picture>`), for images and for links; a site-rooted path that
/// names no file of content/ (a theme's `/static/…`) is left as it is.
#[test]
fn site_rooted_image_paths_name_the_content_file() {
    let rooted = "/economie-locale/05-projecteurs/photos/boutique.jpg";
    let (site, _) = with_body(&format!(
        "![La boutique]({rooted})\n\n[La photo en grand]({rooted})"
    ));
    site.write(&format!("{CASE_DIR}/photos/boutique.jpg"), jpeg(500, 300));
    site.build_ok();
    let rooted_html = site.out(CASE_PAGE);
    let picture = |html: &str| elements(html, "picture")[0].to_string();
    let link = tags(&rooted_html)
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .find(|h| h.contains("boutique"))
        .unwrap();
    assert!(
        link.starts_with("/medias/") && link.ends_with("boutique-500.jpg"),
        "{link}"
    );
    assert!(site.output().join(&link[1..]).is_file());

    site.replace(
        CASE,
        &format!("![La boutique]({rooted})"),
        "![La boutique](photos/boutique.jpg)",
    );
    site.build_ok();
    assert_eq!(picture(&rooted_html), picture(&site.out(CASE_PAGE)));

    // A site-rooted image path that names no file: an error at its line,
    // the fix in the relative form.
    let (site, line) =
        with_body("![La boutique](/economie-locale/05-projecteurs/photos/boutque.jpg)");
    site.write(&format!("{CASE_DIR}/photos/boutique.jpg"), jpeg(50, 40));
    let run = site.build();
    run.assert_code(1)
        .assert_diagnostic("E025", CASE, Some(line));
    run.assert_stderr("did you mean `photos/boutique.jpg`?");

    // The theme's own files stay addresses of the site.
    let (site, _) = with_body("![Logo du thème](/static/favicon-32.png)");
    site.build_ok();
    assert!(
        site.out(CASE_PAGE)
            .contains(r#"src="/static/favicon-32.png""#)
    );
}

#[test]
fn paths_out_of_content_are_refused() {
    let (site, line) = with_body("![Secret](../../../../secret.png)");
    site.write("secret.png", png(4, 4));
    site.build()
        .assert_code(1)
        .assert_diagnostic("E025", CASE, Some(line));
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_content_is_refused() {
    let (site, line) = with_body("![Secret](secret.png)");
    site.write("secret.png", png(4, 4));
    std::os::unix::fs::symlink(
        site.path("secret.png"),
        site.path(&format!("{CASE_DIR}/secret.png")),
    )
    .unwrap();
    let run = site.build();
    // The link is refused before anything is read (src/safety.rs), naming
    // the link itself; the media step never sees the file.
    run.assert_code(1);
    run.assert_stderr(&format!("{CASE_DIR}/secret.png` is a symbolic link"));
    run.assert_stderr("outside content/");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let _ = line;
}

#[test]
fn an_image_without_text_alternative_is_an_error() {
    let (site, line) = with_body(
        "![](logo.png)\n\n![](https://example.org/x.png)\n\n<img src=\"https://example.org/y.png\">\n\n<img src=\"https://example.org/z.png\" alt=\"\">",
    );
    site.write(&format!("{CASE_DIR}/logo.png"), png(10, 10));
    let run = site.build();
    run.assert_code(1)
        .assert_diagnostic("E026", CASE, Some(line))
        .assert_diagnostic("E026", CASE, Some(line + 2))
        .assert_diagnostic("E026", CASE, Some(line + 4));
    assert_eq!(run.error_count(), 3, "{}", run.stderr);
}

#[test]
fn broken_images_are_errors_at_their_reference() {
    let (site, line) = with_body(
        "![Tronquée](tronquee.jpg)\n\n![Pas un PNG](faux.png)\n\n![Immense](immense.png)\n\n![Script](script.svg)\n\n![Vide](vide.webp)",
    );
    let full = jpeg(200, 100);
    site.write(&format!("{CASE_DIR}/tronquee.jpg"), &full[..full.len() / 2]);
    site.write(&format!("{CASE_DIR}/faux.png"), jpeg(20, 20));
    site.write(
        &format!("{CASE_DIR}/immense.png"),
        png_header(40_000, 40_000),
    );
    site.write(
        &format!("{CASE_DIR}/script.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#,
    );
    site.write(&format!("{CASE_DIR}/vide.webp"), b"");
    let run = site.build();
    run.assert_code(1);
    for k in 0..5 {
        run.assert_diagnostic("E027", CASE, Some(line + 2 * k));
    }
    assert_eq!(run.error_count(), 5, "{}", run.stderr);
    run.assert_stderr("truncated")
        .assert_stderr("40000 × 40000")
        .assert_stderr("script");
}

#[test]
fn a_document_link_leads_to_the_published_file() {
    let (site, _) = with_body("[La charte (PDF)](documents/charte.pdf)");
    site.write(
        &format!("{CASE_DIR}/documents/charte.pdf"),
        b"%PDF-1.4\n%%EOF\n",
    );
    site.build_ok();
    let html = site.out(CASE_PAGE);
    let href = tags(&html)
        .into_iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .find(|h| h.ends_with("charte.pdf"))
        .unwrap();
    assert!(href.starts_with("/medias/"), "{href}");
    assert_eq!(
        std::fs::read(site.output().join(&href[1..])).unwrap(),
        b"%PDF-1.4\n%%EOF\n"
    );
}

/// The entries (folders) of the media cache.
fn cache_entries(root: &Path) -> Vec<std::path::PathBuf> {
    let Ok(dir) = std::fs::read_dir(root.join(".panorama-cache/media")) else {
        return Vec::new();
    };
    let mut out: Vec<_> = dir
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    out.sort();
    out
}

/// `panorama build` with PANORAMA_TIMINGS: its media line.
fn media_line(site: &Site) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_panorama"))
        .arg("build")
        .current_dir(&site.root)
        .env("PANORAMA_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    stderr
        .lines()
        .find(|l| l.contains("media:"))
        .unwrap_or_else(|| panic!("no media line in {stderr}"))
        .to_string()
}

#[test]
fn the_cache_is_used_safe_to_delete_and_the_output_byte_identical() {
    let (site, _) = with_body("![Une photo](a.jpg)\n\n![Un logo](b.png)");
    site.write(&format!("{CASE_DIR}/a.jpg"), jpeg(900, 500));
    site.write(&format!("{CASE_DIR}/b.png"), png(500, 80));
    site.build_ok();
    let first = snapshot(&site.output());
    assert_eq!(cache_entries(&site.root).len(), 2);
    // Warm: same bytes, and the images are not even read again.
    assert_eq!(
        media_line(&site),
        "panorama: media: 0 processed, 2 from the cache (2 not read again)"
    );
    assert_same_tree(&first, &snapshot(&site.output()), "a warm rebuild");
    // A file changed in place, its size and modification time put back
    // as they were (a copy that keeps times, a clock set back): its change
    // time still tells, and it is processed again.
    let a = site.path(&format!("{CASE_DIR}/a.jpg"));
    let original = std::fs::read(&a).unwrap();
    let flipped = {
        let img = image::load_from_memory(&original).unwrap().fliph();
        let mut out = std::io::Cursor::new(Vec::new());
        img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
        out.into_inner()
    };
    // Zeros after a JPEG's end are allowed: both versions get one size.
    let size = original.len().max(flipped.len()) + 16;
    let padded = |bytes: &[u8]| {
        let mut b = bytes.to_vec();
        b.resize(size, 0);
        b
    };
    std::fs::write(&a, padded(&original)).unwrap();
    site.build_ok();
    let before = snapshot(&site.output());
    let modified = std::fs::metadata(&a).unwrap().modified().unwrap();
    std::fs::write(&a, padded(&flipped)).unwrap();
    let f = std::fs::File::options().write(true).open(&a).unwrap();
    f.set_modified(modified).unwrap();
    drop(f);
    assert_eq!(std::fs::metadata(&a).unwrap().len(), size as u64);
    assert_eq!(
        media_line(&site),
        "panorama: media: 1 processed, 1 from the cache (1 not read again)"
    );
    assert!(
        before != snapshot(&site.output()),
        "the flipped photo is published"
    );
    std::fs::write(&a, &original).unwrap();
    site.build_ok();
    assert_same_tree(&first, &snapshot(&site.output()), "the image put back");
    // A damaged entry is redone, not trusted.
    let entry = cache_entries(&site.root)[0].clone();
    for f in std::fs::read_dir(&entry).unwrap() {
        let f = f.unwrap().path();
        if f.extension().is_some_and(|e| e == "bin") {
            std::fs::write(&f, b"").unwrap();
        }
    }
    std::fs::remove_file(entry.join("entry.json")).unwrap();
    site.build_ok();
    assert_same_tree(
        &first,
        &snapshot(&site.output()),
        "a rebuild with a damaged cache",
    );
    // Deleted: same bytes again.
    std::fs::remove_dir_all(site.path(".panorama-cache")).unwrap();
    site.build_ok();
    assert_same_tree(&first, &snapshot(&site.output()), "a cold rebuild");
    // A changed image gets a new entry; the unchanged one is reused.
    site.write(&format!("{CASE_DIR}/a.jpg"), jpeg(901, 500));
    site.build_ok();
    assert_eq!(cache_entries(&site.root).len(), 3);
}

/// The inode of a file (hard links share it).
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).unwrap().ino()
}

/// Every file of the media cache (variants and copies), by inode.
fn cached_inodes(root: &Path) -> std::collections::BTreeSet<u64> {
    cache_entries(root)
        .iter()
        .flat_map(|e| std::fs::read_dir(e).unwrap())
        .map(|f| f.unwrap().path())
        .filter(|f| f.extension().is_some_and(|e| e == "bin"))
        .map(|f| inode(&f))
        .collect()
}

#[test]
fn published_media_are_the_cache_files_and_an_edited_one_is_made_again() {
    let (site, _) = with_body("![Une photo](a.jpg)\n\n[La charte](charte.pdf)");
    site.write(&format!("{CASE_DIR}/a.jpg"), jpeg(900, 500));
    site.write(&format!("{CASE_DIR}/charte.pdf"), b"%PDF-1.4\n%%EOF\n");
    site.build_ok();
    site.build_ok();
    let first = snapshot(&site.output());
    // Every published variant and document is a hard link to a file of
    // the cache: nothing was read or written to publish it.
    let published: Vec<std::path::PathBuf> = first
        .keys()
        .filter(|p| p.starts_with("medias") && p.extension().is_some())
        .map(|p| site.output().join(p))
        .collect();
    assert_eq!(published.len(), 7, "{published:?}");
    let cached = cached_inodes(&site.root);
    for p in &published {
        assert!(
            cached.contains(&inode(p)),
            "{} is not the cache's file",
            p.display()
        );
    }
    // A published file edited in place (the same file as the cache's):
    // the next build does not take it for the processed image.
    let variant = published
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "webp"))
        .unwrap();
    let mut bytes = std::fs::read(variant).unwrap();
    bytes[20] ^= 0xff;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(variant)
        .unwrap();
    std::io::Write::write_all(&mut f, &bytes).unwrap();
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
        .unwrap();
    drop(f);
    assert_eq!(
        media_line(&site),
        "panorama: media: 1 processed, 0 from the cache (0 not read again)"
    );
    assert_same_tree(&first, &snapshot(&site.output()), "the image made again");
    // The same for a document.
    let doc = published
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .unwrap();
    let mut f = std::fs::OpenOptions::new().append(true).open(doc).unwrap();
    std::io::Write::write_all(&mut f, b"x").unwrap();
    drop(f);
    site.build_ok();
    assert_same_tree(
        &first,
        &snapshot(&site.output()),
        "the document copied again",
    );
}

#[test]
fn the_cache_index_finds_entries_and_their_folders_stand_without_it() {
    let (site, _) = with_body("![Une photo](a.jpg)\n\n[La charte](charte.pdf)");
    site.write(&format!("{CASE_DIR}/a.jpg"), jpeg(900, 500));
    site.write(&format!("{CASE_DIR}/charte.pdf"), b"%PDF-1.4\n%%EOF\n");
    site.build_ok();
    let first = snapshot(&site.output());
    let index = site.path(".panorama-cache/media/index.json");
    assert!(index.is_file());
    // A warm build reads the index, not the entries' own files.
    for entry in cache_entries(&site.root) {
        std::fs::remove_file(entry.join("entry.json")).unwrap();
    }
    assert_eq!(
        media_line(&site),
        "panorama: media: 0 processed, 1 from the cache (1 not read again)"
    );
    assert_same_tree(&first, &snapshot(&site.output()), "entries from the index");
    // Without the index, the entries' folders are enough (here, once
    // their files are back): the sources are read and hashed again, not
    // processed.
    site.build_ok();
    std::fs::remove_file(&index).unwrap();
    std::fs::remove_dir_all(site.path(".panorama-cache/media")).unwrap();
    site.build_ok();
    let entries: Vec<_> = cache_entries(&site.root);
    assert!(entries.iter().all(|e| e.join("entry.json").is_file()));
    std::fs::remove_file(&index).unwrap();
    assert_eq!(
        media_line(&site),
        "panorama: media: 0 processed, 1 from the cache (0 not read again)"
    );
    assert!(index.is_file(), "the index is written again");
    // A damaged index costs time, never bytes.
    std::fs::write(&index, b"{not json").unwrap();
    site.build_ok();
    assert_same_tree(&first, &snapshot(&site.output()), "a damaged index");
}

/// The folder where the replaced site waits for the next build.
fn kept_folders(site: &Site) -> std::path::PathBuf {
    let dir = site.path(".panorama-cache/folders");
    let mut kept: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    kept.remove(0)
}

#[test]
fn nothing_of_the_kept_folders_reaches_the_site_but_what_it_stages() {
    let (site, _) = with_body("![Une photo](a.jpg)");
    site.write(&format!("{CASE_DIR}/a.jpg"), jpeg(900, 500));
    site.build_ok();
    site.build_ok();
    let first = snapshot(&site.output());
    let kept = kept_folders(&site);
    // Planted in the kept tree: a file the site does not have, and, in
    // place of a processed image (a link to the cache's file), another
    // file with other bytes.
    std::fs::write(kept.join("intrus.html"), "<p>ancien</p>").unwrap();
    let variant = walk_files(&kept)
        .into_iter()
        .find(|p| p.extension().is_some_and(|e| e == "webp"))
        .expect("a processed image kept with the folders");
    std::fs::remove_file(&variant).unwrap();
    std::fs::write(&variant, b"not the image").unwrap();
    site.build_ok();
    assert_same_tree(
        &first,
        &snapshot(&site.output()),
        "a build over planted files",
    );
    // The build after it takes the tree the last one replaced: the same.
    site.build_ok();
    assert_same_tree(&first, &snapshot(&site.output()), "the next build");
}

/// Every file under `dir`.
fn walk_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

const VOLUME: &str = "content/economie-locale/index.md";

/// The minimal site with a logo, a photo and a document on the case study,
/// and a cover and a document on the volume.
fn with_typed_places() -> Site {
    let site = Site::minimal();
    site.replace(
        CASE,
        "key_figures:",
        "logo:\n  file: ../../medias/logo.png\n  alt: La Ressourcerie\nphoto:\n  file: photos/atelier.jpg\n  alt: L'atelier de réparation\n  caption: L'atelier. © Jeanne Martin\ndocuments:\n  - file: ../documents/charte.pdf\n    title: Télécharger la charte\nkey_figures:",
    );
    site.replace(
        VOLUME,
        "description: Le volume de test.\n",
        "description: Le volume de test.\ncover:\n  file: couverture.jpg\n  alt: Une rue du bassin minier\ndocuments:\n  - file: documents/charte.pdf\n    title: Charter (summary)\n    language: en\n",
    );
    site.write("content/medias/logo.png", png(240, 120));
    site.write(&format!("{CASE_DIR}/photos/atelier.jpg"), jpeg(640, 480));
    site.write("content/economie-locale/couverture.jpg", jpeg(1800, 1200));
    site.write(
        "content/economie-locale/documents/charte.pdf",
        vec![b'%'; 2_300_000],
    );
    site
}

#[test]
fn logo_photo_cover_and_documents_have_their_places() {
    let site = with_typed_places();
    site.run(&["build", "--base-url", "https://example.gouv.fr/panoramas/"])
        .assert_success();
    let case = site.out(CASE_PAGE);
    let card = &elements(&case, "aside")[0];
    let imgs = img_tags(card);
    assert_eq!(imgs[0].attr("alt"), Some("La Ressourcerie"));
    assert_eq!(imgs[1].attr("alt"), Some("L'atelier de réparation"));
    assert!(
        card.contains(r#"<small class="media-credit">© Jeanne Martin</small>"#),
        "{card}"
    );
    let download = tags(&case)
        .into_iter()
        .find(|t| t.attr("class") == Some("download-link"))
        .unwrap();
    assert!(download.attr("download").is_some());
    let text = strip_tags(&case[download.start..]);
    assert!(
        text.starts_with("Télécharger la charte — PDF, 2,3\u{a0}Mo"),
        "{}",
        &text[..60]
    );

    let volume = site.out("economie-locale/index.html");
    let meta = |p: &str| {
        tags(&volume)
            .into_iter()
            .find(|t| t.name == "meta" && t.attr("property") == Some(p))
            .and_then(|t| t.attr("content").map(str::to_string))
    };
    let og = meta("og:image").unwrap();
    assert!(
        og.starts_with("https://example.gouv.fr/panoramas/medias/"),
        "{og}"
    );
    assert!(og.ends_with("-1600.jpg"), "{og}");
    assert_eq!(
        meta("og:image:alt").as_deref(),
        Some("Une rue du bassin minier")
    );
    let cover = img_tags(&volume)
        .into_iter()
        .find(|t| t.attr("alt") == Some("Une rue du bassin minier"))
        .unwrap();
    assert_eq!(
        (cover.attr("width"), cover.attr("height")),
        (Some("1600"), Some("1067"))
    );
    let en = tags(&volume)
        .into_iter()
        .find(|t| t.attr("hreflang") == Some("en"))
        .unwrap();
    assert!(en.attr("href").unwrap().ends_with("/charte.pdf"));

    let home = site.out("index.html");
    assert!(
        img_tags(&home)
            .iter()
            .any(|t| t.attr("alt") == Some("Une rue du bassin minier"))
    );
}

#[test]
fn typed_places_report_missing_files_and_alt_at_their_line() {
    let site = with_typed_places();
    site.remove("content/economie-locale/couverture.jpg");
    site.replace(CASE, "  alt: La Ressourcerie\n", "");
    let run = site.build();
    run.assert_code(1);
    let line = site
        .read(VOLUME)
        .lines()
        .position(|l| l == "  file: couverture.jpg")
        .unwrap()
        + 1;
    run.assert_diagnostic("E025", VOLUME, Some(line));
    run.assert_stderr("missing field `alt`");
    run.assert_diagnostic("E007", CASE, None);
}

#[test]
fn the_site_gives_a_default_sharing_image_and_a_favicon() {
    let site = Site::minimal();
    let settings = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!("{settings}\nimage:\n  file: medias/partage.png\n  alt: Les panoramas de l'inclusion\nfavicon: medias/icone.svg\n"),
    );
    site.write("content/medias/partage.png", png(1200, 630));
    site.write(
        "content/medias/icone.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="12"/></svg>"#,
    );
    // og:image must be absolute: published only with a host.
    site.run(&["build", "--base-url", "https://example.gouv.fr/"])
        .assert_success();
    let chapter = site.out("economie-locale/introduction/index.html");
    let all = tags(&chapter);
    let og = all
        .iter()
        .find(|t| t.attr("property") == Some("og:image"))
        .and_then(|t| t.attr("content"))
        .unwrap();
    assert!(og.ends_with("/partage-1200.png"), "{og}");
    let alt = all
        .iter()
        .find(|t| t.attr("property") == Some("og:image:alt"))
        .unwrap();
    assert_eq!(alt.attr("content"), Some("Les panoramas de l'inclusion"));
    let icon = all
        .iter()
        .find(|t| t.name == "link" && t.attr("rel") == Some("icon"))
        .unwrap();
    assert!(icon.attr("href").unwrap().ends_with("/icone.svg"));

    // An SVG cannot be a sharing image.
    site.replace(
        "content/site.yaml",
        "file: medias/partage.png",
        "file: medias/icone.svg",
    );
    site.build()
        .assert_code(1)
        .assert_diagnostic("E027", "content/site.yaml", None);
}

/// `bytes` (a JPEG) with an EXIF segment saying « turn 90° clockwise ».
fn with_exif_rotation(bytes: &[u8]) -> Vec<u8> {
    let mut exif = b"Exif\0\0II*\0".to_vec();
    exif.extend(8u32.to_le_bytes());
    exif.extend(1u16.to_le_bytes());
    exif.extend([0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0]);
    exif.extend(0u32.to_le_bytes());
    let mut out = bytes[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(u16::try_from(exif.len() + 2).unwrap().to_be_bytes());
    out.extend(exif);
    out.extend(&bytes[2..]);
    out
}

#[test]
fn a_photo_taken_sideways_is_published_upright() {
    let (site, _) = with_body("![Portrait](portrait.jpg)");
    site.write(
        &format!("{CASE_DIR}/portrait.jpg"),
        with_exif_rotation(&jpeg(400, 200)),
    );
    site.build_ok();
    let html = site.out(CASE_PAGE);
    let img = img_tags(&html)
        .into_iter()
        .find(|t| t.attr("alt") == Some("Portrait"))
        .unwrap();
    assert_eq!(
        (img.attr("width"), img.attr("height")),
        (Some("200"), Some("400"))
    );
}

/// A file that exists in a format panorama does not publish (a GIF) is
/// told so, with the formats it takes, not « no such file ».
#[test]
fn an_image_in_a_format_not_published_is_named_as_such() {
    let (site, line) = with_body("![Une animation](anim.gif)");
    site.write(&format!("{CASE_DIR}/anim.gif"), b"GIF89a\x01\x00\x01\x00");
    let run = site.run(&["check"]);
    run.assert_code(1)
        .assert_diagnostic("E027", CASE, Some(line))
        .assert_stderr("is not in a format panorama publishes")
        .assert_stderr("JPEG, PNG, WebP or SVG");
    assert!(!run.stderr.contains("no such file"), "{}", run.stderr);
}

/// A raw `<img src>` naming an image of content/: an error at its line
/// with the Markdown to write, not a broken link blamed on a Markdown
/// image of the same file.
#[test]
fn a_raw_img_of_a_content_image_is_told_to_use_markdown() {
    let (site, line) =
        with_body("![Une photo](photo.png)\n\n<img src=\"photo.png\" alt=\"La même\">");
    site.write(&format!("{CASE_DIR}/photo.png"), png(40, 30));
    let run = site.run(&["check"]);
    run.assert_code(1)
        .assert_diagnostic("E027", CASE, Some(line + 2))
        .assert_stderr("![La même](photo.png)");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// Each wrong `documents` entry is reported at its own `file:` line (a
/// path found elsewhere in the file, or an empty one, put them on the
/// wrong line).
#[test]
fn each_wrong_document_entry_is_reported_at_its_own_line() {
    let site = Site::minimal();
    site.replace(
        VOLUME,
        "description: Le volume de test.\n",
        "description: Le volume de test.\ndocuments:\n  - file: absent.pdf\n    title: Absent\n  - file: .\n    title: Dossier\n  - file: \"\"\n    title: Vide\n",
    );
    let text = site.read(VOLUME);
    let line_of = |needle: &str| text.lines().position(|l| l == needle).unwrap() + 1;
    let run = site.run(&["check"]);
    run.assert_code(1);
    run.assert_diagnostic("E025", VOLUME, Some(line_of("  - file: absent.pdf")));
    run.assert_diagnostic("E025", VOLUME, Some(line_of("  - file: .")));
    run.assert_diagnostic("E025", VOLUME, Some(line_of("  - file: \"\"")));
}
