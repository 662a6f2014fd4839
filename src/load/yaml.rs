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

use crate::diagnostic::{Diagnostic, closest};
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
    let mut lines: Vec<String> = yaml.split('\n').map(str::to_string).collect();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut last_line = 0;
    let mut repaired: Option<usize> = None;
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
    // A first key indented by mistake: the crate then misreads the rest
    // (or reports a key as missing). Said here, and read as if it were not.
    if let Some(first) = lines.iter().position(|l| !is_blank(l))
        && indent(&lines[first]) > 0
    {
        let shown = key_of(&lines[first]).map_or("the first line".into(), |k| format!("`{k}`"));
        diags.push(
            ctx.at(
                first + 1,
                Some(1),
                format!("{shown} is indented, but the keys of the {} start at the very beginning of the line", ctx.label),
            )
            .hint(format!("remove the spaces (or tab) before it: `{}`", lines[first].trim())),
        );
        lines[first] = lines[first].trim_start().to_string();
        last_line = first + 1;
    }
    let mut text = lines.join("\n");
    while diags.len() < MAX_ERRORS {
        let err = match serde_saphyr::from_str::<T>(&text) {
            Ok(v) if diags.is_empty() => return Ok(v),
            Ok(_) => break,
            Err(e) => e,
        };
        let raw = err
            .without_snippet()
            .render_with_options(serde_saphyr::render_options! {
                snippets: serde_saphyr::SnippetMode::Off,
            });
        let message = strip_location(&raw);
        if let Some(key) = between(&message, "missing field `", "`") {
            // Blanked with its key (or with what looks like a mistyped
            // key: `departem`): not missing, already reported.
            let blanked = blanked_keys.iter().any(|k| {
                k == key
                    || (k.len() >= 3 && key.starts_with(k.as_str()))
                    || closest(k, [key]).is_some()
            });
            if !blanked {
                diags.push(ctx.missing(key));
            }
            // The crate names one missing key per pass and it has no line
            // to blank: stop here.
            break;
        }
        let Some((line, column)) = err
            .location()
            .map(|l| (l.line() as usize, l.column() as usize))
            .filter(|(l, _)| *l >= 1 && *l <= lines.len())
        else {
            if diags.is_empty() {
                diags.push(ctx.generic(None, &message));
            }
            break;
        };
        // The line repaired on the previous pass still fails (its value is
        // of the wrong kind once quoted): already reported, blank it.
        let repaired_again = repaired == Some(line);
        if line <= last_line && !repaired_again {
            break;
        }
        last_line = line;
        // Where the diagnostic points, in the YAML's numbering: an earlier
        // line when the cause is there (an unclosed `[` or `"`, an indented
        // first key), the next one for a tab.
        let mut shown = line;
        let mut quotable = false;
        let syntax = if repaired_again {
            false
        } else {
            let (diag, syntax) = explain(&ctx, &lines, &message, line, column);
            shown = diag.line.map_or(line, |l| l + 1 - first_line);
            // The errors whose fix is to quote the value (see `explain`).
            quotable = ["contains `: `", "cannot start with", "cannot follow a key"]
                .iter()
                .any(|m| diag.message.contains(m));
            diags.push(diag);
            syntax
        };
        let cause = shown.min(line);
        last_line = last_line.max(shown);
        repaired = None;
        // A misspelt key stands for the key it resembles: that one is not
        // missing, it is misspelt (reported once).
        if let Some(wrong) = between(&message, "unknown field `", "`")
            && let Some((_, list)) = message.split_once("expected one of ")
            && let Some(k) = closest(wrong, list.split(", ").map(|k| k.trim_matches('`')))
        {
            blanked_keys.push(k.to_string());
        }
        // A one-line `key: value` that cannot be read is read as the
        // quoted text the message proposes, so that the key still counts
        // (a duplicate of it is found, it is not reported missing).
        if quotable
            && cause == line
            && let Some(fixed) = repair(&lines, line)
        {
            lines[line - 1] = fixed;
            repaired = Some(line);
            text = lines.join("\n");
            continue;
        }
        let (start, end) = if syntax {
            (
                top_level_entry(&lines, cause).0,
                top_level_entry(&lines, line.max(shown)).1,
            )
        } else {
            entry(&lines, line)
        };
        for l in &mut lines[start - 1..end] {
            if let Some(k) = key_of(l) {
                blanked_keys.push(k.to_string());
            } else if let Some(word) = l.split(':').next().map(str::trim)
                && !word.is_empty()
                && !word.contains(' ')
            {
                blanked_keys.push(word.to_string());
            }
            // Keep a `\r` so that CRLF files stay consistent.
            *l = if l.ends_with('\r') {
                "\r".into()
            } else {
                String::new()
            };
        }
        if lines.iter().all(|l| is_blank(l)) {
            break;
        }
        text = lines.join("\n");
    }
    Err(diags)
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

/// The diagnostic for one error of the crate at `line`:`column` of the
/// YAML, and whether it is a syntax error (the text could not be read) as
/// opposed to a value of the wrong kind.
fn explain(
    ctx: &Ctx,
    lines: &[String],
    message: &str,
    line: usize,
    column: usize,
) -> (Diagnostic, bool) {
    let text = lines[line - 1].trim_end_matches('\r');
    let key = key_of(text);
    let value = value_of(text);
    let key_name = key.map_or("this value".to_string(), |k| format!("`{k}`"));

    // A tab, on the line or at the start of the next one (the crate often
    // reports it at the end of the previous value).
    if message.contains("tab") || leading_tab(text) {
        let (tab_line, tab_text) = if text.contains('\t') || line == lines.len() {
            (line, text)
        } else {
            (line + 1, lines[line].trim_end_matches('\r'))
        };
        if tab_text.contains('\t') {
            let col = tab_text
                .chars()
                .position(|c| c == '\t')
                .map_or(1, |p| p + 1);
            let fixed = tab_text.replace('\t', "  ");
            return (
                ctx.at(tab_line, Some(col), "a tab character in the YAML".into())
                    .hint(format!(
                        "YAML indents with spaces only: replace the tab with spaces, e.g. `{}`",
                        fixed.trim_end()
                    )),
                true,
            );
        }
    }

    // The cause is often on an earlier line: a `[`, `{` or `"` that is
    // never closed swallows the lines after it.
    if syntax_message(message)
        && let Some((at, opener)) = unclosed_above(lines, line)
    {
        let closer = match opener {
            '[' => "]",
            '{' => "}",
            _ => "\"",
        };
        let above = lines[at - 1].trim_end_matches('\r');
        let fix = if opener == '"' {
            String::new()
        } else {
            format!(": `{}{closer}`", above.trim())
        };
        return (
            ctx.at(at, None, format!("the `{opener}` on this line is never closed"))
                .hint(format!(
                    "close it with `{closer}` at the end of the value{fix}; if the `{opener}` is part of the text, put the whole value between quotes"
                )),
            true,
        );
    }

    // `description: "… de se` without its closing quote: the crate stops
    // where a later `"` closed it, with text after it.
    if message.contains("trailing content after double-quoted")
        && text
            .chars()
            .take(column.saturating_sub(1))
            .filter(|&c| c == '"')
            .count()
            % 2
            == 1
        && let Some(at) = (1..line)
            .rev()
            .find(|&n| lines[n - 1].chars().filter(|&c| c == '"').count() % 2 == 1)
    {
        return (
            ctx.at(at, None, "the `\"` that opens the value on this line is never closed".into())
                .hint("add the closing `\"` at the end of the value; to write a quote inside the text, use the French « »"),
            true,
        );
    }

    if message.starts_with("unclosed bracket") {
        return (
            ctx.at(line, Some(column), "a `[` on this line is never closed".into()).hint(format!(
                "close the list with `]`: `{}]`; if the `[` is part of the text, put the whole value between quotes",
                text.trim()
            )),
            true,
        );
    }

    if message.contains("block scalar") {
        return (
            ctx.at(line, Some(column), "text after `>`, `>-` or `|` on the same line".into())
                .hint("after `>-` (or `|`) the text starts on the next line, indented; or write the value on one line, between quotes"),
            true,
        );
    }

    // `title:Mon titre`: YAML needs a space after the colon of a key.
    let trimmed = text.trim_start();
    if let Some((k, v)) = trimmed.split_once(':')
        && !k.is_empty()
        && k.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !v.is_empty()
        && !v.starts_with([' ', '\t'])
        && syntax_message(message)
    {
        let indent = &text[..text.len() - trimmed.len()];
        return (
            ctx.at(
                line,
                Some(indent.len() + k.len() + 2),
                format!("a space is missing after `{k}:`"),
            )
            .hint(format!(
                "a key is followed by a colon and a space: `{indent}{k}: {v}`"
            )),
            true,
        );
    }

    if message.contains("simple key")
        || message.contains("could not find expected ':'")
        || (message.starts_with("expected mapping start") && !text.contains(':'))
    {
        return (
            ctx.at(line, Some(column), format!("`{}` is neither `key: value` nor a list item", text.trim()))
                .hint("write `key: value` (with a space after the colon); if this line continues the value above, indent it under that value, or put the whole value on one line between quotes"),
            true,
        );
    }

    if message.starts_with("mapping values are not allowed") {
        // The colon the crate stops at: the key's own colon means the line
        // is indented under a value; a later one is a `: ` inside the value.
        let key_colon = text.find(':').map(|i| text[..i].chars().count() + 1);
        if key_colon != Some(column)
            && let (Some(k), Some(v)) = (key, value)
        {
            let fixed = quoted_line(text, k, v);
            return (
                ctx.at(
                    line,
                    Some(column),
                    format!("the value of `{k}` contains `: `, which YAML reads as a new key"),
                )
                .hint(format!(
                    "put the value between quotes (French punctuation puts a space before `:`): `{}`",
                    fixed.trim()
                )),
                true,
            );
        }
        return (
            ctx.at(
                line,
                Some(column),
                format!("{key_name} is indented as if it belonged to the line above"),
            )
            .hint("start the key at the same column as the other keys of its block (top-level keys at the very start of the line)"),
            true,
        );
    }

    if let Some(k) = between(message, "duplicate mapping key: ", ",") {
        let first = first_occurrence(lines, line, k);
        let msg = match first {
            Some(f) => format!(
                "`{k}` is given twice, on line {} and on line {}",
                ctx.file_line(f),
                ctx.file_line(line)
            ),
            None => format!("`{k}` is given twice"),
        };
        return (
            ctx.at(line, Some(column), msg).hint(
                "keep one of the two lines and delete the other (a key appears once per block)",
            ),
            false,
        );
    }

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let keys: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, list)| list.split(", ").map(|k| k.trim_matches('`')).collect())
            .unwrap_or_default();
        let hint = match closest(wrong, keys.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Known keys here: {}", keys.join(", ")),
            None => format!("remove it, or use one of: {}", keys.join(", ")),
        };
        return (
            ctx.at(line, Some(column), format!("unknown field `{wrong}`"))
                .hint(hint),
            false,
        );
    }

    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let allowed: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, l)| l.split(", ").map(|v| v.trim_matches('`')).collect())
            .unwrap_or_default();
        let suggestion = closest(wrong, allowed.iter().copied())
            .map(|v| format!("did you mean `{v}`? "))
            .unwrap_or_default();
        return (
            ctx.at(
                line,
                Some(column),
                format!(
                    "{key_name} cannot be `{wrong}`: it must be one of {}",
                    allowed.join(", ")
                ),
            )
            .hint(format!(
                "{suggestion}write one of the allowed values exactly as listed: {}",
                allowed.join(", ")
            )),
            false,
        );
    }

    if let Some(wrong) = between(message, "unknown département `", "`").or_else(|| {
        message
            .contains("département code")
            .then(|| value.map(unquote).unwrap_or(""))
    }) {
        let list = crate::model::Departement::ALL
            .iter()
            .map(|d| format!("{} ({})", d.code(), d.name()))
            .collect::<Vec<_>>()
            .join(", ");
        return (
            ctx.at(
                line,
                Some(column),
                format!("`{wrong}` is not a département of the Hauts-de-France: use one of 02, 59, 60, 62, 80"),
            )
            .hint(format!("the codes are {list}; write the code in quotes: `departement: \"59\"`")),
            false,
        );
    }

    if message.starts_with("expected sequence start")
        && let Some(item) = text.trim_start().strip_prefix('-')
        && !item.is_empty()
        && !item.starts_with([' ', '\t'])
    {
        let indent = &text[..text.len() - text.trim_start().len()];
        return (
            ctx.at(
                line,
                Some(column),
                format!("`-{item}`: a list item needs a space after the hyphen"),
            )
            .hint(format!("write `{indent}- {item}`")),
            false,
        );
    }

    if message.starts_with("expected sequence start") {
        // The key may be on a line above: `communes:` then an item.
        let k = key.or_else(|| parent_key(lines, line)).unwrap_or("key");
        // `communes: Lille, Roubaix` means two items.
        let mut items: Vec<&str> = value
            .map(unquote)
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .collect();
        if items.is_empty() {
            items.push("…");
        }
        let indent = " ".repeat(leading_spaces(text));
        let item_lines: String = items
            .iter()
            .map(|item| {
                if matches!(k, "partners" | "funders") {
                    format!("\n        {indent}  - name: {item}")
                } else {
                    format!("\n        {indent}  - {item}")
                }
            })
            .collect();
        return (
            ctx.at(line, Some(column), format!("`{k}` is a list, not a single value"))
                .hint(format!(
                    "write each item on its own line under the key, starting with `- `:\n        {indent}{k}:{item_lines}"
                )),
            false,
        );
    }

    if message.starts_with("cannot deserialize null") || message.starts_with("invalid type: null") {
        return (
            ctx.at(line, Some(column), format!("{key_name} has no value"))
                .hint(format!(
                    "write the value after the colon on the same line: `{}: …`, or remove the line if the key is optional",
                    key.unwrap_or("key")
                )),
            false,
        );
    }

    if let Some(ty) = message.strip_prefix("invalid ") {
        let ty = ty.split([' ', ':']).next().unwrap_or("");
        let shown = value.map(unquote).unwrap_or("");
        let expected = match ty {
            "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => {
                Some("a whole number, like `3`")
            }
            "f32" | "f64" => Some("a number, like `3.5`"),
            "bool" | "boolean" => Some("`true` or `false`"),
            _ => None,
        };
        if let Some(expected) = expected {
            return (
                ctx.at(
                    line,
                    Some(column),
                    format!("{key_name} must be {expected}, not `{shown}`"),
                )
                .hint(format!(
                    "write {expected} after `{}: `",
                    key.unwrap_or("key")
                )),
                false,
            );
        }
    }

    if message.starts_with("expected string scalar")
        || message.starts_with("expected mapping start") && line > 1
    {
        let opener = text.chars().nth(column.saturating_sub(1));
        let what = match opener {
            Some('[') => "a `[` starts a list here",
            Some('{') => "a `{` starts a mapping here",
            _ => "a list or mapping was given",
        };
        let fixed = match (key, value) {
            (Some(k), Some(v)) => format!(": `{}`", quoted_line(text, k, v).trim()),
            _ => String::new(),
        };
        return (
            ctx.at(
                line,
                Some(column),
                format!("{key_name} must be text, but {what}"),
            )
            .hint(format!(
                "if the brackets are part of the text, put the value between quotes{fixed}"
            )),
            false,
        );
    }

    if message.starts_with("expected mapping start") {
        return (
            ctx.at(
                line,
                Some(column),
                format!("the {} must be a list of `key: value` lines", ctx.label),
            )
            .hint("start each line with a key followed by `: `, e.g. `title: Mon titre`"),
            true,
        );
    }

    if message.contains("trailing content after")
        && let (Some(k), Some(v)) = (key, value)
    {
        // `'L'économie'`: the apostrophe closed the value. `"Le « x »" suite`:
        // text after the closing quote.
        let (what, fixed) =
            if let Some(inner) = v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
                (
                    "an apostrophe inside a value between single quotes ends the value",
                    quoted_line(text, k, inner),
                )
            } else {
                (
                    "text follows the closing quote of the value",
                    quoted_line(text, k, v),
                )
            };
        return (
            ctx.at(line, Some(column), format!("`{k}`: {what}"))
                .hint(format!(
                    "quote the whole value once, with the other kind of quote: `{}`",
                    fixed.trim()
                )),
            true,
        );
    }

    if message.starts_with("unclosed quote") || message.contains("quoted scalar") {
        let hint = if message.starts_with("unclosed") {
            "close the quote at the end of the value; to write a quote inside the text, use the French « » or the other kind of quote around the value"
        } else {
            "a quoted value ends at its closing quote: put the whole value inside the quotes, or use the other kind of quote around it"
        };
        return (
            ctx.at(
                line,
                Some(column),
                "a quoted value is not closed properly".into(),
            )
            .hint(hint),
            true,
        );
    }

    if message.starts_with("unexpected character")
        || message.contains("alias")
        || message.contains("anchor")
    {
        let c = text.chars().nth(column.saturating_sub(1)).unwrap_or('?');
        let fixed = match (key, value) {
            (Some(k), Some(v)) => format!(": `{}`", quoted_line(text, k, v).trim()),
            _ => String::new(),
        };
        return (
            ctx.at(
                line,
                Some(column),
                format!("a value cannot start with `{c}` in YAML"),
            )
            .hint(format!("put the value between quotes{fixed}")),
            true,
        );
    }

    if message.starts_with("block sequence entries are not allowed") {
        let fixed = match (key, value) {
            (Some(k), Some(v)) => format!(
                " If `-` starts the text, quote it: `{}`",
                quoted_line(text, k, v).trim()
            ),
            _ => String::new(),
        };
        return (
            ctx.at(
                line,
                Some(column),
                "a list item `- ` cannot follow a key on the same line".into(),
            )
            .hint(format!(
                "put each item on its own line under the key, starting with `- `.{fixed}"
            )),
            true,
        );
    }

    if message.contains("did not find expected key")
        || message.contains("expected '-'")
        || message.contains("indentation")
    {
        return (
            ctx.at(line, Some(column), "this line does not fit in the block above it".into())
                .hint("check the indentation: the keys of one block start at the same column, list items start with `- ` under their key"),
            true,
        );
    }

    if message.starts_with("multiple YAML documents") {
        return (
            ctx.at(
                line,
                Some(column),
                "a line `---` starts a second document".into(),
            )
            .hint("a settings file holds one document: remove the `---` line"),
            true,
        );
    }

    (ctx.generic(Some((line, column)), message), true)
}

/// The line `line` with its value quoted, when it is a `key: value` line
/// standing alone (nothing indented under it) whose value is not quoted.
fn repair(lines: &[String], line: usize) -> Option<String> {
    let text = &lines[line - 1];
    let cr = if text.ends_with('\r') { "\r" } else { "" };
    let text = text.trim_end_matches('\r');
    let (key, value) = (key_of(text)?, value_of(text)?);
    if value.starts_with(['"', '\'']) || text.contains('\t') || block_end(lines, line) != line {
        return None;
    }
    Some(format!("{}{cr}", quoted_line(text, key, value)))
}

/// The key of the block holding `line`: the nearest line above, less
/// indented, that is a `key:`.
fn parent_key(lines: &[String], line: usize) -> Option<&str> {
    let level = indent(&lines[line - 1]);
    lines[..line - 1]
        .iter()
        .rev()
        .filter(|l| !is_blank(l))
        .find(|l| indent(l) < level)
        .and_then(|l| key_of(l))
}

/// Whether the crate's message is about syntax rather than a value of the
/// wrong kind.
fn syntax_message(message: &str) -> bool {
    !(message.starts_with("unknown ")
        || message.starts_with("invalid")
        || message.starts_with("duplicate")
        || message.starts_with("missing")
        || message.starts_with("cannot deserialize")
        || message.starts_with("expected sequence")
        || message.starts_with("expected string"))
}

/// The nearest line above `line`, in its top-level entry, that opens a
/// `[`, `{` or `"` it does not close (1-based), and that character.
fn unclosed_above(lines: &[String], line: usize) -> Option<(usize, char)> {
    if line < 2 {
        return None;
    }
    let (start, _) = top_level_entry(lines, line - 1);
    let mut open: Vec<(usize, char)> = Vec::new();
    for n in start..line {
        let l = &lines[n - 1];
        let value = value_of(l).unwrap_or(l.trim());
        if value.starts_with(['"', '\'']) {
            continue;
        }
        for c in value.chars() {
            match c {
                '[' | '{' => open.push((n, c)),
                ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    if let Some(&first) = open.first() {
        return Some(first);
    }
    let prev = (start..line).rev().find(|&n| !is_blank(&lines[n - 1]))?;
    let value = value_of(&lines[prev - 1])?;
    let quotes = value.chars().filter(|&c| c == '"').count();
    (value.starts_with('"') && quotes % 2 == 1).then_some((prev, '"'))
}

/// `key` of a `key: value` (or `- key: value`) line.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start_matches([' ', '\t']);
    let t = t.strip_prefix("- ").unwrap_or(t).trim_start();
    if t.starts_with('#') {
        return None;
    }
    let end = t.find(':')?;
    let after = &t[end + 1..];
    let key = &t[..end];
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
    (plain && (after.is_empty() || after.starts_with([' ', '\t', '\r']))).then_some(key)
}

/// The raw text after `key: ` on a `key: value` line.
fn value_of(line: &str) -> Option<&str> {
    let key = key_of(line)?;
    let at = line.find(key)? + key.len() + 1;
    let v = line[at..].trim();
    (!v.is_empty()).then_some(v)
}

fn unquote(v: &str) -> &str {
    v.trim_matches(|c| c == '"' || c == '\'')
}

/// The line with its value quoted: double quotes, or single quotes when
/// the value holds a double quote.
fn quoted_line(line: &str, key: &str, value: &str) -> String {
    let prefix_end = line.find(key).map_or(0, |i| i + key.len() + 1);
    let q = if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{value}\"")
    };
    format!("{} {q}", &line[..prefix_end])
}

fn leading_spaces(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn leading_tab(line: &str) -> bool {
    line.trim_start_matches(' ').starts_with('\t')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '\t']).len()
}

fn is_blank(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// The line (1-based) where `key` first appears in the block of `line`.
fn first_occurrence(lines: &[String], line: usize, key: &str) -> Option<usize> {
    let level = indent(&lines[line - 1]);
    for i in (0..line - 1).rev() {
        let l = &lines[i];
        if is_blank(l) {
            continue;
        }
        if indent(l) < level {
            return None;
        }
        if indent(l) == level && key_of(l) == Some(key) {
            return Some(i + 1);
        }
    }
    None
}

/// The lines (1-based, inclusive) of the entry starting at `line`: the
/// line and what is indented under it. A line that continues a value
/// (neither `key:` nor `- `) stands for the entry above it.
fn entry(lines: &[String], line: usize) -> (usize, usize) {
    let mut start = line;
    while start > 1 {
        let l = &lines[start - 1];
        let t = l.trim_start();
        if key_of(l).is_some() || t.starts_with("- ") || t == "-" {
            break;
        }
        start -= 1;
    }
    (start, block_end(lines, start))
}

/// The top-level entry holding `line`.
fn top_level_entry(lines: &[String], line: usize) -> (usize, usize) {
    let mut start = line;
    while start > 1
        && (indent(&lines[start - 1]) > 0
            || is_blank(&lines[start - 1])
            || is_item(&lines[start - 1]))
    {
        start -= 1;
    }
    (start, block_end(lines, start))
}

fn is_item(line: &str) -> bool {
    line.starts_with("- ") || line.trim_end() == "-"
}

/// The last line of the block opened by `start`: the lines indented deeper
/// (and, under a key, the list items at its own indentation).
fn block_end(lines: &[String], start: usize) -> usize {
    let head = &lines[start - 1];
    let level = indent(head);
    let is_key = key_of(head).is_some() && !head.trim_start().starts_with("- ");
    let mut end = start;
    for (i, l) in lines.iter().enumerate().skip(start) {
        if is_blank(l) {
            continue;
        }
        let deeper = indent(l) > level;
        let own_item = is_key && indent(l) == level && is_item(l.trim_start_matches([' ', '\t']));
        if deeper || own_item {
            end = i + 1;
        } else {
            break;
        }
    }
    end
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CaseStudyMeta;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        number: u32,
    }

    fn errs(yaml: &str) -> Vec<Diagnostic> {
        let file = format!("---\n{yaml}---\nbody\n");
        parse::<Meta>(yaml, Path::new("a.md"), 2, &file).unwrap_err()
    }

    fn err(yaml: &str) -> Diagnostic {
        let mut e = errs(yaml);
        assert_eq!(e.len(), 1, "{e:#?}");
        e.remove(0)
    }

    const CASE: &str =
        "number: 1\nheading: h\ntitle: t\nstructure: s\nstructure_type: ei\ndepartement: \"59\"\n";

    fn case_errs(extra: &str, from: &str, to: &str) -> Vec<Diagnostic> {
        let yaml = format!("{}{extra}", CASE.replace(from, to));
        let file = format!("---\n{yaml}---\nbody\n");
        parse::<CaseStudyMeta>(&yaml, Path::new("a.md"), 2, &file).unwrap_err()
    }

    #[test]
    fn unknown_field_gets_file_line_and_suggestion() {
        let d = err("title: a\nnumber: 3\ntitel: b\n");
        assert_eq!(d.line, Some(4));
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
        assert!(!d.message.contains("line "), "{}", d.message);
        assert!(d.hint.unwrap().contains("did you mean `title`"));
        assert_eq!(d.snippet.as_deref(), Some("titel: b"));
    }

    #[test]
    fn wrong_type_and_missing_field_are_located() {
        let d = err("title: a\nnumber: trois\n");
        assert_eq!(d.line, Some(3));
        assert!(
            d.message
                .contains("`number` must be a whole number, like `3`, not `trois`"),
            "{}",
            d.message
        );
        let d = err("number: 3\n");
        assert!(d.message.contains("missing field `title`"), "{}", d.message);
    }

    #[test]
    fn syntax_error_is_reported_not_panicked() {
        let d = err("title: [a\nnumber: 3\n");
        assert!(d.line.is_some());
    }

    #[test]
    fn every_error_of_a_file_is_reported_with_its_line() {
        let e = errs("titel: a\nnumber: trois\nfoo: : b\n");
        let lines: Vec<_> = e.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, [2, 3, 4], "{e:#?}");
        // `title` is missing, but only because of the typo: not reported.
        let e = errs("titel: a\nnumber: 3\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        let e = errs("title: Terre : une oasis\nnumber: un\n");
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(e.iter().all(|d| !d.message.contains("missing")), "{e:#?}");
    }

    #[test]
    fn colon_in_a_value_shows_the_quoted_line() {
        let d = err("title: Terre Tous : une oasis\nnumber: 3\n");
        assert_eq!(d.line, Some(2));
        let h = d.hint.unwrap();
        assert!(h.contains("between quotes"), "{h}");
        assert!(h.contains(r#"`title: "Terre Tous : une oasis"`"#), "{h}");
        let d = err("title: Le « x » : \"y\"\nnumber: 3\n");
        assert!(d.hint.unwrap().contains(r#"`title: 'Le « x » : "y"'`"#));
    }

    #[test]
    fn tab_duplicate_list_and_enumeration() {
        let d = err("title: a\n\tnumber: 3\n");
        assert_eq!(d.line, Some(3), "{d:#?}");
        assert!(d.message.contains("tab"), "{}", d.message);
        let d = err("title: a\nnumber: 3\ntitle: b\n");
        assert!(
            d.message.contains("on line 2 and on line 4"),
            "{}",
            d.message
        );
        let e = case_errs("communes: Lille\n", "", "");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].message.contains("`communes` is a list"),
            "{}",
            e[0].message
        );
        assert!(
            e[0].hint
                .as_ref()
                .unwrap()
                .contains("communes:\n          - Lille"),
            "{:?}",
            e[0].hint
        );
        let e = case_errs("", "\"59\"", "\"76\"");
        assert!(
            e[0].message.contains("one of 02, 59, 60, 62, 80"),
            "{}",
            e[0].message
        );
        let e = case_errs("", "ei\n", "eii\n");
        assert!(
            e[0].message.contains("must be one of ei, ea"),
            "{}",
            e[0].message
        );
        assert!(e[0].hint.as_ref().unwrap().contains("did you mean `ei`"));
    }

    #[test]
    fn apostrophes_and_quotes() {
        let d = err("title: 'L'économie sociale'\nnumber: 3\n");
        assert!(
            d.message
                .contains("an apostrophe inside a value between single quotes"),
            "{}",
            d.message
        );
        assert!(d.hint.unwrap().contains(r#"`title: "L'économie sociale"`"#));
        let d = err("title: \"Le « x »\" suite\nnumber: 3\n");
        assert!(
            d.message.contains("text follows the closing quote"),
            "{}",
            d.message
        );
        assert!(d.hint.unwrap().contains(r#"`title: '"Le « x »" suite'`"#));
    }

    #[test]
    fn the_cause_above_is_named() {
        // An unclosed quote swallows the lines below it.
        let e = errs("title: \"Terre Tous, une oasis\nnumber: 3\nslug: \"x\"\n");
        assert_eq!(e[0].line, Some(2), "{e:#?}");
        assert!(e[0].message.contains("never closed"), "{}", e[0].message);
        // An unclosed `[` too.
        let file = "---\nterm: T\nsee_also: [a, b\nsource: S\n---\n";
        let e =
            parse::<crate::model::TermMeta>(&file[4..file.len() - 4], Path::new("a.md"), 2, file)
                .unwrap_err();
        assert_eq!(e[0].line, Some(3), "{e:#?}");
        assert!(
            e[0].message
                .contains("the `[` on this line is never closed")
        );
        // An indented first key: said once, the rest read normally.
        let e = errs(" title: a\nnumber: trois\n");
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(
            e[0].message.contains("`title` is indented"),
            "{}",
            e[0].message
        );
        assert_eq!(e[1].line, Some(3));
        // A mistyped key with no colon: not also reported missing.
        let e = errs("titl\nnumber: 3\n");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].message.contains("`titl` is neither"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn missing_spaces_after_colon_and_hyphen() {
        let d = &errs("number: 3\ntitle:Mon titre\n")[0];
        assert!(
            d.message.contains("a space is missing after `title:`"),
            "{}",
            d.message
        );
        assert!(d.hint.as_ref().unwrap().contains("`title: Mon titre`"));
        let e = case_errs("communes:\n  -Lille\n", "", "");
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(
            e[0].message.contains("`-Lille`: a list item needs a space"),
            "{}",
            e[0].message
        );
        assert!(e[0].hint.as_ref().unwrap().contains("`  - Lille`"));
        // An item at the wrong place names the list's key.
        let e = case_errs("communes:\n  Lille\n", "", "");
        assert!(
            e[0].message.contains("`communes` is a list"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn windows_line_endings() {
        let e = errs("title: Terre : oasis\r\nnumber: trois\r\ntitle: b\r\n");
        let lines: Vec<_> = e.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, [2, 3, 4], "{e:#?}");
        assert!(
            e[0].hint
                .as_ref()
                .unwrap()
                .contains("`title: \"Terre : oasis\"`")
        );
        assert!(!e[0].hint.as_ref().unwrap().contains('\r'));
        assert!(
            e[2].message.contains("on line 2 and on line 4"),
            "{}",
            e[2].message
        );
    }

    #[test]
    fn lists_of_several_items_and_of_parties() {
        let e = case_errs(
            "communes: Lille, Roubaix\npartners: Mairie de Lille\n",
            "",
            "",
        );
        assert_eq!(e.len(), 2, "{e:#?}");
        let h = e[0].hint.as_ref().unwrap();
        assert!(
            h.contains("communes:\n          - Lille\n          - Roubaix"),
            "{h}"
        );
        let h = e[1].hint.as_ref().unwrap();
        assert!(
            h.contains("partners:\n          - name: Mairie de Lille"),
            "{h}"
        );
    }

    #[test]
    fn no_wording_of_the_crate_reaches_the_editor() {
        for yaml in [
            "title: [a\nnumber: 3\n",
            "title: \"a\nnumber: 3\n",
            "title: a\n number: 3\n",
            "title: a\nnumber: 3\nnumber: 4\n",
            "title: - a\nnumber: 3\n",
            "title: @a\nnumber: 3\n",
            "title: a\nnumber: 3\n  x: 2\n",
            "- a\n",
            "title:\nnumber: 3\n",
            "title: 'L'a'\nnumber: 3\n",
            "title: \"a\" b\nnumber: 3\n",
            "title: a\nnumber: 3\ndraft: oui\n",
        ] {
            for d in errs(yaml) {
                let all = format!("{} {}", d.message, d.hint.clone().unwrap_or_default());
                for library in [
                    "mapping values",
                    "DuplicateKeyPolicy",
                    "sequence start",
                    "scalar",
                    "Option<",
                    "u32",
                    "in this context",
                    "trailing content",
                    "another kind",
                ] {
                    assert!(!all.contains(library), "{yaml:?}: {all}");
                }
            }
        }
    }

    /// Editors' slips (a `: ` added, a tab, quotes removed, a line doubled
    /// or cut, a space before, an apostrophe in single quotes, a `]` lost)
    /// on every front-matter line of the test fixture: each error is
    /// located in the front matter and none is worded by the crate.
    #[test]
    fn every_slip_on_every_line_gets_a_located_message_of_ours() {
        use crate::model::*;
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/content");
        let slips: [fn(&str) -> String; 8] = [
            |l| format!("{l}: x"),
            |l| format!("\t{l}"),
            |l| l.replace('"', ""),
            |l| format!("{l}\n{l}"),
            |l| l.chars().take(l.chars().count() / 2).collect(),
            |l| format!(" {l}"),
            |l| l.replacen(": ", ": 'L'a ", 1),
            |l| l.replace(']', ""),
        ];
        let mut cases = 0;
        for entry in walkdir::WalkDir::new(&fixture)
            .into_iter()
            .filter_map(Result::ok)
        {
            let p = entry.path();
            let name = p.to_string_lossy();
            if !name.ends_with(".md") {
                continue;
            }
            let text = std::fs::read_to_string(p).unwrap();
            let split = crate::load::frontmatter::split(&text).unwrap();
            let lines: Vec<&str> = split.yaml.lines().collect();
            for i in 0..lines.len() {
                for slip in slips {
                    let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    ls[i] = slip(&ls[i]);
                    let yaml = format!("{}\n", ls.join("\n"));
                    let file = format!("---\n{yaml}---\nbody\n");
                    let fm_end = yaml.lines().count() + 2;
                    let r = if name.contains("projecteurs") {
                        parse::<CaseStudyMeta>(&yaml, p, 2, &file).err()
                    } else if name.ends_with("content/index.md") {
                        parse::<HomeMeta>(&yaml, p, 2, &file).err()
                    } else if name.ends_with("index.md") {
                        parse::<VolumeMeta>(&yaml, p, 2, &file).err()
                    } else if name.ends_with("lancez-vous.md") {
                        parse::<ResourcesMeta>(&yaml, p, 2, &file).err()
                    } else if name.contains("glossaire") {
                        parse::<TermMeta>(&yaml, p, 2, &file).err()
                    } else {
                        parse::<ChapterMeta>(&yaml, p, 2, &file).err()
                    };
                    cases += 1;
                    for d in r.unwrap_or_default() {
                        let line = d.line.unwrap();
                        assert!((1..=fm_end).contains(&line), "{yaml}\n{d:#?}");
                        let all = format!("{} {}", d.message, d.hint.unwrap_or_default());
                        for crate_words in [
                            "scalar",
                            "in this context",
                            "Policy",
                            "expected sequence",
                            "Option<",
                            "at line",
                            ", column",
                        ] {
                            assert!(!all.contains(crate_words), "{yaml}\n{all}");
                        }
                    }
                }
            }
        }
        assert!(cases > 300, "{cases}");
    }
}
