//! The Typst `World` of one volume: its generated main file, the theme's
//! layout files, the images it embeds and the embedded fonts. Nothing is
//! read from the system: no system fonts, no packages, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

/// The fonts every PDF may use, parsed once per process.
struct Fonts {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut data: Vec<&'static [u8]> = typst_assets::fonts().collect();
        // The dsfr theme's sans-serif (see the README, « PDF »).
        data.extend([
            dejavu::sans::regular(),
            dejavu::sans::bold(),
            dejavu::sans::oblique(),
            dejavu::sans::bold_oblique(),
        ]);
        let fonts: Vec<Font> = data
            .into_iter()
            .flat_map(|d| Font::iter(Bytes::new(d)))
            .collect();
        Fonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    // `A11yExtras`: `pdf.header-cell`, for the row headers of the case
    // studies' identity cards.
    LIBRARY.get_or_init(|| {
        LazyHash::new(
            Library::builder()
                .with_features([Feature::A11yExtras].into_iter().collect())
                .build(),
        )
    })
}

/// A file id of the project (`/main.typ`, `/volume.typ`…).
pub(crate) fn file_id(path: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(path).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub(crate) struct VolumeWorld {
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl VolumeWorld {
    /// `sources`: Typst files by path, the first being the main one;
    /// `files`: binary files (images) by path; `today`: the volume's date,
    /// so the output never depends on the clock.
    pub(crate) fn new(
        sources: Vec<(String, String)>,
        files: Vec<(String, Vec<u8>)>,
        today: Datetime,
    ) -> VolumeWorld {
        let mut main = None;
        let mut map = HashMap::new();
        for (path, text) in sources {
            if let Some(id) = file_id(&path) {
                main.get_or_insert(id);
                map.insert(id, Source::new(id, text));
            }
        }
        let files = files
            .into_iter()
            .filter_map(|(p, b)| Some((file_id(&p)?, Bytes::new(b))))
            .collect();
        #[allow(
            clippy::expect_used,
            reason = "a constant, valid virtual path: cannot fail"
        )]
        let main = main.unwrap_or_else(|| file_id("/main.typ").expect("a valid path"));
        VolumeWorld {
            main,
            sources: map,
            files,
            today,
        }
    }

    pub(crate) fn source_of(&self, id: FileId) -> Option<&Source> {
        self.sources.get(&id)
    }
}

impl World for VolumeWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(s) = self.sources.get(&id) {
            return Ok(Bytes::from_string(s.clone()));
        }
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
