//! Faults against the publish: builds killed (`kill -9`) or interrupted
//! (SIGINT) at random moments of a rebuild over a few-hundred-page
//! output, two builds at once, leftovers of killed runs. The output must
//! always be the old site or the new one, file by file, and the next run
//! must leave nothing behind. Bounded in time: a fixed number of kills.

mod common;

use common::{Entry, Site, assert_same_tree, entries, snapshot};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CASES: usize = 150;
const KILLS: usize = 8;

/// The minimal fixture with CASES more case studies.
fn big_site() -> Site {
    let site = Site::minimal();
    for n in 2..CASES + 2 {
        site.write(
            &format!("content/economie-locale/05-projecteurs/{n:03}-cas-{n}.md"),
            format!(
                "---\nnumber: {n}\nheading: Développer une activité d'utilité sociale\n\
                 title: Étude de cas numéro {n}\ndescription: Le cas {n}.\n\
                 structure: Structure {n}\nstructure_type: ei\ndepartement: \"59\"\n---\n\n\
                 ## Contexte\n\nUn texte pour le cas {n}, assez long pour peser. {}\n",
                "Des mots et encore des mots sur l'économie locale. ".repeat(40)
            ),
        );
    }
    site
}

/// Two versions of the site: the title changes every page, the rest only
/// some, so a rebuild writes many files and links many more.
fn set_version(site: &Site, v: usize) {
    let yaml = site.read("content/site.yaml");
    let yaml = yaml
        .lines()
        .map(|l| {
            if l.starts_with("title: ") {
                format!("title: Panorama de test version {v}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("content/site.yaml", yaml + "\n");
    for n in (2..CASES + 2).step_by(3) {
        site.write(
            &format!("content/economie-locale/05-projecteurs/{n:03}-cas-{n}.md"),
            format!(
                "---\nnumber: {n}\nheading: Développer une activité d'utilité sociale\n\
                 title: Étude de cas numéro {n}\ndescription: Le cas {n}, version {v}.\n\
                 structure: Structure {n}\nstructure_type: ei\ndepartement: \"59\"\n---\n\n\
                 ## Contexte\n\nVersion {v} du cas {n}.\n"
            ),
        );
    }
}

fn build_into(site: &Site, out: &Path) {
    site.run(&["build", "--quiet", "--output", out.to_str().unwrap()])
        .assert_success();
}

type Tree = BTreeMap<PathBuf, Entry>;

/// A snapshot without the deployment files kept across builds.
fn site_files(dir: &Path) -> Tree {
    snapshot(dir)
        .into_iter()
        .filter(|(p, _)| {
            let first = p.components().next().unwrap().as_os_str().to_string_lossy();
            first != ".git" && first != "CNAME"
        })
        .collect()
}

/// A cheap pseudo-random number from the clock (no dependency needed).
fn jitter(max: Duration) -> Duration {
    let nanos = Instant::now().elapsed().as_nanos() as u64
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos() as u64;
    let mut x = nanos.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    max.mul_f64((x % 10_000) as f64 / 10_000.0)
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one scenario (rebuilds killed or interrupted at random moments, the output checked file by file after each): split, the sequence would be harder to follow"
)]
fn kill_or_interrupt_at_any_moment_leaves_the_old_or_the_new_site() {
    let site = big_site();
    let refs = site.tmp.path().join("refs");
    let mut trees = Vec::new();
    for v in 0..2 {
        set_version(&site, v);
        build_into(&site, &refs.join(v.to_string()));
        trees.push(site_files(&refs.join(v.to_string())));
    }
    assert_ne!(trees[0], trees[1]);
    let parent = site.tmp.path().join("public");
    let out = parent.join("site");
    set_version(&site, 0);
    build_into(&site, &out);
    // A deployment's own files, kept across every build.
    fs::create_dir_all(out.join(".git/refs")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(out.join("CNAME"), "panorama.example.org\n").unwrap();

    // How long a rebuild takes: the kills land anywhere in it, half of
    // them in its last fifth, where the new site is put in place.
    set_version(&site, 1);
    let t = Instant::now();
    build_into(&site, &out);
    let took = t.elapsed();
    let mut current = 1;
    let mut outcomes = [0usize; 2];
    for i in 0..KILLS {
        let next = 1 - current;
        set_version(&site, next);
        let mut child = Command::new(common::BIN)
            .args(["build", "--quiet", "--output", out.to_str().unwrap()])
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Half of the kills at a random moment of the run, half as soon
        // as the new home page shows (the old tree is then being removed).
        let wait = if i % 4 < 2 {
            let wait = jitter(took);
            std::thread::sleep(wait);
            wait
        } else {
            let start = Instant::now();
            let home = fs::read(out.join("index.html")).unwrap();
            while child.try_wait().unwrap().is_none()
                && fs::read(out.join("index.html")).is_ok_and(|now| now == home)
                && start.elapsed() < took * 3
            {
                std::thread::sleep(Duration::from_millis(1));
            }
            start.elapsed()
        };
        if i % 2 == 0 {
            let _ = child.kill();
        } else {
            let _ = Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status();
        }
        let result = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        let now = site_files(&out);
        let matched = trees.iter().position(|t| *t == now);
        let Some(matched) = matched else {
            assert_same_tree(
                &trees[next],
                &now,
                &format!("kill {i}: the output (vs new)"),
            );
            unreachable!();
        };
        outcomes[usize::from(matched == next)] += 1;
        eprintln!(
            "kill {i} after {wait:?}: {:?}, {}",
            result.status.code(),
            stderr.trim()
        );
        if result.status.code() == Some(130) {
            let said_new = stderr.contains("holds the new site");
            assert_eq!(said_new, matched == next && matched != current, "{stderr}");
        }
        if matched == current && result.status.code() == Some(130) {
            assert!(
                stderr.contains("holds the previous site")
                    || stderr.contains("nothing was written"),
                "{stderr}"
            );
        }
        assert_eq!(
            fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/main\n",
            "kill {i}: .git/ lost"
        );
        assert!(out.join("CNAME").is_file(), "kill {i}: CNAME lost");
        current = matched;
    }
    eprintln!(
        "outcomes after {KILLS} kills: old {}, new {}; a build took {took:?}",
        outcomes[0], outcomes[1]
    );

    // The next run removes every leftover and publishes.
    set_version(&site, 1 - current);
    build_into(&site, &out);
    assert_same_tree(
        &trees[1 - current],
        &site_files(&out),
        "the output after a clean build",
    );
    assert_eq!(entries(&parent), ["site".to_string()].into());
    assert!(out.join(".git/HEAD").is_file() && out.join("CNAME").is_file());
}

#[test]
fn two_builds_at_once_both_succeed_one_after_the_other() {
    let site = Site::minimal();
    let parent = site.tmp.path().join("public");
    let out = parent.join("site");
    build_into(&site, &out);
    site.replace(
        "content/economie-locale/02-contexte.md",
        "Du texte sur le contexte national.",
        "Un texte tout neuf.",
    );
    let spawn = || {
        Command::new(common::BIN)
            .args(["build", "--output", out.to_str().unwrap()])
            .current_dir(&site.root)
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for child in [a, b] {
        let r = child.wait_with_output().unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    let fresh = site.tmp.path().join("fresh");
    build_into(&site, &fresh);
    assert_same_tree(
        &snapshot(&fresh),
        &snapshot(&out),
        "after two builds at once",
    );
    assert_eq!(entries(&parent), ["site".to_string()].into());
}

#[test]
fn leftovers_of_killed_runs_are_removed_even_without_their_marker() {
    let site = Site::minimal();
    site.build_ok();
    let stale = [
        ".output.panorama-tmp-4242",
        ".output.panorama-new-77",
        ".output.panorama-old-78",
    ];
    for name in stale {
        fs::create_dir_all(site.root.join(name).join("deep/er")).unwrap();
        fs::write(site.root.join(name).join("deep/er/page.html"), "x").unwrap();
    }
    // Not ours: kept.
    fs::create_dir_all(site.root.join(".output.panorama-notes")).unwrap();
    site.build_ok();
    for name in stale {
        assert!(!site.root.join(name).exists(), "{name} left");
    }
    assert!(site.root.join(".output.panorama-notes").is_dir());
}

#[test]
fn a_symbolic_link_as_output_is_followed_and_kept() {
    let site = Site::minimal();
    let real = site.tmp.path().join("volume/site");
    fs::create_dir_all(&real).unwrap();
    let link = site.tmp.path().join("published");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    for _ in 0..2 {
        build_into(&site, &link);
    }
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(real.join("index.html").is_file());
    assert_eq!(entries(real.parent().unwrap()), ["site".to_string()].into());
}

#[test]
fn deployment_files_at_the_output_root_are_kept_and_stray_pages_removed() {
    let site = Site::minimal();
    site.build_ok();
    let out = site.output();
    fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
    fs::write(out.join(".git/objects/ab/cdef"), "blob").unwrap();
    fs::write(out.join(".nojekyll"), "").unwrap();
    fs::write(out.join("CNAME"), "example.org\n").unwrap();
    fs::write(out.join("stray.html"), "old").unwrap();
    site.build_ok();
    assert_eq!(
        fs::read_to_string(out.join(".git/objects/ab/cdef")).unwrap(),
        "blob"
    );
    assert!(out.join(".nojekyll").is_file());
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).unwrap(),
        "example.org\n"
    );
    assert!(!out.join("stray.html").exists());
}

/// A hostile edit must fail the build with the file named (and the line
/// when there is one), and leave the published output byte for byte.
fn refused(site: &Site, file: &str, line: Option<usize>, needle: &str) -> common::Run {
    let run = site.build();
    run.assert_code(1).assert_no_panic().assert_stderr(needle);
    if let Some(line) = line {
        run.assert_location(file, Some(line));
    } else {
        run.assert_stderr(file);
    }
    run
}

#[test]
fn symbolic_links_to_secrets_are_refused_and_never_read() {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.output());
    let secrets = site.tmp.path().join("secrets");
    fs::create_dir_all(&secrets).unwrap();
    fs::write(secrets.join("id_rsa"), "PRIVATE-KEY-MARKER").unwrap();
    let link = |to: &Path, at: &str| std::os::unix::fs::symlink(to, site.path(at)).unwrap();
    link(Path::new("/proc/self/environ"), "content/env.txt");
    link(&secrets, "content/economie-locale/cles");
    link(&secrets.join("id_rsa"), "content/notes.md");
    fs::create_dir_all(site.path("themes/panorama/static")).unwrap();
    link(
        Path::new("/etc/passwd"),
        "themes/panorama/static/passwd.css",
    );
    let run = refused(&site, "content/env.txt", None, "outside content/");
    run.assert_stderr("content/economie-locale/cles")
        .assert_stderr("content/notes.md")
        .assert_stderr("themes/panorama/static/passwd.css");
    assert!(!run.stderr.contains("PRIVATE-KEY-MARKER"), "{}", run.stderr);
    assert_same_tree(&before, &snapshot(&site.output()), "the output");
    // `check` refuses them too, and so `serve` never has them to answer.
    site.run(&["check"])
        .assert_code(1)
        .assert_stderr("outside content/");
}

#[test]
fn a_theme_outside_themes_is_refused() {
    let site = Site::minimal();
    for theme in ["../../elsewhere", "/etc"] {
        let yaml = site.read("content/site.yaml");
        site.replace_line(
            "content/site.yaml",
            6,
            yaml.lines().nth(5).unwrap(),
            &format!("theme: \"{theme}\""),
        );
        refused(
            &site,
            "content/site.yaml",
            Some(6),
            "not the name of a folder under themes/",
        );
    }
    site.run(&["build", "--theme", "../x"])
        .assert_code(1)
        .assert_stderr("not the name of a folder");
}

#[test]
fn hostile_urls_never_reach_a_page() {
    let cases: [(&str, usize, &str, &str); 7] = [
        (
            "content/economie-locale/lancez-vous.md",
            13,
            "        url: https://ressources.example.net/",
            "        url: javascript:alert(document.domain)//../../",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "Voir [l'économie circulaire](data:text/html;base64,PHNjcmlwdD4=) pour commencer.",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "Voir <a href=\"JaVaScRiPt:alert(1)\">ceci</a> pour commencer.",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "Voir <a href=\"jav&#x61;script:alert(1)\">ceci</a> pour commencer.",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "Voir [ceci](  javascript:alert(1)) pour commencer.",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "<form action=\"javascript:alert(1)\"><button>Envoyer</button></form>",
        ),
        (
            "content/economie-locale/01-introduction.md",
            9,
            "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
            "Voir <svg><a xlink:href=\"javascript:alert(4)\"><text>ceci</text></a></svg>.",
        ),
    ];
    for (file, line, old, new) in cases {
        let site = Site::minimal();
        site.build_ok();
        let before = snapshot(&site.output());
        site.replace_line(file, line, old, new);
        let run = site.build();
        run.assert_code(1)
            .assert_no_panic()
            .assert_stderr("is not allowed");
        assert!(run.stderr.contains(file), "{new}: {}", run.stderr);
        run.assert_location(file, Some(line));
        assert_same_tree(&before, &snapshot(&site.output()), new);
    }
}

/// Raw HTML that runs script is refused where it is written, every one
/// in the same run, and nothing is published.
#[test]
fn raw_html_that_runs_script_is_refused_at_its_line() {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.output());
    site.replace_line(
        "content/economie-locale/01-introduction.md",
        9,
        "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.",
        "<script>alert(1)</script>\n\nUne <img src=\"/i.png\" alt=\"\"\n  onerror=\"alert(2)\">.\n\n<object data=\"x.swf\"></object>\n\nDu code `<script>` montré.",
    );
    let run = site.build();
    run.assert_code(1).assert_no_panic();
    let file = "content/economie-locale/01-introduction.md";
    run.assert_diagnostic("E093", file, Some(9));
    run.assert_diagnostic("E093", file, Some(12));
    run.assert_diagnostic("E093", file, Some(14));
    assert_eq!(run.error_count(), 3, "{}", run.stderr);
    assert_same_tree(&before, &snapshot(&site.output()), "the output");
}

#[test]
fn control_characters_are_errors_and_escaped_in_the_terminal() {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.output());
    site.replace_line(
        "content/economie-locale/01-introduction.md",
        2,
        "title: Introduction",
        "title: Intro\u{c}duction",
    );
    site.replace_line(
        "content/glossaire/ess.md",
        2,
        "term: Économie sociale et solidaire",
        "term: \"Économie \\e]0;pwned\\a solidaire\"",
    );
    site.write(
        "content/pages/a\u{1b}]0;titre\u{7}b.md",
        "---\ntitle: x\n---\n",
    );
    let run = site.build();
    run.assert_code(1).assert_no_panic();
    run.assert_location("content/economie-locale/01-introduction.md", Some(2));
    run.assert_location("content/glossaire/ess.md", Some(2));
    assert!(run.stderr.contains("U+000C"), "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "a raw escape reached the terminal"
    );
    assert!(
        !run.stderr.contains('\u{c}'),
        "a raw form feed reached the terminal"
    );
    assert!(run.stderr.contains("\\u{1b}]0;titre"), "{}", run.stderr);
    assert_same_tree(&before, &snapshot(&site.output()), "the output");
}

#[test]
fn content_files_cannot_take_generated_paths() {
    for (rel, needle) in [
        ("content/404.html", "content/404.html"),
        ("content/sitemap.xml", "content/sitemap.xml"),
        (
            "content/glossaire/ess/index.html",
            "content/glossaire/ess/index.html",
        ),
        (
            "content/pagefind/pagefind.js",
            "content/pagefind/pagefind.js",
        ),
        (
            "content/donnees/glossaire.csv",
            "content/donnees/glossaire.csv",
        ),
    ] {
        let site = Site::minimal();
        site.build_ok();
        let before = snapshot(&site.output());
        site.write(rel, "<p>imposteur</p>");
        let run = site.build();
        run.assert_code(1).assert_no_panic().assert_stderr(needle);
        assert_same_tree(&before, &snapshot(&site.output()), rel);
    }
}

#[test]
fn csv_cells_cannot_run_as_formulas() {
    let site = Site::minimal();
    site.replace_line(
        "content/glossaire/ess.md",
        2,
        "term: Économie sociale et solidaire",
        "term: \"=2+5\"",
    );
    site.replace_line(
        "content/glossaire/economie-circulaire.md",
        2,
        "term: Économie circulaire",
        "term: \"@SUM(1+1)\"",
    );
    site.build_ok();
    let csv = site.out("donnees/glossaire.csv");
    assert!(csv.contains(",'=2+5,"), "{csv}");
    assert!(csv.contains(",'@SUM(1+1),"), "{csv}");
    assert!(!csv.contains(",=2+5") && !csv.contains(",@SUM"), "{csv}");
}

/// Media files are content too: a document at the volume's PDF path, an
/// SVG at a theme file's path, or an SVG at the address of another file's
/// processed version would silently replace what panorama writes there.
#[test]
fn media_files_cannot_take_generated_paths() {
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>";
    let other = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"99\" height=\"99\"><circle r=\"40\"/></svg>";
    let page = "content/economie-locale/01-introduction.md";
    let line =
        "Voir [l'économie circulaire selon l'INEC](https://inec.example.net/) pour commencer.";

    // The SVG's processed address, from a build that uses it.
    let site = Site::minimal();
    site.write("content/economie-locale/carre.svg", svg);
    site.replace(page, line, "![Un carré](carre.svg)");
    site.build_ok();
    let html = fs::read_to_string(
        site.output()
            .join("economie-locale/introduction/index.html"),
    )
    .unwrap();
    let at = html.find("medias/").expect("the SVG's address");
    let processed = &html[at..at + html[at..].find('"').unwrap()];
    let before = snapshot(&site.output());
    site.write(&format!("content/{processed}"), other);
    let run = site.build();
    run.assert_code(1).assert_no_panic().assert_diagnostic(
        "E016",
        &format!("content/{processed}"),
        None,
    );
    assert_same_tree(&before, &snapshot(&site.output()), processed);

    for (rel, bytes, pdf) in [
        (
            "content/economie-locale/economie-locale.pdf",
            "%PDF-1.4\n%%EOF\n",
            true,
        ),
        ("content/static/favicon.svg", svg, false),
    ] {
        let site = Site::minimal();
        if pdf {
            site.replace("content/site.yaml", "pdf: false", "pdf: true");
        }
        site.build_ok();
        let before = snapshot(&site.output());
        site.write(rel, bytes);
        let run = site.build();
        run.assert_code(1)
            .assert_no_panic()
            .assert_diagnostic("E016", rel, None);
        assert_eq!(run.error_count(), 1, "{}", run.stderr);
        assert_same_tree(&before, &snapshot(&site.output()), rel);
    }
}
