//! The shipped volume-3 site, built by the real binary: what the issues
//! promise a reader will find on it, and builds that are reproducible.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_panorama");
const VOL: &str = "economie-locale-et-solidaire";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the shipped content into a fresh folder and returns it.
fn build(threads: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let mut cmd = Command::new(BIN);
    cmd.args(["build", "--quiet", "--root"])
        .arg(root())
        .arg("--output")
        .arg(&out);
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    let run = cmd.output().unwrap();
    assert!(
        run.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            map.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    map
}

/// The HTML between the element whose `id` is given and the next `<h2`.
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no id {id}"));
    let rest = &html[start..];
    let end = rest[10..].find("<h2").map_or(rest.len(), |e| e + 10);
    &rest[..end]
}

#[test]
fn check_passes_on_the_shipped_content() {
    let run = Command::new(BIN)
        .args(["check", "--root"])
        .arg(root())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("no error"));
}

#[test]
fn parallel_and_single_threaded_builds_are_byte_identical() {
    let (_a, many) = build(None);
    let (_b, one) = build(Some("1"));
    let (ta, tb) = (tree(&many), tree(&one));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(
            v == &tb[k],
            "{k} differs between a parallel and a single-threaded build"
        );
    }
}

#[test]
fn every_ptce_sits_under_its_departement() {
    let (_t, out) = build(None);
    let html = read(&out, "ptce/index.html");
    let expected: &[(&str, &[&str])] = &[
        ("aisne-02", &["La Boutique Apprenante"]),
        (
            "nord-59",
            &["Auton’Hommes", "Collectif Emploi", "Les Flamands Bios"],
        ),
        (
            "oise-60",
            &[
                "Emergence Sud Oise",
                "Partage Travail",
                "Pôle de coopération Oise Est",
            ],
        ),
        (
            "pas-de-calais-62",
            &[
                "Anima Grand Calais",
                "CoHose",
                "PTCE Hénin-Carvin",
                "Noeux Environnement",
                "Quai des initiatives solidaires",
            ],
        ),
        ("somme-80", &["KatalyZe"]),
    ];
    let mut total = 0;
    for (dep, names) in expected {
        let s = section(&html, dep);
        for name in *names {
            assert!(s.contains(name), "{name} not under {dep}");
            total += 1;
        }
    }
    assert_eq!(total, 13);
    assert!(
        section(&html, "pas-de-calais-62").contains("7 PTCE"),
        "count of Pas-de-Calais"
    );
    assert!(html.contains("15 PTCE"), "total of the register");
}

#[test]
fn case_studies_and_ptce_link_both_ways() {
    let (_t, out) = build(None);
    let case = read(&out, &format!("{VOL}/ptce-henin-carvin/index.html"));
    assert!(
        case.contains("href=\"/ptce/#ptce-henin-carvin\""),
        "case study → its PTCE"
    );
    let ptce = read(&out, "ptce/index.html");
    let entry = section(&ptce, "pas-de-calais-62");
    let entry = &entry[entry.find("id=\"ptce-henin-carvin\"").unwrap()..];
    let entry = &entry[..entry.find("</li>").unwrap()];
    assert!(
        entry.contains(&format!("href=\"/{VOL}/ptce-henin-carvin/\"")),
        "PTCE → case study"
    );
    let katalyze = section(&ptce, "somme-80");
    assert!(
        katalyze.contains(&format!("href=\"/{VOL}/on-a-aussi-repere/\"")),
        "KatalyZe → « On a aussi repéré »"
    );
}

#[test]
fn case_studies_link_to_the_glossary_and_terms_link_back() {
    let (_t, out) = build(None);
    for case in [
        "conciergerie-solidaire",
        "atelier-du-vert-bocage",
        "bouquinerie-du-sart",
        "terre-tous",
        "ptce-henin-carvin",
    ] {
        let html = read(&out, &format!("{VOL}/{case}/index.html"));
        assert!(
            html.contains("class=\"term-link\" href=\"/glossaire/"),
            "{case} has no glossary link"
        );
    }
    for term in [
        "economie-locale",
        "economie-solidaire",
        "economie-circulaire",
        "filiere-inclusive",
        "cooperation-territoriale",
    ] {
        let html = read(&out, &format!("glossaire/{term}/index.html"));
        let used = section(&html, "utilise-dans");
        assert!(
            used.contains(&format!("href=\"/{VOL}/")),
            "{term} lists no page using it"
        );
    }
}

#[test]
fn the_home_page_lists_the_five_panoramas() {
    let (_t, out) = build(None);
    let html = read(&out, "index.html");
    for title in [
        "égalité femmes-hommes",
        "validation et la reconnaissance des acquis",
        "situation de handicap",
        "achats socialement responsables",
        "économie locale et solidaire",
    ] {
        assert!(html.to_lowercase().contains(title), "{title}");
    }
    // The source does not say the four others are forthcoming: it says the
    // whole collection is on the DREETS site. No invented link either.
    assert!(
        !html.contains("À paraître"),
        "no panorama announced as forthcoming"
    );
    assert_eq!(
        html.matches("Sur le site de l’éditeur").count(),
        4,
        "four panoramas of the collection published elsewhere"
    );
    assert_eq!(
        html.matches("accessible sur le site de l’éditeur (DREETS Hauts-de-France)")
            .count(),
        4
    );
    let cards = &html[html.find("id=\"panoramas-titre\"").unwrap()..];
    let cards = &cards[..cards.find("</section>").unwrap()];
    assert_eq!(
        cards.matches("href=").count(),
        1,
        "only the volume on this site is linked"
    );
    assert!(cards.contains(&format!("href=\"/{VOL}/\"")));
}

#[test]
fn identity_cards_show_each_partner_and_funder_role() {
    let (_t, out) = build(None);
    let card = |slug: &str| {
        let html = read(&out, &format!("{VOL}/{slug}/index.html"));
        let start = html.find("id=\"fiche-titre\"").unwrap();
        let end = start + html[start..].find("</aside>").unwrap();
        html[start..end].to_string()
    };
    let terre = card("terre-tous");
    assert!(terre.contains("<span class=\"party-name\">Ptipot’</span>"));
    assert!(
        terre.contains("soutiendra le pôle lien social"),
        "a planned support stays planned"
    );
    assert!(terre.contains("<span class=\"party-name\">Groupe Nicollin</span> — <span class=\"party-role\">finance les ruches</span>"));
    // A learning visit and a network are not partners in the source.
    assert!(!terre.contains("Lille Sud Insertion") && !terre.contains("Mouvement des régies"));
    let bocage = card("atelier-du-vert-bocage");
    assert!(
        !bocage.contains("Bol Vert"),
        "an inspiration, not a partner"
    );
    assert!(bocage.contains("association qui gère l’entreprise adaptée"));
}

#[test]
fn ptce_page_sets_the_case_studies_apart_from_the_ptce_list() {
    let (_t, out) = build(None);
    let html = read(&out, "ptce/index.html");
    let dep = section(&html, "pas-de-calais-62");
    let list_end = dep.find("</ul>").unwrap();
    // A block of its own, not an <aside>: inside <main> that would be a
    // nested landmark, and one per département with the same name (RGAA
    // 12.6, axe landmark-complementary-is-top-level / landmark-unique).
    let aside = dep
        .find("<div class=\"case-studies\" data-pagefind-ignore>")
        .expect("the case studies of the département in their own block");
    assert!(aside > list_end, "after the PTCE list, not inside it");
    let aside = &dep[aside..];
    assert!(aside.contains(
        "<h3 id=\"pas-de-calais-62-projecteurs\" class=\"case-studies-title\">Coups de projecteur dans ce département</h3>"
    ));
    assert!(aside.contains("qu’elles concernent ou non un PTCE de la liste ci-dessus"));
    assert!(aside.contains(&format!("href=\"/{VOL}/terre-tous/\"")));
}

#[test]
fn open_data_is_published() {
    let (_t, out) = build(None);
    let cases: serde_json::Value =
        serde_json::from_str(&read(&out, "donnees/etudes-de-cas.json")).unwrap();
    assert_eq!(cases.as_array().unwrap().len(), 5);
    assert_eq!(
        cases[0]["contact_courriel"],
        "contact@conciergerie-solidaire.fr"
    );
    let ptce: serde_json::Value = serde_json::from_str(&read(&out, "donnees/ptce.json")).unwrap();
    assert_eq!(ptce.as_array().unwrap().len(), 15);
    let csv = read(&out, "donnees/etudes-de-cas.csv");
    assert_eq!(csv.lines().count(), 6, "header and five case studies");
    // The shipped base_url `/` has no host: no Atom feed (tests/artifacts.rs).
    assert!(!out.join("atom.xml").exists());
}
