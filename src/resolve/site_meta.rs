//! The settings of `content/site.yaml` the YAML types cannot check alone:
//! the site's language, and the accessibility statement the law asks for
//! (RGAA, article 47 of the law of 11 February 2005).

use super::free_pages::iso_month_or_date;
use super::lines::line_of_key;
use crate::diagnostic::{Code, Diagnostic, Diagnostics, terminal};
use crate::load::SourceFile;
use crate::model::{ConformityStatus, SiteMeta};

/// Every problem of the settings, each at the line of its key.
pub(super) fn check(source: &SourceFile, meta: &SiteMeta, diags: &mut Diagnostics) {
    let at = |key: &str, code: Code, message: String, hint: &str| {
        let d = Diagnostic::new(source.display.clone(), message)
            .code(code)
            .hint(hint);
        match key_line(&source.text, key) {
            Some(line) => d.at(line, None).with_source(&source.text),
            None => d,
        }
    };
    if crate::lang::parse(&meta.language).is_none() {
        diags.push(at(
            "language",
            Code::InvalidLang,
            format!(
                "`language: {}` is not a language tag (BCP 47)",
                terminal(&meta.language)
            ),
            "write the site's language code: `language: fr`",
        ));
    }
    let a = &meta.accessibility;
    if let Some(date) = a.audit_date.as_deref()
        && iso_month_or_date(date).is_none()
    {
        diags.push(at(
            "audit_date",
            Code::InvalidDate,
            format!(
                "`audit_date: {}` is not a month (YYYY-MM) or a date (YYYY-MM-DD) of the calendar",
                terminal(date)
            ),
            "write the month of the audit, `audit_date: \"2026-03\"`, or its day",
        ));
    }
    if a.audit_date.is_none() && a.status != ConformityStatus::Non {
        diags.push(at(
            "status",
            Code::AccessibilityStatement,
            format!(
                "`status: {}` without an audit: a site that has not been audited is « non conforme »",
                a.status.label()
            ),
            "write `status: non conforme`, or give the audit's `audit_date:` (and its `rate:`)",
        ));
    }
    if let Some(rate) = a.rate.as_deref()
        && !is_rate(rate)
    {
        diags.push(at(
            "rate",
            Code::AccessibilityStatement,
            format!(
                "`rate: {}` is not a rate of criteria met, from 0 to 100 %",
                terminal(rate)
            ),
            "write the rate the audit gives, e.g. `rate: \"75 %\"`",
        ));
    }
}

/// The line of `key`: a key of the `accessibility:` block is looked for
/// below it (`status:` is also a key of each panorama).
fn key_line(text: &str, key: &str) -> Option<usize> {
    if key == "language" {
        return line_of_key(text, key);
    }
    let block = line_of_key(text, "accessibility")?;
    let rest: String = text.lines().skip(block).collect::<Vec<_>>().join("\n");
    line_of_key(&rest, key).map(|n| n + block)
}

/// `75 %`, `75%`, `75`, `87,5 %`: a number from 0 to 100, with or without
/// its `%`.
fn is_rate(rate: &str) -> bool {
    let number = rate
        .trim()
        .trim_end_matches('%')
        .trim_end_matches(['\u{a0}', '\u{202f}', ' '])
        .replace(',', ".");
    number
        .parse::<f64>()
        .is_ok_and(|n| (0.0..=100.0).contains(&n))
}

#[cfg(test)]
mod tests {
    use super::is_rate;

    #[test]
    fn rates_of_criteria_met() {
        for ok in ["75 %", "75%", "75", "87,5 %", "100 %", "0 %", "75\u{a0}%"] {
            assert!(is_rate(ok), "{ok}");
        }
        for bad in ["150", "-1 %", "beaucoup", "", "75 % environ"] {
            assert!(!is_rate(bad), "{bad}");
        }
    }
}
