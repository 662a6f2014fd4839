//! Splits a page into its YAML front matter and its Markdown body.

/// A page's text cut in two, with the line numbers needed to report errors
/// in the file's own numbering.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the file where the YAML starts (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the file where the body starts (1-based).
    pub body_line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    NoOpening,
    NotClosed,
}

impl SplitError {
    pub fn message(&self) -> (&'static str, &'static str) {
        match self {
            SplitError::Empty => (
                "the file is empty",
                "start the file with a front matter block: a line `---`, the YAML keys, and a closing `---`",
            ),
            SplitError::NoOpening => (
                "the file does not start with front matter",
                "add a line `---` at the very top, the YAML keys (e.g. `title: …`), then a closing `---` before the text",
            ),
            SplitError::NotClosed => (
                "the front matter is not closed",
                "add a line containing only `---` after the last YAML key, before the Markdown text",
            ),
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', '\n']).trim_end() == "---"
}

/// `text` must have had any byte-order mark removed.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if !is_fence(first) {
        return Err(SplitError::NoOpening);
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
    Err(SplitError::NotClosed)
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
        assert_eq!(split("title: a\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NotClosed));
        assert_eq!(split("---"), Err(SplitError::NotClosed));
    }
}
