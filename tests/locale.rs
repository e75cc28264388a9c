//! The site's interface language: a site in English says nothing in Japanese that its own
//! content does not say; a project changes any interface text through its own locale file,
//! and a mistyped key is an error that names the file and the key.

mod common;

use std::fs;

use common::locale::{all_text, build, cjk_lines};
use common::{minimal_with, repo};
use shinchoku::model::Lang;
use shinchoku::render::locale::Strings;

#[test]
fn the_english_example_has_no_japanese_text_of_shinchokus_own() {
    let project = repo().join("examples/open-sdg-canada");
    let out = tempfile::tempdir().unwrap();
    let o = build(&project, out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let content = all_text(&project.join("content"));
    let found = cjk_lines(out.path(), &content);
    assert!(
        found.is_empty(),
        "Japanese text in the English site:\n{}",
        found.join("\n")
    );
    let index = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"en\">"), "{index}");
}

#[test]
fn the_japanese_site_says_lang_ja() {
    let project = repo().join("tests/fixtures/minimal");
    let out = tempfile::tempdir().unwrap();
    assert!(build(&project, out.path()).status.success());
    let index = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"ja\">"));
}

#[test]
fn a_project_locale_file_changes_only_the_keys_it_lists() {
    let project = minimal_with(|root| {
        let dir = root.join("themes/default/locales");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("ja.yaml"), "nav.home: ホーム\n").unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(project.path(), out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let goal = fs::read_dir(out.path().join("goals"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .next()
        .unwrap();
    assert!(goal.contains(">ホーム</a>"), "{goal}");
    // Keys it does not list keep the shipped text.
    assert!(goal.contains("本文へ移動"), "{goal}");
}

#[test]
fn an_unknown_key_in_a_locale_file_names_the_file_the_key_and_the_nearest_key() {
    let project = minimal_with(|root| {
        let dir = root.join("themes/default/locales");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("ja.yaml"), "nav.hom: ホーム\n").unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(project.path(), out.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("themes/default/locales/ja.yaml"), "{err}");
    assert!(err.contains("`nav.hom`"), "{err}");
    assert!(err.contains("did you mean `nav.home`?"), "{err}");
}

#[test]
fn a_template_asking_for_a_missing_text_names_the_key_and_the_locale_file() {
    let project = minimal_with(|root| {
        let dir = root.join("themes/default/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("404.html"),
            "{% extends \"base.html\" %}{% block main %}{{ ui.nav.nowhere }}{% endblock main %}",
        )
        .unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(project.path(), out.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("`nav.nowhere`"), "{err}");
    assert!(err.contains("locales/ja.yaml"), "{err}");
}

#[test]
fn a_placeholder_left_unfilled_fails_the_build() {
    let project = minimal_with(|root| {
        let dir = root.join("themes/default/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("404.html"),
            "{% extends \"base.html\" %}{% block main %}{{ ui.index.progress | fill(when=1) }}{% endblock main %}",
        )
        .unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(project.path(), out.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("{year}"), "{err}");
}

#[test]
fn the_shipped_languages_have_the_same_keys() {
    let ja: Vec<String> = Strings::shipped(Lang::Ja)
        .keys()
        .map(String::from)
        .collect();
    let en: Vec<String> = Strings::shipped(Lang::En)
        .keys()
        .map(String::from)
        .collect();
    let only_ja: Vec<&String> = ja.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<&String> = en.iter().filter(|k| !ja.contains(k)).collect();
    assert!(
        only_ja.is_empty() && only_en.is_empty(),
        "only in ja.yaml: {only_ja:?}; only in en.yaml: {only_en:?}"
    );
}

#[test]
fn english_text_has_no_japanese_in_it() {
    let en = Strings::shipped(Lang::En);
    let japanese: Vec<&str> = en
        .keys()
        .filter(|k| en.get(k).chars().any(common::locale::is_cjk))
        .collect();
    assert!(japanese.is_empty(), "{japanese:?}");
}

#[test]
fn a_reports_own_headings_come_from_plan_yaml_and_default_to_the_locale() {
    let plain = tempfile::tempdir().unwrap();
    assert!(
        build(&repo().join(common::MINIMAL), plain.path())
            .status
            .success()
    );
    let page = fs::read_to_string(plain.path().join("indicators/kpi-01.html")).unwrap();
    assert!(page.contains("<h2>今後の方向性</h2>"), "{page}");

    let worded = minimal_with(|root| {
        let plan = root.join("content/plan.yaml");
        let text = fs::read_to_string(&plan).unwrap();
        fs::write(
            &plan,
            format!("{text}wording:\n  commentary: 次期計画への反映\n"),
        )
        .unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(worded.path(), out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = fs::read_to_string(out.path().join("indicators/kpi-01.html")).unwrap();
    assert!(page.contains("<h2>次期計画への反映</h2>"), "{page}");
    let index = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        index.contains("と、次期計画への反映</span></caption>"),
        "{index}"
    );
}

#[test]
fn an_unknown_wording_field_is_an_error() {
    let project = minimal_with(|root| {
        let plan = root.join("content/plan.yaml");
        let text = fs::read_to_string(&plan).unwrap();
        fs::write(&plan, format!("{text}wording:\n  comentary: x\n")).unwrap();
    });
    let out = tempfile::tempdir().unwrap();
    let o = build(project.path(), out.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("comentary"), "{err}");
}

#[test]
fn atsugis_own_headings_come_from_its_plan_yaml() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), out.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(
        index.contains("<th scope=\"col\" rowspan=\"2\">後期実施計画(案)への反映</th>"),
        "{index}"
    );
    let unit = fs::read_to_string(out.path().join("units/i-1-1-2.html")).unwrap();
    assert!(
        unit.contains("<summary>編集注記（原資料との照合）</summary>"),
        "{unit}"
    );
    // The title names the page, the report and the publisher, each once.
    assert!(
        index.contains(
            "<title>厚木市産業マスタープラン 前期実施計画 令和5年度取組状況｜厚木市</title>"
        ),
        "{index}"
    );
}
