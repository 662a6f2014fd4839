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

/// Where a PTCE's summary text starts in ptce.yaml (1 when not found).
pub(crate) fn summary_line(file: &str, p: &PtceMeta) -> usize {
    let Some(summary) = &p.summary else { return 1 };
    let first = summary
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let from = find_line(file, &p.name).unwrap_or(1);
    file.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| !first.is_empty() && l.contains(first))
        .map_or(from, |(i, _)| i + 1)
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
}
