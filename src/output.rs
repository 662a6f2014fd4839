//! What a run produces, file by file, and where the files go: the type
//! shared by render (which makes them), write (which publishes them), the
//! link check and the preview server. It imports nothing of the crate but
//! diagnostics.

use crate::diagnostic::Diagnostic;
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

    /// Whether the files are published (and the search index is wanted).
    fn publishes(&self) -> bool {
        true
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
}

impl MemorySink {
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
