//! The rules of `explain.rs` about values of the wrong kind: a key
//! unknown or given twice, a value outside its list, a single value for a
//! list, a value of the wrong type.

use super::between;
use super::explain::Slip;
use super::lines::{first_occurrence, leading_spaces, parent_key, quoted_line, unquote};
use crate::diagnostic::{Diagnostic, closest};

/// A key given twice, or unknown.
pub(super) fn keys(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        ctx,
        lines,
        message,
        line,
        ..
    } = *s;
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
        return Some(s.found(
            msg,
            "keep one of the two lines and delete the other (a key appears once per block)",
            false,
        ));
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
        return Some(s.found(format!("unknown field `{wrong}`"), hint, false));
    }
    None
}

/// A value outside an enumeration (or the départements).
pub(super) fn allowed_values(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        message,
        value,
        key_name,
        ..
    } = *s;
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let allowed: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, l)| l.split(", ").map(|v| v.trim_matches('`')).collect())
            .unwrap_or_default();
        let suggestion = closest(wrong, allowed.iter().copied())
            .map(|v| format!("did you mean `{v}`? "))
            .unwrap_or_default();
        return Some(s.found(
            format!(
                "{key_name} cannot be `{wrong}`: it must be one of {}",
                allowed.join(", ")
            ),
            format!(
                "{suggestion}write one of the allowed values exactly as listed: {}",
                allowed.join(", ")
            ),
            false,
        ));
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
        return Some(s.found(
            format!("`{wrong}` is not a département of the Hauts-de-France: use one of 02, 59, 60, 62, 80"),
            format!("the codes are {list}; write the code in quotes: `departement: \"59\"`"),
            false,
        ));
    }
    None
}

/// A single value, or a malformed item, where a list is expected.
pub(super) fn lists(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        lines,
        message,
        line,
        text,
        key,
        value,
        ..
    } = *s;
    if message.starts_with("expected sequence start")
        && let Some(item) = text.trim_start().strip_prefix('-')
        && !item.is_empty()
        && !item.starts_with([' ', '\t'])
    {
        let indent = &text[..text.len() - text.trim_start().len()];
        return Some(s.found(
            format!("`-{item}`: a list item needs a space after the hyphen"),
            format!("write `{indent}- {item}`"),
            false,
        ));
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
        return Some(s.found(
            format!("`{k}` is a list, not a single value"),
            format!(
                    "write each item on its own line under the key, starting with `- `:\n        {indent}{k}:{item_lines}"
            ),
            false,
        ));
    }
    None
}

/// A value of the wrong type: none, a number, a boolean, text.
pub(super) fn value_types(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        message,
        key,
        value,
        key_name,
        ..
    } = *s;
    if message.starts_with("cannot deserialize null") || message.starts_with("invalid type: null") {
        return Some(s.found(
            format!("{key_name} has no value"),
            format!(
                    "write the value after the colon on the same line: `{}: …`, or remove the line if the key is optional",
                    key.unwrap_or("key")
            ),
            false,
        ));
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
            return Some(s.found(
                format!("{key_name} must be {expected}, not `{shown}`"),
                format!("write {expected} after `{}: `", key.unwrap_or("key")),
                false,
            ));
        }
    }

    None
}

/// Text expected, but a list or mapping given (or no mapping at all).
pub(super) fn not_text(s: &Slip) -> Option<(Diagnostic, bool)> {
    let Slip {
        ctx,
        message,
        line,
        column,
        text,
        key,
        value,
        key_name,
        ..
    } = *s;
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
        return Some(s.found(
            format!("{key_name} must be text, but {what}"),
            format!("if the brackets are part of the text, put the value between quotes{fixed}"),
            false,
        ));
    }

    if message.starts_with("expected mapping start") {
        return Some(s.found(
            format!("the {} must be a list of `key: value` lines", ctx.label),
            "start each line with a key followed by `: `, e.g. `title: Mon titre`",
            true,
        ));
    }
    None
}
