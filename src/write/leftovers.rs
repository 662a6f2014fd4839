//! The folders a run makes beside the output, and how the next run knows
//! them: by name alone (`.<output>.panorama-<kind>-<pid>`), checked while
//! holding the build lock, so no live run's folder can match. A marker
//! file inside is not relied on: a run killed while deleting a folder may
//! have deleted the marker first.

use std::fs;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The new site being written; after the exchange, the old one.
    New,
    /// The old site set aside by the two-rename fallback.
    Old,
    /// Older panorama versions' staging folder.
    Tmp,
}

impl Kind {
    fn tag(self) -> &'static str {
        match self {
            Kind::New => "new",
            Kind::Old => "old",
            Kind::Tmp => "tmp",
        }
    }
}

/// `.<name>.panorama-<kind>-<pid>` beside `output`.
pub fn folder(output: &Path, kind: Kind) -> PathBuf {
    let name = name_of(output);
    parent_of(output).join(format!(
        ".{name}.panorama-{}-{}",
        kind.tag(),
        std::process::id()
    ))
}

/// `.<name>.panorama-lock` beside `output`.
pub fn lock_file(output: &Path) -> PathBuf {
    parent_of(output).join(format!(".{}.panorama-lock", name_of(output)))
}

fn name_of(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
}

fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Which of our kinds `file_name` is, for the output named `name`.
fn kind_of(file_name: &str, name: &str) -> Option<Kind> {
    let rest = file_name.strip_prefix(&format!(".{name}.panorama-"))?;
    let (tag, pid) = rest.split_once('-')?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    [Kind::New, Kind::Old, Kind::Tmp]
        .into_iter()
        .find(|k| k.tag() == tag)
}

/// What the clean-up did, for the terminal.
#[derive(Debug, Default)]
pub struct Cleaned {
    pub removed: Vec<PathBuf>,
    /// A previous run was killed between the two renames of the fallback:
    /// its old site was put back.
    pub restored: Option<PathBuf>,
}

/// Removes the leftovers of killed runs. Must be called holding the lock.
pub fn clean(output: &Path) -> Cleaned {
    let name = name_of(output);
    let mut found: Vec<(Kind, PathBuf)> = Vec::new();
    if let Ok(entries) = fs::read_dir(parent_of(output)) {
        for e in entries.flatten() {
            let fname = e.file_name().to_string_lossy().into_owned();
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            if let Some(kind) = kind_of(&fname, &name).filter(|_| is_dir) {
                found.push((kind, e.path()));
            }
        }
    }
    let mut cleaned = Cleaned::default();
    if fs::symlink_metadata(output).is_err()
        && let Some((_, old)) = found.iter().find(|(k, _)| *k == Kind::Old)
        && fs::rename(old, output).is_ok()
    {
        cleaned.restored = Some(old.clone());
    }
    for (_, path) in found {
        if cleaned.restored.as_ref() != Some(&path) && fs::remove_dir_all(&path).is_ok() {
            cleaned.removed.push(path);
        }
    }
    cleaned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_recognised_strictly() {
        assert_eq!(kind_of(".out.panorama-new-12", "out"), Some(Kind::New));
        assert_eq!(kind_of(".out.panorama-old-3", "out"), Some(Kind::Old));
        assert_eq!(kind_of(".out.panorama-tmp-3", "out"), Some(Kind::Tmp));
        assert_eq!(kind_of(".out.panorama-lock", "out"), None);
        assert_eq!(kind_of(".out.panorama-new-", "out"), None);
        assert_eq!(kind_of(".out.panorama-new-1x", "out"), None);
        assert_eq!(kind_of(".other.panorama-new-1", "out"), None);
        assert_eq!(kind_of("out", "out"), None);
    }

    #[test]
    fn leftovers_without_marker_are_removed_and_an_old_site_restored() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let new = tmp.path().join(".out.panorama-new-99");
        let old = tmp.path().join(".out.panorama-old-99");
        let mine = tmp.path().join("keep-me");
        for d in [&new, &old, &mine] {
            fs::create_dir_all(d.join("sub")).unwrap();
        }
        fs::write(old.join("index.html"), "old").unwrap();
        let c = clean(&out);
        assert_eq!(c.restored.as_ref(), Some(&old));
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!new.exists() && mine.is_dir());
    }
}
