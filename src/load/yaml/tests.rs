//! Unit tests of the YAML front-matter reader: each slip an editor makes
//! gets a located message of ours.

use super::*;
use crate::model::CaseStudyMeta;
use serde::Deserialize;

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Meta {
    title: String,
    number: u32,
}

fn errs(yaml: &str) -> Vec<Diagnostic> {
    let file = format!("---\n{yaml}---\nbody\n");
    parse::<Meta>(yaml, Path::new("a.md"), 2, &file).unwrap_err()
}

fn err(yaml: &str) -> Diagnostic {
    let mut e = errs(yaml);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.remove(0)
}

const CASE: &str =
    "number: 1\nheading: h\ntitle: t\nstructure: s\nstructure_type: ei\ndepartement: \"59\"\n";

fn case_errs(extra: &str, from: &str, to: &str) -> Vec<Diagnostic> {
    let yaml = format!("{}{extra}", CASE.replace(from, to));
    let file = format!("---\n{yaml}---\nbody\n");
    parse::<CaseStudyMeta>(&yaml, Path::new("a.md"), 2, &file).unwrap_err()
}

#[test]
fn unknown_field_gets_file_line_and_suggestion() {
    let d = err("title: a\nnumber: 3\ntitel: b\n");
    assert_eq!(d.line, Some(4));
    assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
    assert!(!d.message.contains("line "), "{}", d.message);
    assert!(d.hint.unwrap().contains("did you mean `title`"));
    assert_eq!(d.snippet.as_deref(), Some("titel: b"));
}

#[test]
fn wrong_type_and_missing_field_are_located() {
    let d = err("title: a\nnumber: trois\n");
    assert_eq!(d.line, Some(3));
    assert!(
        d.message
            .contains("`number` must be a whole number, like `3`, not `trois`"),
        "{}",
        d.message
    );
    let d = err("number: 3\n");
    assert!(d.message.contains("missing field `title`"), "{}", d.message);
}

#[test]
fn syntax_error_is_reported_not_panicked() {
    let d = err("title: [a\nnumber: 3\n");
    assert!(d.line.is_some());
}

#[test]
fn every_error_of_a_file_is_reported_with_its_line() {
    let e = errs("titel: a\nnumber: trois\nfoo: : b\n");
    let lines: Vec<_> = e.iter().map(|d| d.line.unwrap()).collect();
    assert_eq!(lines, [2, 3, 4], "{e:#?}");
    // `title` is missing, but only because of the typo: not reported.
    let e = errs("titel: a\nnumber: 3\n");
    assert_eq!(e.len(), 1, "{e:#?}");
    let e = errs("title: Terre : une oasis\nnumber: un\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e.iter().all(|d| !d.message.contains("missing")), "{e:#?}");
}

#[test]
fn colon_in_a_value_shows_the_quoted_line() {
    let d = err("title: Terre Tous : une oasis\nnumber: 3\n");
    assert_eq!(d.line, Some(2));
    let h = d.hint.unwrap();
    assert!(h.contains("between quotes"), "{h}");
    assert!(h.contains(r#"`title: "Terre Tous : une oasis"`"#), "{h}");
    let d = err("title: Le « x » : \"y\"\nnumber: 3\n");
    assert!(d.hint.unwrap().contains(r#"`title: 'Le « x » : "y"'`"#));
}

#[test]
fn tab_duplicate_list_and_enumeration() {
    let d = err("title: a\n\tnumber: 3\n");
    assert_eq!(d.line, Some(3), "{d:#?}");
    assert!(d.message.contains("tab"), "{}", d.message);
    let d = err("title: a\nnumber: 3\ntitle: b\n");
    assert!(
        d.message.contains("on line 2 and on line 4"),
        "{}",
        d.message
    );
    let e = case_errs("communes: Lille\n", "", "");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message.contains("`communes` is a list"),
        "{}",
        e[0].message
    );
    assert!(
        e[0].hint
            .as_ref()
            .unwrap()
            .contains("communes:\n          - Lille"),
        "{:?}",
        e[0].hint
    );
    let e = case_errs("", "\"59\"", "\"76\"");
    assert!(
        e[0].message.contains("one of 02, 59, 60, 62, 80"),
        "{}",
        e[0].message
    );
    let e = case_errs("", "ei\n", "eii\n");
    assert!(
        e[0].message.contains("must be one of ei, ea"),
        "{}",
        e[0].message
    );
    assert!(e[0].hint.as_ref().unwrap().contains("did you mean `ei`"));
}

#[test]
fn apostrophes_and_quotes() {
    let d = err("title: 'L'économie sociale'\nnumber: 3\n");
    assert!(
        d.message
            .contains("an apostrophe inside a value between single quotes"),
        "{}",
        d.message
    );
    assert!(d.hint.unwrap().contains(r#"`title: "L'économie sociale"`"#));
    let d = err("title: \"Le « x »\" suite\nnumber: 3\n");
    assert!(
        d.message.contains("text follows the closing quote"),
        "{}",
        d.message
    );
    assert!(d.hint.unwrap().contains(r#"`title: '"Le « x »" suite'`"#));
}

#[test]
fn the_cause_above_is_named() {
    // An unclosed quote swallows the lines below it.
    let e = errs("title: \"Terre Tous, une oasis\nnumber: 3\nslug: \"x\"\n");
    assert_eq!(e[0].line, Some(2), "{e:#?}");
    assert!(e[0].message.contains("never closed"), "{}", e[0].message);
    // An unclosed `[` too.
    let file = "---\nterm: T\nsee_also: [a, b\nsource: S\n---\n";
    let e = parse::<crate::model::TermMeta>(&file[4..file.len() - 4], Path::new("a.md"), 2, file)
        .unwrap_err();
    assert_eq!(e[0].line, Some(3), "{e:#?}");
    assert!(
        e[0].message
            .contains("the `[` on this line is never closed")
    );
    // An indented first key: said once, the rest read normally.
    let e = errs(" title: a\nnumber: trois\n");
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(
        e[0].message.contains("`title` is indented"),
        "{}",
        e[0].message
    );
    assert_eq!(e[1].line, Some(3));
    // A mistyped key with no colon: not also reported missing.
    let e = errs("titl\nnumber: 3\n");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message.contains("`titl` is neither"),
        "{}",
        e[0].message
    );
}

#[test]
fn missing_spaces_after_colon_and_hyphen() {
    let d = &errs("number: 3\ntitle:Mon titre\n")[0];
    assert!(
        d.message.contains("a space is missing after `title:`"),
        "{}",
        d.message
    );
    assert!(d.hint.as_ref().unwrap().contains("`title: Mon titre`"));
    let e = case_errs("communes:\n  -Lille\n", "", "");
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(
        e[0].message.contains("`-Lille`: a list item needs a space"),
        "{}",
        e[0].message
    );
    assert!(e[0].hint.as_ref().unwrap().contains("`  - Lille`"));
    // An item at the wrong place names the list's key.
    let e = case_errs("communes:\n  Lille\n", "", "");
    assert!(
        e[0].message.contains("`communes` is a list"),
        "{}",
        e[0].message
    );
}

#[test]
fn windows_line_endings() {
    let e = errs("title: Terre : oasis\r\nnumber: trois\r\ntitle: b\r\n");
    let lines: Vec<_> = e.iter().map(|d| d.line.unwrap()).collect();
    assert_eq!(lines, [2, 3, 4], "{e:#?}");
    assert!(
        e[0].hint
            .as_ref()
            .unwrap()
            .contains("`title: \"Terre : oasis\"`")
    );
    assert!(!e[0].hint.as_ref().unwrap().contains('\r'));
    assert!(
        e[2].message.contains("on line 2 and on line 4"),
        "{}",
        e[2].message
    );
}

#[test]
fn lists_of_several_items_and_of_parties() {
    let e = case_errs(
        "communes: Lille, Roubaix\npartners: Mairie de Lille\n",
        "",
        "",
    );
    assert_eq!(e.len(), 2, "{e:#?}");
    let h = e[0].hint.as_ref().unwrap();
    assert!(
        h.contains("communes:\n          - Lille\n          - Roubaix"),
        "{h}"
    );
    let h = e[1].hint.as_ref().unwrap();
    assert!(
        h.contains("partners:\n          - name: Mairie de Lille"),
        "{h}"
    );
}

#[test]
fn no_wording_of_the_crate_reaches_the_editor() {
    for yaml in [
        "title: [a\nnumber: 3\n",
        "title: \"a\nnumber: 3\n",
        "title: a\n number: 3\n",
        "title: a\nnumber: 3\nnumber: 4\n",
        "title: - a\nnumber: 3\n",
        "title: @a\nnumber: 3\n",
        "title: a\nnumber: 3\n  x: 2\n",
        "- a\n",
        "title:\nnumber: 3\n",
        "title: 'L'a'\nnumber: 3\n",
        "title: \"a\" b\nnumber: 3\n",
        "title: a\nnumber: 3\ndraft: oui\n",
    ] {
        for d in errs(yaml) {
            let all = format!("{} {}", d.message, d.hint.clone().unwrap_or_default());
            for library in [
                "mapping values",
                "DuplicateKeyPolicy",
                "sequence start",
                "scalar",
                "Option<",
                "u32",
                "in this context",
                "trailing content",
                "another kind",
            ] {
                assert!(!all.contains(library), "{yaml:?}: {all}");
            }
        }
    }
}

/// Editors' slips (a `: ` added, a tab, quotes removed, a line doubled
/// or cut, a space before, an apostrophe in single quotes, a `]` lost)
/// on every front-matter line of the test fixture: each error is
/// located in the front matter and none is worded by the crate.
#[test]
fn every_slip_on_every_line_gets_a_located_message_of_ours() {
    use crate::model::*;
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/content");
    let slips: [fn(&str) -> String; 8] = [
        |l| format!("{l}: x"),
        |l| format!("\t{l}"),
        |l| l.replace('"', ""),
        |l| format!("{l}\n{l}"),
        |l| l.chars().take(l.chars().count() / 2).collect(),
        |l| format!(" {l}"),
        |l| l.replacen(": ", ": 'L'a ", 1),
        |l| l.replace(']', ""),
    ];
    let mut cases = 0;
    for entry in walkdir::WalkDir::new(&fixture)
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = entry.path();
        let name = p.to_string_lossy();
        if !name.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let split = crate::load::frontmatter::split(&text).unwrap();
        let lines: Vec<&str> = split.yaml.lines().collect();
        for i in 0..lines.len() {
            for slip in slips {
                let mut ls: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                ls[i] = slip(&ls[i]);
                let yaml = format!("{}\n", ls.join("\n"));
                let file = format!("---\n{yaml}---\nbody\n");
                let fm_end = yaml.lines().count() + 2;
                let r = if name.contains("projecteurs") {
                    parse::<CaseStudyMeta>(&yaml, p, 2, &file).err()
                } else if name.ends_with("content/index.md") {
                    parse::<HomeMeta>(&yaml, p, 2, &file).err()
                } else if name.ends_with("index.md") {
                    parse::<VolumeMeta>(&yaml, p, 2, &file).err()
                } else if name.ends_with("lancez-vous.md") {
                    parse::<ResourcesMeta>(&yaml, p, 2, &file).err()
                } else if name.contains("glossaire") {
                    parse::<TermMeta>(&yaml, p, 2, &file).err()
                } else {
                    parse::<ChapterMeta>(&yaml, p, 2, &file).err()
                };
                cases += 1;
                for d in r.unwrap_or_default() {
                    let line = d.line.unwrap();
                    assert!((1..=fm_end).contains(&line), "{yaml}\n{d:#?}");
                    let all = format!("{} {}", d.message, d.hint.unwrap_or_default());
                    for crate_words in [
                        "scalar",
                        "in this context",
                        "Policy",
                        "expected sequence",
                        "Option<",
                        "at line",
                        ", column",
                    ] {
                        assert!(!all.contains(crate_words), "{yaml}\n{all}");
                    }
                }
            }
        }
    }
    assert!(cases > 300, "{cases}");
}
