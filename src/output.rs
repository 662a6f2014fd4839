//! What a run produces, file by file, and where the files go: the type
//! shared by render (which makes them), write (which publishes them), the
//! link check and the preview server. It imports nothing of the crate but
//! diagnostics and the search index's handle on a previous index (which
//! imports nothing of the pipeline).

use crate::diagnostic::Diagnostic;
use crate::search::{KeptIndex, Previous};
use std::sync::Mutex;

/// One file of the generated site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The whole generated site, in a stable order.
#[derive(Debug, Clone, Default)]
pub struct RenderedSite {
    pub files: Vec<OutputFile>,
    /// Number of HTML pages.
    pub pages: usize,
}

/// Receives finished files, from several threads at once.
pub(crate) trait Sink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic>;

    /// A file whose bytes already sit on disk at `from` (a file of
    /// panorama's cache: a processed image, a printed volume; `id`, its
    /// device and inode when known): the staging folder links it rather
    /// than copy it; other sinks read it.
    fn put_existing(
        &self,
        path: String,
        from: &std::path::Path,
        _id: Option<(u64, u64)>,
    ) -> Result<(), Diagnostic> {
        let bytes = std::fs::read(from).map_err(|e| {
            Diagnostic::new(from, format!("cannot read the file: {e}"))
                .code(crate::diagnostic::Code::CannotRead)
        })?;
        self.put(OutputFile { path, bytes })
    }

    /// Whether the files are published (and the search index is wanted).
    fn publishes(&self) -> bool {
        true
    }

    /// Where the search index of the build this one replaces can be read
    /// back, to be reused when the indexed pages did not change
    /// (src/search.rs).
    fn previous_search(&self) -> Previous {
        Previous::None
    }

    /// The bytes of a file this sink received (by its path), when it can
    /// give them back: the search index then need not hold every page
    /// until the end (src/search.rs, `SearchIndex::reading_back`).
    fn read_back(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }

    /// Whether [`Sink::read_back`] gives files back.
    fn reads_back(&self) -> bool {
        false
    }

    /// The file `path` as the previous build published it, for outputs
    /// too costly to make again when their input did not change (the
    /// printed volumes, src/pdf/).
    fn previous(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }
}

/// Keeps nothing: `panorama check`.
pub(crate) struct NullSink;

impl Sink for NullSink {
    fn put(&self, _: OutputFile) -> Result<(), Diagnostic> {
        Ok(())
    }

    fn publishes(&self) -> bool {
        false
    }
}

/// Keeps every file in memory: the preview server and the tests.
#[derive(Default)]
pub(crate) struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
    /// The search index of the site this one replaces (`serve`).
    previous_search: Option<KeptIndex>,
}

impl MemorySink {
    /// An empty sink whose search index may be `previous` when the
    /// indexed pages did not change.
    pub(crate) fn reusing(previous: Option<KeptIndex>) -> MemorySink {
        MemorySink {
            previous_search: previous,
            ..MemorySink::default()
        }
    }

    /// The files, ordered by path.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }

    fn previous_search(&self) -> Previous {
        match &self.previous_search {
            Some(kept) => Previous::Kept(kept.clone()),
            None => Previous::None,
        }
    }
}

impl RenderedSite {
    /// A site made of the given (path, text) files, for tests.
    #[cfg(test)]
    pub(crate) fn from_texts(files: &[(&str, &str)]) -> RenderedSite {
        RenderedSite {
            files: files
                .iter()
                .map(|(p, b)| OutputFile {
                    path: p.to_string(),
                    bytes: b.as_bytes().to_vec(),
                })
                .collect(),
            pages: files.iter().filter(|(p, _)| p.ends_with(".html")).count(),
        }
    }
}
