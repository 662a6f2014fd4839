//! Splits a page into its YAML front matter and its Markdown body.

/// A page's text cut in two, with the line numbers needed to report errors
/// in the file's own numbering.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub(crate) yaml: &'a str,
    /// Line of the file where the YAML starts (1-based).
    pub(crate) yaml_line: usize,
    pub(crate) body: &'a str,
    /// Line of the file where the body starts (1-based).
    pub(crate) body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum SplitError {
    Empty,
    /// The first line is not `---`: what it is instead, when it looks
    /// like a mistyped fence, and whether `---` comes after blank lines.
    NoOpening {
        near_miss: Option<String>,
        after_blank_lines: bool,
    },
    /// No closing `---`: the first line that looks like a mistyped one
    /// (line number in the file, text).
    NotClosed {
        near_miss: Option<(usize, String)>,
    },
}

impl SplitError {
    /// What is wrong and how to fix it, for the editor.
    pub(crate) fn message(&self) -> (String, String) {
        match self {
            SplitError::Empty => (
                "the file is empty".into(),
                "start the file with a front matter block: a line `---`, the YAML keys, and a closing `---`".into(),
            ),
            SplitError::NoOpening {
                after_blank_lines: true,
                ..
            } => (
                "the front matter does not start on the first line".into(),
                "remove the empty lines above the opening `---`: it must be the very first line of the file".into(),
            ),
            SplitError::NoOpening {
                near_miss: Some(line),
                ..
            } => (
                format!("the file starts with `{line}`, not with `---`"),
                "the front matter opens and closes with a line of exactly three hyphens `---` (word processors may turn them into a dash `—`)".into(),
            ),
            SplitError::NoOpening { .. } => (
                "the file does not start with front matter".into(),
                "add a line `---` at the very top, the YAML keys (e.g. `title: …`), then a closing `---` before the text".into(),
            ),
            SplitError::NotClosed {
                near_miss: Some((line, text)),
            } => (
                format!("the front matter is not closed: line {line} is `{text}`, not `---`"),
                "write the closing line as exactly three hyphens `---`, alone on its line".into(),
            ),
            SplitError::NotClosed { near_miss: None } => (
                "the front matter is not closed".into(),
                "add a line containing only `---` after the last YAML key, before the Markdown text".into(),
            ),
        }
    }
}

/// A line an editor may have meant as `---`: other dashes, a wrong count,
/// spaces inside or before.
fn near_fence(line: &str) -> bool {
    let t = line.trim();
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && t != "---"
        && (compact.chars().count() >= 2 || compact != "-")
        && compact.chars().count() <= 6
        && compact
            .chars()
            .all(|c| matches!(c, '-' | '—' | '–' | '‐' | '−'))
        || t == "..."
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == "---"
}

/// `text` must have had any byte-order mark removed.
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if !is_fence(first) {
        let first_text = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(SplitError::NoOpening {
            after_blank_lines: first.trim().is_empty() && is_fence(first_text),
            near_miss: near_fence(first).then(|| first.trim().to_string()),
        });
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        if is_fence(line) {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    let near_miss = text
        .lines()
        .enumerate()
        .skip(1)
        .find(|(_, l)| near_fence(l))
        .map(|(i, l)| (i + 1, l.trim().to_string()));
    Err(SplitError::NotClosed { near_miss })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_numbers_lines() {
        let s = split("---\ntitle: a\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_trailing_spaces_in_fences() {
        let s = split("---\r\ntitle: a\r\n--- \r\nBody").unwrap();
        assert_eq!(s.yaml, "title: a\r\n");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn reports_each_malformed_shape() {
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(
            split("title: a\n"),
            Err(SplitError::NoOpening {
                near_miss: None,
                after_blank_lines: false
            })
        );
        assert_eq!(
            split("---\ntitle: a\n"),
            Err(SplitError::NotClosed { near_miss: None })
        );
        assert_eq!(split("---"), Err(SplitError::NotClosed { near_miss: None }));
    }

    #[test]
    fn mistyped_fences_are_named() {
        let e = split("---\ntitle: a\n----\nText\n").unwrap_err();
        assert_eq!(
            e,
            SplitError::NotClosed {
                near_miss: Some((3, "----".into()))
            }
        );
        assert!(e.message().0.contains("line 3 is `----`"));
        let e = split("—\ntitle: a\n---\n").unwrap_err();
        assert!(e.message().0.contains("starts with `—`"), "{e:?}");
        let e = split("\n\n---\ntitle: a\n---\n").unwrap_err();
        assert!(e.message().1.contains("remove the empty lines"), "{e:?}");
        // A Markdown rule in the body is not taken for a fence.
        assert!(split("---\ntitle: a\n---\n\n-----\n").is_ok());
    }
}
