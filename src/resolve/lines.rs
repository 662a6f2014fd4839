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

/// Line of ptce.yaml that holds the first line of a PTCE's summary (1 when
/// not found), so that line `n` of the summary's Markdown is line
/// `summary_line + n - 1` of the file.
///
/// The summary's first line may be blank (a literal block keeps leading
/// blank lines): the first line with text is found in the file, then the
/// blank lines before it in the summary are counted back.
pub(crate) fn summary_line(file: &str, p: &PtceMeta) -> usize {
    let Some(summary) = &p.summary else { return 1 };
    let Some((blank_before, first)) = summary
        .lines()
        .map(str::trim)
        .enumerate()
        .find(|(_, l)| !l.is_empty())
    else {
        return find_line(file, &p.name).unwrap_or(1);
    };
    let from = find_line(file, &p.name).unwrap_or(1);
    file.lines()
        .enumerate()
        .skip(from - 1)
        .find(|(_, l)| l.contains(first))
        .map_or(from, |(i, _)| {
            (i + 1).saturating_sub(blank_before).max(from)
        })
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

    #[test]
    fn the_summary_line_counts_its_leading_blank_lines() {
        let file = "ptce:\n  - name: A\n    summary: |-\n\n\n      Texte[^1]\n";
        // The summary's line 1 is the file's line 4, so its line 3 (the
        // text) is the file's line 6.
        assert_eq!(summary_line(file, &ptce("A", "\n\nTexte[^1]")), 4);
        let file = "ptce:\n  - name: A\n    summary: |-\n      Texte\n";
        assert_eq!(summary_line(file, &ptce("A", "Texte")), 4);
    }
}
