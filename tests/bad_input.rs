//! The bad-input corpus: every kind of broken content gives an error that names the file and
//! line and says what to do, never a panic, and a failed `build` leaves `output/` untouched.
//!
//! Each folder under `tests/bad-input/` is one case: the files that differ from the minimal
//! valid project in `tests/fixtures/minimal/` (a file `<name>.delete` removes `<name>`), plus
//!
//! - `expected.txt`: lines that must all appear in stderr. The first is the location of the
//!   first error, `path:line:` (or `path:` when no line is knowable); blank lines and lines
//!   starting with `# ` are ignored; or
//! - `succeeds.txt`: the case is valid input that must be accepted (e.g. full-width digits);
//!   its lines must appear in stdout.
//!
//! Cases that would be awkward to commit (a file over 4 MiB, symbolic links) are made at run
//! time by the separate tests at the end.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::*;

const CASES: &str = "tests/bad-input";
/// Names in a case folder that describe the case rather than belong to the project.
const META: [&str; 2] = ["expected.txt", "succeeds.txt"];
/// Files of a case folder, relative, without its META files.
fn case_files(case: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(case, case, &mut out);
    out.retain(|p| !META.iter().any(|m| p == Path::new(m)));
    out.sort();
    out
}

/// The minimal project with the case applied, in a fresh temporary folder.
fn project(case: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    let files = case_files(case);
    for rel in &files {
        if let Some(target) = rel.to_str().unwrap().strip_suffix(".delete") {
            let p = tmp.path().join(target);
            if p.is_dir() {
                fs::remove_dir_all(&p).unwrap();
            } else {
                fs::remove_file(&p).unwrap();
            }
        }
    }
    for rel in &files {
        if rel.extension().is_some_and(|e| e == "delete") {
            continue;
        }
        let dest = tmp.path().join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(case.join(rel), &dest).unwrap();
    }
    tmp
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_minimal_fixture_is_valid() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    let problems = expect_success(tmp.path(), &["3 unit policies, 2 indicators".into()]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_bad_input_is_reported_and_writes_nothing() {
    let mut cases: Vec<PathBuf> = fs::read_dir(repo().join(CASES))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let (mut bad, mut good) = (0, 0);
    let mut report = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let tmp = project(case);
        let problems = if case.join("expected.txt").is_file() {
            bad += 1;
            expect_failure(tmp.path(), &lines(&case.join("expected.txt")))
        } else if case.join("succeeds.txt").is_file() {
            good += 1;
            expect_success(tmp.path(), &lines(&case.join("succeeds.txt")))
        } else {
            vec!["has neither expected.txt nor succeeds.txt".into()]
        };
        if !problems.is_empty() {
            report.push(format!("--- {name}\n{}", problems.join("\n")));
        }
    }
    println!("bad inputs: {bad} cases checked, {good} valid variants accepted");
    assert!(
        report.is_empty(),
        "{} of {} cases failed:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
    assert!(
        bad >= 50,
        "the corpus should hold at least 50 bad inputs, has {bad}"
    );
}

#[test]
fn a_huge_file_is_refused_unread() {
    // Just over the 4 MiB limit, and valid YAML, so only the size can be the problem.
    let tmp = minimal_with(|root| {
        let mut text = String::from("notes: |\n");
        let line = format!("  {}\n", "x".repeat(98));
        while text.len() <= 4 * 1024 * 1024 {
            text.push_str(&line);
        }
        fs::write(root.join("content/indicators/03.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/03.yaml:".into(),
            "over the 4194304-byte limit".into(),
            "help: a content file holds one unit policy or indicator; split or trim it".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported() {
    let tmp = minimal_with(|root| {
        std::os::unix::fs::symlink("..", root.join("content/units/loop")).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/loop:".into(),
            "symbolic link loop".into(),
            "help: remove the link or point it at a real file or folder".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_broken_symbolic_link_is_reported() {
    let tmp = minimal_with(|root| {
        std::os::unix::fs::symlink("gone.yaml", root.join("content/indicators/03.yaml")).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/03.yaml:".into(),
            "broken symbolic link to gone.yaml".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // A 1 MB value repeated through 10,000 aliases would be 10 GB of text.
    let tmp = minimal_with(|root| {
        let mut text = format!(
            "id: I-1-(1)-②\nname: &big {}\nrelated_projects:\n",
            "x".repeat(1024 * 1024)
        );
        text.push_str(&"  - *big\n".repeat(10_000));
        fs::write(root.join("content/units/I-1-1-2.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/I-1-1-2.yaml:18:".into(),
            "with its `*aliases` expanded, the file's text is over 16777216 bytes".into(),
            "help: write values out instead of repeating a long one with `&anchor` and `*alias`"
                .into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deep_nesting_is_refused_at_once() {
    // 100,000 nested brackets: no content file nests more than a few levels.
    let tmp = minimal_with(|root| {
        let depth = 100_000;
        let text = format!(
            "id: I-1-(1)-②\nname: 創業の支援\nrelated_projects: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        fs::write(root.join("content/units/I-1-1-2.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/I-1-1-2.yaml:3:".into(),
            "nested more than 32 levels deep".into(),
            "help: content files nest a few levels at most".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_file_with_thousands_of_problems_reports_the_first_hundred() {
    // 8,000 IDs of no unit policy: each is a problem, each must be located in the same file.
    let tmp = minimal_with(|root| {
        let ids: String = (0..8_000).map(|i| format!("  - bad-{i}\n")).collect();
        let text = fs::read_to_string(root.join("content/indicators/02.yaml"))
            .unwrap()
            .replace(
                "unit_policies: [I-1-(2)-①]\n",
                &format!("unit_policies:\n{ids}"),
            );
        fs::write(root.join("content/indicators/02.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/02.yaml:7:".into(),
            "`unit_policies[0]`: no unit policy bad-0 exists".into(),
            "content/indicators/02.yaml:106:5: `unit_policies[99]`: no unit policy bad-99 exists"
                .into(),
            "error: content/indicators/02.yaml: … and 7900 more problems in this file".into(),
            "help: fix the first 100 above and run the check again to see the rest".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let run = run("check", tmp.path()).unwrap();
    assert!(
        !run.stderr.contains("bad-100 "),
        "problems past the 100th are counted, not listed"
    );
}
