//! `panorama new volume` names the new volume in its panorama's entry of
//! `content/site.yaml` (`volume: <folder>`), so that publishing it later
//! is one edit: `status: published` in its index.md. Only one line is
//! inserted, under the entry whose title makes the same slug as the
//! volume's; everything else of the file stays byte for byte.

use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use std::path::{Path, PathBuf};

/// What `link_volume` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Linked {
    /// `volume: <folder>` inserted at this line of site.yaml.
    Inserted { site_yaml: PathBuf, line: usize },
    /// No entry of `panoramas:` has this title (or it names a volume
    /// already): nothing was changed.
    NoEntry,
}

/// Inserts `volume: <folder>` in the entry of `panoramas:` whose title
/// gives the same slug as `title`, when that entry names no volume yet.
pub fn link_volume(content: &Path, title: &str, folder: &str) -> Result<Linked, Diagnostic> {
    let site_yaml = content.join("site.yaml");
    let Ok(text) = std::fs::read_to_string(&site_yaml) else {
        return Ok(Linked::NoEntry);
    };
    let Some((after, indent)) = entry_line(&text, &slugify(title)) else {
        return Ok(Linked::NoEntry);
    };
    let mut out = String::with_capacity(text.len() + folder.len() + 16);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    for (i, line) in text.split_inclusive('\n').enumerate() {
        out.push_str(line);
        if i + 1 == after {
            if !line.ends_with('\n') {
                out.push_str(newline);
            }
            out.push_str(&format!("{}volume: {folder}{newline}", " ".repeat(indent)));
        }
    }
    // Written beside, then renamed over: never a half-written site.yaml.
    let tmp = content.join(".site.yaml.panorama-new");
    std::fs::write(&tmp, &out)
        .and_then(|()| std::fs::rename(&tmp, &site_yaml))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::new(&site_yaml, format!("cannot write the file: {e}"))
                .hint("check the permissions of content/, then add `volume: <folder>` to the panorama's entry by hand")
        })?;
    Ok(Linked::Inserted {
        site_yaml,
        line: after + 1,
    })
}

/// The line (1-based) of the `title:` of the `panoramas:` entry whose
/// title slugifies to `slug`, and the indentation of its keys; `None` when
/// there is none, or when that entry has a `volume:` already.
fn entry_line(text: &str, slug: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().position(|l| l.trim_end() == "panoramas:")?;
    let mut found = None;
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let trimmed = line.trim_start();
        if !line.starts_with([' ', '-']) && !trimmed.is_empty() && !trimmed.starts_with('#') {
            break; // the next top-level key
        }
        let key_at = line.len() - trimmed.trim_start_matches("- ").len();
        let body = &line[key_at..];
        if let Some((_, entry_indent)) = found
            && trimmed.starts_with("- ")
            && key_at <= entry_indent
        {
            break; // the next entry
        }
        if found.is_some() && body.starts_with("volume:") {
            return None;
        }
        if found.is_none()
            && let Some(value) = body.strip_prefix("title:")
            && slugify(&unquote(value.trim())) == slug
        {
            found = Some((i + 1, key_at));
        }
    }
    found
}

/// A YAML scalar as written on one line, without its quotes.
fn unquote(v: &str) -> String {
    let v = v.split(" #").next().unwrap_or(v).trim();
    if let Some(inner) = v.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
        inner.replace("\\\"", "\"")
    } else if let Some(inner) = v.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        inner.replace("''", "'")
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "title: T\npanoramas:\n  - title: L'égalité femmes-hommes\n    status: elsewhere\n  - title: \"Autre : titre\"\n    status: elsewhere\n    volume: autre\nsearch: true\n";

    #[test]
    fn finds_the_entry_by_its_title_slug() {
        assert_eq!(
            entry_line(YAML, &slugify("L’Égalité femmes-hommes")),
            Some((3, 4))
        );
        // The entry names a volume already: left alone.
        assert_eq!(entry_line(YAML, &slugify("Autre : titre")), None);
        assert_eq!(entry_line(YAML, "inconnu"), None);
        // A `title:` outside `panoramas:` is not an entry.
        assert_eq!(entry_line(YAML, "t"), None);
    }

    #[test]
    fn inserts_one_line_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), YAML).unwrap();
        let linked = link_volume(dir.path(), "L'égalité femmes-hommes", "egalite").unwrap();
        assert!(matches!(linked, Linked::Inserted { line: 4, .. }));
        let after = std::fs::read_to_string(dir.path().join("site.yaml")).unwrap();
        assert_eq!(
            after,
            YAML.replace(
                "hommes\n    status",
                "hommes\n    volume: egalite\n    status"
            )
        );
        assert!(!dir.path().join(".site.yaml.panorama-new").exists());
    }
}
