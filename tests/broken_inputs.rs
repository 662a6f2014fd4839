//! The battery of broken inputs of issue 2. Each test copies the minimal
//! fixture, builds it once (successfully) and snapshots `output/`, breaks
//! one thing, builds again and asserts: exit code 1, the file (and line) in
//! stderr, a useful message, no panic, the previous output byte for byte as
//! it was and no temporary folder left beside it.

mod common;

use common::*;

const INTRO: &str = "content/economie-locale/01-introduction.md";
const CONTEXTE: &str = "content/economie-locale/02-contexte.md";
const CASE: &str = "content/economie-locale/05-projecteurs/01-la-ressourcerie.md";
const VOLUME: &str = "content/economie-locale/index.md";
const TEMPLATE: &str = "themes/panorama/templates/chapter.html";

/// Builds, breaks with `break_it`, rebuilds; checks exit code 1, no panic,
/// the output untouched and no leftovers. Returns the failed run.
fn broken(break_it: impl FnOnce(&Site)) -> Run {
    let site = Site::minimal();
    site.build_ok();
    let before = snapshot(&site.output());
    assert!(!before.is_empty());
    let beside = entries(&site.root);
    break_it(&site);
    let beside_broken = entries(&site.root);
    let run = site.build();
    run.assert_code(1);
    assert!(
        run.stdout.is_empty() || !run.stdout.contains("built"),
        "a failed build claims success: {}",
        run.stdout
    );
    assert_same_tree(&before, &snapshot(&site.output()), "the previous output");
    assert_eq!(
        entries(&site.root),
        beside_broken,
        "a failed build left something beside the output"
    );
    assert!(beside.is_subset(&beside_broken));
    // `check` agrees with `build`.
    let check = site.run(&["check"]);
    check.assert_code(1);
    assert_eq!(
        check.error_count(),
        run.error_count(),
        "check and build disagree:\n{}\n---\n{}",
        check.stderr,
        run.stderr
    );
    run
}

#[test]
fn yaml_syntax_error_gives_the_line_in_the_file() {
    // Line 13 of the file is line 12 of the front matter.
    let run = broken(|s| {
        s.replace_line(
            CASE,
            13,
            "    role: met à disposition un local",
            "    role: met à disposition: un local",
        )
    });
    run.assert_location(CASE, Some(13));
    run.assert_stderr("the value of `role` contains `: `");
    run.assert_stderr(r#"`role: "met à disposition: un local"`"#);
    run.assert_stderr("13 |     role: met à disposition: un local");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn yaml_syntax_error_in_site_yaml() {
    let run =
        broken(|s| s.replace_line("content/site.yaml", 4, "language: fr", "language: fr: en"));
    run.assert_location("content/site.yaml", Some(4));
    assert_eq!(run.error_count(), 1);
}

#[test]
fn yaml_syntax_error_with_windows_line_endings_and_bom() {
    let run = broken(|s| {
        let text = s
            .read(INTRO)
            .replace("kicker:", "  kicker:")
            .replace('\n', "\r\n");
        s.write(INTRO, format!("\u{feff}{text}"));
    });
    run.assert_location(INTRO, Some(3));
    assert_eq!(run.error_count(), 1);
}

#[test]
fn front_matter_not_closed() {
    let run = broken(|s| s.replace_line(INTRO, 5, "---", ""));
    run.assert_location(INTRO, Some(1));
    run.assert_stderr("not closed");
    run.assert_stderr("---");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn no_front_matter() {
    let run = broken(|s| {
        s.write(
            CONTEXTE,
            "## Le contexte national\n\nDu texte sans front matter.\n",
        )
    });
    run.assert_location(CONTEXTE, Some(1));
    run.assert_stderr("front matter");
    // The intro links to this file: no second error about the link.
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn missing_required_field() {
    let run = broken(|s| {
        s.replace_line(
            CASE,
            3,
            "heading: Développer une activité d'utilité sociale",
            "#",
        )
    });
    run.assert_location(CASE, None);
    run.assert_stderr("missing field `heading`");
    assert_eq!(run.error_count(), 1);
}

/// A missing key has no line of its own; the message should point at the
/// front matter (its first line), or at no line, not at an unrelated key.
#[test]
fn missing_required_field_points_at_the_front_matter() {
    let run = broken(|s| {
        s.replace_line(
            CASE,
            3,
            "heading: Développer une activité d'utilité sociale",
            "#",
        )
    });
    let locs: Vec<_> = run
        .locations()
        .into_iter()
        .filter(|(f, _)| f == CASE)
        .collect();
    assert_eq!(locs.len(), 1, "{}", run.stderr);
    assert!(
        matches!(locs[0].1, None | Some(1) | Some(2)),
        "missing `heading` reported at line {:?}:\n{}",
        locs[0].1,
        run.stderr
    );
}

#[test]
fn wrong_type() {
    let run = broken(|s| s.replace_line(CASE, 2, "number: 1", "number: un"));
    run.assert_location(CASE, Some(2));
    run.assert_stderr("2 | number: un");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn wrong_value_of_an_enumeration() {
    let run =
        broken(|s| s.replace_line(CASE, 7, "structure_type: aci", "structure_type: entreprise"));
    run.assert_location(CASE, Some(7));
    run.assert_stderr("entreprise");
    run.assert_stderr("aci");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn unknown_departement() {
    let run = broken(|s| s.replace_line(CASE, 8, "departement: \"62\"", "departement: \"75\""));
    run.assert_location(CASE, Some(8));
    run.assert_stderr("75");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn unknown_field_with_suggestion() {
    let run = broken(|s| s.replace(INTRO, "kicker:", "kickr:"));
    run.assert_location(INTRO, Some(3));
    run.assert_stderr("unknown field `kickr`");
    run.assert_stderr("did you mean `kicker`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn unknown_field_in_site_yaml_with_suggestion() {
    let run = broken(|s| s.replace("content/site.yaml", "publisher:", "publsher:"));
    run.assert_location("content/site.yaml", Some(5));
    run.assert_stderr("did you mean `publisher`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn two_files_resolving_to_the_same_url() {
    // 03-contexte.md publishes at /economie-locale/contexte/ too.
    let run = broken(|s| {
        s.write(
            "content/economie-locale/03-contexte.md",
            "---\ntitle: Un autre contexte\n---\n\nTexte.\n",
        )
    });
    run.assert_stderr("content/economie-locale/02-contexte.md");
    run.assert_stderr("content/economie-locale/03-contexte.md");
    run.assert_stderr("/economie-locale/contexte/");
    run.assert_stderr("slug");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn a_slug_taking_another_page_url() {
    let run = broken(|s| s.replace(INTRO, "kicker:", "slug: contexte\nkicker:"));
    run.assert_stderr("content/economie-locale/01-introduction.md");
    run.assert_stderr("content/economie-locale/02-contexte.md");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn a_slug_taking_a_generated_page_url() {
    // A volume folder named like the glossary would replace it.
    let run = broken(|s| {
        s.write(
            "content/ptce/index.md",
            "---\nnumber: 4\ntitle: PTCE\n---\n\nTexte.\n",
        )
    });
    run.assert_stderr("content/ptce/index.md");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn empty_file() {
    let run = broken(|s| s.write(CONTEXTE, ""));
    run.assert_location(CONTEXTE, None);
    run.assert_stderr("empty");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn invalid_utf8() {
    // The file saved as Latin-1: its first accent is on line 3.
    let run = broken(|s| {
        let text = s.read(CONTEXTE);
        let latin1: Vec<u8> = text
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        s.write(CONTEXTE, latin1);
    });
    run.assert_location(CONTEXTE, Some(3));
    run.assert_stderr("UTF-8");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn invalid_utf8_in_site_yaml() {
    let run = broken(|s| {
        let mut bytes = s.read("content/site.yaml").into_bytes();
        bytes.extend_from_slice(b"\xff\xfe\n");
        s.write("content/site.yaml", bytes);
    });
    run.assert_location("content/site.yaml", Some(14));
    run.assert_stderr("UTF-8");
}

#[test]
fn template_syntax_error_in_a_theme_override() {
    let run = broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }</h1>\n{% endblock main %}\n",
        )
    });
    run.assert_location(TEMPLATE, Some(3));
    run.assert_stderr("syntax");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn template_render_error_names_template_and_line() {
    let run = broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ nope }}</p>\n{% endblock main %}\n",
        )
    });
    run.assert_location(TEMPLATE, Some(4));
    run.assert_stderr("`nope`");
    // The message says what exists.
    run.assert_stderr("page");
    // Both chapters use the template: one error, not one per page.
    assert_eq!(run.error_count(), 1);
}

#[test]
fn template_render_error_in_an_overridden_parent() {
    let run = broken(|s| {
        let base = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("themes/panorama/templates/base.html"),
        )
        .unwrap();
        let mut lines: Vec<String> = base.lines().map(String::from).collect();
        lines.insert(2, "{{ site.nope }}".into());
        s.write("themes/panorama/templates/base.html", lines.join("\n"));
    });
    run.assert_location("themes/panorama/templates/base.html", Some(3));
    run.assert_stderr("`nope`");
    assert_eq!(run.error_count(), 1);
}

/// Tera reports unknown filters and templates at render time with its own
/// formatting; panorama should still give the template's path and line.
#[test]
fn template_unknown_filter_names_template_and_line() {
    let run = broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | nofilter }}\n{% endblock main %}\n",
        )
    });
    run.assert_location(TEMPLATE, Some(3));
    run.assert_stderr("nofilter");
    assert!(!run.stderr.contains("error: error:"), "{}", run.stderr);
}

#[test]
fn template_extending_a_missing_parent() {
    let run = broken(|s| {
        s.write(
            TEMPLATE,
            "{% extends \"nope.html\" %}\n{% block main %}x{% endblock main %}\n",
        )
    });
    run.assert_location(TEMPLATE, None);
    run.assert_stderr("nope.html");
}

#[test]
fn broken_at_link_names_file_and_line() {
    let run = broken(|s| {
        s.replace(
            INTRO,
            "@/economie-locale/02-contexte.md",
            "@/economie-locale/03-contexte.md",
        )
    });
    run.assert_location(INTRO, Some(15));
    run.assert_stderr("@/economie-locale/03-contexte.md");
    run.assert_stderr("did you mean `@/economie-locale/02-contexte.md`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn broken_anchor_in_at_link() {
    let run = broken(|s| s.replace(INTRO, "#le-contexte-regional)", "#le-contexte-regionnal)"));
    run.assert_location(INTRO, Some(15));
    run.assert_stderr("#le-contexte-regionnal");
    run.assert_stderr("did you mean `#le-contexte-regional`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn undefined_footnote() {
    let run = broken(|s| s.replace(INTRO, "et l'ESS encore.", "et l'ESS encore[^9]."));
    run.assert_location(INTRO, Some(13));
    run.assert_stderr("[^9]");
}

#[test]
fn unused_footnote_definition() {
    let run = broken(|s| s.replace(INTRO, "y prennent part[^2]", "y prennent part"));
    run.assert_location(INTRO, None);
    run.assert_stderr("[^2]");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn unused_footnote_definition_gives_its_line() {
    let run = broken(|s| s.replace(INTRO, "y prennent part[^2]", "y prennent part"));
    run.assert_location(INTRO, Some(30));
}

#[test]
fn unknown_ptce_slug_in_a_case_study() {
    let run = broken(|s| {
        s.replace_line(
            CASE,
            10,
            "ptce: ptce-henin-carvin",
            "ptce: ptce-henin-carvn",
        )
    });
    run.assert_location(CASE, Some(10));
    run.assert_stderr("ptce-henin-carvn");
    run.assert_stderr("did you mean `ptce-henin-carvin`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn unknown_see_also_term() {
    let run = broken(|s| {
        s.replace(
            "content/glossaire/ess.md",
            "see_also: [economie-circulaire]",
            "see_also: [economie-circulair]",
        )
    });
    run.assert_location("content/glossaire/ess.md", Some(4));
    run.assert_stderr("did you mean `economie-circulaire`");
    assert_eq!(run.error_count(), 1);
}

#[test]
fn several_errors_in_different_files_are_reported_together() {
    let run = broken(|s| {
        s.replace(INTRO, "kicker:", "kickr:");
        s.replace_line(CASE, 2, "number: 1", "number: un");
        s.replace("content/ptce.yaml", "  year: 2023", "  year: deux-mille");
        s.write(
            TEMPLATE,
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title }\n{% endblock main %}\n",
        );
    });
    assert_eq!(run.error_count(), 4, "{}", run.stderr);
    run.assert_location(INTRO, Some(3));
    run.assert_location(CASE, Some(2));
    run.assert_location("content/ptce.yaml", Some(2));
    run.assert_location(TEMPLATE, Some(3));
    run.assert_stderr("4 errors");
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let run = broken(|s| {
        s.replace(
            INTRO,
            "est détaillé plus loin.",
            "est détaillé plus loin, [ici](@/nulle-part.md).",
        );
        s.replace(INTRO, "#le-contexte-regional)", "#ailleurs)");
    });
    assert_eq!(run.error_count(), 2, "{}", run.stderr);
    run.assert_stderr("@/nulle-part.md");
    run.assert_stderr("#ailleurs");
}

#[test]
fn missing_content_folder_is_an_error_not_a_panic() {
    let site = Site::minimal();
    std::fs::remove_dir_all(site.path("content")).unwrap();
    let run = site.build();
    run.assert_code(1);
    run.assert_stderr("content");
    assert!(!site.output().exists());
}

#[test]
fn missing_site_yaml() {
    let run = broken(|s| s.remove("content/site.yaml"));
    run.assert_stderr("site.yaml");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

// Cascades: one broken file must give one error, not extra wrong ones
// about files that are right.

#[test]
fn broken_ptce_register_gives_one_error() {
    let run = broken(|s| s.replace("content/ptce.yaml", "  year: 2023", "  year: deux-mille"));
    run.assert_location("content/ptce.yaml", Some(2));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn broken_glossary_term_gives_one_error() {
    let run = broken(|s| {
        s.replace(
            "content/glossaire/ess.md",
            "term: Économie sociale et solidaire",
            "term: [x",
        )
    });
    run.assert_location("content/glossaire/ess.md", Some(2));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn broken_volume_index_gives_one_error() {
    let run = broken(|s| s.replace_line(VOLUME, 2, "number: 3", "number: trois"));
    run.assert_location(VOLUME, Some(2));
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn broken_link_in_a_ptce_summary_names_ptce_yaml() {
    let run = broken(|s| {
        s.replace(
            "content/ptce.yaml",
            "    summary: Un PTCE du Nord qui rassemble des structures d'insertion.",
            "    summary: |-\n      Un PTCE du Nord.\n\n      Voir [le contexte](@/economie-locale/99-contexte.md).",
        )
    });
    run.assert_location("content/ptce.yaml", None);
    run.assert_stderr("@/economie-locale/99-contexte.md");
    assert_eq!(run.error_count(), 1);
}

/// The summary's Markdown starts on line 13 of ptce.yaml: the link is on
/// line 15 of the file, not line 3 of the summary.
#[test]
fn broken_link_in_a_ptce_summary_gives_the_line_in_ptce_yaml() {
    let run = broken(|s| {
        s.replace(
            "content/ptce.yaml",
            "    summary: Un PTCE du Nord qui rassemble des structures d'insertion.",
            "    summary: |-\n      Un PTCE du Nord.\n\n      Voir [le contexte](@/economie-locale/99-contexte.md).",
        )
    });
    run.assert_location("content/ptce.yaml", Some(15));
}

/// A literal block keeps its leading blank lines: the summary's Markdown
/// still starts on line 13, so the link two blank lines down is on line 15.
/// (Found by the property tests: the line was counted from the first line
/// with text, which put the error past the end of the file.)
#[test]
fn a_ptce_summary_opening_on_blank_lines_keeps_its_lines() {
    let run = broken(|s| {
        s.replace(
            "content/ptce.yaml",
            "    summary: Un PTCE du Nord qui rassemble des structures d'insertion.",
            "    summary: |-\n\n\n      Voir [le contexte](@/economie-locale/99-contexte.md).",
        )
    });
    run.assert_location("content/ptce.yaml", Some(15));
}

/// A quoted summary's « \n » escapes make lines that ptce.yaml does not
/// have: the error goes to line 12, where the summary is written (a
/// literal block would start on line 13, under its `summary: |-`).
#[test]
fn a_quoted_ptce_summary_gives_the_line_where_it_is_written() {
    let run = broken(|s| {
        s.replace(
            "content/ptce.yaml",
            "    summary: Un PTCE du Nord qui rassemble des structures d'insertion.",
            "    summary: \"Un PTCE du Nord.\\n\\n\\n\\nVoir [le contexte](@/economie-locale/99-contexte.md).\"",
        )
    });
    run.assert_location("content/ptce.yaml", Some(12));
}

/// `published:` goes into the Atom feed and the JSON-LD as a date: a month
/// or a day that is not in the calendar is an error at its line.
#[test]
fn a_volume_published_on_no_real_month_is_an_error_at_its_line() {
    for bad in ["\"2025-13\"", "\"juillet 2025\"", "2025-02-30"] {
        let run = broken(|s| {
            s.replace_line(
                VOLUME,
                5,
                "published: \"2025-07\"",
                &format!("published: {bad}"),
            )
        });
        run.assert_diagnostic("E055", VOLUME, Some(5));
        assert_eq!(run.error_count(), 1, "{bad}: {}", run.stderr);
    }
}

/// A PTCE summary sits under the PTCE's heading on a page it shares with
/// every other PTCE: no heading of its own, no note (it has no sources
/// list); each is an error at its line of ptce.yaml.
#[test]
fn a_ptce_summary_holds_no_heading_and_no_note() {
    let run = broken(|s| {
        s.replace(
            "content/ptce.yaml",
            "    summary: Un PTCE du Nord qui rassemble des structures d'insertion.",
            "    summary: |-\n      # Titre\n\n      Un PTCE[^1].\n\n      [^1]: Une note.",
        )
    });
    run.assert_diagnostic("E095", "content/ptce.yaml", Some(13));
    run.assert_diagnostic("E023", "content/ptce.yaml", Some(15));
    assert_eq!(run.error_count(), 2, "{}", run.stderr);
}
