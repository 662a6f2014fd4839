//! The output folder: panorama refuses a target that holds sources or that
//! it did not make, replaces its own output whole, and never leaves a
//! temporary folder behind.

mod common;

use common::*;
use std::collections::BTreeSet;
use std::fs;

/// `build --output <target>` must fail with exit code 1, naming the
/// target, and leave the whole temporary folder (site and around) as it was.
fn refused(site: &Site, target: &str) -> Run {
    let before = snapshot(site.tmp.path());
    let run = site.run(&["build", "--output", target]);
    run.assert_code(1);
    run.assert_stderr("refusing");
    assert_same_tree(
        &before,
        &snapshot(site.tmp.path()),
        "the folder around the site",
    );
    run
}

#[test]
fn refuses_the_site_root() {
    let site = Site::minimal();
    refused(&site, ".");
    refused(&site, "./");
    refused(&site, site.root.to_str().unwrap());
    refused(&site, "../site");
}

#[test]
fn refuses_a_parent_of_the_site_root() {
    let site = Site::minimal();
    refused(&site, "..");
}

#[test]
fn refuses_content_and_folders_inside_it() {
    let site = Site::minimal();
    refused(&site, "content");
    refused(&site, "content/");
    refused(&site, "content/../content");
    refused(&site, "content/economie-locale");
    refused(&site, "content/new-folder");
}

#[test]
fn refuses_the_theme_folder() {
    let site = Site::minimal();
    site.write("themes/panorama/static/extra.css", "body{}\n");
    refused(&site, "themes");
}

#[test]
fn refuses_a_non_empty_folder_without_marker() {
    let site = Site::minimal();
    site.write("precious/notes.txt", "do not delete\n");
    site.write("precious/sub/data.csv", "a,b\n");
    let run = refused(&site, "precious");
    run.assert_stderr(".panorama-output");
    // Same for the default output folder when someone else made it.
    site.write("output/index.html", "<p>hand-made</p>\n");
    let before = snapshot(site.tmp.path());
    site.build().assert_code(1);
    assert_same_tree(&before, &snapshot(site.tmp.path()), "a hand-made output/");
}

#[test]
fn refuses_a_file() {
    let site = Site::minimal();
    site.write("a-file", "x\n");
    refused(&site, "a-file");
}

/// A path through a symbolic link to the site's root still names content/.
#[cfg(unix)]
#[test]
fn refuses_content_through_a_symbolic_link() {
    let site = Site::minimal();
    let link = site.tmp.path().join("link");
    std::os::unix::fs::symlink(&site.root, &link).unwrap();
    let target = link.join("content/site");
    refused(&site, target.to_str().unwrap());
}

#[cfg(unix)]
#[test]
fn refuses_an_existing_folder_inside_content_through_a_symbolic_link() {
    let site = Site::minimal();
    let link = site.tmp.path().join("link");
    std::os::unix::fs::symlink(&site.root, &link).unwrap();
    refused(&site, link.join("content").to_str().unwrap());
    refused(&site, link.to_str().unwrap());
}

#[test]
fn accepts_an_empty_folder_and_a_new_one() {
    let site = Site::minimal();
    fs::create_dir_all(site.tmp.path().join("empty")).unwrap();
    site.run(&["build", "--output", "../empty", "--quiet"])
        .assert_success();
    assert!(site.tmp.path().join("empty/index.html").is_file());
    site.run(&["build", "--output", "../new/deeper/site", "--quiet"])
        .assert_success();
    assert!(site.tmp.path().join("new/deeper/site/index.html").is_file());
}

#[test]
fn replaces_its_own_output_whole() {
    let site = Site::minimal();
    site.build_ok();
    let fresh = snapshot(&site.output());
    // Leftovers of an older build and an editor's stray file are replaced.
    site.write("output/old-page/index.html", "<p>old</p>\n");
    site.write("output/index.html", "<p>changed by hand</p>\n");
    site.build_ok();
    assert_same_tree(&fresh, &snapshot(&site.output()), "the rebuilt output");
    assert!(site.output().join(".panorama-output").is_file());
}

#[test]
fn a_changed_page_shows_in_the_next_build() {
    let site = Site::minimal();
    site.build_ok();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Un texte tout neuf.",
    );
    site.build_ok();
    let html = site.out("economie-locale/contexte/index.html");
    assert!(html.contains("Un texte tout neuf."));
    assert!(!html.contains("Du texte sur le contexte national."));
}

#[test]
fn no_temporary_folder_left_after_success_or_failure() {
    let site = Site::minimal();
    let parent = site.tmp.path().join("public");
    fs::create_dir_all(&parent).unwrap();
    let target = "../public/site";
    // First build (no previous output), then a rebuild (one to swap).
    for _ in 0..2 {
        site.run(&["build", "--output", target, "--quiet"])
            .assert_success();
        assert_eq!(entries(&parent), ["site".to_string()].into());
        // panorama's cache (git-ignored, safe to delete) is no leftover.
        let root: BTreeSet<String> = entries(&site.root)
            .into_iter()
            .filter(|e| e != ".panorama-cache")
            .collect();
        assert_eq!(root, ["content".to_string()].into());
    }
    // A failed build: nothing new beside the output either.
    let before = snapshot(&parent);
    site.replace(
        "content/economie-locale/01-introduction.md",
        "kicker:",
        "kickr:",
    );
    site.run(&["build", "--output", target]).assert_code(1);
    assert_same_tree(&before, &snapshot(&parent), "the output's folder");
    // A failure in the last stage (templates) as well.
    site.replace(
        "content/economie-locale/01-introduction.md",
        "kickr:",
        "kicker:",
    );
    site.write(
        "themes/panorama/templates/chapter.html",
        "{% extends \"base.html\" %}{% block main %}{{ nope }}{% endblock main %}",
    );
    site.run(&["build", "--output", target]).assert_code(1);
    assert_same_tree(&before, &snapshot(&parent), "the output's folder");
    assert_eq!(
        entries(&site.root),
        [
            ".panorama-cache".to_string(),
            "content".to_string(),
            "themes".to_string()
        ]
        .into()
    );
}

#[test]
fn a_refused_target_is_reported_before_content_errors_are_hidden() {
    // Both a bad target and a content error: exit 1, nothing written.
    let site = Site::minimal();
    site.replace(
        "content/economie-locale/01-introduction.md",
        "kicker:",
        "kickr:",
    );
    let run = refused(&site, "content");
    run.assert_no_panic();
}

/// A rebuild over panorama's own output touches only what changed: an
/// unchanged page keeps its modification time, a page that no longer
/// exists and a stray file are removed, and the result equals a build into
/// an empty folder.
#[test]
fn a_rebuild_updates_only_what_changed() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    let unchanged = out.join("glossaire/index.html");
    let before = fs::metadata(&unchanged).unwrap().modified().unwrap();
    fs::write(out.join("stray.txt"), "left by hand").unwrap();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Un texte tout neuf.",
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.build_ok();
    assert_eq!(
        fs::metadata(&unchanged).unwrap().modified().unwrap(),
        before,
        "an unchanged page was rewritten"
    );
    assert!(
        !out.join("stray.txt").exists(),
        "a file the site does not have was kept"
    );
    assert!(
        site.out("economie-locale/contexte/index.html")
            .contains("Un texte tout neuf.")
    );

    // The same content built into an empty folder gives the same tree.
    let fresh = site.tmp.path().join("fresh");
    site.run(&["build", "--quiet", "--output", fresh.to_str().unwrap()])
        .assert_success();
    assert_same_tree(&snapshot(&fresh), &snapshot(&out), "rebuild vs fresh build");
}

/// Pages stream into a staging folder while they are rendered; a problem
/// found only at the end (the link check of the whole site) must still
/// leave the output as it was, and no staging folder behind.
#[test]
fn a_failure_found_after_the_pages_were_streamed_changes_nothing() {
    let site = Site::minimal();
    let parent = site.tmp.path().join("public");
    fs::create_dir_all(&parent).unwrap();
    let target = "../public/site";
    let broken = |site: &Site| {
        site.replace(
            "content/economie-locale/02-contexte.md",
            "Du texte sur le contexte national.",
            "Du texte sur le contexte national. <a href=\"/nulle-part/\">ici</a>",
        );
    };
    // No previous output: none is created.
    broken(&site);
    let run = site.run(&["build", "--output", target]);
    run.assert_code(1);
    run.assert_stderr("nulle-part");
    assert!(entries(&parent).is_empty(), "{:?}", entries(&parent));
    // A previous output: unchanged, byte for byte.
    site.replace(
        "content/economie-locale/02-contexte.md",
        " <a href=\"/nulle-part/\">ici</a>",
        "",
    );
    site.run(&["build", "--output", target, "--quiet"])
        .assert_success();
    let before = snapshot(&parent);
    site.replace(
        "content/economie-locale/01-introduction.md",
        "kicker:",
        "kicker: Nouveau",
    );
    broken(&site);
    site.run(&["build", "--output", target]).assert_code(1);
    assert_same_tree(&before, &snapshot(&parent), "the output's folder");
}
