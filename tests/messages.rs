//! Messages in the staff's language: the project's `lang` (ja unless set), `--lang`, or the
//! environment's LANG where there is no project. The same broken file reads, in either
//! language, with its file, line and column, its source line with a caret, what to do, and
//! the closing line.

mod common;

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use common::{minimal_with, shinchoku_as_is};

/// The minimal project with KPI 1's R3 actual written with a letter O for a zero.
fn broken() -> tempfile::TempDir {
    minimal_with(|root| {
        let kpi = root.join("content/indicators/01.yaml");
        let text = fs::read_to_string(&kpi).unwrap();
        assert!(text.contains("actual: 3350"), "{text}");
        fs::write(&kpi, text.replace("actual: 3350", "actual: 335O")).unwrap();
    })
}

fn check(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> common::Run {
    let mut args = vec![OsStr::new("check"), dir.as_os_str()];
    args.extend(extra.iter().map(OsStr::new));
    shinchoku_as_is(&args, env).unwrap()
}

/// The located part of the message: `content/indicators/01.yaml:L:C: `years.R3.actual`: `.
fn location(stderr: &str) -> &str {
    let start = stderr.find("content/indicators/01.yaml:").expect(stderr);
    let end = stderr[start..].find(": `33").expect(stderr);
    &stderr[start..start + end]
}

/// The source line and the caret under the field (`actual: 335O`).
fn assert_snippet(stderr: &str) {
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("| ") && l.contains("actual: 335O"))
        .unwrap_or_else(|| panic!("no source line:\n{stderr}"));
    let caret = lines[at + 1];
    let column = caret.find('^').expect(caret);
    assert!(
        lines[at][column..].starts_with("actual: 335O"),
        "caret under the field:\n{stderr}"
    );
}

#[test]
fn a_japanese_project_gets_japanese_messages_without_being_asked() {
    let project = broken();
    let r = check(project.path(), &[], &[("LANG", "C")]);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.starts_with("エラー: content/indicators/01.yaml:"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("は数値として読めません"), "{}", r.stderr);
    assert!(
        r.stderr.contains("  対処: 数字だけで書いてください"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("1件のエラーがあります。何も書き込んでいません。"),
        "{}",
        r.stderr
    );
    assert_snippet(&r.stderr);
}

#[test]
fn lang_en_gives_the_same_message_in_english_at_the_same_place() {
    let project = broken();
    let ja = check(project.path(), &["--lang", "ja"], &[]);
    let en = check(project.path(), &["--lang", "en"], &[]);
    assert_eq!(location(&ja.stderr), location(&en.stderr));
    assert!(
        en.stderr.starts_with("error: content/indicators/01.yaml:"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr.contains("`33\u{35}O` is not a number"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr.contains("  help: write digits only"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr.contains("1 error found; nothing was written."),
        "{}",
        en.stderr
    );
    assert_snippet(&en.stderr);
    assert!(!en.stderr.contains("エラー"), "{}", en.stderr);
}

#[test]
fn an_english_project_gets_english_messages() {
    let project = broken();
    fs::write(project.path().join("shinchoku.yaml"), "lang: en\n").unwrap();
    let r = check(project.path(), &[], &[("LANG", "ja_JP.UTF-8")]);
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
}

#[test]
fn without_a_project_the_environment_decides() {
    let tmp = tempfile::tempdir().unwrap();
    let ja = check(tmp.path(), &[], &[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "")]);
    assert!(
        ja.stderr.contains("shinchoku のプロジェクトではありません"),
        "{}",
        ja.stderr
    );
    assert!(ja.stderr.contains("対処: "), "{}", ja.stderr);
    let en = check(tmp.path(), &[], &[("LANG", "C.UTF-8"), ("LC_ALL", "")]);
    assert!(
        en.stderr.contains("not a shinchoku project"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_warning_is_in_the_projects_language_too() {
    let project = minimal_with(|_| {});
    // The minimal fixture's I-1-(2)-① has an R4 narrative but none for R5.
    let r = check(project.path(), &[], &[]);
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

#[test]
fn every_japanese_message_has_its_english() {
    // The English text is the one every other test reads; a Japanese message without it, or
    // an empty one, would leave someone with nothing.
    let project = broken();
    let problems = shinchoku::load::load_all(project.path()).unwrap_err();
    for d in &problems.0 {
        assert!(!d.message.is_empty());
        let ja = d.ja.as_ref().expect("this message has Japanese");
        assert!(ja.message.as_deref().is_some_and(|m| !m.is_empty()));
        assert!(d.help.is_some() && ja.help.is_some());
    }
}
