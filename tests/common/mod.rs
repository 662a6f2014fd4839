//! Helpers shared by the integration tests: a fixture site copied into its
//! own temporary folder, the real `panorama` binary run on it, snapshots of
//! folders, and a tiny HTML scanner (attributes, ids) for link checks.
//!
//! Each test file includes this module with `mod common;`; not every file
//! uses every helper.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary cargo built for this test run.
pub const BIN: &str = env!("CARGO_BIN_EXE_panorama");

/// `tests/fixtures/<name>/` in the repository (never written to).
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join(name)
}

/// Recursively copies `from` into `to` (which must not exist).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a fixture site in a fresh temporary folder:
/// `<tmp>/site/` is the site's root (it holds `content/`).
pub struct Site {
    pub tmp: tempfile::TempDir,
    pub root: PathBuf,
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Site {
    /// A fresh copy of `tests/fixtures/minimal/`.
    pub fn minimal() -> Site {
        Site::from_fixture("minimal")
    }

    pub fn from_fixture(name: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture(name), &root);
        Site { tmp, root }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// `<root>/output`, the default output folder.
    pub fn output(&self) -> PathBuf {
        self.root.join("output")
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.path(rel)).unwrap();
    }

    /// Replaces the one occurrence of `from` in `rel` by `to`.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(
            text.matches(from).count(),
            1,
            "fixture {rel} should hold `{from}` exactly once"
        );
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Replaces line `n` (1-based) of `rel`, checking what it was.
    pub fn replace_line(&self, rel: &str, n: usize, expected: &str, new: &str) {
        let text = self.read(rel);
        let mut lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[n - 1], expected, "line {n} of fixture {rel}");
        lines[n - 1] = new;
        self.write(rel, lines.join("\n"));
    }

    /// Runs the binary in the site's root with `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// `panorama build` with the default output folder.
    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    /// A build that must succeed.
    pub fn build_ok(&self) -> Run {
        let r = self.build();
        r.assert_success();
        r
    }

    /// Reads a file of the default output folder.
    pub fn out(&self, rel: &str) -> String {
        fs::read_to_string(self.output().join(rel))
            .unwrap_or_else(|e| panic!("output file {rel} missing: {e}"))
    }
}

/// Runs the binary in `dir` with `args` (colours off).
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("cannot run the panorama binary");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    pub fn assert_no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("RUST_BACKTRACE"),
            "panorama panicked:\n{}",
            self.stderr
        );
        self
    }

    pub fn assert_success(&self) -> &Self {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(0),
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// Exit code `code`, no panic.
    pub fn assert_code(&self, code: i32) -> &Self {
        self.assert_no_panic();
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// stderr contains `needle`.
    pub fn assert_stderr(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// A diagnostic points at `file` (`--> file`), at `line` when given:
    /// `--> file:line` followed by `:column` or the end of the line.
    pub fn assert_location(&self, file: &str, line: Option<usize>) -> &Self {
        let found = self.locations().into_iter().any(|(f, l)| {
            f == file
                && match line {
                    Some(n) => l == Some(n),
                    None => true,
                }
        });
        assert!(
            found,
            "stderr should point at {file}{}:\n{}",
            line.map(|n| format!(":{n}")).unwrap_or_default(),
            self.stderr
        );
        self
    }

    /// Every `--> file[:line[:col]]` of stderr, as (file, line).
    pub fn locations(&self) -> Vec<(String, Option<usize>)> {
        self.stderr
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .map(|loc| {
                let mut parts = loc.trim_end().splitn(3, ':');
                let file = parts.next().unwrap_or("").to_string();
                let line = parts.next().and_then(|n| n.parse().ok());
                (file, line)
            })
            .collect()
    }

    /// Every diagnostic of stderr as (code, file, line): the code of its
    /// `error[E017]:` line (empty when it has none) and its `--> file:line`.
    pub fn diagnostics(&self) -> Vec<(String, String, Option<usize>)> {
        let mut out = Vec::new();
        let mut code = None;
        for l in self.stderr.lines() {
            if let Some(rest) = l.strip_prefix("error") {
                code = Some(
                    rest.strip_prefix('[')
                        .and_then(|r| r.split_once(']'))
                        .map(|(c, _)| c.to_string())
                        .unwrap_or_default(),
                );
            } else if let (Some(c), Some(loc)) = (&code, l.trim_start().strip_prefix("--> ")) {
                let mut parts = loc.trim_end().splitn(3, ':');
                let file = parts.next().unwrap_or("").to_string();
                let line = parts.next().and_then(|n| n.parse().ok());
                out.push((c.clone(), file, line));
                code = None;
            }
        }
        out
    }

    /// A diagnostic with code `code` points at `file` (at `line` when given).
    pub fn assert_diagnostic(&self, code: &str, file: &str, line: Option<usize>) -> &Self {
        let found = self
            .diagnostics()
            .into_iter()
            .any(|(c, f, l)| c == code && f == file && (line.is_none() || l == line));
        assert!(
            found,
            "stderr should hold error[{code}] at {file}{}:\n{}",
            line.map(|n| format!(":{n}")).unwrap_or_default(),
            self.stderr
        );
        self
    }

    /// Number of `error:` blocks printed; checked against the summary line.
    pub fn error_count(&self) -> usize {
        let blocks = self
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:") || l.starts_with("error["))
            .count();
        let summary = self
            .stderr
            .lines()
            .find_map(|l| {
                let rest = l.strip_prefix("panorama: ")?;
                let (n, tail) = rest.split_once(' ')?;
                tail.starts_with("error").then(|| n.parse::<usize>().ok())?
            })
            .unwrap_or_else(|| panic!("no `panorama: N errors` summary:\n{}", self.stderr));
        assert_eq!(blocks, summary, "error blocks vs summary:\n{}", self.stderr);
        blocks
    }
}

/// One entry of a folder snapshot.
#[derive(Debug, PartialEq, Eq)]
pub enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Every file (with its bytes), folder and link under `dir`, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    let mut map = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut map);
    }
    map
}

fn walk(base: &Path, dir: &Path, map: &mut BTreeMap<PathBuf, Entry>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(base).unwrap().to_path_buf();
        let ft = entry.file_type().unwrap();
        if ft.is_symlink() {
            map.insert(rel, Entry::Link(fs::read_link(&path).unwrap()));
        } else if ft.is_dir() {
            map.insert(rel, Entry::Dir);
            walk(base, &path, map);
        } else {
            map.insert(rel, Entry::File(fs::read(&path).unwrap()));
        }
    }
}

/// Asserts two snapshots are equal, naming the first differing paths.
pub fn assert_same_tree(
    before: &BTreeMap<PathBuf, Entry>,
    after: &BTreeMap<PathBuf, Entry>,
    what: &str,
) {
    if before == after {
        return;
    }
    let mut diffs = Vec::new();
    let keys: BTreeSet<&PathBuf> = before.keys().chain(after.keys()).collect();
    for k in keys {
        match (before.get(k), after.get(k)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(_), Some(_)) => diffs.push(format!("changed: {}", k.display())),
            (Some(_), None) => diffs.push(format!("removed: {}", k.display())),
            (None, Some(_)) => diffs.push(format!("added: {}", k.display())),
            (None, None) => {}
        }
    }
    diffs.truncate(20);
    panic!("{what} changed:\n{}", diffs.join("\n"));
}

/// Names of the entries of `dir`.
pub fn entries(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// All `.html` files under `dir`, relative, sorted.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_iter()
        .filter(|(p, e)| matches!(e, Entry::File(_)) && p.extension().is_some_and(|x| x == "html"))
        .map(|(p, _)| p)
        .collect()
}

/// Minimal HTML entity decoding for attribute values (the library's own).
pub use panorama::linkcheck::unescape;

/// One start tag: its name and attributes (values unescaped).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    /// Byte offset of `<` in the document.
    pub start: usize,
    /// Byte offset just after `>`.
    pub end: usize,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Every start tag of `html`, in document order, as an HTML parser
/// (lol_html, the one the search indexer uses) reads it: comments, doctype,
/// end tags and the text of `<script>`/`<style>` are not tags.
pub fn tags(html: &str) -> Vec<Tag> {
    use lol_html::{HtmlRewriter, Settings, element};
    let found = std::cell::RefCell::new(Vec::new());
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("*", |el| {
            let span = el.source_location().bytes();
            let attrs = el
                .attributes()
                .iter()
                .map(|a| (a.name(), unescape(&a.value())))
                .collect();
            found.borrow_mut().push(Tag {
                name: el.tag_name(),
                attrs,
                start: span.start,
                end: span.end,
            });
            Ok(())
        })),
        |_: &[u8]| {},
    );
    rewriter
        .write(html.as_bytes())
        .expect("lol_html reads any HTML");
    rewriter.end().expect("lol_html reads any HTML");
    found.into_inner()
}

/// Every `href` and `src` value of `html`.
pub fn urls(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .flat_map(|t| {
            ["href", "src"]
                .into_iter()
                .filter_map(|a| t.attrs.get(a).cloned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every `id` of `html`.
pub fn ids(html: &str) -> BTreeSet<String> {
    tags(html)
        .into_iter()
        .filter_map(|t| t.attrs.get("id").cloned())
        .collect()
}

/// The inner HTML of every `<name …>…</name>` element (no nesting of the
/// same element expected).
pub fn elements<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let close = format!("</{name}>");
    tags(html)
        .into_iter()
        .filter(|t| t.name == name)
        .filter_map(|t| {
            let rest = &html[t.end..];
            rest.find(&close).map(|e| &rest[..e])
        })
        .collect()
}

/// Checks that every internal `href`/`src` of every HTML file of `out`
/// resolves to a file of `out` (and its `#fragment` to an id of that file).
/// `base_path` is the site's path (`/` or `/panoramas/`) and `origin` its
/// scheme and host, if any (`https://example.org`). Returns the problems.
pub fn broken_links(out: &Path, base_path: &str, origin: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    let mut id_cache: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut ids_of = |p: &Path| -> BTreeSet<String> {
        id_cache
            .entry(p.to_path_buf())
            .or_insert_with(|| ids(&fs::read_to_string(out.join(p)).unwrap_or_default()))
            .clone()
    };
    for file in html_files(out) {
        let html = fs::read_to_string(out.join(&file)).unwrap();
        for url in urls(&html) {
            let mut url = url.as_str();
            if let Some(rest) = origin
                .and_then(|o| url.strip_prefix(o))
                .filter(|r| r.starts_with('/'))
            {
                url = rest;
            }
            if url.starts_with("//")
                || url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("tel:")
            {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            // The query (`?v=` of theme files) names no file; a host ignores it.
            let path = path.split('?').next().unwrap_or_default();
            let target: PathBuf = if path.is_empty() {
                file.clone()
            } else if let Some(abs) = path.strip_prefix('/') {
                let Some(rel) = format!("/{abs}")
                    .strip_prefix(base_path)
                    .map(str::to_string)
                else {
                    problems.push(format!(
                        "{}: `{url}` is outside the base path {base_path}",
                        file.display()
                    ));
                    continue;
                };
                let mut t = PathBuf::from(&rel);
                if rel.is_empty() || rel.ends_with('/') {
                    t.push("index.html");
                }
                t
            } else {
                let mut t = file.parent().unwrap_or(Path::new("")).join(path);
                if path.ends_with('/') {
                    t.push("index.html");
                }
                t
            };
            if !out.join(&target).is_file() {
                problems.push(format!(
                    "{}: `{url}` → {} does not exist",
                    file.display(),
                    target.display()
                ));
                continue;
            }
            let is_html = target.extension().is_some_and(|x| x == "html");
            let fragment = fragment.filter(|f| !f.is_empty() && is_html);
            if let Some(f) = fragment.filter(|f| !ids_of(&target).contains(*f)) {
                problems.push(format!(
                    "{}: `{url}`: no id `{f}` in {}",
                    file.display(),
                    target.display()
                ));
            }
        }
    }
    problems
}

/// Text of `html` with the tags removed.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}
