//! One pass over a text finds every glossary term and PTCE name in it: two
//! Aho-Corasick automata (case-folded words, case-exact acronyms), with
//! French word boundaries.

use aho_corasick::{AhoCorasick, MatchKind};

/// What a pattern points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Target {
    /// Index into the glossary terms.
    Term(usize),
    /// Index into the PTCE register.
    Ptce(usize),
}

/// A match in a text: byte range and target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) target: Target,
    /// The matched form is an acronym (gets `<abbr>`).
    pub(crate) acronym: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    folded: Option<AhoCorasick>,
    folded_targets: Vec<Target>,
    exact: Option<AhoCorasick>,
    exact_targets: Vec<Target>,
}

/// True for a form written in capitals (`PTCE`, `SIAE`): matched exactly,
/// so that the French word « ai » is not taken for the acronym AI.
pub(crate) fn is_acronym(form: &str) -> bool {
    let upper = form.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2 && !form.chars().any(|c| c.is_lowercase())
}

/// Lower-cases `text` char by char without changing byte offsets, and
/// folds the typographic apostrophe, so offsets in the folded text are
/// offsets in the original.
pub(crate) fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\t' {
            out.push(' ');
            continue;
        }
        if c == '\u{2019}' {
            // ’ is 3 bytes: keep the length with two filler bytes.
            out.push_str("'\u{1}\u{1}");
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// Folds a pattern the same way the text is folded, minus the fillers.
fn fold_pattern(p: &str) -> String {
    fold(&p.replace('\u{2019}', "'")).replace('\u{1}', "")
}

impl Matcher {
    /// `forms` are (written form, target) pairs.
    pub(crate) fn new(forms: impl IntoIterator<Item = (String, Target)>) -> Matcher {
        let mut folded = Vec::new();
        let mut folded_targets = Vec::new();
        let mut exact = Vec::new();
        let mut exact_targets = Vec::new();
        for (form, target) in forms {
            let form = form.trim();
            if form.is_empty() {
                continue;
            }
            if is_acronym(form) {
                exact.push(form.to_string());
                exact_targets.push(target);
            } else {
                let pattern = fold_pattern(form);
                if pattern.contains('\'') {
                    // The text's ’ is folded to ' plus fillers: match both.
                    folded.push(pattern.replace('\'', "'\u{1}\u{1}"));
                    folded_targets.push(target);
                }
                folded.push(pattern);
                folded_targets.push(target);
            }
        }
        let build = |pats: &Vec<String>| {
            if pats.is_empty() {
                None
            } else {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(pats)
                    .ok()
            }
        };
        Matcher {
            folded: build(&folded),
            folded_targets,
            exact: build(&exact),
            exact_targets,
        }
    }

    /// Non-overlapping hits at word boundaries, left to right; at a tie
    /// the longer form wins.
    pub(crate) fn find(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        if let Some(ac) = &self.folded {
            let folded = fold(text);
            for m in ac.find_iter(&folded) {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    target: self.folded_targets[m.pattern().as_usize()],
                    acronym: false,
                });
            }
        }
        if let Some(ac) = &self.exact {
            for m in ac.find_iter(text) {
                hits.push(Hit {
                    start: m.start(),
                    end: m.end(),
                    target: self.exact_targets[m.pattern().as_usize()],
                    acronym: true,
                });
            }
        }
        hits.retain(|h| at_boundary(text, h.start, h.end));
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
        for h in hits {
            if kept.last().is_none_or(|k| h.start >= k.end) {
                kept.push(h);
            }
        }
        kept
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn at_boundary(text: &str, start: usize, end: usize) -> bool {
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return false;
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::new([
            ("économie circulaire".to_string(), Target::Term(0)),
            ("ESS".to_string(), Target::Term(1)),
            ("économie sociale et solidaire".to_string(), Target::Term(1)),
            ("AI".to_string(), Target::Term(2)),
            ("structures d'insertion".to_string(), Target::Term(3)),
            ("PTCE Hénin Carvin".to_string(), Target::Ptce(0)),
            ("PTCE".to_string(), Target::Term(4)),
        ])
    }

    #[test]
    fn case_and_accent_aware() {
        let hits = m().find("L'Économie circulaire et l'ÉCONOMIE CIRCULAIRE");
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].target, Target::Term(0));
    }

    #[test]
    fn acronyms_are_exact_and_whole_words() {
        let hits = m().find("J'ai vu l'AI, l'ESS et les ESSAIS.");
        let targets: Vec<_> = hits.iter().map(|h| h.target).collect();
        assert_eq!(targets, vec![Target::Term(2), Target::Term(1)]);
        assert!(hits.iter().all(|h| h.acronym));
    }

    #[test]
    fn apostrophes_both_ways_keep_offsets() {
        let text = "les structures d’insertion et les structures d'insertion";
        let hits = m().find(text);
        assert_eq!(hits.len(), 2);
        assert_eq!(&text[hits[0].start..hits[0].end], "structures d’insertion");
    }

    #[test]
    fn terms_span_line_breaks() {
        let hits = m().find("une économie\ncirculaire");
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn longest_wins() {
        let text = "le PTCE Hénin Carvin et un PTCE";
        let hits = m().find(text);
        assert_eq!(hits[0].target, Target::Ptce(0));
        assert_eq!(hits[1].target, Target::Term(4));
    }
}
