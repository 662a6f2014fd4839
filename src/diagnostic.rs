//! Errors for editors: every problem of a run is collected as a `Diagnostic`
//! and printed together, rustc-like, with the offending source line.

mod report;
mod suggest;

pub use report::report;
pub(crate) use report::{is_control, terminal};
use std::path::{Path, PathBuf};
pub(crate) use suggest::closest;

/// One problem found in the content or the theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root when possible.
    pub path: PathBuf,
    /// 1-based line in the file, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
    /// The text of the offending line, shown under the message.
    pub snippet: Option<String>,
    /// Stable code of the kind of problem (docs/diagnostics.md): tests and
    /// tools match on it, the wording may improve freely.
    pub code: Option<Code>,
}

impl Diagnostic {
    pub(crate) fn new(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            snippet: None,
            code: None,
        }
    }

    /// Sets the stable code of the kind of problem.
    pub(crate) fn code(mut self, code: Code) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets `code` unless the diagnostic already has one (for diagnostics
    /// made by a lower layer, e.g. the YAML parser).
    pub(crate) fn or_code(mut self, code: Code) -> Self {
        self.code.get_or_insert(code);
        self
    }

    pub(crate) fn at(mut self, line: usize, column: Option<usize>) -> Self {
        self.line = Some(line.max(1));
        self.column = column;
        self
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Fills `snippet` with the text of `line` taken from the file's source.
    pub(crate) fn with_source(mut self, source: &str) -> Self {
        if let Some(line) = self.line {
            self.snippet = source
                .lines()
                .nth(line - 1)
                .map(|l| l.trim_end().to_string());
        }
        self
    }
}

/// The kinds of problem a run reports, each with a stable code. The table
/// of docs/diagnostics.md explains each one (a test keeps it complete).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// No `content/` folder under the root.
    NoContent,
    /// A file or folder cannot be read.
    CannotRead,
    /// A text file is not UTF-8.
    NotUtf8,
    /// A file in a place of content/ where nothing is expected.
    UnexpectedFile,
    /// content/site.yaml is missing.
    MissingSettings,
    /// Front matter missing, unclosed or empty.
    FrontMatter,
    /// YAML that does not parse or does not fit the expected fields.
    Yaml,
    /// `base_url` (or `--base-url`) is not a URL or a path.
    InvalidBaseUrl,
    /// content/index.md is missing.
    MissingHome,
    /// A volume folder without index.md.
    MissingVolumeIndex,
    /// A slug that cannot be used in a URL.
    InvalidSlug,
    /// Two case studies of a volume share a number.
    DuplicateNumber,
    /// Two PTCE share a slug.
    DuplicatePtce,
    /// Two pages (or a page and a generated one) share a URL.
    PathTaken,
    /// A case study names a PTCE that is not in the register.
    UnknownPtce,
    /// `see_also` names a term that does not exist.
    UnknownTerm,
    /// A published panorama names no loaded volume.
    UnknownVolume,
    /// `@/path.md` names no page of content/.
    UnknownPage,
    /// `#anchor` names no heading or note of the target page.
    UnknownAnchor,
    /// A link to a `.md` file that does not use the `@/` form.
    MarkdownLink,
    /// A note used but never defined.
    UndefinedNote,
    /// A note defined but never used.
    UnusedNote,
    /// An image or document of a page that is not in content/.
    MissingMedia,
    /// An image without a text alternative, or a caption it cannot have.
    ImageAlt,
    /// An image or document that cannot be published: corrupt, of the
    /// wrong format, over the budget, or an SVG with a script.
    BadMedia,
    /// The theme named in site.yaml or `--theme` does not exist.
    UnknownTheme,
    /// A template that does not parse or does not render.
    Template,
    /// The DSFR package is missing, incomplete or of another version.
    DsfrPackage,
    /// A link of a generated page leads nowhere.
    BrokenLink,
    /// Two elements of a generated page share an id.
    DuplicateId,
    /// The search index could not be built.
    SearchIndex,
    /// An `updated` date that is not a real `YYYY-MM-DD` date.
    InvalidDate,
    /// site.yaml calls a panorama published while its volume's index.md
    /// says it is a draft or forthcoming.
    VolumeState,
    /// A link (or `see_also`) from a published page to a draft.
    LinkToDraft,
    /// An output folder panorama must not replace.
    OutputRefused,
    /// The new site could not be written or put in place (I/O).
    CannotPublish,
    /// The run was interrupted (Ctrl-C, SIGTERM) before publishing.
    Interrupted,
    /// `init` into a file or a folder that is not empty.
    InitRefused,
    /// `new` would replace a file or give a second page one address.
    FileExists,
    /// `new` was given a title with no letter or digit.
    InvalidTitle,
    /// `new` cannot tell which volume: `--volume` names none, or is missing.
    ChooseVolume,
    /// `init` or `new` could not read a folder or create a file (I/O).
    CannotCreate,
    /// A value still holds the placeholder « à compléter ».
    Placeholder,
    /// The printed volume cannot be laid out (a Typst error or warning).
    PdfLayout,
    /// The printed volume fails Typst's PDF/UA-1 validation.
    PdfAccessibility,
    /// An image the printed volume cannot embed.
    PdfImage,
    /// A character no font of the printed volume has.
    PdfGlyph,
    /// A table (or a word in one) too wide for the printed page.
    PdfTooWide,
    /// A `lang` attribute that is not a valid BCP 47 language tag.
    InvalidLang,
    /// A file of the theme's PDF layout cannot be read.
    PdfTheme,
    /// A URL with a scheme other than http, https, mailto and tel.
    ForbiddenScheme,
    /// A control character in a content file's text or name, or a YAML
    /// escape that makes one.
    ControlCharacter,
    /// A symbolic link in content/ or themes/ that leads outside it.
    LinkOutside,
    /// Raw HTML that could run script: `<script>`, an `on…` attribute…
    RawHtml,
    /// A note defined twice in one file (or two labels making one anchor).
    DuplicateNote,
    /// Raw HTML that opens a raw-text element or a comment and never
    /// closes it (the rest of the page would be swallowed).
    UnclosedHtml,
    /// A link with nothing to read out (RGAA 6.2).
    EmptyLink,
    /// A heading that breaks the page's outline: a second level-1 heading,
    /// or a skipped level (RGAA 9.1).
    HeadingOutline,
    /// An accessibility statement the law does not allow: conformity
    /// claimed without an audit, a rate that is not one.
    AccessibilityStatement,
    /// An http(s) address of front matter that no browser can open.
    InvalidUrl,
}

impl Code {
    /// Every code, in the order of the table (the test of docs/diagnostics.md).
    #[cfg(test)]
    const ALL: [Code; 60] = [
        Code::NoContent,
        Code::CannotRead,
        Code::NotUtf8,
        Code::UnexpectedFile,
        Code::MissingSettings,
        Code::FrontMatter,
        Code::Yaml,
        Code::InvalidBaseUrl,
        Code::MissingHome,
        Code::MissingVolumeIndex,
        Code::InvalidSlug,
        Code::DuplicateNumber,
        Code::DuplicatePtce,
        Code::PathTaken,
        Code::UnknownPtce,
        Code::UnknownTerm,
        Code::UnknownVolume,
        Code::UnknownPage,
        Code::UnknownAnchor,
        Code::MarkdownLink,
        Code::UndefinedNote,
        Code::UnusedNote,
        Code::MissingMedia,
        Code::ImageAlt,
        Code::BadMedia,
        Code::UnknownTheme,
        Code::Template,
        Code::DsfrPackage,
        Code::BrokenLink,
        Code::DuplicateId,
        Code::SearchIndex,
        Code::InvalidDate,
        Code::VolumeState,
        Code::LinkToDraft,
        Code::OutputRefused,
        Code::CannotPublish,
        Code::Interrupted,
        Code::InitRefused,
        Code::FileExists,
        Code::InvalidTitle,
        Code::ChooseVolume,
        Code::CannotCreate,
        Code::Placeholder,
        Code::PdfLayout,
        Code::PdfAccessibility,
        Code::PdfImage,
        Code::PdfGlyph,
        Code::PdfTooWide,
        Code::InvalidLang,
        Code::PdfTheme,
        Code::ForbiddenScheme,
        Code::ControlCharacter,
        Code::LinkOutside,
        Code::RawHtml,
        Code::DuplicateNote,
        Code::UnclosedHtml,
        Code::EmptyLink,
        Code::HeadingOutline,
        Code::AccessibilityStatement,
        Code::InvalidUrl,
    ];

    /// `E012`: E00x content files, E01x the collection (resolve), E02x
    /// Markdown bodies, E03x the theme, E04x the generated site, E05x dates,
    /// E06x volume states and drafts,
    /// E070–E072 publishing (write), E073–E079 the editor's commands
    /// (scaffold), E08x the printed volume (and the language of passages,
    /// which it tags too), E090–E093 content that could harm a reader or
    /// the host (safety), E094–E096 accessibility the site cannot do without, E097 a web
    /// address no browser can open.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::NoContent => "E001",
            Code::CannotRead => "E002",
            Code::NotUtf8 => "E003",
            Code::UnexpectedFile => "E004",
            Code::MissingSettings => "E005",
            Code::FrontMatter => "E006",
            Code::Yaml => "E007",
            Code::InvalidBaseUrl => "E010",
            Code::MissingHome => "E011",
            Code::MissingVolumeIndex => "E012",
            Code::InvalidSlug => "E013",
            Code::DuplicateNumber => "E014",
            Code::DuplicatePtce => "E015",
            Code::PathTaken => "E016",
            Code::UnknownPtce => "E017",
            Code::UnknownTerm => "E018",
            Code::UnknownVolume => "E019",
            Code::UnknownPage => "E020",
            Code::UnknownAnchor => "E021",
            Code::MarkdownLink => "E022",
            Code::UndefinedNote => "E023",
            Code::UnusedNote => "E024",
            Code::MissingMedia => "E025",
            Code::ImageAlt => "E026",
            Code::BadMedia => "E027",
            Code::UnknownTheme => "E030",
            Code::Template => "E031",
            Code::DsfrPackage => "E032",
            Code::BrokenLink => "E040",
            Code::DuplicateId => "E041",
            Code::SearchIndex => "E042",
            Code::InvalidDate => "E055",
            Code::VolumeState => "E060",
            Code::LinkToDraft => "E061",
            Code::OutputRefused => "E070",
            Code::CannotPublish => "E071",
            Code::Interrupted => "E072",
            Code::InitRefused => "E073",
            Code::FileExists => "E074",
            Code::InvalidTitle => "E075",
            Code::ChooseVolume => "E076",
            Code::CannotCreate => "E078",
            Code::Placeholder => "E079",
            Code::PdfLayout => "E080",
            Code::PdfAccessibility => "E081",
            Code::PdfImage => "E082",
            Code::PdfGlyph => "E083",
            Code::PdfTooWide => "E084",
            Code::InvalidLang => "E085",
            Code::PdfTheme => "E086",
            Code::ForbiddenScheme => "E090",
            Code::ControlCharacter => "E091",
            Code::LinkOutside => "E092",
            Code::RawHtml => "E093",
            Code::DuplicateNote => "E028",
            Code::UnclosedHtml => "E029",
            Code::EmptyLink => "E094",
            Code::HeadingOutline => "E095",
            Code::AccessibilityStatement => "E096",
            Code::InvalidUrl => "E097",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The diagnostics of a whole run, in a stable order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub(crate) fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file then line, duplicates removed, so output is stable.
    pub(crate) fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.message).cmp(&(&b.path, b.line, b.column, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

/// The diagnostics of `more` at a file and line none of `existing` names:
/// when two checks see one fault (a table too wide when assembled and when
/// laid out, a page's error and the printed volume's), one error is enough.
pub(crate) fn at_new_places<'a>(
    existing: impl IntoIterator<Item = &'a Diagnostic>,
    more: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let seen: std::collections::HashSet<(&Path, Option<usize>)> = existing
        .into_iter()
        .map(|d| (d.path.as_path(), d.line))
        .collect();
    more.into_iter()
        .filter(|d| !seen.contains(&(d.path.as_path(), d.line)))
        .collect()
}

/// A path shown relative to `root` when it lies inside it.
pub(crate) fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// 1-based line of a byte offset in `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_documented() {
        let table = include_str!("../docs/diagnostics.md");
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} given twice");
            assert!(
                table.contains(&format!("| {c} |")),
                "{c} ({c:?}) is missing from docs/diagnostics.md"
            );
        }
    }

    #[test]
    fn line_of_counts_newlines() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
    }
}
