//! Lower-case ASCII slugs from French text: `Économie circulaire` →
//! `economie-circulaire`.

/// The ASCII form of one letter, with French diacritics and ligatures folded.
pub(crate) fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => "i",
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' | 'Ø' => "o",
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => "u",
        'ÿ' | 'ý' | 'Ÿ' | 'Ý' => "y",
        'ñ' | 'Ñ' => "n",
        'œ' | 'Œ' => "oe",
        'æ' | 'Æ' => "ae",
        'ß' => "ss",
        // Typographic ligatures, which a title pasted from a PDF holds.
        'ﬀ' => "ff",
        'ﬁ' => "fi",
        'ﬂ' => "fl",
        'ﬃ' => "ffi",
        'ﬄ' => "ffl",
        'ﬅ' | 'ﬆ' => "st",
        _ => return None,
    })
}

/// A URL- and id-safe slug. Empty when the text has no letter or digit.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        let piece: Option<std::borrow::Cow<str>> = if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase().to_string().into())
        } else {
            fold_char(c).map(Into::into)
        };
        match piece {
            Some(p) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(&p);
            }
            None => pending_dash = true,
        }
    }
    out
}

/// Splits a `03-contexte-national` file stem into its order and slug.
pub(crate) fn split_prefix(stem: &str) -> (Option<u32>, &str) {
    let digits = stem.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && stem[digits..].starts_with('-') && stem.len() > digits + 1 {
        (stem[..digits].parse().ok(), &stem[digits + 1..])
    } else {
        (None, stem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_french_titles() {
        assert_eq!(slugify("Économie circulaire"), "economie-circulaire");
        assert_eq!(
            slugify("L'atelier du « vert » bocage !"),
            "l-atelier-du-vert-bocage"
        );
        assert_eq!(slugify("Cœur & Œuvre"), "coeur-oeuvre");
        assert_eq!(slugify("Eﬃcacité ﬁnancière"), "efficacite-financiere");
        assert_eq!(slugify("  --  "), "");
        assert_eq!(slugify("Fibr'& Co"), "fibr-co");
    }

    #[test]
    fn splits_numeric_prefix() {
        assert_eq!(
            split_prefix("03-contexte-national"),
            (Some(3), "contexte-national")
        );
        assert_eq!(split_prefix("lancez-vous"), (None, "lancez-vous"));
        assert_eq!(split_prefix("2024"), (None, "2024"));
        assert_eq!(split_prefix("7-"), (None, "7-"));
    }
}
