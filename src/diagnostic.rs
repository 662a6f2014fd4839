//! Errors for editors: every problem of a run is collected as a `Diagnostic`
//! and printed together, rustc-like, with the offending source line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One problem found in the content or the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root when possible.
    pub path: PathBuf,
    /// 1-based line in the file, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line.max(1));
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills `snippet` with the text of `line` taken from the file's source.
    pub fn with_source(mut self, source: &str) -> Self {
        if let Some(line) = self.line {
            self.snippet = source
                .lines()
                .nth(line - 1)
                .map(|l| l.trim_end().to_string());
        }
        self
    }

    /// `path:line:column`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        let mut s = self.path.display().to_string();
        if let Some(line) = self.line {
            let _ = write!(s, ":{line}");
            if let Some(col) = self.column {
                let _ = write!(s, ":{col}");
            }
        }
        s
    }

    /// The rustc-like block printed on the terminal.
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            ("\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = String::new();
        let _ = writeln!(out, "{red}error{reset}{bold}: {}{reset}", self.message);
        let _ = writeln!(out, "  {blue}-->{reset} {}", self.location());
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let width = line.to_string().len();
            let pad = " ".repeat(width);
            let _ = writeln!(out, "{blue}{pad} |{reset}");
            let _ = writeln!(out, "{blue}{line} |{reset} {snippet}");
            if let Some(col) = self.column {
                let caret_at: usize = snippet
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { 4 } else { 1 })
                    .sum();
                let _ = writeln!(
                    out,
                    "{blue}{pad} |{reset} {}{red}^{reset}",
                    " ".repeat(caret_at)
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  {blue}={reset} {bold}help{reset}: {hint}");
        }
        out
    }
}

/// The diagnostics of a whole run, in a stable order.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file then line, duplicates removed, so output is stable.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

/// Every diagnostic of a run, then the count followed by `then` (e.g.
/// `" found; nothing was written"`), as printed on the terminal.
pub fn report(diags: &[Diagnostic], color: bool, then: &str) -> String {
    let mut text = String::new();
    for d in diags {
        text.push_str(&crate::safety::for_terminal(d).render(color));
        text.push('\n');
    }
    let n = diags.len();
    text.push_str(&format!(
        "panorama: {n} error{}{then}\n",
        if n == 1 { "" } else { "s" }
    ));
    text
}

/// A path shown relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The closest candidate to `wrong`, for "did you mean" hints.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "subtitle", "number"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("numbr", keys), Some("number"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }

    #[test]
    fn renders_location_snippet_and_hint() {
        let d = Diagnostic::new("content/a.md", "unknown field `titel`")
            .at(2, Some(1))
            .hint("did you mean `title`?")
            .with_source("---\ntitel: x\n---\n");
        let text = d.render(false);
        assert!(text.contains("--> content/a.md:2:1"), "{text}");
        assert!(text.contains("2 | titel: x"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
    }

    #[test]
    fn line_of_counts_newlines() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
