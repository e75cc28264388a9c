//! A project of several plans: each plan's site in a folder of its own, one index of them at
//! the root, and no plan file left out without a word.

mod common;

use std::fs;
use std::path::Path;

use common::{copy_tree, repo, run};

/// A project holding the minimal plan as `sangyo` and 江田島市's example as `sougou`.
fn two_plans(settings: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(
        &repo().join("tests/fixtures/minimal/content"),
        &tmp.path().join("content/sangyo"),
    );
    copy_tree(
        &repo().join("examples/etajima-sougou-senryaku/content"),
        &tmp.path().join("content/sougou"),
    );
    fs::write(tmp.path().join("shinchoku.yaml"), settings).unwrap();
    tmp
}

#[test]
fn two_plans_build_under_one_index() {
    let tmp = two_plans("plans: [sangyo, sougou]\n");
    let r = run("build", tmp.path()).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("for 2 plans"), "{}", r.stdout);
    let out = tmp.path().join("output");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    for (folder, plan) in [
        ("sangyo", "見本市産業振興計画"),
        ("sougou", "江田島市まち・ひと・しごと創生総合戦略"),
    ] {
        assert!(
            index.contains(&format!("href=\"{folder}/index.html\"")),
            "{index}"
        );
        assert!(index.contains(plan), "{index}");
        for page in ["index.html", "assets/style.css", "data/report.json"] {
            assert!(out.join(folder).join(page).is_file(), "{folder}/{page}");
        }
    }
    // Each plan's headline, counted as its own site counts it.
    assert!(index.contains("単位施策の数"), "{index}");
    assert!(index.contains("成果指標の数"), "{index}");
    // The plans' pages link within their own folder.
    let unit = fs::read_to_string(out.join("sangyo/units/i-1-1-1.html")).unwrap();
    assert!(unit.contains("href=\"../assets/style.css\""));
    assert!(out.join("assets/style.css").is_file());
}

#[test]
fn a_plan_no_setting_lists_is_an_error() {
    let tmp = two_plans("plans: [sangyo]\n");
    let r = run("check", tmp.path()).unwrap();
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains(
            "content/sougou/plan.yaml: no setting refers to this plan, so it would not be published"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("help: list it in shinchoku.yaml under `plans:`")
    );
    // A project of one plan with a second plan file beside it: the same.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("tests/fixtures/minimal"), tmp.path());
    copy_tree(
        &repo().join("examples/etajima-sougou-senryaku/content"),
        &tmp.path().join("content/sougou"),
    );
    let r = run("build", tmp.path()).unwrap();
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr
            .contains("content/sougou/plan.yaml: no setting refers"),
        "{}",
        r.stderr
    );
    assert!(!Path::new(&tmp.path().join("output")).exists());
}

#[test]
fn plans_are_checked_by_name() {
    let tmp = two_plans("plans: [sangyo, sangyo, ../x, sonota]\n");
    let r = run("check", tmp.path()).unwrap();
    assert_eq!(r.code, Some(1));
    for expected in [
        "`plans[1]`: the plan `sangyo` is listed twice",
        "`plans[2]`: `../x` cannot name a plan's folder",
        "`plans[3]`: there is no content/sonota/plan.yaml",
    ] {
        assert!(r.stderr.contains(expected), "{expected}\n{}", r.stderr);
    }
}
