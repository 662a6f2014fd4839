//! The search index is reused when the indexed text did not change (issue
//! 18): a rebuild over the previous output keeps the index files as they
//! are, without running the indexer (the `PANORAMA_TIMINGS` line says
//! which happened); a change of text indexes again and the new words are
//! found; the reused index is the one a fresh build writes; `serve`'s full
//! rebuilds reuse the index they keep in memory.

mod common;

use common::*;
use panorama::build::BuildOptions;
use panorama::serve::incremental::Session;
use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const REUSED: &str = "search reused the previous index";
const INDEXED: &str = "search indexed";

/// `panorama build` that must succeed, with the stage timings on: its stderr.
fn build_timed(site: &Site, extra: &[(&str, &str)]) -> String {
    let mut cmd = Command::new(BIN);
    cmd.arg("build")
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env("PANORAMA_TIMINGS", "1");
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("cannot run the panorama binary");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// Inode and modification time of every file of the bundle.
fn stamps(dir: &Path) -> BTreeMap<PathBuf, (u64, i64, i64)> {
    snapshot(dir)
        .into_iter()
        .filter(|(_, e)| matches!(e, Entry::File(_)))
        .map(|(rel, _)| {
            let m = fs::metadata(dir.join(&rel)).unwrap();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

/// The text of every fragment of the index (what results show).
fn fragment_text(out: &Path) -> String {
    let mut all = String::new();
    for e in fs::read_dir(out.join("pagefind/fragment")).unwrap() {
        flate2::read::GzDecoder::new(fs::File::open(e.unwrap().path()).unwrap())
            .read_to_string(&mut all)
            .unwrap();
    }
    all
}

#[test]
fn an_unchanged_rebuild_keeps_the_index_without_indexing() {
    let site = Site::minimal();
    let first = build_timed(&site, &[]);
    assert!(first.contains(INDEXED), "{first}");
    assert!(!first.contains(REUSED), "{first}");
    let bundle = site.output().join("pagefind");
    let before = snapshot(&bundle);
    let stamped = stamps(&bundle);
    assert!(before.contains_key(Path::new(".panorama-index")));

    let second = build_timed(&site, &[]);
    assert!(second.contains(REUSED), "{second}");
    assert!(!second.contains(INDEXED), "{second}");
    assert_same_tree(&before, &snapshot(&bundle), "the reused bundle");
    // Not rewritten either: same files, same inodes and times.
    assert_eq!(stamped, stamps(&bundle));

    // A file of the previous index lost: a full index, the same bytes.
    let chunk = fs::read_dir(bundle.join("index"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    fs::remove_file(&chunk).unwrap();
    let third = build_timed(&site, &[]);
    assert!(third.contains(INDEXED), "{third}");
    assert_same_tree(&before, &snapshot(&bundle), "the bundle indexed again");
}

#[test]
fn a_change_of_text_indexes_again_and_the_new_word_is_found() {
    let site = Site::minimal();
    build_timed(&site, &[]);
    let out = site.output();
    assert!(!fragment_text(&out).contains("Zanzibar"));
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national, jusqu'à Zanzibar.",
    );
    let stderr = build_timed(&site, &[]);
    assert!(stderr.contains(INDEXED), "{stderr}");
    assert!(!stderr.contains(REUSED), "{stderr}");
    assert!(fragment_text(&out).contains("Zanzibar"));

    // The same bytes as a fresh build of the new text into an empty
    // folder, on one thread.
    let fresh = Site::minimal();
    fresh.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national, jusqu'à Zanzibar.",
    );
    build_timed(&fresh, &[("RAYON_NUM_THREADS", "1")]);
    assert_same_tree(
        &snapshot(&fresh.output().join("pagefind")),
        &snapshot(&out.join("pagefind")),
        "the bundle indexed again over the previous output",
    );
}

#[test]
fn a_change_outside_the_pages_text_reuses_the_index() {
    // A new stylesheet among the content's files is no part of any
    // page's HTML: nothing to index again.
    let site = Site::minimal();
    build_timed(&site, &[]);
    site.write("content/extra.css", "body { color: black; }\n");
    let stderr = build_timed(&site, &[]);
    assert!(site.output().join("extra.css").is_file());
    assert!(stderr.contains(REUSED), "{stderr}");
}

#[test]
fn serve_keeps_the_index_across_full_rebuilds() {
    let site = Site::minimal();
    let opts = BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    };
    let bundle = |files: &[panorama::output::OutputFile]| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|f| f.path.starts_with("pagefind/"))
            .map(|f| (f.path.clone(), f.bytes.clone()))
            .collect()
    };
    let (first, rendered, _) = Session::start(&opts).expect("first build");
    let kept = first.search_index().expect("the session keeps its index");
    let (_, again, _) = Session::start_reusing(&opts, Some(kept.clone())).unwrap();
    assert_eq!(bundle(&rendered.files), bundle(&again.files));

    // A kept index made from other pages is not used.
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Du texte sur le contexte national, jusqu'à Zanzibar.",
    );
    let (_, changed, _) = Session::start_reusing(&opts, Some(kept)).unwrap();
    let (_, fresh, _) = Session::start(&opts).unwrap();
    assert_ne!(bundle(&changed.files), bundle(&rendered.files));
    assert_eq!(bundle(&changed.files), bundle(&fresh.files));
}
