//! Where a value sits in its source file, for diagnostics about values that
//! the YAML parser accepted but resolve rejects.

use crate::model::PtceMeta;

/// Line of `key:` in the front matter of a file, for diagnostics about a value.
pub(crate) fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}

/// Where a text embedded in a YAML file (a PTCE summary) sits in that file,
/// so that a diagnostic about line `n` of its Markdown names a line of the
/// file the editor can find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EmbeddedLines {
    /// The file's line that holds the text's first line.
    pub(crate) first: usize,
    /// Whether the text's lines are the file's lines one by one from
    /// `first` (a literal block, `|`). A quoted or folded value joins or
    /// splits lines, so every diagnostic about it goes to `first`.
    pub(crate) line_by_line: bool,
}

impl EmbeddedLines {
    /// The file's line for line `n` (from 1) of the embedded text.
    pub(crate) fn line(self, n: usize) -> usize {
        if self.line_by_line {
            self.first + n.max(1) - 1
        } else {
            self.first
        }
    }
}

/// Where a PTCE's summary sits in ptce.yaml.
///
/// The summary's first line may be blank (a literal block keeps leading
/// blank lines): the first line with text is found in the file, then the
/// blank lines before it in the summary are counted back. When the text is
/// not found line for line, every line maps to the first one found (the
/// line with the text, else `summary:`, else the PTCE's name).
pub(crate) fn summary_lines(file: &str, p: &PtceMeta) -> EmbeddedLines {
    let from = find_line(file, &p.name).unwrap_or(1);
    let key = file
        .lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| {
            l.trim_start()
                .trim_start_matches("- ")
                .starts_with("summary:")
        })
        .map_or(from, |(i, _)| i + 1);
    let fallback = EmbeddedLines {
        first: key,
        line_by_line: false,
    };
    let Some(summary) = &p.summary else {
        return fallback;
    };
    let Some((blank_before, text)) = summary
        .lines()
        .map(str::trim)
        .enumerate()
        .find(|(_, l)| !l.is_empty())
    else {
        return fallback;
    };
    let Some(found) = file
        .lines()
        .enumerate()
        .skip(key - 1)
        .find(|(_, l)| l.contains(text))
        .map(|(i, _)| i + 1)
    else {
        return fallback;
    };
    let first = found.saturating_sub(blank_before).max(key);
    let mut wanted: Vec<&str> = summary.lines().map(str::trim).collect();
    while wanted.last().is_some_and(|l| l.is_empty()) {
        wanted.pop();
    }
    let line_by_line = first + blank_before == found
        && file
            .lines()
            .skip(first - 1)
            .map(str::trim)
            .take(wanted.len())
            .eq(wanted.iter().copied());
    EmbeddedLines {
        first: if line_by_line { first } else { found },
        line_by_line,
    }
}

pub(crate) fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_key_lines() {
        let text = "---\ntitle: a\nptce: x\n---\n";
        assert_eq!(line_of_key(text, "ptce"), Some(3));
        assert_eq!(line_of_key(text, "slug"), None);
    }

    fn ptce(name: &str, summary: &str) -> PtceMeta {
        PtceMeta {
            name: name.to_string(),
            slug: None,
            departement: crate::model::Departement::Nord,
            aliases: Vec::new(),
            summary: Some(summary.to_string()),
        }
    }

    fn lines(first: usize, line_by_line: bool) -> EmbeddedLines {
        EmbeddedLines {
            first,
            line_by_line,
        }
    }

    #[test]
    fn a_literal_summary_maps_line_by_line_from_its_leading_blank_lines() {
        let file = "ptce:\n  - name: A\n    summary: |-\n\n\n      Texte[^1]\n";
        // The summary's line 1 is the file's line 4, so its line 3 (the
        // text) is the file's line 6.
        let at = summary_lines(file, &ptce("A", "\n\nTexte[^1]"));
        assert_eq!(at, lines(4, true));
        assert_eq!(at.line(3), 6);
        let file = "ptce:\n  - name: A\n    summary: |\n      Texte\n\n        code\n";
        let at = summary_lines(file, &ptce("A", "Texte\n\n  code\n"));
        assert_eq!(at, lines(4, true));
    }

    #[test]
    fn a_quoted_or_folded_summary_maps_every_line_to_where_its_text_starts() {
        // « \n » escapes make lines the file does not have.
        let file = "ptce:\n  - name: A\n    summary: \"Un.\\n\\n\\n[^1]\"\n";
        let at = summary_lines(file, &ptce("A", "Un.\n\n\n[^1]"));
        assert_eq!(at, lines(3, false));
        assert_eq!(at.line(4), 3);
        // A folded block joins lines.
        let file = "ptce:\n  - name: A\n    summary: >-\n      Un\n      deux\n";
        assert_eq!(summary_lines(file, &ptce("A", "Un deux")), lines(3, false));
        // Text not found at all: the `summary:` line.
        let file = "ptce:\n  - name: A\n    departement: \"59\"\n    summary: 'x'\n";
        assert_eq!(summary_lines(file, &ptce("A", "ailleurs")), lines(4, false));
    }
}
