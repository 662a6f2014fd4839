//! Each kind of broken input gives its stable code (docs/diagnostics.md)
//! at the right file and line: tools and tests match on codes, so the
//! wording of messages can improve freely. The full battery of broken
//! inputs, with the untouched output, is tests/broken_inputs.rs.

mod common;

use common::*;
use std::fs;

const INTRO: &str = "content/economie-locale/01-introduction.md";
const CASE: &str = "content/economie-locale/05-projecteurs/01-la-ressourcerie.md";
const TEMPLATE: &str = "themes/panorama/templates/chapter.html";

/// `panorama check` on the minimal fixture after `break_it`: exit code 1.
fn check_broken(break_it: impl FnOnce(&Site)) -> Run {
    let site = Site::minimal();
    break_it(&site);
    let run = site.run(&["check"]);
    run.assert_code(1);
    run
}

#[test]
fn the_minimal_fixture_has_no_diagnostic() {
    let site = Site::minimal();
    let run = site.run(&["check"]);
    run.assert_success();
    assert!(run.diagnostics().is_empty(), "{}", run.stderr);
}

#[test]
fn yaml_errors_are_e007() {
    let run = check_broken(|s| {
        s.replace_line(
            CASE,
            13,
            "    role: met à disposition un local",
            "    role: met à disposition: un local",
        );
    });
    run.assert_diagnostic("E007", CASE, Some(13));
}

#[test]
fn front_matter_errors_are_e006() {
    let run = check_broken(|s| s.write(INTRO, "Pas de front matter.\n"));
    run.assert_diagnostic("E006", INTRO, None);
}

#[test]
fn invalid_utf8_is_e003() {
    let run = check_broken(|s| s.write(INTRO, b"---\ntitle: \xff\n---\n"));
    run.assert_diagnostic("E003", INTRO, Some(2));
}

#[test]
fn a_taken_url_is_e016() {
    let run = check_broken(|s| s.replace(INTRO, "kicker:", "slug: contexte\nkicker:"));
    let d = run.diagnostics();
    assert!(d.iter().any(|(c, _, _)| c == "E016"), "{}", run.stderr);
}

#[test]
fn an_unknown_ptce_is_e017() {
    let run = check_broken(|s| {
        s.replace_line(
            CASE,
            10,
            "ptce: ptce-henin-carvin",
            "ptce: ptce-henin-carvn",
        );
    });
    run.assert_diagnostic("E017", CASE, Some(10));
}

#[test]
fn link_errors_are_e020_and_e021() {
    let run = check_broken(|s| {
        s.replace(
            INTRO,
            "@/economie-locale/02-contexte.md",
            "@/economie-locale/03-contexte.md",
        );
    });
    run.assert_diagnostic("E020", INTRO, Some(15));
    let run = check_broken(|s| {
        s.replace(INTRO, "#le-contexte-regional)", "#le-contexte-regionnal)");
    });
    run.assert_diagnostic("E021", INTRO, Some(15));
}

#[test]
fn note_errors_are_e023_and_e024() {
    let run = check_broken(|s| s.replace(INTRO, "et l'ESS encore.", "et l'ESS encore[^9]."));
    run.assert_diagnostic("E023", INTRO, Some(13));
    let run = check_broken(|s| s.replace(INTRO, "y prennent part[^2]", "y prennent part"));
    run.assert_diagnostic("E024", INTRO, Some(30));
}

#[test]
fn template_errors_are_e031() {
    let run = check_broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ nope }}</p>\n{% endblock main %}\n",
        );
    });
    run.assert_diagnostic("E031", TEMPLATE, Some(4));
}

#[test]
fn an_unknown_theme_is_e030() {
    let site = Site::minimal();
    let run = site.run(&["check", "--theme", "nulle-part"]);
    run.assert_code(1);
    // The theme came from the command line: the error points there.
    run.assert_diagnostic("E030", "--theme", None);
    site.replace("content/site.yaml", "theme: panorama", "theme: nulle-part");
    site.run(&["check"])
        .assert_diagnostic("E030", "content/site.yaml", Some(6));
}

#[test]
fn a_broken_link_in_a_template_is_e040() {
    let run = check_broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n<a href=\"{{ site.base_path }}nulle-part/\">x</a>\n{% endblock main %}\n",
        );
    });
    let d = run.diagnostics();
    assert!(
        d.iter().any(|(c, f, _)| c == "E040" && f.ends_with(".md")),
        "{}",
        run.stderr
    );
}

#[test]
fn no_content_folder_is_e001() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["check"]);
    run.assert_code(1);
    run.assert_diagnostic("E001", "content", None);
}

#[test]
fn a_case_study_number_used_twice_is_e014() {
    let second = "content/economie-locale/05-projecteurs/02-la-recyclerie.md";
    let run = check_broken(|s| {
        let text = s.read(CASE).replace(
            "title: La ressourcerie du bassin minier",
            "title: La recyclerie",
        );
        s.write(second, text);
    });
    // The second in reading order (same number: by file name) is reported,
    // at its `number:` line.
    run.assert_diagnostic("E014", second, Some(2));
    assert_eq!(run.diagnostics().len(), 1, "{}", run.stderr);
}

// Publishing (src/write/): E070–E072.

#[test]
fn an_output_panorama_must_not_replace_is_e070() {
    let site = Site::minimal();
    fs::write(site.path("notes.txt"), "mes notes").unwrap();
    for (output, shown) in [("content", "content"), ("notes.txt", "notes.txt")] {
        let run = site.run(&["build", "--output", output]);
        run.assert_code(1);
        run.assert_diagnostic("E070", shown, None);
    }
    assert_eq!(site.read("notes.txt"), "mes notes");
}

#[test]
fn an_output_that_cannot_be_written_is_e071() {
    let site = Site::minimal();
    // The output's parent is a file: nothing can be created under it.
    fs::write(site.path("blocker"), "x").unwrap();
    let run = site.run(&["build", "--output", "blocker/site"]);
    run.assert_code(1);
    let d = run.diagnostics();
    assert!(
        d.iter()
            .any(|(c, f, _)| c == "E071" && f.starts_with("blocker")),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("blocker"), "x");
}

// The editor's commands (src/scaffold/): E073–E079, and E001.

/// `panorama init site` in a new temporary folder; returns (tmp, root).
fn starter() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init", "site"]).assert_success();
    let root = tmp.path().join("site");
    (tmp, root)
}

#[test]
fn init_into_a_busy_folder_or_a_file_is_e073() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("busy")).unwrap();
    fs::write(tmp.path().join("busy/notes.txt"), "x").unwrap();
    fs::write(tmp.path().join("a-file"), "x").unwrap();
    for dir in ["busy", "a-file"] {
        let run = run_in(tmp.path(), &["init", dir]);
        run.assert_code(1);
        run.assert_diagnostic("E073", dir, None);
    }
}

#[test]
fn init_where_nothing_can_be_created_is_e078() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("a-file"), "x").unwrap();
    let run = run_in(tmp.path(), &["init", "a-file/site"]);
    run.assert_code(1);
    let d = run.diagnostics();
    assert!(
        d.iter()
            .any(|(c, f, _)| c == "E078" && f.starts_with("a-file/site")),
        "{}",
        run.stderr
    );
}

#[test]
fn new_over_an_existing_file_or_address_is_e074() {
    let (_tmp, root) = starter();
    let run = run_in(&root, &["new", "term", "Terme"]);
    run.assert_code(1);
    run.assert_diagnostic("E074", "content/glossaire/terme.md", None);
    // Another number, the same address.
    let run = run_in(&root, &["new", "chapter", "Introduction"]);
    run.assert_code(1);
    run.assert_diagnostic("E074", "content/premier-volume/01-introduction.md", None);
}

#[test]
fn new_with_a_title_without_words_is_e075() {
    let (_tmp, root) = starter();
    let run = run_in(&root, &["new", "chapter", " ?! "]);
    run.assert_code(1);
    run.assert_diagnostic("E075", "content", None);
}

#[test]
fn new_in_an_unknown_volume_is_e076() {
    let (_tmp, root) = starter();
    let run = run_in(&root, &["new", "chapter", "--volume", "nope", "Un titre"]);
    run.assert_code(1);
    run.assert_diagnostic("E076", "content", None);
}

#[test]
fn new_page_over_an_existing_page_is_e074() {
    // The starter ships the legal pages.
    let (_tmp, root) = starter();
    let run = run_in(&root, &["new", "page", "Mentions légales"]);
    run.assert_code(1);
    run.assert_diagnostic("E074", "content/pages/mentions-legales.md", None);
}

#[test]
fn new_outside_a_collection_is_e001() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["new", "term", "Terme"]);
    run.assert_code(1);
    run.assert_diagnostic("E001", "content", None);
}

#[test]
fn a_placeholder_is_e079_a_warning_then_an_error_of_check_strict() {
    let (_tmp, root) = starter();
    let check = run_in(&root, &["check"]);
    check.assert_success();
    assert!(
        check
            .stderr
            .lines()
            .any(|l| l.starts_with("warning[E079]: content/site.yaml:4:")),
        "{}",
        check.stderr
    );
    let strict = run_in(&root, &["check", "--strict"]);
    strict.assert_code(1);
    strict.assert_diagnostic("E079", "content/site.yaml", Some(4));
}

/// A note defined twice is named at the second definition, once (not as a
/// duplicate id of the generated page).
#[test]
fn a_note_defined_twice_is_e028_at_its_second_definition() {
    let run = check_broken(|s| {
        s.replace(
            INTRO,
            "[^2]: Source : Chiffres clés de l'ESS, 2024.",
            "[^2]: Source : Chiffres clés de l'ESS, 2024.\n\n[^1]: Source : une autre.",
        )
    });
    run.assert_diagnostic("E028", INTRO, Some(32));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// A `slug:` that takes another page's address, or a generated page's, is
/// E016 at the `slug:` line.
#[test]
fn a_slug_taking_an_address_is_e016_at_its_line() {
    let run = check_broken(|s| {
        s.write(
            "content/economie-locale/08-doublon.md",
            "---\ntitle: Doublon\nslug: introduction\n---\n\nTexte.\n",
        );
        s.write(
            "content/pages/zz.md",
            "---\ntitle: Autre\nslug: glossaire\n---\n\nTexte.\n",
        );
    });
    run.assert_diagnostic("E016", "content/economie-locale/08-doublon.md", Some(3));
    run.assert_diagnostic("E016", "content/pages/zz.md", Some(3));
    assert!(
        run.stderr
            .contains("which panorama keeps for a page it generates"),
        "{}",
        run.stderr
    );
}

/// Two fences with nothing (or only comments) between them: E006, not a
/// YAML error about a value.
#[test]
fn an_empty_front_matter_is_e006() {
    for text in ["---\n---\n\nTexte.\n", "---\n# rien\n\n---\nTexte.\n"] {
        let run = check_broken(|s| s.write("content/economie-locale/08-vide.md", text));
        run.assert_diagnostic("E006", "content/economie-locale/08-vide.md", Some(1));
        assert!(!run.stderr.contains("E007"), "{}", run.stderr);
    }
}

/// A control character in front matter is E091 at its line, and only that:
/// YAML's own reading of the line (« a value cannot start with… ») is not
/// added, its fix (quoting) would not work.
#[test]
fn a_control_character_in_front_matter_is_e091_alone() {
    let run = check_broken(|s| {
        s.write(
            "content/economie-locale/08-esc.md",
            "---\ntitle: Raw \u{1b}[31mRED\n---\n\nTexte.\n",
        )
    });
    run.assert_diagnostic("E091", "content/economie-locale/08-esc.md", Some(2));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// A `<textarea>` (or a comment) that raw HTML never closes would swallow
/// the rest of the page: E029 where it opens, not a broken link of the
/// theme's footer.
#[test]
fn raw_html_left_open_is_e029_where_it_opens() {
    let page = "content/economie-locale/08-zone.md";
    let run = check_broken(|s| {
        s.write(
            page,
            "---\ntitle: Zone\n---\n\nÉcrivez ici : <textarea>\n\nFin.\n",
        )
    });
    run.assert_diagnostic("E029", page, Some(5));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
    let run = check_broken(|s| {
        s.write(
            page,
            "---\ntitle: Zone\n---\n\nTexte.\n\n<!-- à voir\n\nFin.\n",
        )
    });
    run.assert_diagnostic("E029", page, Some(7));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

/// A run that stopped before the links between the generated pages were
/// checked says so; a run that checked them does not.
#[test]
fn a_run_says_when_the_links_are_still_to_be_checked() {
    let note = "the links between the generated pages are checked once these are fixed";
    let run = check_broken(|s| s.replace(INTRO, "et l'ESS encore.", "et l'ESS encore[^9]."));
    assert!(run.stderr.contains(note), "{}", run.stderr);
    let run = check_broken(|s| {
        s.replace(
            INTRO,
            "et l'ESS encore.",
            "et l'ESS [encore](/nulle-part/).",
        )
    });
    run.assert_diagnostic("E040", INTRO, None);
    assert!(!run.stderr.contains(note), "{}", run.stderr);
}

/// The same broken link written twice in a page: an error at each place,
/// in one run.
#[test]
fn a_broken_link_written_twice_has_an_error_at_each_place() {
    let run = check_broken(|s| {
        s.replace(
            INTRO,
            "et l'ESS encore.",
            "et l'ESS ![encore](/nulle-part/)\n\net [là](/nulle-part/).",
        )
    });
    let lines: Vec<Option<usize>> = run
        .diagnostics()
        .into_iter()
        .filter(|(c, _, _)| c == "E040")
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(lines, [Some(13), Some(15)], "{}", run.stderr);
}

/// Links with nothing to read out (RGAA 6.2) and headings that break the
/// outline (RGAA 9.1) are errors at their line.
#[test]
fn empty_links_and_a_broken_outline_are_e094_and_e095() {
    let page = "content/economie-locale/08-a11y.md";
    let run = check_broken(|s| {
        s.write(
            page,
            "---\ntitle: A11y\n---\n\n[](https://example.org/vide)\n\n<a href=\"https://example.org/x\"></a>\n\n# Un second titre\n\n## Section\n\n#### Trop profond\n\n[Le rapport](https://example.org/r), [`code`](https://example.org/c).\n",
        )
    });
    run.assert_diagnostic("E094", page, Some(5));
    run.assert_diagnostic("E094", page, Some(7));
    run.assert_diagnostic("E095", page, Some(9));
    run.assert_diagnostic("E095", page, Some(13));
    assert_eq!(run.error_count(), 4, "{}", run.stderr);
}

/// An id written in the text that the page already has (here the theme's
/// main content) is E041 at the line that writes it.
#[test]
fn a_duplicate_id_written_in_the_text_is_e041_at_its_line() {
    let page = "content/pages/ids.md";
    let run = check_broken(|s| {
        s.write(
            page,
            "---\ntitle: Ids\n---\n\nTexte.\n\nUn <span id=\"contenu\">mot</span>.\n",
        )
    });
    run.assert_diagnostic("E041", page, Some(7));
}

/// The settings the YAML types cannot check alone: the site's language,
/// the audit's date, and an accessibility statement the law allows.
#[test]
fn site_settings_language_and_accessibility_statement_are_checked() {
    let run = check_broken(|s| {
        let text = s
            .read("content/site.yaml")
            .replace("language: fr", "language: english");
        s.write(
            "content/site.yaml",
            format!("{text}accessibility:\n  status: totalement conforme\n  rate: \"150\"\n"),
        );
    });
    let lines = run.stderr.clone();
    run.assert_diagnostic("E085", "content/site.yaml", Some(4));
    run.assert_diagnostic("E096", "content/site.yaml", Some(15));
    run.assert_diagnostic("E096", "content/site.yaml", Some(16));
    assert!(lines.contains("without an audit"), "{lines}");
    assert!(lines.contains("`rate: 150`"), "{lines}");
    let run = check_broken(|s| {
        let text = s.read("content/site.yaml");
        s.write(
            "content/site.yaml",
            format!("{text}accessibility:\n  status: non conforme\n  audit_date: \"2026-13\"\n"),
        );
    });
    run.assert_diagnostic("E055", "content/site.yaml", Some(16));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}
