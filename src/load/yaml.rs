//! The one place that knows which YAML crate parses front matter.
//!
//! serde-saphyr was chosen over the archived serde_yaml: it is maintained,
//! never panics on malformed input and reports the line and column of
//! every error, including unknown keys and wrong types. Swapping the crate
//! means changing this file only.

use crate::diagnostic::{Diagnostic, closest};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Deserializes `yaml`, which starts on line `first_line` of the file at
/// `path` whose whole text is `file_text`.
/// Unknown keys get the closest known key suggested.
pub fn parse<T: DeserializeOwned>(
    yaml: &str,
    path: &Path,
    first_line: usize,
    file_text: &str,
) -> Result<T, Diagnostic> {
    let err = match serde_saphyr::from_str::<T>(yaml) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    let (line, column) = err
        .location()
        .map(|l| (l.line() as usize, Some(l.column() as usize)))
        .unwrap_or((1, None));
    let raw = err
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
    let message = strip_location(&raw);
    // A missing key has no line of its own: point at the opening `---`.
    let (file_line, column) = if message.starts_with("missing field") {
        (first_line.saturating_sub(1).max(1), None)
    } else {
        (line + first_line - 1, column)
    };
    let hint = hint_for(&message);
    let label = if first_line > 1 {
        "front matter"
    } else {
        "settings"
    };
    let mut d = Diagnostic::new(path, format!("{label}: {message}"))
        .at(file_line, column)
        .with_source(file_text);
    if let Some(h) = hint {
        d = d.hint(h);
    }
    Err(d)
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

fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let wrong = rest.split('`').next().unwrap_or("");
        let keys: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, list)| list.split(", ").map(|k| k.trim_matches('`')).collect())
            .unwrap_or_default();
        return Some(match closest(wrong, keys.iter().copied()) {
            Some(k) => format!("did you mean `{k}`? Known keys here: {}", keys.join(", ")),
            None => format!("remove it, or use one of: {}", keys.join(", ")),
        });
    }
    if message.starts_with("missing field `") {
        return Some("add this key to the front matter (see docs/content-model.md)".into());
    }
    if message.starts_with("unknown variant `") {
        return Some("use one of the values listed above".into());
    }
    if message.contains("expected") || message.contains("invalid") {
        return Some("check the value's type: text, number, list (`- item`) or mapping (`key: value`); quote text that contains `: ` or starts with a special character".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        number: u32,
    }

    fn err(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}---\nbody\n");
        parse::<Meta>(yaml, Path::new("a.md"), 2, &file).unwrap_err()
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
        let d = err("number: 3\n");
        assert!(d.message.contains("missing field `title`"), "{}", d.message);
    }

    #[test]
    fn syntax_error_is_reported_not_panicked() {
        let d = err("title: [a\nnumber: 3\n");
        assert!(d.line.is_some());
    }
}
