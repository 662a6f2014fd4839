//! Property tests: random front matter and random Markdown bodies, written
//! into a copy of the minimal fixture, go through the whole pipeline
//! (`panorama::build::check`, in process, for speed). Whatever the input,
//! the result is `Ok` or `Err` with at least one diagnostic, never a panic;
//! and a diagnostic about the random file points at a line of that file.

mod common;

use common::*;
use panorama::build::BuildOptions;
use panorama::diagnostic::Diagnostic;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::path::Path;

/// The pages a random file may replace, one per kind of front matter.
const TARGETS: &[&str] = &[
    "content/index.md",
    "content/economie-locale/index.md",
    "content/economie-locale/01-introduction.md",
    "content/economie-locale/05-projecteurs/01-la-ressourcerie.md",
    "content/economie-locale/lancez-vous.md",
    "content/glossaire/ess.md",
    "content/pages/mentions-legales.md",
];

/// Keys of every kind of page, so random front matter often hits real ones.
const KEYS: &[&str] = &[
    "title",
    "kicker",
    "subtitle",
    "description",
    "slug",
    "draft",
    "glossary",
    "number",
    "status",
    "published",
    "publisher",
    "heading",
    "structure",
    "structure_type",
    "departement",
    "communes",
    "ptce",
    "partners",
    "funders",
    "contact",
    "key_figures",
    "term",
    "abbreviation",
    "aliases",
    "see_also",
    "source",
    "groups",
    "resources",
    "name",
    "role",
    "updated",
    "footer",
    "order",
    "titel",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    }
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,30}",
        "[a-zA-Zéèà' -]{0,20}",
        any::<i64>().prop_map(|n| n.to_string()),
        Just("99999999999999999999999".to_string()),
        Just("1e400".to_string()),
        Just("-1".to_string()),
        Just(".nan".to_string()),
        Just("~".to_string()),
        Just("true".to_string()),
        Just("\"62\"".to_string()),
        Just("\"\"".to_string()),
        Just("[a, b, [c]]".to_string()),
        Just("{name: x, role: y}".to_string()),
        Just("[{name: x}, {value: \"1\", label: y}]".to_string()),
        Just("ptce-henin-carvin".to_string()),
        Just("aci".to_string()),
        Just("&anchor [1, 2]".to_string()),
        Just("*anchor".to_string()),
        Just("!!int 3".to_string()),
        Just("!!binary aGk=".to_string()),
        Just("!custom x".to_string()),
        Just("|\n  block\n  text".to_string()),
        Just(">-\n  folded".to_string()),
        Just("'it''s'".to_string()),
        Just("\"esc \\u00e9 \\x41 \\q\"".to_string()),
        Just("\"unclosed".to_string()),
        Just("[unclosed".to_string()),
        Just("a: b: c".to_string()),
        Just("\t".to_string()),
    ]
}

fn front_matter_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::sample::select(KEYS), scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => ("[a-z_]{1,12}", scalar()).prop_map(|(k, v)| format!("{k}: {v}")),
        1 => "\\PC{0,40}",
        1 => prop::sample::select(vec![
            "- item",
            "  - name: x",
            "    role: y",
            "  nested: x",
            "? complex key",
            ": value",
            "%YAML 1.2",
            "...",
            "---",
            "#",
            "",
            "  ",
            "\t- x",
            "<<: *anchor",
            "title: a\ttab",
            "number: 1\r",
        ])
        .prop_map(String::from),
    ]
}

fn markdown_block() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,60}",
        2 => prop::sample::select(vec![
            "L'économie circulaire et l’économie circulaire, l'ESS, ESS, les économies circulaires.",
            "Le PTCE Hénin-Carvin et le PTCE Hénin Carvin, Collectif Emploi.",
            "## L'économie circulaire",
            "## Titre {#mon-ancre}",
            "## {#}",
            "####### sept",
            "#",
            "Texte[^1] et[^2] et[^a] et[^é] et[^ ] et[^].",
            "[^1]: Source : un titre.",
            "[^2]: [^1]",
            "[^a]:",
            "[contexte](@/economie-locale/02-contexte.md#le-contexte-regional)",
            "[x](@/economie-locale/02-contexte.md#nope)",
            "[x](@/nulle-part.md)",
            "[x](@/)",
            "[x](@/#)",
            "[x](@/economie-locale/02-contexte.md#)",
            "[x](#)",
            "[x](#mon-ancre)",
            "[x](#ailleurs)",
            "[x](/absolu/)",
            "[x](relatif.md)",
            "[x](./relatif.md#a)",
            "[x](mailto:a@b.c)",
            "![image](@/glossaire/ess.md)",
            "<https://example.org>",
            "<contact@example.org>",
            "[ref]\n\n[ref]: @/glossaire/ess.md",
            "[ESS](https://example.org) [l'économie circulaire](@/glossaire/ess.md)",
            "<!-- glossaire: off -->",
            "<!-- glossaire: on -->",
            "<!--",
            "<a href=\"x\">ESS</a> <abbr title=\"t\">ESS</abbr>",
            "| a | b |\n|---|---|\n| ESS | [^1] |\n| [x](@/glossaire/ess.md) |",
            "|---|",
            "```\ncode ESS économie circulaire\n```",
            "```",
            "~~~\n~~~",
            "    indented code",
            "> citation ESS\n> > imbriquée",
            "- liste\n  - imbriquée\n    1. numéro",
            "***",
            "~~barré~~ **gras** _ital_",
            "e\u{301}conomie circulaire",
            "\u{feff}\u{200b}\u{0}",
            "\r\n\r\n",
            "\t\t",
            "\\",
            "[",
            "](",
            "&amp; &#0; &#xD800; &nope;",
            "<div>\n\n**ESS**\n\n</div>",
            "<script>alert(1)</script>",
            "{{ page.title }} {% if %}",
        ])
        .prop_map(String::from),
    ]
}

fn body() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(markdown_block(), 0..12),
        prop::sample::select(vec!["\n", "\n\n", " ", ""]),
    )
        .prop_map(|(blocks, sep)| blocks.join(sep))
}

/// A site: the minimal fixture with `target` replaced by `text`.
fn site_with(target: &str, text: &[u8]) -> Site {
    let site = Site::minimal();
    site.write(target, text);
    site
}

/// The property: `check` returns, and an error names something.
fn assert_checks(site: &Site, target: &str, text: &[u8]) {
    let opts = BuildOptions {
        root: site.root.clone(),
        ..Default::default()
    };
    match panorama::build::check(&opts) {
        Ok(_) => {}
        Err(diags) => {
            assert!(!diags.is_empty(), "Err without any diagnostic");
            let lines = String::from_utf8_lossy(text).split('\n').count();
            for d in &diags {
                assert_line_in_file(d, target, lines);
            }
        }
    }
}

fn assert_line_in_file(d: &Diagnostic, target: &str, lines: usize) {
    assert!(!d.message.is_empty(), "empty message: {d:?}");
    // docs/diagnostics.md: every error carries a stable code.
    assert!(d.code.is_some(), "no code: {d:?}");
    let line = d.line.filter(|_| d.path == Path::new(target));
    if let Some(line) = line {
        assert!(
            line >= 1 && line <= lines + 1,
            "{target} has {lines} lines, diagnostic at line {line}: {d:?}"
        );
    }
}

proptest! {
    #![proptest_config(config())]

    /// Random front matter (known and unknown keys, any YAML) over a valid
    /// body, for every kind of page.
    #[test]
    fn random_front_matter_never_panics(
        target in prop::sample::select(TARGETS),
        lines in prop::collection::vec(front_matter_line(), 0..10),
        open in prop::bool::weighted(0.95),
        close in prop::bool::weighted(0.9),
    ) {
        let mut text = String::new();
        if open {
            text.push_str("---\n");
        }
        text.push_str(&lines.join("\n"));
        if close {
            text.push_str("\n---\n");
        }
        text.push_str("\nUn peu de texte sur l'ESS.\n");
        let site = site_with(target, text.as_bytes());
        assert_checks(&site, target, text.as_bytes());
    }

    /// Random Markdown bodies under a valid front matter.
    #[test]
    fn random_markdown_never_panics(
        body in body(),
        glossary in any::<bool>(),
    ) {
        let target = "content/economie-locale/01-introduction.md";
        let text = format!("---\ntitle: Introduction\nglossary: {glossary}\n---\n{body}\n");
        let site = site_with(target, text.as_bytes());
        assert_checks(&site, target, text.as_bytes());
    }

    /// Random Markdown in the other places Markdown goes: a case study, a
    /// glossary definition, a PTCE summary of ptce.yaml (quoted, or in a
    /// literal block).
    #[test]
    fn random_markdown_elsewhere_never_panics(
        body in body(),
        place in 0..4usize,
    ) {
        let (target, text) = match place {
            0 => {
                let fm = std::fs::read_to_string(
                    fixture("minimal").join("content/economie-locale/05-projecteurs/01-la-ressourcerie.md"),
                )
                .unwrap();
                let end = fm.find("\n---\n").unwrap() + 5;
                ("content/economie-locale/05-projecteurs/01-la-ressourcerie.md", format!("{}{body}", &fm[..end]))
            }
            1 => ("content/glossaire/economie-circulaire.md", format!("---\nterm: Économie circulaire\n---\n{body}")),
            2 => {
                // A double-quoted YAML value: its « \n » escapes make lines
                // that ptce.yaml does not have.
                let quoted = serde_json::to_string(&body).unwrap();
                ("content/ptce.yaml", format!(
                    "register:\n  year: 2023\n  source: x\nptce:\n  - name: Collectif Emploi\n    departement: \"59\"\n    summary: {quoted}\n"
                ))
            }
            _ => {
                // A YAML literal block keeps the Markdown as it is.
                let indented: String = body.lines().map(|l| format!("      {l}\n")).collect();
                ("content/ptce.yaml", format!(
                    "register:\n  year: 2023\n  source: x\nptce:\n  - name: Collectif Emploi\n    departement: \"59\"\n    summary: |-\n{indented}"
                ))
            }
        };
        let site = site_with(target, text.as_bytes());
        assert_checks(&site, target, text.as_bytes());
    }

    /// Any bytes at all as a page.
    #[test]
    fn random_bytes_never_panic(
        target in prop::sample::select(TARGETS),
        mut bytes in prop::collection::vec(any::<u8>(), 0..200),
        with_fence in any::<bool>(),
    ) {
        if with_fence {
            let mut b = b"---\ntitle: x\n---\n".to_vec();
            b.append(&mut bytes);
            bytes = b;
        }
        let site = site_with(target, &bytes);
        assert_checks(&site, target, &bytes);
    }

    /// Random site.yaml and ptce.yaml lines.
    #[test]
    fn random_yaml_files_never_panic(
        which in prop::sample::select(vec!["content/site.yaml", "content/ptce.yaml"]),
        lines in prop::collection::vec(front_matter_line(), 0..10),
        base in prop::sample::select(vec!["", "base_url: /", "base_url: https://example.org/a/", "base_url: \"x\"", "base_url: https://", "base_url: /a b/"]),
    ) {
        let mut text = String::from(if which.ends_with("site.yaml") {
            "title: T\npublisher: P\n"
        } else {
            "register:\n  year: 2023\n  source: x\nptce:\n  - name: Collectif Emploi\n    departement: \"59\"\n"
        });
        text.push_str(base);
        text.push('\n');
        text.push_str(&lines.join("\n"));
        let site = site_with(which, text.as_bytes());
        assert_checks(&site, which, text.as_bytes());
    }
}

proptest! {
    // Highlighted code loads syntect's syntaxes (slow in debug builds):
    // fewer cases.
    #![proptest_config(ProptestConfig { cases: 8, ..config() })]

    #[test]
    fn random_code_blocks_never_panic(
        lang in prop::sample::select(vec!["rust", "yaml", "html", "js", "nope", "r\"", "<b>", "c++", "x{1}"]),
        code in "\\PC{0,80}",
        fence in prop::sample::select(vec!["```", "~~~", "````"]),
    ) {
        let target = "content/economie-locale/01-introduction.md";
        let text = format!("---\ntitle: Introduction\n---\n{fence}{lang}\n{code}\n{fence}\n\nESS.\n");
        let site = site_with(target, text.as_bytes());
        assert_checks(&site, target, text.as_bytes());
    }
}
