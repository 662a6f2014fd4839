//! The printed volumes kept across builds, in
//! `<root>/.panorama-cache/pdf/`: one PDF per volume, theme and address
//! (`<name>.pdf`), beside `<name>.json` with the input key it was made
//! from (see `input_key`) and the size and modification time the file was
//! written with. A build whose volume has the same key links that file
//! into the output: no layout, and no byte of the PDF read. Safe to delete
//! (the next build lays the volume out again, or takes the previous
//! output's PDF when its key matches).

use crate::media::{Blob, FileStamp};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the kept PDFs live, under the site's root.
const DIR: &str = ".panorama-cache/pdf";

pub(super) struct Kept {
    dir: PathBuf,
}

#[derive(Serialize, Deserialize)]
struct Record {
    key: String,
    stamp: FileStamp,
}

impl Kept {
    pub(super) fn new(root: &Path) -> Kept {
        Kept {
            dir: root.join(DIR),
        }
    }

    /// The file name (without extension) of a volume's PDF: one per
    /// volume, theme and address, so two outputs of one site built in
    /// turn do not replace each other's.
    pub(super) fn name(slug: &str, theme: &str, ident: &str) -> String {
        let h = crate::media::hash(&[slug.as_bytes(), theme.as_bytes(), ident.as_bytes()]);
        format!("{slug}-{}", &h[..16])
    }

    /// The kept PDF `name`, when it was made from `key` and its file is as
    /// it was written (an output file edited in place, which is the same
    /// file, no longer matches).
    pub(super) fn get(&self, name: &str, key: &str) -> Option<Blob> {
        let record: Record =
            serde_json::from_slice(&std::fs::read(self.dir.join(format!("{name}.json"))).ok()?)
                .ok()?;
        let file = self.dir.join(format!("{name}.pdf"));
        let (stamp, id) = FileStamp::with_id(&file)?;
        if record.key != key || stamp != record.stamp {
            return None;
        }
        Some(Blob::file_of(
            file,
            usize::try_from(record.stamp.len()).ok()?,
            id,
        ))
    }

    /// Keeps `bytes` as the PDF `name` made from `key`, and gives them back
    /// as that file (linked, not copied, into the output); in memory when
    /// the cache cannot be written, which only costs time.
    pub(super) fn put(&self, name: &str, key: &str, bytes: Vec<u8>) -> Blob {
        let pid = std::process::id();
        let tmp_pdf = self.dir.join(format!(".{name}.{pid}.pdf.tmp"));
        let tmp_json = self.dir.join(format!(".{name}.{pid}.json.tmp"));
        let file = self.dir.join(format!("{name}.pdf"));
        let write = || -> std::io::Result<(FileStamp, Option<(u64, u64)>)> {
            std::fs::create_dir_all(&self.dir)?;
            if let Some(top) = self.dir.parent() {
                crate::media::ignore_in_git(top)?;
            }
            std::fs::write(&tmp_pdf, &bytes)?;
            let (stamp, id) = FileStamp::with_id(&tmp_pdf)
                .ok_or_else(|| std::io::Error::other("no modification time"))?;
            let record = Record {
                key: key.to_string(),
                stamp,
            };
            std::fs::write(&tmp_json, serde_json::to_vec(&record)?)?;
            // The record last: a record always names a whole file.
            std::fs::rename(&tmp_pdf, &file)?;
            std::fs::rename(&tmp_json, self.dir.join(format!("{name}.json")))?;
            Ok((stamp, id))
        };
        match write() {
            Ok((stamp, id)) if usize::try_from(stamp.len()).ok() == Some(bytes.len()) => {
                Blob::file_of(file, bytes.len(), id)
            }
            _ => {
                let _ = std::fs::remove_file(&tmp_pdf);
                let _ = std::fs::remove_file(&tmp_json);
                Blob::from(bytes)
            }
        }
    }
}
