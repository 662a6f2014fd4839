//! The placeholder rule (see the module's documentation): the lines of
//! front matter and settings that still hold « à compléter », and how they
//! are shown as warnings.

use super::PLACEHOLDER;
use crate::diagnostic::{Code, Diagnostic};
use std::fs;
use std::path::{Path, PathBuf};

/// The front-matter lines of the collection at `root` that still hold a
/// placeholder (see the module's documentation), in a stable order.
pub fn placeholders(root: &Path) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let content = root.join("content");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(walkdir::DirEntry::into_path)
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "md" || e == "yaml" || e == "yml")
        })
        .collect();
    // The files are read a second time (the pipeline reads them too), but
    // only up to the end of their front matter, and in parallel.
    files
        .par_iter()
        .flat_map_iter(|path| {
            let is_md = path.extension().is_some_and(|e| e == "md");
            let text = head(path, is_md);
            let shown = crate::diagnostic::display_path(root, path);
            let mut found = Vec::new();
            for (n, line) in front_matter_lines(&text, is_md) {
                let trimmed = line.trim_start();
                if trimmed.starts_with('#') || !line.to_lowercase().contains(PLACEHOLDER) {
                    continue;
                }
                let key = trimmed
                    .trim_start_matches("- ")
                    .split(':')
                    .next()
                    .unwrap_or("")
                    .trim();
                found.push(
                    Diagnostic::new(&shown, format!("`{key}` still holds the placeholder « {PLACEHOLDER} »"))
                        .at(n, None)
                        .with_source(&text)
                        .hint("write the real value in place of the placeholder; `panorama check --strict` refuses the collection until every one is replaced")
                        .code(Code::Placeholder),
                );
            }
            found
        })
        .collect()
}

/// The text of a YAML file, or of a page up to the line that closes its
/// front matter (the whole page when there is none: it is then skipped).
fn head(path: &Path, is_md: bool) -> String {
    use std::io::BufRead;
    let Ok(file) = fs::File::open(path) else {
        return String::new();
    };
    let mut reader = std::io::BufReader::new(file);
    let mut text = String::new();
    let mut fences = 0;
    loop {
        let start = text.len();
        match reader.read_line(&mut text) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if is_md && text[start..].trim_end() == "---" {
            fences += 1;
            if fences == 2 {
                break;
            }
        }
    }
    text
}

/// Lines (1-based number, text) of the front matter of a page, or of the
/// whole YAML file.
pub(super) fn front_matter_lines(text: &str, is_md: bool) -> Vec<(usize, &str)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !is_md {
        return text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    }
    match crate::load::frontmatter::split(text) {
        Ok(s) => s
            .yaml
            .lines()
            .enumerate()
            .map(|(i, l)| (i + s.yaml_line, l))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The placeholders as warnings, one line each, and a count.
pub fn warnings(placeholders: &[Diagnostic], color: bool) -> String {
    let (yellow, reset) = if color {
        ("\x1b[1;33m", "\x1b[0m")
    } else {
        ("", "")
    };
    let mut out = String::new();
    for d in placeholders {
        let code = d.code.map(|c| format!("[{c}]")).unwrap_or_default();
        out.push_str(&format!(
            "{yellow}warning{code}{reset}: {}: {}\n",
            d.location(),
            d.message
        ));
    }
    let n = placeholders.len();
    out.push_str(&format!(
        "panorama: {n} value{s} still « {PLACEHOLDER} » (warning{s}); `panorama check --strict` refuses them\n",
        s = if n == 1 { "" } else { "s" }
    ));
    out
}
