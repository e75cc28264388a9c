//! `shinchoku diff`: what changed between two versions of the Atsugi report kept in git, in
//! report terms (KPI, year, class, headline), as text and as Markdown.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::git::{commit_all, edit, git, init};
use common::{Run, copy_tree, repo, shinchoku};

/// KPI 7 (企業立地に伴う新規雇用者数) is the only KPI of unit policy I-2-(1)-②; its R5
/// target is 20. An actual of 21 is 105 % (達成); 10 is 50 %, under 概ね達成's 80 % (未達成).
/// R5's actuals are estimates in this report, so the labels carry 見込み.
const KPI7_R5_BEFORE: &str = "R5: {target: 20, actual: 21}";
const KPI7_R5_AFTER: &str = "R5: {target: 20, actual: 10}";

/// A repository holding the bundled Atsugi report in `report/`: commit `base` as bundled,
/// `flip` with KPI 7's R5 actual lowered so its class flips, `reshape` with unit policy
/// III-2-(3)-② and its KPI 30 removed, III-2-(3)-③ and KPI 31 added and KPI 1 renamed.
fn history() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("report");
    fs::create_dir_all(project.join("content")).unwrap();
    copy_tree(&repo().join("content"), &project.join("content"));
    init(dir.path());
    commit_all(dir.path(), "Atsugi as bundled");
    git(dir.path(), &["tag", "base"]);

    let content = project.join("content");
    let kpi7 = content.join("indicators/07.yaml");
    assert!(
        fs::read_to_string(&kpi7)
            .unwrap()
            .contains("unit_policies: [I-2-(1)-②]")
    );
    edit(&kpi7, KPI7_R5_BEFORE, KPI7_R5_AFTER);
    commit_all(dir.path(), "KPI 7: R5 actual corrected");
    git(dir.path(), &["tag", "flip"]);

    fs::remove_file(content.join("indicators/30.yaml")).unwrap();
    fs::remove_file(content.join("units/III-2-3-2.yaml")).unwrap();
    fs::write(
        content.join("units/III-2-3-3.yaml"),
        "id: III-2-(3)-③\nname: 高齢者の就労支援\n",
    )
    .unwrap();
    fs::write(
        content.join("indicators/31.yaml"),
        "no: 31\nname: 高齢者就労相談件数\nunit: 件\ndecimals: 0\n\
         direction: higher_is_better\nunit_policies: [III-2-(3)-③]\nbaseline: []\n\
         years:\n  R3: {target: 10, actual: 12}\n  R4: {target: 10, actual: 12}\n\
         \x20 R5: {target: 10, actual: 12}\n",
    )
    .unwrap();
    edit(
        &content.join("indicators/01.yaml"),
        "name: 中小企業相談所の相談件数",
        "name: 中小企業相談所の経営相談件数",
    );
    commit_all(dir.path(), "Goal III reshaped");
    git(dir.path(), &["tag", "reshape"]);
    (dir, project)
}

fn diff(project: &Path, args: &[&str]) -> Run {
    let mut all: Vec<&std::ffi::OsStr> = vec!["diff".as_ref(), "--dir".as_ref(), project.as_ref()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    let run = shinchoku(&all, &[]).unwrap();
    assert_eq!(run.code, Some(0), "diff {args:?} failed: {}", run.stderr);
    run
}

/// The headline counts `check` prints for the project as it is on disk: (on track, not on
/// track, pending).
fn check_counts(project: &Path) -> (usize, usize, usize) {
    let out = common::run("check", project).unwrap().stdout;
    let count = |label: &str| -> usize {
        let at = out
            .find(label)
            .unwrap_or_else(|| panic!("{label} in {out}"));
        out[at + label.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap()
    };
    (
        count("; on track "),
        count("; not on track "),
        count("; pending "),
    )
}

#[test]
fn a_changed_actual_is_reported_with_its_kpi_year_class_and_the_headline() {
    let (_dir, project) = history();
    git(&project, &["checkout", "-q", "base"]);
    let (on, off, pending) = check_counts(&project);
    git(&project, &["checkout", "-q", "flip"]);
    let out = diff(&project, &["base", "flip"]).stdout;

    assert!(out.contains("base -> flip"), "{out}");
    assert!(
        out.contains("KPI 7 企業立地に伴う新規雇用者数 令和5年度 実績: 21 -> 10"),
        "{out}"
    );
    assert!(
        out.contains("KPI 7 企業立地に伴う新規雇用者数 令和5年度: 達成見込み -> 未達成見込み"),
        "{out}"
    );
    assert!(
        out.contains(
            "単位施策の判定の変更\n  I-2-(1)-② 積極的な企業立地の推進: 達成見込み -> 未達成見込み"
        ),
        "{out}"
    );
    // The unit leaves the on-track count for the not-on-track one; pending is untouched.
    assert!(
        out.contains(&format!("順調: {on} -> {}  *", on - 1)),
        "{out}"
    );
    assert!(
        out.contains(&format!("順調でない: {off} -> {}  *", off + 1)),
        "{out}"
    );
    assert!(
        out.contains(&format!("判定保留: {pending} -> {pending}\n")),
        "{out}"
    );
    // Only KPI 7 changed, so no other KPI is named.
    assert_eq!(out.matches("KPI ").count(), 2, "{out}");
}

#[test]
fn added_removed_and_renamed_items_are_listed() {
    let (_dir, project) = history();
    let out = diff(&project, &["flip", "reshape"]).stdout;
    assert!(
        out.contains("追加: 単位施策\n  III-2-(3)-③ 高齢者の就労支援"),
        "{out}"
    );
    assert!(
        out.contains("削除: 単位施策\n  III-2-(3)-② 若者・女性の就労支援"),
        "{out}"
    );
    assert!(out.contains("追加: KPI\n  31 高齢者就労相談件数"), "{out}");
    assert!(
        out.contains("削除: KPI\n  30 若者・女性雇用拡大事業参加者数"),
        "{out}"
    );
    assert!(
        out.contains(
            "名称変更: KPI\n  1: 中小企業相談所の相談件数 -> 中小企業相談所の経営相談件数"
        ),
        "{out}"
    );
}

#[test]
fn by_default_head_is_compared_with_the_working_tree() {
    let (_dir, project) = history();
    assert_eq!(
        diff(&project, &[]).stdout,
        "変更なし (HEAD -> working tree)\n"
    );
    edit(
        &project.join("content/indicators/07.yaml"),
        "R4: {target: 15, actual: 7}",
        "R4: {target: 16, actual: 7}",
    );
    let out = diff(&project, &[]).stdout;
    assert!(out.contains("HEAD -> working tree"), "{out}");
    assert!(
        out.contains("KPI 7 企業立地に伴う新規雇用者数 令和4年度 目標: 15 -> 16"),
        "{out}"
    );
    // One revision: it against the working tree.
    let out = diff(&project, &["base"]).stdout;
    assert!(out.contains("base -> working tree"), "{out}");
    assert!(out.contains("令和4年度 目標: 15 -> 16"), "{out}");
    assert!(out.contains("令和5年度 実績: 21 -> 10"), "{out}");
}

#[test]
fn markdown_has_a_heading_and_table_rows() {
    let (_dir, project) = history();
    let out = diff(&project, &["base", "flip", "--format", "markdown"]).stdout;
    assert!(
        out.starts_with("## shinchoku diff: `base` → `flip`\n"),
        "{out}"
    );
    assert!(out.contains("| **順調** |"), "{out}");
    assert!(
        out.contains("| 7 企業立地に伴う新規雇用者数 | 令和5年度 | 実績 | 21 | 10 |"),
        "{out}"
    );
    assert!(
        out.contains("| 7 企業立地に伴う新規雇用者数 | 令和5年度 | 達成見込み | 未達成見込み |"),
        "{out}"
    );
}

#[test]
fn a_side_that_does_not_load_is_named_by_its_revision() {
    let (_dir, project) = history();
    fs::write(project.join("content/indicators/07.yaml"), "no: [\n").unwrap();
    let run = shinchoku(
        &["diff".as_ref(), "--dir".as_ref(), project.as_os_str()],
        &[],
    )
    .unwrap();
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr
            .contains("working tree: the content does not load"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/indicators/07.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_words_follow_the_projects_language() {
    let (_dir, project) = history();
    fs::write(project.join("shinchoku.yaml"), "lang: en\n").unwrap();
    let out = diff(&project, &["base"]).stdout;
    assert!(out.contains("\nChanged figures\n"), "{out}");
    assert!(
        out.contains("KPI 7 企業立地に伴う新規雇用者数 令和5年度 Actual: 21 -> 10"),
        "{out}"
    );
    assert!(out.contains("Added: Unit policy\n"), "{out}");
    assert!(!out.contains("順調"), "{out}");
}
