//! From the words of a page to the terms of the index: lower case, accents
//! removed, French stemming (`pagefind_stem`, the stemmer Pagefind's
//! WebAssembly applies to the reader's query), so that « coopératives »
//! and « cooperative » meet on « cooper ».
//!
//! A word keeps its accented form as a variant, which lets the reader's
//! side rank an exact spelling first. A word made of parts (`l’économie`,
//! `Hauts-de-France`, `ESS/SIAE`) is also indexed by each part of two
//! characters or more, at a share of its weight. Pagefind splits parts at
//! ASCII punctuation only; we also split at the typographic apostrophe
//! and any other sign, so « économie » finds « l’économie ».

use pagefind_stem::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that belong to words besides letters and digits (Pagefind's
/// default: the Unicode connector punctuation, `_` first). Published in
/// `pagefind-entry.json`, where the reader's side reads them.
pub(crate) const WORD_SYMBOLS: [char; 10] =
    ['_', '‿', '⁀', '⁔', '︳', '︴', '﹍', '﹎', '﹏', '＿'];

/// One term a word of the text is indexed under.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Term {
    pub stem: String,
    /// The word with its accents, when they were removed.
    pub original: Option<String>,
    /// A part of a compound word (it takes a share of the word's weight).
    pub part: bool,
}

pub(crate) fn french() -> Stemmer {
    Stemmer::create(Algorithm::French)
}

/// The terms of the words met so far, for a few pages read one after the
/// other on one thread: a text repeats its words, and stemming is most of
/// the cost of indexing. A memo of a pure function: what it holds changes
/// no byte of the index. Each distinct (stem, accented form) gets a number,
/// so a page counts its words without making strings.
pub(crate) struct Cache {
    stemmer: Stemmer,
    /// Word of the text → range of `terms`.
    known: std::collections::HashMap<String, (u32, u32)>,
    /// (spelling number, part of a compound word).
    terms: Vec<(u32, bool)>,
    /// Spelling number → (stem, accented form).
    spellings: Vec<(String, Option<String>)>,
    numbers: std::collections::HashMap<(String, Option<String>), u32>,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            stemmer: french(),
            known: std::collections::HashMap::new(),
            terms: Vec::new(),
            spellings: Vec::new(),
            numbers: std::collections::HashMap::new(),
        }
    }
}

impl Cache {
    /// [`terms`] of `word`, as (spelling number, part), numbers to read
    /// with [`spelling`](Self::spelling).
    pub(crate) fn terms(&mut self, word: &str) -> &[(u32, bool)] {
        let (from, to) = match self.known.get(word) {
            Some(range) => *range,
            None => {
                let from = self.terms.len() as u32;
                for Term {
                    stem,
                    original,
                    part,
                } in terms(word, &self.stemmer)
                {
                    let next = self.spellings.len() as u32;
                    let key = (stem, original);
                    let number = match self.numbers.get(&key) {
                        Some(n) => *n,
                        None => {
                            self.spellings.push(key.clone());
                            self.numbers.insert(key, next);
                            next
                        }
                    };
                    self.terms.push((number, part));
                }
                let range = (from, self.terms.len() as u32);
                self.known.insert(word.to_string(), range);
                range
            }
        };
        &self.terms[from as usize..to as usize]
    }

    /// The number of spellings met so far.
    pub(crate) fn spelling_count(&self) -> usize {
        self.spellings.len()
    }

    /// The (stem, accented form) of a spelling number.
    pub(crate) fn spelling(&self, number: u32) -> &(String, Option<String>) {
        &self.spellings[number as usize]
    }
}

/// The terms of one word of the text.
pub(crate) fn terms(raw: &str, stemmer: &Stemmer) -> Vec<Term> {
    let mut out = Vec::with_capacity(1);
    let whole = normalize_word(raw);
    if !whole.is_empty() {
        out.push(stem(&whole, stemmer, false));
    }
    let compound =
        raw.chars().any(|c| !is_word_char(c)) || raw.chars().skip(1).any(char::is_uppercase);
    if !compound {
        return out;
    }
    let parts = parts(raw);
    // A word whose only part is itself (`Économie.`) has no parts.
    if parts.len() < 2 && parts.first().is_none_or(|p| *p == whole) {
        return out;
    }
    for part in parts.iter().filter(|p| p.len() > 1) {
        let t = stem(part, stemmer, true);
        if !out.iter().any(|o| o.stem == t.stem && o.part) {
            out.push(t);
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || WORD_SYMBOLS.contains(&c)
}

/// Letters, digits and word symbols, lower case (what a query matches).
pub(crate) fn normalize_word(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars().filter(|c| is_word_char(*c)) {
        out.extend(c.to_lowercase());
    }
    out
}

/// The parts of a compound word, lower case: split at every character that
/// is not a letter or digit, and where a lower-case letter is followed by
/// an upper-case one (`panoramaRegional`).
fn parts(raw: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in raw.chars() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                parts.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

fn stem(word: &str, stemmer: &Stemmer, part: bool) -> Term {
    let plain = strip_accents(word);
    let stem = stemmer.stem(plain.as_deref().unwrap_or(word)).into_owned();
    Term {
        stem,
        original: plain.map(|_| word.to_string()),
        part,
    }
}

/// `word` without its accents (canonical decomposition, combining marks
/// dropped), or `None` when it has none.
pub(crate) fn strip_accents(word: &str) -> Option<String> {
    if word.is_ascii() {
        return None;
    }
    let stripped: String = word.nfd().filter(|c| !is_combining_mark(*c)).collect();
    (stripped != word).then_some(stripped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(word: &str) -> Vec<(String, bool)> {
        terms(word, &french())
            .into_iter()
            .map(|t| (t.stem, t.part))
            .collect()
    }

    #[test]
    fn french_words_are_stemmed_without_accents() {
        let s = french();
        let t = terms("Coopératives", &s);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].stem, "cooper");
        assert_eq!(t[0].original.as_deref(), Some("coopératives"));
        assert_eq!(terms("travaillaient", &s)[0].stem, "travaill");
        assert_eq!(terms("économie", &s)[0].stem, "econom");
        assert_eq!(terms("economie", &s)[0].original, None);
    }

    #[test]
    fn compound_words_give_their_parts() {
        assert_eq!(
            stems("l’économie"),
            [("leconom".to_string(), false), ("econom".to_string(), true)]
        );
        let h = stems("Hauts-de-France");
        assert!(h[0].0.starts_with("hautsdefr") && !h[0].1, "{h:?}");
        assert!(h.contains(&("franc".to_string(), true)), "{h:?}");
        assert!(h.contains(&("haut".to_string(), true)), "{h:?}");
        // Punctuation around one word makes no parts.
        assert_eq!(
            stems("«\u{a0}économie.\u{a0}»"),
            [("econom".to_string(), false)]
        );
        assert_eq!(stems("(2025)"), [("2025".to_string(), false)]);
        assert!(stems("…").is_empty());
    }
}
