//! `shinchoku init`: a new project that checks and builds on the first try, in either
//! language, and never a file overwritten.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::shinchoku;

fn init(dir: &Path, lang: &str) -> common::Run {
    shinchoku(
        &[
            OsStr::new("init"),
            dir.as_os_str(),
            OsStr::new("--lang"),
            OsStr::new(lang),
        ],
        &[],
    )
    .unwrap()
}

/// init, then check and build: the summary `check` prints and the pages `build` writes.
fn starts_and_builds(lang: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    let made = init(&dir, lang);
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    for file in [
        "shinchoku.yaml",
        "content/plan.yaml",
        "content/units/I-1-1-1.yaml",
        "content/units/I-1-1-2.yaml",
        "content/indicators/01.yaml",
        "content/indicators/02.yaml",
        ".gitignore",
        ".vscode/extensions.json",
        ".github/workflows/shinchoku.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(file).is_file(), "init did not write {file}");
    }
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        gitignore
            .lines()
            .any(|l| matches!(l.trim(), "output/" | "/output/")),
        "{gitignore}"
    );

    let check = common::run("check", &dir).unwrap();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("2 unit policies, 2 indicators"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("on track 1; not on track 0; pending 1"),
        "{}",
        check.stdout
    );

    let build = common::run("build", &dir).unwrap();
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    for page in ["index.html", "units/i-1-1-1.html", "indicators/kpi-01.html"] {
        assert!(
            dir.join("output").join(page).is_file(),
            "build wrote no {page}"
        );
    }
}

#[test]
fn a_japanese_project_checks_and_builds() {
    starts_and_builds("ja");
}

#[test]
fn an_english_project_checks_and_builds() {
    starts_and_builds("en");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/plan.yaml"), "mine\n").unwrap();
    let before = common::snapshot(dir);
    let refused = init(dir, "ja");
    assert_ne!(refused.code, Some(0));
    assert!(
        refused.stderr.contains("content/plan.yaml"),
        "names the file in the way: {}",
        refused.stderr
    );
    assert_eq!(common::snapshot(dir), before, "no file written or changed");
}

#[test]
fn a_folder_without_a_project_is_one_message_pointing_to_init() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    for (dir, says) in [
        (missing.as_path(), "no such folder"),
        (
            tmp.path(),
            "not a shinchoku project: there is no content/plan.yaml",
        ),
    ] {
        for cmd in ["check", "build"] {
            let run = common::run(cmd, dir).unwrap();
            assert_ne!(run.code, Some(0));
            assert!(run.stderr.contains(says), "{cmd}: {}", run.stderr);
            assert!(run.stderr.contains("shinchoku init"), "{}", run.stderr);
            assert!(run.stderr.contains("1 error found"), "{}", run.stderr);
        }
    }
    assert!(!missing.exists(), "nothing created");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
