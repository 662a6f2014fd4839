//! The command line: usage errors exit with code 2 and write nothing.

mod common;

use common::*;

fn usage_error(args: &[&str]) {
    let site = Site::minimal();
    let before = snapshot(site.tmp.path());
    let run = site.run(args);
    run.assert_code(2);
    assert!(!run.stderr.is_empty(), "a usage error says what is wrong");
    assert_same_tree(&before, &snapshot(site.tmp.path()), "the site's folder");
}

#[test]
fn unknown_flag() {
    usage_error(&["build", "--frobnicate"]);
    usage_error(&["check", "--output", "out"]);
}

#[test]
fn unknown_subcommand() {
    usage_error(&["frobnicate"]);
}

#[test]
fn no_subcommand() {
    usage_error(&[]);
}

#[test]
fn flag_without_its_value() {
    usage_error(&["build", "--output"]);
    usage_error(&["build", "--base-url"]);
}

#[test]
fn help_and_version_succeed() {
    let site = Site::minimal();
    let run = site.run(&["--help"]);
    run.assert_success();
    assert!(run.stdout.contains("build") && run.stdout.contains("check"));
    site.run(&["build", "--help"]).assert_success();
    let v = site.run(&["--version"]);
    v.assert_success();
    assert!(v.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn invalid_base_url_is_an_error_not_a_panic() {
    let site = Site::minimal();
    let run = site.run(&["build", "--base-url", "example.org/panoramas"]);
    run.assert_code(1);
    run.assert_stderr("invalid --base-url");
    assert!(!site.output().exists());
}
