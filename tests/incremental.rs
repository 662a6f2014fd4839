//! The rebuilds of `serve`: an edit of a page's text re-renders only what
//! depends on it, and the site that results is, file for file, the one a
//! full build of the same sources makes. Edits that change more (front
//! matter, anchors, new files, templates) ask for a full rebuild.

mod common;

use common::*;
use panorama::build::{BuildOptions, generate};
use panorama::serve::incremental::{Session, Update};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

struct Live {
    site: Site,
    session: Session,
    files: BTreeMap<String, Vec<u8>>,
}

fn opts(site: &Site) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        ..BuildOptions::default()
    }
}

impl Live {
    fn start(site: Site) -> Live {
        let (session, rendered, _) = Session::start(&opts(&site)).expect("first build");
        let files = rendered
            .files
            .into_iter()
            .map(|f| (f.path, f.bytes))
            .collect();
        Live {
            site,
            session,
            files,
        }
    }

    fn update(&mut self, changed: &[&str]) -> Update {
        let paths: BTreeSet<PathBuf> = changed.iter().map(PathBuf::from).collect();
        self.session.update(&paths)
    }

    /// Applies an update that must succeed; returns the paths it wrote.
    fn apply(&mut self, changed: &[&str]) -> Vec<String> {
        match self.update(changed) {
            Update::Done { files } => {
                let written = files.iter().map(|f| f.path.clone()).collect();
                for f in files {
                    self.files.insert(f.path, f.bytes);
                }
                // Then the search index, as serve does after showing the pages.
                if let Some(result) = self.session.search_update() {
                    let (files, removed) = result.expect("search index");
                    for p in &removed {
                        assert!(self.files.remove(p).is_some(), "removed {p} was not there");
                    }
                    for f in files {
                        self.files.insert(f.path, f.bytes);
                    }
                }
                assert!(
                    self.session.search_update().is_none(),
                    "the index was made twice"
                );
                written
            }
            other => panic!("expected an incremental update, got {other:?}"),
        }
    }

    /// The live site equals a full build of the sources as they are now.
    fn assert_same_as_full_build(&self) {
        let full = generate(&opts(&self.site)).expect("full build");
        let full: BTreeMap<String, Vec<u8>> =
            full.files.into_iter().map(|f| (f.path, f.bytes)).collect();
        let live_paths: Vec<&String> = self.files.keys().collect();
        let full_paths: Vec<&String> = full.keys().collect();
        assert_eq!(live_paths, full_paths, "the files differ");
        for (path, bytes) in &full {
            assert!(
                self.files[path] == *bytes,
                "{path} differs from a full build:\n--- incremental\n{}\n--- full\n{}",
                String::from_utf8_lossy(&self.files[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    }

    fn text(&self, path: &str) -> String {
        String::from_utf8_lossy(&self.files[path]).into_owned()
    }
}

const CONTEXTE: &str = "content/economie-locale/02-contexte.md";

#[test]
fn a_text_edit_rerenders_the_page_and_the_glossary_term_it_now_uses() {
    let mut live = Live::start(Site::minimal());
    assert!(
        !live
            .text("glossaire/economie-circulaire/index.html")
            .contains("economie-locale/contexte/")
    );
    live.site.replace(
        CONTEXTE,
        "Du texte sur le contexte national.",
        "Un texte neuf sur l'économie circulaire.",
    );
    let written = live.apply(&[CONTEXTE]);
    assert!(written.contains(&"economie-locale/contexte/index.html".to_string()));
    assert!(written.contains(&"glossaire/economie-circulaire/index.html".to_string()));
    // Only what depends on the edit: not the other pages of the volume.
    assert!(!written.contains(&"economie-locale/introduction/index.html".to_string()));
    assert!(
        live.text("economie-locale/contexte/index.html")
            .contains("Un texte neuf")
    );
    assert!(
        live.text("glossaire/economie-circulaire/index.html")
            .contains("economie-locale/contexte/")
    );
    live.assert_same_as_full_build();

    // And back: the term page no longer lists it.
    live.site.replace(
        CONTEXTE,
        "Un texte neuf sur l'économie circulaire.",
        "Du texte sur le contexte national.",
    );
    live.apply(&[CONTEXTE]);
    live.assert_same_as_full_build();
}

#[test]
fn a_ptce_mention_removed_updates_the_ptce_index_and_the_open_data() {
    let mut live = Live::start(Site::minimal());
    live.site.replace(
        CONTEXTE,
        "Le PTCE Hénin-Carvin fédère les acteurs du territoire.",
        "Les acteurs du territoire coopèrent.",
    );
    let written = live.apply(&[CONTEXTE]);
    assert!(
        written.contains(&"ptce/index.html".to_string()),
        "{written:?}"
    );
    live.assert_same_as_full_build();
}

#[test]
fn an_error_in_the_edit_is_reported_and_the_session_stays_good() {
    let mut live = Live::start(Site::minimal());
    live.site.replace(
        CONTEXTE,
        "Du texte sur le contexte national.",
        "Voir [ailleurs](@/nulle-part.md).",
    );
    match live.update(&[CONTEXTE]) {
        Update::Failed(diags) => {
            let d = &diags[0];
            assert!(d.path.ends_with("02-contexte.md"), "{d:?}");
            assert_eq!(d.line, Some(8));
            assert!(d.message.contains("nulle-part.md"), "{d:?}");
        }
        other => panic!("expected errors, got {other:?}"),
    }
    // Fixed: the update works from the last good state.
    live.site.replace(
        CONTEXTE,
        "Voir [ailleurs](@/nulle-part.md).",
        "Voir [l'introduction](@/economie-locale/01-introduction.md).",
    );
    live.apply(&[CONTEXTE]);
    live.assert_same_as_full_build();
}

#[test]
fn a_broken_raw_link_is_caught_by_the_link_check_of_the_update() {
    let mut live = Live::start(Site::minimal());
    live.site.replace(
        CONTEXTE,
        "Du texte sur le contexte national.",
        "Du texte. <a href=\"/nulle-part/\">ici</a>",
    );
    match live.update(&[CONTEXTE]) {
        Update::Failed(diags) => {
            assert!(diags[0].message.contains("/nulle-part/"), "{:?}", diags[0])
        }
        other => panic!("expected errors, got {other:?}"),
    }
}

#[test]
fn structural_edits_ask_for_a_full_rebuild() {
    let mut live = Live::start(Site::minimal());
    // Front matter.
    live.site
        .replace(CONTEXTE, "title: Le contexte", "title: Le contexte neuf");
    assert!(matches!(live.update(&[CONTEXTE]), Update::Full));
    live.site
        .replace(CONTEXTE, "title: Le contexte neuf", "title: Le contexte");
    // A heading (anchors other pages may link to).
    live.site
        .replace(CONTEXTE, "## Le contexte régional", "## La région");
    assert!(matches!(live.update(&[CONTEXTE]), Update::Full));
    live.site
        .replace(CONTEXTE, "## La région", "## Le contexte régional");
    // A new page, settings, a template.
    live.site.write(
        "content/economie-locale/03-nouveau.md",
        "---\ntitle: Nouveau\n---\nTexte.\n",
    );
    assert!(matches!(
        live.update(&["content/economie-locale/03-nouveau.md"]),
        Update::Full
    ));
    assert!(matches!(live.update(&["content/site.yaml"]), Update::Full));
    assert!(matches!(
        live.update(&["themes/panorama/templates/base.html"]),
        Update::Full
    ));
    // An editor's temporary file that is already gone changes nothing.
    assert!(matches!(
        live.update(&["content/economie-locale/.02-contexte.md.tmp123"]),
        Update::Done { .. }
    ));
}
