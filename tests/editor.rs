//! The editor's commands and messages, run on the real binary in temporary
//! folders: `init`, `new`, `completions`, `--help`, the placeholder rule
//! (« à compléter »: a warning, an error with `check --strict`), `check
//! --base-url`, and the YAML messages that teach (every error of a file,
//! each with its line and a help line; no wording of the YAML crate).

mod common;

use common::*;
use std::fs;
use std::path::Path;

const CASE: &str = "content/economie-locale/05-projecteurs/01-la-ressourcerie.md";

/// A new collection made by `panorama init` in `<tmp>/site`.
fn init_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "site"]);
    run.assert_success();
    assert!(
        run.stdout.contains("content/site.yaml"),
        "init lists its files: {}",
        run.stdout
    );
    let root = tmp.path().join("site");
    (tmp, root)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn init_makes_a_collection_that_builds_and_checks_at_once() {
    let (_tmp, root) = init_site();
    for rel in [
        "content/site.yaml",
        "content/index.md",
        "content/glossaire/terme.md",
        "content/premier-volume/index.md",
        "content/premier-volume/01-introduction.md",
        "content/premier-volume/02-projecteurs/01-premier-coup-de-projecteur.md",
        "content/premier-volume/lancez-vous.md",
    ] {
        assert!(root.join(rel).is_file(), "{rel} missing");
    }
    let check = run_in(&root, &["check"]);
    check.assert_success();
    // The placeholders are flagged, as warnings, on stderr.
    assert!(
        check.stderr.contains(
            "warning[E079]: content/index.md:2: `title` still holds the placeholder « à compléter »"
        ),
        "{}",
        check.stderr
    );
    let build = run_in(&root, &["build"]);
    build.assert_success();
    let home = read(&root.join("output/index.html"));
    assert!(home.contains("Titre de la collection (à compléter)"));
    assert!(
        root.join("output/premier-volume/introduction/index.html")
            .is_file()
    );
    assert!(
        root.join("output/premier-volume/premier-coup-de-projecteur/index.html")
            .is_file()
    );
    assert!(root.join("output/glossaire/terme/index.html").is_file());
    assert!(
        root.join("output/premier-volume/lancez-vous/index.html")
            .is_file()
    );
    // --quiet: no warning.
    let quiet = run_in(&root, &["--quiet", "check"]);
    quiet.assert_success();
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}

#[test]
fn starter_content_invents_nothing() {
    let (_tmp, root) = init_site();
    for entry in walkdir(&root.join("content")) {
        let text = read(&entry);
        for invented in [
            "http://",
            "https://",
            "www.",
            "mailto",
            "DREETS",
            "Hauts-de-France",
        ] {
            assert!(
                !text.contains(invented),
                "{} holds `{invented}`",
                entry.display()
            );
        }
    }
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walkdir(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn check_strict_refuses_placeholders_until_replaced() {
    let (_tmp, root) = init_site();
    let strict = run_in(&root, &["check", "--strict"]);
    strict.assert_code(1);
    strict.assert_location("content/premier-volume/index.md", Some(3));
    strict.assert_location("content/site.yaml", Some(4));
    // A whole-line comment explaining the rule is not a placeholder.
    assert!(
        strict
            .locations()
            .iter()
            .all(|(f, l)| !(f == "content/site.yaml" && *l == Some(2))),
        "a comment line was flagged:\n{}",
        strict.stderr
    );
}

#[test]
fn strict_check_passes_once_every_placeholder_is_replaced() {
    let (_tmp, root) = init_site();
    for path in walkdir(&root.join("content")) {
        let text = read(&path);
        let fixed = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with('#') {
                    l.to_string()
                } else if let Some(i) = l.find("# à compléter") {
                    l[..i].trim_end().to_string()
                } else {
                    l.replace(" (à compléter)", "")
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(&path, fixed).unwrap();
    }
    let strict = run_in(&root, &["check", "--strict"]);
    strict.assert_success();
    assert!(!strict.stderr.contains("warning"), "{}", strict.stderr);
}

#[test]
fn init_refuses_a_non_empty_folder_and_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("busy")).unwrap();
    fs::write(tmp.path().join("busy/notes.txt"), "mes notes").unwrap();
    let run = run_in(tmp.path(), &["init", "busy"]);
    run.assert_code(1);
    run.assert_stderr("the folder is not empty (it holds notes.txt)");
    assert_eq!(fs::read_dir(tmp.path().join("busy")).unwrap().count(), 1);
    assert_eq!(read(&tmp.path().join("busy/notes.txt")), "mes notes");

    fs::write(tmp.path().join("a-file"), "x").unwrap();
    run_in(tmp.path(), &["init", "a-file"]).assert_code(1);
    assert_eq!(read(&tmp.path().join("a-file")), "x");

    // A second init of a fresh collection changes nothing.
    let (_t, root) = init_site();
    let before = snapshot(&root);
    run_in(root.parent().unwrap(), &["init", "site"]).assert_code(1);
    assert_same_tree(&before, &snapshot(&root), "the collection");
}

#[test]
fn init_in_the_current_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    run_in(tmp.path(), &["init"]).assert_success();
    run_in(tmp.path(), &["check"]).assert_success();
}

#[test]
fn new_creates_each_kind_at_its_place_with_the_next_number() {
    let (_tmp, root) = init_site();
    let new = |args: &[&str]| {
        let mut all = vec!["new"];
        all.extend_from_slice(args);
        let r = run_in(&root, &all);
        r.assert_success();
        r.stdout.trim().to_string()
    };
    // The chapter comes after the case-study folder 02-projecteurs.
    assert_eq!(
        new(&["chapter", "Le contexte : régional"]),
        "content/premier-volume/03-le-contexte-regional.md"
    );
    let chapter = read(&root.join("content/premier-volume/03-le-contexte-regional.md"));
    assert!(
        chapter.contains("title: \"Le contexte : régional\"\n"),
        "{chapter}"
    );
    assert_eq!(
        new(&[
            "case-study",
            "Terre Tous : une oasis au cœur de la cité minière"
        ]),
        "content/premier-volume/02-projecteurs/02-terre-tous-une-oasis-au-coeur-de-la-cite-miniere.md"
    );
    let case = read(&root.join(
        "content/premier-volume/02-projecteurs/02-terre-tous-une-oasis-au-coeur-de-la-cite-miniere.md",
    ));
    assert!(case.contains("number: 2\n"), "{case}");
    assert_eq!(
        new(&["term", "Économie circulaire"]),
        "content/glossaire/economie-circulaire.md"
    );
    assert_eq!(
        new(&["volume", "L'égalité femmes-hommes et la mixité des métiers"]),
        "content/l-egalite-femmes-hommes-et-la-mixite-des-metiers/index.md"
    );
    let vol = read(&root.join("content/l-egalite-femmes-hommes-et-la-mixite-des-metiers/index.md"));
    assert!(
        vol.contains("number: 2\n") && vol.contains("status: draft\n"),
        "{vol}"
    );
    // Two volumes now: a chapter needs --volume; a volume without a
    // case-study folder gets one, numbered after its chapters.
    let v = "l-egalite-femmes-hommes-et-la-mixite-des-metiers";
    let r = run_in(&root, &["new", "chapter", "Introduction"]);
    r.assert_code(1);
    r.assert_stderr(
        "--volume, one of: l-egalite-femmes-hommes-et-la-mixite-des-metiers, premier-volume",
    );
    assert_eq!(
        new(&["chapter", "--volume", v, "Introduction"]),
        format!("{v}/01-introduction.md").replace(v, &format!("content/{v}"))
    );
    assert_eq!(
        new(&["case-study", "--volume", v, "Un atelier"]),
        format!("content/{v}/02-projecteurs/01-un-atelier.md")
    );
    // Everything made by `new` builds, the draft volume included.
    run_in(&root, &["check"]).assert_success();
    run_in(&root, &["check", "--drafts"]).assert_success();
    let build = run_in(&root, &["build"]);
    build.assert_success();
    assert!(
        root.join("output/premier-volume/le-contexte-regional/index.html")
            .is_file()
    );
    assert!(
        !root.join(format!("output/{v}")).exists(),
        "a draft volume was published"
    );
}

#[test]
fn new_never_overwrites_and_refuses_a_second_page_at_one_address() {
    let (_tmp, root) = init_site();
    let before = snapshot(&root);
    // Same slug as 01-introduction.md.
    let r = run_in(&root, &["new", "chapter", "Introduction"]);
    r.assert_code(1);
    r.assert_stderr("already exists; nothing was written");
    // The starter term's file.
    let r = run_in(&root, &["new", "term", "Terme"]);
    r.assert_code(1);
    r.assert_stderr("content/glossaire/terme.md");
    r.assert_stderr("this file already exists; nothing was written");
    // A case study at the address of a chapter, and the reverse.
    let r = run_in(&root, &["new", "case-study", "Introduction"]);
    r.assert_code(1);
    r.assert_stderr("content/premier-volume/01-introduction.md");
    let r = run_in(&root, &["new", "chapter", "Premier coup de projecteur"]);
    r.assert_code(1);
    r.assert_stderr("02-projecteurs/01-premier-coup-de-projecteur.md");
    // A volume folder that exists.
    run_in(&root, &["new", "volume", "Premier volume"]).assert_code(1);
    // A volume at the address of a generated page or in a folder that
    // content/ gives its own role: it could never build.
    for title in [
        "Medias",
        "Données",
        "Static",
        "Pagefind",
        "Recherche",
        "PTCE",
        "Pages",
    ] {
        let r = run_in(&root, &["new", "volume", title]);
        r.assert_code(1);
        r.assert_stderr("is already taken by a page panorama generates");
    }
    // A title without letters, an unknown volume.
    run_in(&root, &["new", "chapter", " ?! "]).assert_code(1);
    let r = run_in(&root, &["new", "chapter", "--volume", "nope", "Un titre"]);
    r.assert_code(1);
    r.assert_stderr("there is no volume folder `nope`");
    assert_same_tree(&before, &snapshot(&root), "the collection");
}

#[test]
fn new_outside_a_collection_points_to_init() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["new", "chapter", "Un titre"]);
    r.assert_code(1);
    r.assert_stderr("panorama init");
    assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 0);
}

#[test]
fn completions_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = run_in(tmp.path(), &["completions", shell]);
        r.assert_success();
        assert!(r.stdout.contains("panorama"), "{shell}");
        assert!(r.stdout.contains("volume"), "{shell}: no `new --volume`");
        // Values of positional arguments: only these two complete them.
        if shell == "bash" || shell == "zsh" {
            assert!(r.stdout.contains("case-study"), "{shell}: no `new` kinds");
        }
    }
    run_in(tmp.path(), &["completions", "tcsh"]).assert_code(2);
}

#[test]
fn help_points_to_the_docs_exit_codes_and_environment() {
    let tmp = tempfile::tempdir().unwrap();
    let r = run_in(tmp.path(), &["--help"]);
    r.assert_success();
    for needle in [
        "docs/content-model.md",
        "Exit codes:",
        "  2  usage error",
        "NO_COLOR",
        "PANORAMA_TIMINGS",
        "init",
        "completions",
    ] {
        assert!(
            r.stdout.contains(needle),
            "--help lacks {needle:?}:\n{}",
            r.stdout
        );
    }
}

#[test]
fn check_takes_a_base_url() {
    let site = Site::minimal();
    site.run(&["check", "--base-url", "https://example.org/panoramas/"])
        .assert_success();
    let r = site.run(&["check", "--base-url", "example.org/panoramas"]);
    r.assert_code(1);
    r.assert_stderr("invalid --base-url");
}

/// The minimal fixture with `CASE`'s front matter broken by `edit`; the
/// failed check.
fn broken_case(edit: impl FnOnce(&str) -> String) -> Run {
    let site = Site::minimal();
    let text = site.read(CASE);
    site.write(CASE, edit(&text));
    let run = site.run(&["check"]);
    run.assert_code(1);
    for library in [
        "mapping values",
        "DuplicateKeyPolicy",
        "sequence start",
        "scalar",
        "in this context",
        "Option<",
    ] {
        assert!(
            !run.stderr.contains(library),
            "crate wording {library:?}:\n{}",
            run.stderr
        );
    }
    run
}

#[test]
fn colon_in_a_value_asks_for_quotes_and_shows_the_fixed_line() {
    let run = broken_case(|t| {
        t.replace(
            "title: La ressourcerie du bassin minier",
            "title: Terre Tous : une oasis au cœur de la cité minière",
        )
    });
    run.assert_location(CASE, Some(4));
    run.assert_stderr("the value of `title` contains `: `");
    run.assert_stderr(r#"help: put the value between quotes (French punctuation puts a space before `:`): `title: "Terre Tous : une oasis au cœur de la cité minière"`"#);
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn tab_gets_a_help_line() {
    let run = broken_case(|t| {
        t.replace(
            "    role: met à disposition un local",
            "\trole: met à disposition un local",
        )
    });
    run.assert_location(CASE, Some(13));
    run.assert_stderr("a tab character");
    run.assert_stderr("replace the tab with spaces");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn duplicate_key_names_both_lines() {
    let run = broken_case(|t| {
        t.replace(
            "structure: La Ressourcerie\n",
            "structure: La Ressourcerie\ntitle: Un autre titre\n",
        )
    });
    run.assert_location(CASE, Some(7));
    run.assert_stderr("`title` is given twice, on line 4 and on line 7");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn scalar_where_a_list_is_expected_shows_the_list_form() {
    let run = broken_case(|t| t.replace("communes: [Carvin]", "communes: Lille"));
    run.assert_location(CASE, Some(9));
    run.assert_stderr("`communes` is a list, not a single value");
    run.assert_stderr("communes:\n          - Lille");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}

#[test]
fn value_outside_an_enumeration_lists_the_allowed_values() {
    let run = broken_case(|t| t.replace("departement: \"62\"", "departement: \"76\""));
    run.assert_location(CASE, Some(8));
    run.assert_stderr(
        "`76` is not a département of the Hauts-de-France: use one of 02, 59, 60, 62, 80",
    );
    let run = broken_case(|t| t.replace("structure_type: aci", "structure_type: chantier"));
    run.assert_location(CASE, Some(7));
    run.assert_stderr("it must be one of ei, ea, aci, ai, etti, esat, geiq, regie-de-quartier, association, ptce, other");
}

#[test]
fn every_yaml_error_of_a_file_is_reported_with_its_line() {
    let run = broken_case(|t| {
        t.replace(
            "title: La ressourcerie du bassin minier",
            "title: Terre Tous : une oasis",
        )
        .replace(
            "structure_type: aci",
            "structure_type: chantier\ntitle: doublon",
        )
        .replace("departement: \"62\"", "departement: \"76\"")
        .replace("communes: [Carvin]", "communes: Lille")
        .replace(
            "    role: met à disposition un local",
            "\trole: met à disposition un local",
        )
        .replace("number: 1", "numbre: 1")
    });
    for line in [2, 4, 7, 8, 9, 10, 14] {
        run.assert_location(CASE, Some(line));
    }
    // A misspelt required key is reported once, not also as missing.
    run.assert_stderr("did you mean `number`");
    assert!(!run.stderr.contains("missing"), "{}", run.stderr);
    assert_eq!(run.error_count(), 7, "{}", run.stderr);
}

#[test]
fn errors_in_several_files_and_in_site_yaml_are_all_reported() {
    let site = Site::minimal();
    site.replace(
        "content/site.yaml",
        "language: fr",
        "language: fr: en\nlangage: fr",
    );
    site.replace(CASE, "communes: [Carvin]", "communes: Lille");
    let run = site.run(&["build"]);
    run.assert_code(1);
    run.assert_location("content/site.yaml", Some(4));
    run.assert_location("content/site.yaml", Some(5));
    run.assert_location(CASE, Some(9));
    assert!(!site.output().exists());
}

#[test]
fn mistyped_front_matter_fences_are_named() {
    let site = Site::minimal();
    let intro = "content/economie-locale/01-introduction.md";
    site.replace_line(intro, 5, "---", "----");
    let run = site.run(&["check"]);
    run.assert_code(1);
    run.assert_stderr("the front matter is not closed: line 5 is `----`, not `---`");
    let text = site.read(intro).replacen("----", "---", 1);
    site.write(intro, format!("\n{text}"));
    let run = site.run(&["check"]);
    run.assert_code(1);
    run.assert_stderr("remove the empty lines above the opening `---`");
    site.write(intro, text.replacen("---", "—", 1));
    let run = site.run(&["check"]);
    run.assert_code(1);
    run.assert_stderr("the file starts with `—`, not with `---`");
}

#[test]
fn missing_spaces_apostrophes_booleans_and_case_of_keys() {
    let run = broken_case(|t| {
        t.replace("number: 1", "number: 1\ndraft: oui")
            .replace(
                "title: La ressourcerie du bassin minier",
                "title:La ressourcerie du bassin minier",
            )
            .replace("structure: La Ressourcerie", "Structure: La Ressourcerie")
            .replace("communes: [Carvin]", "communes:\n  -Carvin")
    });
    run.assert_location(CASE, Some(3));
    run.assert_stderr("`draft` must be `true` or `false`, not `oui`");
    run.assert_location(CASE, Some(5));
    run.assert_stderr(
        "help: a key is followed by a colon and a space: `title: La ressourcerie du bassin minier`",
    );
    run.assert_location(CASE, Some(7));
    run.assert_stderr("did you mean `structure`?");
    run.assert_location(CASE, Some(11));
    run.assert_stderr("help: write `  - Carvin`");
    assert_eq!(run.error_count(), 4, "{}", run.stderr);

    let run = broken_case(|t| {
        t.replace(
            "title: La ressourcerie du bassin minier",
            "title: 'L'atelier du bassin minier'",
        )
    });
    run.assert_location(CASE, Some(4));
    run.assert_stderr(r#"`title: "L'atelier du bassin minier"`"#);
}

#[test]
fn an_unclosed_quote_is_named_where_it_opens() {
    let run = broken_case(|t| {
        t.replace(
            "description: Une ressourcerie qui emploie des salariés en insertion.",
            "description: \"Une ressourcerie qui emploie des salariés en insertion.",
        )
    });
    run.assert_location(CASE, Some(5));
    run.assert_stderr("the `\"` that opens the value on this line is never closed");
    assert_eq!(run.error_count(), 1, "{}", run.stderr);
}
