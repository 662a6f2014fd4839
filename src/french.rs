//! French formatting shared by the site (render) and the printed volume
//! (pdf): a leaf, so that neither imports the other for it.

/// `2025-07` → `juillet 2025`, `2025-07-14` → `14 juillet 2025`.
pub(crate) fn french_date(raw: &str) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let parts: Vec<&str> = raw.split('-').collect();
    let month = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m - 1])
    };
    match parts.as_slice() {
        [y, m] => month(m).map(|m| format!("{m} {y}")),
        [y, m, d] => month(m).map(|m| {
            let d = d.trim_start_matches('0');
            let d = if d == "1" { "1er" } else { d };
            format!("{d} {m} {y}")
        }),
        _ => None,
    }
    .unwrap_or_else(|| raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_dates() {
        assert_eq!(french_date("2025-07"), "juillet 2025");
        assert_eq!(french_date("2025-07-01"), "1er juillet 2025");
        assert_eq!(french_date("2025-13"), "2025-13");
    }
}
