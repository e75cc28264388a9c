//! What every municipal page carries about its publisher (plan.yaml `publisher:`): the
//! department and contact in the footer, a link back to the publisher's site in the header,
//! the date of the edition, the terms of use with a citation example, and an about page with
//! the methods, sources, terms and downloads.

mod common;

use std::fs;
use std::path::Path;

use common::{minimal_with, repo, run};

fn build(project: &Path) -> String {
    let r = run("build", project).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    fs::read_to_string(project.join("output/index.html")).unwrap()
}

fn with_publisher(yaml: &str) -> tempfile::TempDir {
    minimal_with(|root| {
        let plan = root.join("content/plan.yaml");
        let mut text = fs::read_to_string(&plan).unwrap();
        text.push_str(yaml);
        fs::write(&plan, text).unwrap();
    })
}

#[test]
fn every_page_names_the_department_contact_date_and_terms() {
    let project = with_publisher(
        "publisher:\n  department: 産業振興課\n  url: https://www.city.example.lg.jp/\n  phone: 046-000-0000\n  email: sangyo@city.example.lg.jp\n  form: https://www.city.example.lg.jp/form\n  sources:\n    - {title: 取組状況（PDF）, url: https://www.city.example.lg.jp/report.pdf}\n  licence: pdl-1.0\n  date: 2024-03-15\n",
    );
    build(project.path());
    let out = project.path().join("output");
    for page in [
        "index.html",
        "units/i-1-1-1.html",
        "indicators/kpi-01.html",
        "about.html",
    ] {
        let html = fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains(r#"<p class="site-city"><a href="https://www.city.example.lg.jp/">見本市のホームページ</a>"#), "{page}");
        assert!(html.contains("見本市 産業振興課"), "{page}");
        assert!(html.contains("電話: 046-000-0000"), "{page}");
        assert!(
            html.contains(r#"<a href="mailto:sangyo@city.example.lg.jp">"#),
            "{page}"
        );
        // One element, so that a phone never breaks the date inside it.
        assert!(
            html.contains(
                r#"更新日: <time class="date" datetime="2024-03-15">令和6年3月15日</time>"#
            ),
            "{page}"
        );
        assert!(
            html.contains("デジタル庁「公共データ利用規約（第1.0版）」"),
            "{page}"
        );
        assert!(html.contains("about.html\">このデータについて"), "{page}");
    }
    let about = fs::read_to_string(out.join("about.html")).unwrap();
    assert!(
        about
            .contains(r#"<a href="https://www.city.example.lg.jp/report.pdf">取組状況（PDF）</a>"#)
    );
    assert!(
        about.contains("出典の記載例: 出典：見本市「見本市産業振興計画 令和5年度取組状況」"),
        "{about}"
    );
    assert!(
        about.contains("判定の方法: 達成率"),
        "the methods are on it"
    );
    assert!(about.contains(r#"href="downloads.html""#));
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(
        package["licenses"][0]["title"],
        "公共データ利用規約（第1.0版）"
    );
    assert_eq!(
        package["sources"][0]["path"],
        "https://www.city.example.lg.jp/report.pdf"
    );
}

#[test]
fn cc_by_is_named_as_open_definition_does_and_an_english_site_says_it_in_english() {
    let project = with_publisher("publisher:\n  licence: cc-by-4.0\n");
    fs::write(project.path().join("shinchoku.yaml"), "lang: en\n").unwrap();
    build(project.path());
    let out = project.path().join("output");
    let about = fs::read_to_string(out.join("about.html")).unwrap();
    assert!(
        about.contains(r#"<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>"#)
    );
    assert!(
        about.contains("Example of a citation: Source: 見本市"),
        "{about}"
    );
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["licenses"][0]["name"], "CC-BY-4.0");
}

#[test]
fn without_a_configured_date_the_last_commit_to_the_content_gives_it() {
    let project = minimal_with(|_| {});
    common::git::init(project.path());
    common::git::commit_all(project.path(), "start");
    let out = std::process::Command::new("git")
        .args(["log", "-1", "--format=%cs"])
        .current_dir(project.path())
        .output()
        .unwrap();
    let day = String::from_utf8(out.stdout).unwrap().trim().to_string();
    build(project.path());
    let about = fs::read_to_string(project.path().join("output/about.html")).unwrap();
    assert!(!day.is_empty());
    // The label is in the plan's era form; the Western date is its source.
    let index = fs::read_to_string(project.path().join("output/index.html")).unwrap();
    let time = format!(r#"<time class="date" datetime="{day}">令和"#);
    assert!(index.contains(&format!("更新日: {time}")), "{index}");
    assert!(about.contains(&format!("この版の日付: {time}")));
}

#[test]
fn atsugis_site_names_its_department_and_source_and_states_no_terms_it_was_not_given() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let r = common::shinchoku(
        &[
            "build".as_ref(),
            repo().as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let about = fs::read_to_string(out.join("about.html")).unwrap();
    assert!(about.contains("厚木市 産業振興部 産業振興課"));
    assert!(about.contains("soshiki/sangyoshinkoka/7/1/41306.html"));
    assert!(
        about.contains("利用条件は記載されていません"),
        "no licence is invented"
    );
    let package: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/datapackage.json")).unwrap())
            .unwrap();
    assert!(package.get("licenses").is_none());
}
