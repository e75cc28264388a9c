//! The command line speaks the staff's language: `--lang`, else the project's `lang`, else the
//! locale, else English; a content error reads the same in both but for its words.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::{NO_LOCALE, Run, atsugi_with, shinchoku_as_is};

const KPI: &str = "content/indicators/01.yaml";
const BAD: &str = "34S0";

/// Atsugi's content with a letter in KPI 1's R5 actual, and where the field is (its key: a
/// field is located where it starts).
fn broken() -> (tempfile::TempDir, usize, usize) {
    let dir = atsugi_with(|root| {
        let path = root.join(KPI);
        let text = std::fs::read_to_string(&path).unwrap();
        let broken = text.replacen("actual: 3450", &format!("actual: {BAD}"), 1);
        assert_ne!(text, broken, "the KPI's R5 actual moved");
        std::fs::write(&path, broken).unwrap();
    });
    let text = std::fs::read_to_string(dir.path().join(KPI)).unwrap();
    let (line, col) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find(&format!("actual: {BAD}")).map(|c| (i + 1, c + 1)))
        .unwrap();
    (dir, line, col)
}

fn check(root: &Path, extra: &[&str], env: &[(&str, &str)]) -> Run {
    let mut args: Vec<&OsStr> = vec![OsStr::new("check"), root.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    let run = shinchoku_as_is(&args, env).unwrap();
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    run
}

/// The located part of the message: position, source line and the caret under the figure.
fn assert_located(stderr: &str, line: usize, col: usize) {
    assert!(
        stderr.contains(&format!("{KPI}:{line}:{col}: `years.R5.actual`: ")),
        "{stderr}"
    );
    let source = format!("{line} |   R5: {{target: 1800, actual: {BAD}}}");
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines.iter().position(|l| *l == source).expect(stderr);
    let caret = lines[at + 1];
    let gutter = line.to_string().len() + 3;
    assert_eq!(caret.find('^'), Some(gutter + col - 1), "{stderr}");
}

#[test]
fn with_lang_ja_a_bad_figure_is_explained_in_japanese() {
    let (dir, line, col) = broken();
    let err = check(dir.path(), &["--lang", "ja"], &NO_LOCALE).stderr;
    assert_located(&err, line, col);
    assert!(
        err.starts_with("エラー: ") && err.contains("`34S0` は数値ではありません"),
        "{err}"
    );
    assert!(err.contains("\n  対処: 数字だけを書いてください"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("1 件のエラーがあります。何も書き込んでいません。"),
        "{err}"
    );
}

#[test]
fn with_lang_en_the_same_figure_is_explained_in_english() {
    let (dir, line, col) = broken();
    let err = check(dir.path(), &["--lang", "en"], &NO_LOCALE).stderr;
    assert_located(&err, line, col);
    assert!(
        err.starts_with("error: ") && err.contains("`34S0` is not a number"),
        "{err}"
    );
    assert!(err.contains("\n  help: write digits only"), "{err}");
    assert!(
        err.trim_end()
            .ends_with("1 error found; nothing was written."),
        "{err}"
    );
}

#[test]
fn a_japanese_project_speaks_japanese_without_being_told() {
    let (dir, _, _) = broken();
    let err = check(dir.path(), &[], &NO_LOCALE).stderr;
    assert!(err.starts_with("エラー: "), "{err}");
}

#[test]
fn a_project_with_lang_en_speaks_english_even_in_a_japanese_locale() {
    let (dir, _, _) = broken();
    std::fs::write(dir.path().join("shinchoku.yaml"), "lang: en\n").unwrap();
    let env = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ja_JP.UTF-8")];
    let err = check(dir.path(), &[], &env).stderr;
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn a_japanese_locale_explains_a_folder_without_a_project_in_japanese() {
    let empty = tempfile::tempdir().unwrap();
    let env = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "ja_JP.UTF-8")];
    let err = check(empty.path(), &[], &env).stderr;
    assert!(
        err.contains("shinchoku のプロジェクトではありません。content/plan.yaml がありません"),
        "{err}"
    );
    assert!(
        err.contains("対処: content/plan.yaml のあるフォルダを指定するか"),
        "{err}"
    );
}

#[test]
fn without_a_project_or_a_japanese_locale_messages_are_english() {
    let empty = tempfile::tempdir().unwrap();
    let err = check(empty.path(), &[], &NO_LOCALE).stderr;
    assert!(err.contains("not a shinchoku project"), "{err}");
}

#[test]
fn lang_is_documented_in_help() {
    let run = shinchoku_as_is(&[OsStr::new("--help")], &[]).unwrap();
    assert!(run.stdout.contains("--lang <LANG>"), "{}", run.stdout);
}

#[test]
fn init_refuses_to_overwrite_in_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let init = |lang: &str| {
        let args = [
            OsStr::new("init"),
            dir.path().as_os_str(),
            OsStr::new("--lang"),
        ];
        let mut args = args.to_vec();
        args.push(OsStr::new(lang));
        shinchoku_as_is(&args, &NO_LOCALE).unwrap()
    };
    assert_eq!(init("ja").code, Some(0));
    let again = init("ja");
    assert_eq!(again.code, Some(1));
    assert!(
        again
            .stderr
            .starts_with("プロジェクトを書き込みません。次のファイルがすでにあります:"),
        "{}",
        again.stderr
    );
    assert!(init("en").stderr.starts_with("not writing the project"));
}

#[test]
fn a_warning_is_in_the_projects_language_too() {
    // The minimal fixture's I-1-(2)-① has an R4 narrative but none for R5.
    let project = common::minimal_with(|_| {});
    let r = common::shinchoku_as_is(
        &[std::ffi::OsStr::new("check"), project.path().as_os_str()],
        &common::NO_LOCALE,
    )
    .unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.starts_with("警告: content/units/I-1-2-1.yaml:"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("報告年度の R5 がありません"),
        "{}",
        r.stderr
    );
}
