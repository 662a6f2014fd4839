//! The one place that knows which YAML crate parses front matter, and the
//! place that turns its errors into messages for editors.
//!
//! serde-saphyr was chosen over the archived serde_yaml: it is maintained,
//! never panics on malformed input and reports the line and column of
//! every error, including unknown keys and wrong types. Swapping the crate
//! means changing this file only.
//!
//! Messages are in English, like every other message of panorama, and
//! speak of the editor's file: the key, the line, the fix, with the fixed
//! line shown when there is one. No wording of the crate reaches the
//! editor: each error it gives is recognised and explained (see
//! [`explain`]), and an unrecognised one gets a plain, generic message.
//!
//! The crate stops at the first error. To report every error of a file,
//! the faulty entry is blanked (its lines emptied, so line numbers stay
//! those of the file) and the text parsed again, until it parses or 32
//! errors are found. What is blanked is a whole entry: after a syntax
//! error, the top-level key holding the faulty line (from the line that
//! caused it, when that is an earlier one: a `[` or `"` never closed) with
//! everything indented under it; after a wrong value, the faulty key (or
//! list item) with everything indented under it. Two slips are read as
//! the editor meant them instead of being blanked, so that what follows is
//! checked as usual: a one-line value whose fix is to quote it (`title:
//! Terre Tous : une oasis`) is read quoted, and an indented first key is
//! read unindented. The rest of the text is left as written, so an error
//! found on a later pass is an error of the file, not of the blanking,
//! with two exceptions handled here: a required key that was blanked (or
//! misspelt) is not reported missing, and an error at or before a line
//! already reported ends the search (the blanking changed what came
//! before; nothing new can be learnt). The test
//! `every_slip_on_every_line_gets_a_located_message_of_ours` applies eight
//! common slips to every front-matter line of the test fixture.

mod explain;
mod lines;
#[cfg(test)]
mod tests;
mod values;

use crate::diagnostic::{Diagnostic, closest};
use lines::{entry, indent, is_blank, key_of, repair, top_level_entry};
use serde::de::DeserializeOwned;
use std::path::Path;

/// At most this many errors per file: beyond, the editor has enough to do.
const MAX_ERRORS: usize = 32;

/// Deserializes `yaml`, which starts on line `first_line` of the file at
/// `path` whose whole text is `file_text`. On error, every error found in
/// the text, in line order.
pub(crate) fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
    file_text: &str,
) -> Result<T, Vec<Diagnostic>> {
    let ctx = Ctx {
        path,
        first_line,
        file_text,
        label: if first_line > 1 {
            "front matter"
        } else {
            "settings"
        },
    };
    let mut reader = Reader {
        ctx: &ctx,
        lines: yaml.split('\n').map(str::to_string).collect(),
        diags: Vec::new(),
        blanked_keys: Vec::new(),
        last_line: 0,
        repaired: None,
    };
    reader.unindent_first_key();
    let mut text = reader.lines.join("\n");
    while reader.diags.len() < MAX_ERRORS {
        let err = match serde_saphyr::from_str::<T>(&text) {
            Ok(v) if reader.diags.is_empty() => return Ok(v),
            Ok(_) => break,
            Err(e) => e,
        };
        if !reader.next_error(&err) {
            break;
        }
        text = reader.lines.join("\n");
    }
    Err(reader.diags)
}

/// The state of the passes over one file: its lines as they are blanked
/// or repaired, and what was reported so far.
struct Reader<'a> {
    ctx: &'a Ctx<'a>,
    lines: Vec<String>,
    diags: Vec<Diagnostic>,
    /// Keys of the blanked entries (and keys a misspelt one stands for):
    /// not reported missing.
    blanked_keys: Vec<String>,
    /// The last line (of the YAML) reported: an error at or before it ends
    /// the search.
    last_line: usize,
    /// The line read quoted on the previous pass.
    repaired: Option<usize>,
}

impl Reader<'_> {
    /// A first key indented by mistake: the crate then misreads the rest
    /// (or reports a key as missing). Said here, and read as if it were not.
    fn unindent_first_key(&mut self) {
        let lines = &mut self.lines;
        if let Some(first) = lines.iter().position(|l| !is_blank(l))
            && indent(&lines[first]) > 0
        {
            let shown = key_of(&lines[first]).map_or("the first line".into(), |k| format!("`{k}`"));
            self.diags.push(
                self.ctx.at(
                    first + 1,
                    Some(1),
                    format!("{shown} is indented, but the keys of the {} start at the very beginning of the line", self.ctx.label),
                )
                .hint(format!("remove the spaces (or tab) before it: `{}`", lines[first].trim())),
            );
            lines[first] = lines[first].trim_start().to_string();
            self.last_line = first + 1;
        }
    }

    /// Reports the crate's error `err` (unless already reported) and
    /// repairs or blanks its entry; whether the text is worth parsing again.
    fn next_error(&mut self, err: &serde_saphyr::Error) -> bool {
        let raw = err
            .without_snippet()
            .render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
        let message = strip_location(&raw);
        if let Some(key) = between(&message, "missing field `", "`") {
            self.missing(key);
            // The crate names one missing key per pass and it has no line
            // to blank: stop here.
            return false;
        }
        let Some((line, column)) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .filter(|(l, _)| *l >= 1 && *l <= self.lines.len())
        else {
            if self.diags.is_empty() {
                self.diags.push(self.ctx.generic(None, &message));
            }
            return false;
        };
        // The line repaired on the previous pass still fails (its value is
        // of the wrong kind once quoted): already reported, blank it.
        let repaired_again = self.repaired == Some(line);
        if line <= self.last_line && !repaired_again {
            return false;
        }
        self.last_line = line;
        // Where the diagnostic points, in the YAML's numbering: an earlier
        // line when the cause is there (an unclosed `[` or `"`, an indented
        // first key), the next one for a tab.
        let (shown, quotable, syntax) = if repaired_again {
            (line, false, false)
        } else {
            self.report(&message, line, column)
        };
        let cause = shown.min(line);
        self.last_line = self.last_line.max(shown);
        self.repaired = None;
        self.misspelt_key(&message);
        // A one-line `key: value` that cannot be read is read as the
        // quoted text the message proposes, so that the key still counts
        // (a duplicate of it is found, it is not reported missing).
        if quotable
            && cause == line
            && let Some(fixed) = repair(&self.lines, line)
        {
            self.lines[line - 1] = fixed;
            self.repaired = Some(line);
            return true;
        }
        let (start, end) = if syntax {
            (
                top_level_entry(&self.lines, cause).0,
                top_level_entry(&self.lines, line.max(shown)).1,
            )
        } else {
            entry(&self.lines, line)
        };
        self.blank(start, end);
        !self.lines.iter().all(|l| is_blank(l))
    }

    /// A missing key, unless it was blanked with its key (or with what
    /// looks like a mistyped key: `departem`): then it is already reported.
    fn missing(&mut self, key: &str) {
        let blanked = self.blanked_keys.iter().any(|k| {
            k == key || (k.len() >= 3 && key.starts_with(k.as_str())) || closest(k, [key]).is_some()
        });
        if !blanked {
            self.diags.push(self.ctx.missing(key));
        }
    }

    /// Explains the error at `line`:`column` and records it; the line it
    /// was shown at (YAML numbering), whether the fix is to quote the value,
    /// and whether it is a syntax error.
    fn report(&mut self, message: &str, line: usize, column: usize) -> (usize, bool, bool) {
        let (diag, syntax) = explain::explain(self.ctx, &self.lines, message, line, column);
        let shown = diag.line.map_or(line, |l| l + 1 - self.ctx.first_line);
        // The errors whose fix is to quote the value (see `explain`).
        let quotable = ["contains `: `", "cannot start with", "cannot follow a key"]
            .iter()
            .any(|m| diag.message.contains(m));
        self.diags.push(diag);
        (shown, quotable, syntax)
    }

    /// A misspelt key stands for the key it resembles: that one is not
    /// missing, it is misspelt (reported once).
    fn misspelt_key(&mut self, message: &str) {
        if let Some(wrong) = between(message, "unknown field `", "`")
            && let Some((_, list)) = message.split_once("expected one of ")
            && let Some(k) = closest(wrong, list.split(", ").map(|k| k.trim_matches('`')))
        {
            self.blanked_keys.push(k.to_string());
        }
    }

    /// Empties the lines `start..=end` (1-based), keeping their keys.
    fn blank(&mut self, start: usize, end: usize) {
        for l in &mut self.lines[start - 1..end] {
            if let Some(k) = key_of(l) {
                self.blanked_keys.push(k.to_string());
            } else if let Some(word) = l.split(':').next().map(str::trim)
                && !word.is_empty()
                && !word.contains(' ')
            {
                self.blanked_keys.push(word.to_string());
            }
            // Keep a `\r` so that CRLF files stay consistent.
            *l = if l.ends_with('\r') {
                "\r".into()
            } else {
                String::new()
            };
        }
    }
}

/// What every message of a file shares.
struct Ctx<'a> {
    path: &'a Path,
    first_line: usize,
    file_text: &'a str,
    label: &'static str,
}

impl Ctx<'_> {
    /// A diagnostic at `line` of the YAML text (1-based), in the file's
    /// own numbering, with the file's line shown.
    fn at(&self, line: usize, column: Option<usize>, message: String) -> Diagnostic {
        Diagnostic::new(self.path, format!("{}: {message}", self.label))
            .at(line + self.first_line - 1, column)
            .with_source(self.file_text)
    }

    fn file_line(&self, yaml_line: usize) -> usize {
        yaml_line + self.first_line - 1
    }

    /// A missing key has no line of its own: point at the opening `---`.
    fn missing(&self, key: &str) -> Diagnostic {
        let line = self.first_line.saturating_sub(1).max(1);
        Diagnostic::new(self.path, format!("{}: missing field `{key}`", self.label))
            .at(line, None)
            .with_source(self.file_text)
            .hint(format!(
                "add a line `{key}: …` to the {} (see docs/content-model.md for what it holds)",
                self.label
            ))
    }

    fn generic(&self, at: Option<(usize, usize)>, message: &str) -> Diagnostic {
        let what = if message.contains("end of") {
            "the YAML ends in the middle of a value"
        } else {
            "this line is not valid YAML"
        };
        let d = match at {
            Some((line, column)) => self.at(line, Some(column), what.into()),
            None => Diagnostic::new(self.path, format!("{}: {what}", self.label)),
        };
        d.hint("each line is `key: value`, a list item `- value` indented under its key, or a comment `# …`; quote text that holds `: `, ` #` or starts with a special character (`[`, `{`, `*`, `&`, `!`, `@`, `` ` ``, `\"`, `'`)")
    }
}

/// The text of `haystack` between `start` and the next `end`.
fn between<'a>(haystack: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = haystack.split_once(start)?.1;
    Some(rest.split_once(end).map_or(rest, |(a, _)| a))
}

/// The crate prefixes or suffixes the message with the location, which we
/// print ourselves in the file's own numbering.
fn strip_location(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let mut msg = first.strip_prefix("error: ").unwrap_or(first);
    if let Some(rest) = msg.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        msg = &rest[idx + 2..];
    }
    let msg = match msg.rfind(" at line ") {
        Some(idx) => &msg[..idx],
        None => msg,
    };
    msg.trim().to_string()
}
