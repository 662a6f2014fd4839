//! « Did you mean »: the closest of a list of names, by a bounded
//! Levenshtein distance.

/// The closest candidate to `wrong`, for "did you mean" hints: within a
/// third of the candidate's length (at least 2 edits); on a tie, the first.
/// Each comparison stops as soon as it cannot beat the best one so far.
pub(crate) fn closest<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong: Vec<char> = wrong.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    let mut row = Vec::new();
    for c in candidates {
        let lower: Vec<char> = c.to_lowercase().chars().collect();
        let mut limit = (c.chars().count() / 3).max(2);
        if let Some((d, _)) = best {
            limit = limit.min(d);
        }
        if let Some(d) = bounded_distance(&wrong, &lower, limit, &mut row)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars when it is at most `limit`, else `None`
/// (early: the distance is at least the length difference, and at least the
/// smallest value of any row). `row` is scratch space.
fn bounded_distance(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut row_min = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            let value = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
            row[j + 1] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return None;
        }
    }
    let d = row[b.len()];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let keys = ["title", "subtitle", "number"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("numbr", keys), Some("number"));
        assert_eq!(closest("zzzzzzzz", keys), None);
    }

    #[test]
    fn suggestions_take_the_first_of_equals() {
        assert_eq!(closest("abcx", ["abcy", "abcz"]), Some("abcy"));
        assert_eq!(closest("abcx", ["abcz", "abcy"]), Some("abcz"));
        assert_eq!(closest("abcx", ["zzzz", "abzz", "abcz"]), Some("abcz"));
        assert_eq!(closest("Titre", ["titre"]), Some("titre"));
    }

    /// The textbook Levenshtein distance, to check the bounded one against.
    fn edit_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        let mut cur = vec![0; b.len() + 1];
        for (i, ca) in a.chars().enumerate() {
            cur[0] = i + 1;
            for (j, cb) in b.iter().enumerate() {
                let cost = usize::from(ca != *cb);
                cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        prev[b.len()]
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "kitten",
            "sitting",
            "économie",
            "economie",
            "flaw",
            "lawn",
        ];
        for a in words {
            for b in words {
                let full = edit_distance(a, b);
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                for limit in 0..9 {
                    let bounded = bounded_distance(&ca, &cb, limit, &mut Vec::new());
                    assert_eq!(
                        bounded,
                        (full <= limit).then_some(full),
                        "{a} / {b} / {limit}"
                    );
                }
            }
        }
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
