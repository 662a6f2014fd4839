//! The editor's half of issue 13. Publishing: a volume's state is said once, by its index.md,
//! and site.yaml follows it (or disagrees loudly, E060); `draft` works the
//! same on every kind of page, a published page never links to a draft
//! (E061), and `--drafts` marks drafts with a banner. Messages: broken
//! links at their line and column, theme errors where the theme was chosen.
//! Progress and Ctrl-C: tests/progress.rs.

mod common;

use common::{Site, run_in};

const EGALITE: &str = "L'égalité femmes-hommes et la mixité des métiers";
const EGALITE_DIR: &str = "l-egalite-femmes-hommes-et-la-mixite-des-metiers";
const ABSOLUTE: &str = "https://example.org/";

/// The home page's card of the panorama whose title holds `needle`.
fn card<'a>(home: &'a str, needle: &str) -> &'a str {
    home.split("<li class=\"card")
        .skip(1)
        .find(|c| c.contains(needle))
        .and_then(|c| c.split("</li>").next())
        .unwrap_or_else(|| panic!("no card for {needle}:\n{home}"))
}

#[test]
fn new_volume_then_one_edit_publishes_it_everywhere() {
    let site = Site::minimal();
    let new = run_in(&site.root, &["new", "volume", EGALITE]);
    new.assert_success();
    assert_eq!(new.stdout.trim(), format!("content/{EGALITE_DIR}/index.md"));
    // Its panorama's entry of site.yaml now names it: one line inserted.
    let yaml = site.read("content/site.yaml");
    assert!(
        yaml.contains(&format!(
            "  - title: {EGALITE}\n    volume: {EGALITE_DIR}\n    status: forthcoming\n"
        )),
        "{yaml}"
    );
    new.assert_stderr("content/site.yaml:9: `volume: l-egalite");
    new.assert_stderr("write `status: published` there — nothing else");

    // A draft: nowhere in the built site.
    site.run(&["build", "--base-url", ABSOLUTE])
        .assert_success();
    assert!(!site.output().join(EGALITE_DIR).exists());
    let home = site.out("index.html");
    let c = card(&home, "égalité femmes-hommes");
    assert!(c.contains("À paraître") && !c.contains("href="), "{c}");
    assert!(!home.contains("Brouillon"), "a draft is labelled in build");
    for file in ["sitemap.xml", "atom.xml", "plan-du-site/index.html"] {
        assert!(!site.out(file).contains(EGALITE_DIR), "{file}");
    }

    // One edit, in one file.
    site.replace(
        &format!("content/{EGALITE_DIR}/index.md"),
        "status: draft",
        "status: published",
    );
    site.run(&["build", "--base-url", ABSOLUTE])
        .assert_success();
    let url = format!("/{EGALITE_DIR}/");
    assert!(site.output().join(EGALITE_DIR).join("index.html").is_file());
    let home = site.out("index.html");
    let c = card(&home, "égalité femmes-hommes");
    assert!(
        c.contains("Publié") && c.contains(&format!("href=\"{url}\"")),
        "{c}"
    );
    // Navigation (every page), site map, sitemap, feed, open data.
    let chapter = site.out("economie-locale/introduction/index.html");
    let nav = chapter
        .split("</nav>")
        .next()
        .unwrap_or_default()
        .to_owned()
        + chapter.split("<footer").nth(1).unwrap_or_default();
    assert!(nav.contains(&format!("href=\"{url}\"")), "navigation");
    assert!(site.out("plan-du-site/index.html").contains(&url));
    assert!(
        site.out("sitemap.xml")
            .contains(&format!("https://example.org{url}"))
    );
    assert!(
        site.out("atom.xml")
            .contains(&format!("https://example.org{url}"))
    );
}

#[test]
fn site_yaml_calling_a_draft_volume_published_names_both_files() {
    let site = Site::minimal();
    site.build_ok();
    site.replace(
        "content/economie-locale/index.md",
        "description: Le volume de test.\n",
        "description: Le volume de test.\nstatus: draft\n",
    );
    for cmd in ["build", "check"] {
        let run = site.run(&[cmd]);
        run.assert_code(1);
        // The `status: published` line of the entry, and the volume's line.
        run.assert_diagnostic("E060", "content/site.yaml", Some(11));
        run.assert_stderr("content/economie-locale/index.md:7 says so");
        assert_eq!(run.error_count(), 1, "{}", run.stderr);
    }
    // `draft: true` is the same as `status: draft`.
    site.replace(
        "content/economie-locale/index.md",
        "status: draft\n",
        "draft: true\n",
    );
    let run = site.run(&["check"]);
    run.assert_diagnostic("E060", "content/site.yaml", Some(11));
    run.assert_stderr("content/economie-locale/index.md:7 says so");
    // Without `status:` in site.yaml, the entry follows the volume: no error.
    site.replace("content/site.yaml", "    status: published\n", "");
    site.run(&["build"]).assert_success();
    let home = site.out("index.html");
    let c = card(&home, "économie locale");
    assert!(c.contains("À paraître") && !c.contains("href="), "{c}");
    assert!(!site.output().join("economie-locale").exists());
}

#[test]
fn draft_works_on_every_kind_of_page() {
    let site = Site::minimal();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "subtitle: National et régional\n",
        "subtitle: National et régional\ndraft: true\n",
    );
    site.replace(
        "content/economie-locale/05-projecteurs/01-la-ressourcerie.md",
        "---\nnumber: 1\n",
        "---\ndraft: true\nnumber: 1\n",
    );
    site.replace(
        "content/economie-locale/lancez-vous.md",
        "---\ntitle:",
        "---\ndraft: true\ntitle:",
    );
    site.replace(
        "content/glossaire/economie-circulaire.md",
        "---\nterm:",
        "---\ndraft: true\nterm:",
    );
    // Links to them would be errors (tested below): take them out.
    site.replace(
        "content/glossaire/ess.md",
        "see_also: [economie-circulaire]\n",
        "",
    );
    let intro = site.read("content/economie-locale/01-introduction.md");
    let intro = intro.replace(
        "@/economie-locale/02-contexte.md#le-contexte-regional",
        "@/economie-locale/index.md",
    );
    site.write("content/economie-locale/01-introduction.md", intro);
    let run = site.run(&["build"]);
    run.assert_success();
    for gone in [
        "economie-locale/contexte",
        "economie-locale/la-ressourcerie",
        "economie-locale/lancez-vous",
        "glossaire/economie-circulaire",
    ] {
        assert!(!site.output().join(gone).exists(), "{gone} was published");
    }
    // Nothing of a plain build says « brouillon ».
    let all = common::html_files(&site.output());
    for f in &all {
        let html = std::fs::read_to_string(site.output().join(f)).unwrap();
        assert!(!html.contains("Brouillon"), "{}", f.display());
    }

    site.run(&["build", "--drafts"]).assert_success();
    for (page, draft) in [
        ("economie-locale/contexte/index.html", true),
        ("economie-locale/la-ressourcerie/index.html", true),
        ("economie-locale/lancez-vous/index.html", true),
        ("glossaire/economie-circulaire/index.html", true),
        ("economie-locale/introduction/index.html", false),
        ("economie-locale/index.html", false),
        ("index.html", false),
    ] {
        let html = site.out(page);
        assert_eq!(
            html.contains("class=\"draft-banner\""),
            draft,
            "{page}: banner"
        );
    }
}

#[test]
fn a_draft_volume_in_drafts_mode_is_marked_never_published() {
    let site = Site::minimal();
    site.replace("content/site.yaml", "    status: published\n", "");
    site.replace(
        "content/economie-locale/index.md",
        "description: Le volume de test.\n",
        "description: Le volume de test.\nstatus: draft\n",
    );
    // (The dsfr theme: tests/dsfr.rs.)
    site.run(&["build", "--drafts"]).assert_success();
    let home = site.out("index.html");
    assert!(!home.contains("Le panorama publié"), "{home}");
    let c = card(&home, "économie locale");
    assert!(
        c.contains("Brouillon — non publié") && !c.contains(">Publié<"),
        "{c}"
    );
    assert!(c.contains("href=\"/economie-locale/\""), "{c}");
    let volume = site.out("economie-locale/index.html");
    assert!(volume.contains("class=\"draft-banner\""), "banner");
    assert!(volume.contains("(brouillon)</a>"), "navigation");
    // Its chapters are drafts too.
    assert!(
        site.out("economie-locale/introduction/index.html")
            .contains("class=\"draft-banner\"")
    );
}

#[test]
fn links_from_published_pages_to_drafts_are_errors_at_their_place() {
    let site = Site::minimal();
    site.build_ok();
    site.replace(
        "content/economie-locale/02-contexte.md",
        "subtitle: National et régional\n",
        "subtitle: National et régional\ndraft: true\n",
    );
    site.replace(
        "content/glossaire/economie-circulaire.md",
        "---\nterm:",
        "---\ndraft: true\nterm:",
    );
    let run = site.run(&["build"]);
    run.assert_code(1);
    let intro = site.read("content/economie-locale/01-introduction.md");
    let (line, col) = intro
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            l.find("[contexte régional](@/economie-locale/02-contexte.md")
                .map(|c| (i + 1, l[..c].chars().count() + 1))
        })
        .expect("the fixture links to the context chapter");
    run.assert_diagnostic(
        "E061",
        "content/economie-locale/01-introduction.md",
        Some(line),
    );
    run.assert_stderr(&format!(
        "--> content/economie-locale/01-introduction.md:{line}:{col}"
    ));
    run.assert_diagnostic("E061", "content/glossaire/ess.md", Some(4));
    // With --drafts, both exist: no error.
    site.run(&["build", "--drafts"]).assert_success();
}

/// Broken links carry the line and column of the link in its Markdown
/// source: `@/` pages (E020), anchors (E021) and links of the generated
/// page (E040, checked once every page rendered), also under a base path.
#[test]
fn broken_links_point_at_line_and_column() {
    let site = Site::minimal();
    let file = "content/economie-locale/02-contexte.md";
    let text = site.read(file);
    let line = text.lines().count() + 2;
    let with = |extra: &str| site.write(file, format!("{text}\n{extra}\n"));
    with("Voir [ici](@/nulle-part.md) et [là](@/economie-locale/01-introduction.md#nulle).");
    let run = site.run(&["check"]);
    run.assert_code(1);
    for (code, col) in [("E020", 6), ("E021", 32)] {
        run.assert_diagnostic(code, file, Some(line));
        run.assert_stderr(&format!("--> {file}:{line}:{col}\n"));
    }
    with("Puis [la page](/nulle-part/), et <a href=\"/ailleurs/\">ailleurs</a>.");
    for args in [
        &["check"][..],
        &["check", "--base-url", "https://example.org/panoramas/"][..],
    ] {
        let run = site.run(args);
        run.assert_code(1);
        assert_eq!(run.error_count(), 2, "{}", run.stderr);
        for col in [16, 43] {
            run.assert_diagnostic("E040", file, Some(line));
            run.assert_stderr(&format!("--> {file}:{line}:{col}\n"));
        }
    }
}

/// A theme problem points at where the theme was chosen: `--theme` on the
/// command line, or the `theme:` line of content/site.yaml.
#[test]
fn theme_errors_point_at_where_the_theme_was_chosen() {
    let site = Site::minimal();
    for (theme, code) in [("nope", "E030"), ("dsfr", "E032"), ("../x", "E030")] {
        let run = site.run(&["check", "--theme", theme]);
        run.assert_code(1);
        run.assert_diagnostic(code, "--theme", None);
        run.assert_stderr("chosen with --theme on the command line");
        assert!(!run.stderr.contains("content/site.yaml"), "{}", run.stderr);

        site.write(
            "content/site.yaml",
            site.read("content/site.yaml")
                .replace("theme: panorama", &format!("theme: {theme}")),
        );
        let run = site.run(&["check"]);
        run.assert_code(1);
        run.assert_diagnostic(code, "content/site.yaml", Some(6));
        assert!(!run.stderr.contains("--theme"), "{}", run.stderr);
        site.write(
            "content/site.yaml",
            site.read("content/site.yaml")
                .replace(&format!("theme: {theme}"), "theme: panorama"),
        );
    }
}

/// A mistyped `volume:` would keep the volume off the home page for good,
/// silently: it is an error whatever the entry's status.
#[test]
fn a_volume_entry_naming_no_folder_is_an_error() {
    let site = Site::minimal();
    site.replace("content/site.yaml", "    status: published\n", "");
    site.replace(
        "content/site.yaml",
        "volume: economie-locale",
        "volume: economie-local",
    );
    let run = site.run(&["check"]);
    run.assert_code(1);
    run.assert_diagnostic("E019", "content/site.yaml", Some(11));
    run.assert_stderr("did you mean `economie-locale`?");
}
