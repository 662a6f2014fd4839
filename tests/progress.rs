//! Long runs (issue 13): the progress line shows only on a terminal
//! (a pseudo-terminal made by `script`), is erased at the end, and never
//! reaches a pipe or a `--quiet` run; Ctrl-C during a build removes the
//! run's temporary folder before the process exits.
//!
//! `PANORAMA_PROGRESS_AFTER_MS=0` makes the line show at once, so that the
//! small fixture is enough (it normally waits half a second).

mod common;

use common::Site;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ERASE: &str = "\r\x1b[2K";

fn piped(site: &Site, args: &[&str]) -> std::process::Output {
    Command::new(common::BIN)
        .args(args)
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env("PANORAMA_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap()
}

#[test]
fn not_a_terminal_no_progress() {
    let site = Site::minimal();
    for args in [&["build"][..], &["check"][..], &["build", "--quiet"][..]] {
        let out = piped(&site, args);
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains('\r') && !stderr.contains("\x1b[") && !stderr.contains("pages\n"),
            "{args:?}: {stderr:?}"
        );
        assert!(!stderr.contains("rendering"), "{args:?}: {stderr}");
    }
}

/// What `script` (util-linux) prints of a run on a pseudo-terminal, or
/// `None` when the machine has no `script`.
fn on_a_terminal(site: &Site, args: &str) -> Option<String> {
    let out = Command::new("script")
        .args([
            "-q",
            "-e",
            "-c",
            &format!("{} {args}", common::BIN),
            "/dev/null",
        ])
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .env("PANORAMA_PROGRESS_AFTER_MS", "0")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    assert!(out.status.success(), "{out:?}");
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn on_a_terminal_the_line_shows_then_is_erased() {
    let site = Site::minimal();
    let Some(tty) = on_a_terminal(&site, "build --base-url https://example.org/") else {
        eprintln!("no `script` command: the terminal case is not tested here");
        return;
    };
    // Stage and pages rendered out of the total, redrawn in place.
    assert!(tty.contains(&format!("{ERASE}panorama: ")), "{tty:?}");
    assert!(tty.contains("pages"), "{tty:?}");
    let total = tty
        .split(" pages, ")
        .next()
        .and_then(|s| s.rsplit('/').next())
        .and_then(|n| n.parse::<usize>().ok());
    assert!(total.is_some_and(|n| n > 0), "{tty:?}");
    // Erased before the summary: the summary starts its own clean line.
    let summary = tty.find("panorama: built").expect("summary");
    let last_erase = tty[..summary].rfind(ERASE).expect("erased");
    assert_eq!(tty[last_erase + ERASE.len()..summary].trim(), "", "{tty:?}");

    let quiet = on_a_terminal(&site, "build --quiet").unwrap_or_default();
    assert!(
        !quiet.contains("pages") && !quiet.contains('\x1b'),
        "{quiet:?}"
    );
}

/// Beside the output: the run's temporary folders (and lock) by name.
fn leftovers(parent: &Path) -> Vec<String> {
    fs::read_dir(parent)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".panorama-"))
        .collect()
}

#[test]
fn ctrl_c_during_a_build_removes_the_temporary_folder() {
    let site = Site::minimal();
    for n in 2..400 {
        site.write(
            &format!("content/economie-locale/05-projecteurs/{n:03}-cas-{n}.md"),
            format!(
                "---\nnumber: {n}\nheading: Développer une activité\ntitle: Le cas {n}\n\
                 structure: Structure {n}\nstructure_type: ei\ndepartement: \"59\"\n---\n\n\
                 ## Contexte\n\n{}\n",
                "Des mots sur l'économie locale et solidaire. ".repeat(60)
            ),
        );
    }
    site.build_ok();
    let before = common::snapshot(&site.output());
    let mut child = Command::new(common::BIN)
        .args(["build"])
        .current_dir(&site.root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Once the new tree is being written, and some pages are in it.
    let start = Instant::now();
    let staging = loop {
        let found = leftovers(&site.root)
            .into_iter()
            .find(|n| n.contains("panorama-new"));
        if let Some(f) = found {
            let dir = site.root.join(f);
            if fs::read_dir(&dir).is_ok_and(|mut d| d.nth(5).is_some()) {
                break dir;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no staging folder"
        );
        assert!(child.try_wait().unwrap().is_none(), "the build ended first");
        std::thread::sleep(Duration::from_millis(2));
    };
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("holds the previous site"), "{stderr}");
    assert!(!staging.exists(), "{} left behind", staging.display());
    assert_eq!(leftovers(&site.root), Vec::<String>::new(), "{stderr}");
    common::assert_same_tree(
        &before,
        &common::snapshot(&site.output()),
        "the output after Ctrl-C",
    );
}
