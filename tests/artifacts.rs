//! The published files other programs read: links of the Markdown body
//! (`mailto:`), content files found whatever the case of their extension.

mod common;

use common::Site;

/// An e-mail autolink (`<a@b.fr>`) and a `mailto:` destination both give
/// one `mailto:` prefix.
#[test]
fn email_links_have_one_mailto() {
    let site = Site::minimal();
    let page = "content/economie-locale/02-contexte.md";
    site.replace(
        page,
        "Le PTCE Hénin-Carvin fédère les acteurs du territoire.",
        "Le PTCE Hénin-Carvin fédère les acteurs du territoire.\n\n\
         Contact : <accueil@example.org>, [écrire](mailto:ecrire@example.org) \
         ou <mailto:autre@example.org>.",
    );
    site.build_ok();
    let html = site.out("economie-locale/contexte/index.html");
    let hrefs: Vec<String> = common::tags(&html)
        .iter()
        .filter(|t| t.name == "a")
        .filter_map(|t| t.attr("href").map(str::to_string))
        .filter(|h| h.contains('@'))
        .collect();
    assert_eq!(
        hrefs,
        [
            "mailto:accueil@example.org",
            "mailto:ecrire@example.org",
            "mailto:autre@example.org"
        ],
        "{html}"
    );
}

/// `06-page.MD` (any case of the extension) is a chapter, not a raw file.
#[test]
fn upper_case_md_extension_is_a_page() {
    let site = Site::minimal();
    site.write(
        "content/economie-locale/06-annexe.MD",
        "---\ntitle: Une annexe\n---\n\nLe texte de l'annexe.\n",
    );
    site.write(
        "content/economie-locale/07-suite.Md",
        "---\ntitle: Une suite\n---\n\nLe texte de la suite.\n",
    );
    site.build_ok();
    let out = site.output();
    assert!(!out.join("economie-locale/06-annexe.MD").exists());
    assert!(!out.join("economie-locale/07-suite.Md").exists());
    let annexe = site.out("economie-locale/annexe/index.html");
    assert!(annexe.contains("Le texte de l’annexe") || annexe.contains("Le texte de l'annexe"));
    assert!(
        site.out("economie-locale/suite/index.html")
            .contains("Le texte de la suite")
    );
}
