//! The crate's errors explained to the editor: each rule recognises one
//! family of the crate's messages and says, in our words, what is wrong at
//! which line and how to fix it. Rules about the text's layout (syntax)
//! are here; rules about values of the wrong kind are in `values.rs`.

use super::Ctx;
use super::lines::{key_of, leading_tab, quoted_line, unclosed_above, value_of};
use super::values;
use crate::diagnostic::Diagnostic;

/// One error of the crate, and the line it is at.
#[derive(Clone, Copy)]
pub(super) struct Slip<'a> {
    pub(super) ctx: &'a Ctx<'a>,
    pub(super) lines: &'a [String],
    /// The crate's message, without its location.
    pub(super) message: &'a str,
    /// Line (1-based, in the YAML's numbering) and column of the error.
    pub(super) line: usize,
    pub(super) column: usize,
    /// The text of the line, without its `\r`.
    pub(super) text: &'a str,
    pub(super) key: Option<&'a str>,
    pub(super) value: Option<&'a str>,
    /// The key for a message: `` `title` ``, or « this value ».
    pub(super) key_name: &'a str,
}

impl Slip<'_> {
    /// A rule's answer: `message` at the error's line and column, with its
    /// hint, and whether the error is one of syntax (see [`Rule`]).
    pub(super) fn found(
        &self,
        message: String,
        hint: impl Into<String>,
        syntax: bool,
    ) -> (Diagnostic, bool) {
        (
            self.ctx
                .at(self.line, Some(self.column), message)
                .hint(hint),
            syntax,
        )
    }
}

/// The rules, tried in this order: the first that recognises the error
/// gives its diagnostic. The order matters where messages overlap (a tab
/// before anything else, an unclosed bracket above before this line).
/// A rule: the diagnostic of an error it recognises, and whether the error
/// is one of syntax.
type Rule = fn(&Slip) -> Option<(Diagnostic, bool)>;

const RULES: [Rule; 12] = [
    tab,
    unclosed,
    line_layout,
    colon,
    values::keys,
    values::allowed_values,
    values::lists,
    values::value_types,
    values::not_text,
    quotes,
    value_starts,
    structure,
];

/// The diagnostic for one error of the crate at `line`:`column` of the
/// YAML, and whether it is a syntax error (the text could not be read) as
/// opposed to a value of the wrong kind.
pub(super) fn explain(
    ctx: &Ctx,
    lines: &[String],
    message: &str,
    line: usize,
    column: usize,
) -> (Diagnostic, bool) {
    let text = lines[line - 1].trim_end_matches('\r');
    let key = key_of(text);
    let key_name = key.map_or("this value".to_string(), |k| format!("`{k}`"));
    let slip = Slip {
        ctx,
        lines,
        message,
        line,
        column,
        text,
        key,
        value: value_of(text),
        key_name: &key_name,
    };
    RULES
        .iter()
        .find_map(|rule| rule(&slip))
        .unwrap_or_else(|| (ctx.generic(Some((line, column)), message), true))
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

/// A tab, on the line or at the start of the next one.
fn tab(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        ctx,
        lines,
        message,
        line,
        text,
        ..
    } = *s;
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
            return Some((
                ctx.at(tab_line, Some(col), "a tab character in the YAML".into())
                    .hint(format!(
                        "YAML indents with spaces only: replace the tab with spaces, e.g. `{}`",
                        fixed.trim_end()
                    )),
                true,
            ));
        }
    }
    None
}

/// A `[`, `{` or `"` never closed, on this line or above.
fn unclosed(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        ctx,
        lines,
        message,
        line,
        column,
        text,
        ..
    } = *s;
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
        return Some((
            ctx.at(at, None, format!("the `{opener}` on this line is never closed"))
                .hint(format!(
                    "close it with `{closer}` at the end of the value{fix}; if the `{opener}` is part of the text, put the whole value between quotes"
                )),
            true,
        ));
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
        return Some((
            ctx.at(at, None, "the `\"` that opens the value on this line is never closed".into())
                .hint("add the closing `\"` at the end of the value; to write a quote inside the text, use the French « »"),
            true,
        ));
    }

    if message.starts_with("unclosed bracket") {
        return Some(s.found(
            "a `[` on this line is never closed".into(),
            format!(
                    "close the list with `]`: `{}]`; if the `[` is part of the text, put the whole value between quotes",
                    text.trim()
            ),
            true,
        ));
    }
    None
}

/// A line that is not laid out as `key: value`.
fn line_layout(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        ctx,
        message,
        line,
        text,
        ..
    } = *s;
    if message.contains("block scalar") {
        return Some(s.found(
            "text after `>`, `>-` or `|` on the same line".into(),
            "after `>-` (or `|`) the text starts on the next line, indented; or write the value on one line, between quotes",
            true,
        ));
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
        return Some((
            ctx.at(
                line,
                Some(indent.len() + k.len() + 2),
                format!("a space is missing after `{k}:`"),
            )
            .hint(format!(
                "a key is followed by a colon and a space: `{indent}{k}: {v}`"
            )),
            true,
        ));
    }

    if message.contains("simple key")
        || message.contains("could not find expected ':'")
        || (message.starts_with("expected mapping start") && !text.contains(':'))
    {
        return Some(s.found(
            format!("`{}` is neither `key: value` nor a list item", text.trim()),
            "write `key: value` (with a space after the colon); if this line continues the value above, indent it under that value, or put the whole value on one line between quotes",
            true,
        ));
    }

    None
}

/// A `:` where YAML does not expect one: a `: ` inside a value, or a key
/// indented under a value.
fn colon(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        message,
        column,
        text,
        key,
        value,
        key_name,
        ..
    } = *s;
    if message.starts_with("mapping values are not allowed") {
        // The colon the crate stops at: the key's own colon means the line
        // is indented under a value; a later one is a `: ` inside the value.
        let key_colon = text.find(':').map(|i| text[..i].chars().count() + 1);
        if key_colon != Some(column)
            && let (Some(k), Some(v)) = (key, value)
        {
            let fixed = quoted_line(text, k, v);
            return Some(s.found(
                format!("the value of `{k}` contains `: `, which YAML reads as a new key"),
                format!(
                        "put the value between quotes (French punctuation puts a space before `:`): `{}`",
                        fixed.trim()
                ),
                true,
            ));
        }
        return Some(s.found(
            format!("{key_name} is indented as if it belonged to the line above"),
            "start the key at the same column as the other keys of its block (top-level keys at the very start of the line)",
            true,
        ));
    }
    None
}

/// A quoted value closed too early or never.
fn quotes(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        message,
        text,
        key,
        value,
        ..
    } = *s;
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
        return Some(s.found(
            format!("`{k}`: {what}"),
            format!(
                "quote the whole value once, with the other kind of quote: `{}`",
                fixed.trim()
            ),
            true,
        ));
    }

    if message.starts_with("unclosed quote") || message.contains("quoted scalar") {
        let hint = if message.starts_with("unclosed") {
            "close the quote at the end of the value; to write a quote inside the text, use the French « » or the other kind of quote around the value"
        } else {
            "a quoted value ends at its closing quote: put the whole value inside the quotes, or use the other kind of quote around it"
        };
        return Some(s.found("a quoted value is not closed properly".into(), hint, true));
    }
    None
}

/// A value that starts with a character YAML reserves.
fn value_starts(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        message,
        column,
        text,
        key,
        value,
        ..
    } = *s;
    if message.starts_with("unexpected character")
        || message.contains("alias")
        || message.contains("anchor")
    {
        let c = text.chars().nth(column.saturating_sub(1)).unwrap_or('?');
        let fixed = match (key, value) {
            (Some(k), Some(v)) => format!(": `{}`", quoted_line(text, k, v).trim()),
            _ => String::new(),
        };
        return Some(s.found(
            format!("a value cannot start with `{c}` in YAML"),
            format!("put the value between quotes{fixed}"),
            true,
        ));
    }

    if message.starts_with("block sequence entries are not allowed") {
        let fixed = match (key, value) {
            (Some(k), Some(v)) => format!(
                " If `-` starts the text, quote it: `{}`",
                quoted_line(text, k, v).trim()
            ),
            _ => String::new(),
        };
        return Some(s.found(
            "a list item `- ` cannot follow a key on the same line".into(),
            format!("put each item on its own line under the key, starting with `- `.{fixed}"),
            true,
        ));
    }
    None
}

/// A line that fits in no block, or a second document.
fn structure(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip { message, .. } = *s;
    if message.contains("did not find expected key")
        || message.contains("expected '-'")
        || message.contains("indentation")
    {
        return Some(s.found(
            "this line does not fit in the block above it".into(),
            "check the indentation: the keys of one block start at the same column, list items start with `- ` under their key",
            true,
        ));
    }

    if message.starts_with("multiple YAML documents") {
        return Some(s.found(
            "a line `---` starts a second document".into(),
            "a settings file holds one document: remove the `---` line",
            true,
        ));
    }
    None
}
