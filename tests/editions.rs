//! Editions: a project kept in git publishes its earlier reports (git tags) beside the latest,
//! each built from its own snapshot, linked both ways.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::git::{commit_all, edit, git, init};
use common::output::{minimal_project, shinchoku, stderr, stdout};

/// A repository whose project folder `report/` was tagged `r4-report` when it reported on R4
/// (a KPI 1 figure of 1,450 later corrected to 1,500), and now reports on R5 (the minimal
/// fixture) and lists that tag as an edition.
fn two_editions() -> (tempfile::TempDir, PathBuf) {
    let repo = tempfile::tempdir().unwrap();
    let project = repo.path().join("report");
    fs::create_dir_all(&project).unwrap();
    common::copy_tree(&minimal_project(), &project);
    init(repo.path());
    let content = project.join("content");
    let originals: Vec<(PathBuf, String)> =
        ["plan.yaml", "indicators/01.yaml", "indicators/02.yaml"]
            .iter()
            .map(|f| {
                (
                    content.join(f),
                    fs::read_to_string(content.join(f)).unwrap(),
                )
            })
            .collect();
    edit(
        &content.join("plan.yaml"),
        "report_year: R5",
        "report_year: R4",
    );
    edit(
        &content.join("plan.yaml"),
        "令和5年度取組状況",
        "令和4年度取組状況",
    );
    edit(
        &content.join("indicators/01.yaml"),
        "actual: 1500",
        "actual: 1450",
    );
    edit(
        &content.join("indicators/01.yaml"),
        "R5: {target: 1800, pending: 集計中}",
        "R5: {target: 1800}",
    );
    edit(
        &content.join("indicators/02.yaml"),
        "R5: {target: 60, actual: 61.0}",
        "R5: {target: 60}",
    );
    commit_all(repo.path(), "R4 report");
    git(repo.path(), &["tag", "r4-report"]);
    for (path, text) in originals {
        fs::write(path, text).unwrap();
    }
    fs::write(
        project.join("shinchoku.yaml"),
        "editions:\n  - {tag: r4-report, label: 令和4年度版}\n",
    )
    .unwrap();
    commit_all(repo.path(), "R5 report");
    (repo, project)
}

fn build(project: &Path, out: &Path) {
    let run = shinchoku([
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
}

fn read(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Every relative link (`href="..."`) on `page`, resolved from the page's folder.
fn links(out: &Path, page: &str) -> Vec<(String, PathBuf)> {
    let html = read(out, page);
    let folder = out.join(page).parent().unwrap().to_path_buf();
    html.split("href=\"")
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .filter(|href| !href.starts_with("http") && !href.starts_with('#'))
        .map(|href| {
            let file = href.split('#').next().unwrap().to_string();
            (href, folder.join(file))
        })
        .collect()
}

fn assert_links_resolve(out: &Path, page: &str) {
    for (href, target) in links(out, page) {
        assert!(target.is_file(), "{page}: the link {href} leads nowhere");
    }
}

#[test]
fn both_editions_are_published_and_linked_both_ways() {
    let (_repo, project) = two_editions();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");
    build(&project, &out);

    // The latest at the root, the earlier edition in its folder, each with its own figures.
    let latest = read(&out, "indicators/kpi-01.html");
    let earlier = read(&out, "editions/r4-report/indicators/kpi-01.html");
    assert!(read(&out, "index.html").contains("令和5年度取組状況"));
    assert!(read(&out, "editions/r4-report/index.html").contains("令和4年度取組状況"));
    assert!(
        earlier.contains("1,450件"),
        "the R4 edition shows its own figure"
    );
    assert!(!read(&out, "editions/r4-report/data/report.json").contains("集計中"));

    // Every page of the earlier edition carries the banner, linking to the same page of the
    // latest; the latest has none.
    assert!(earlier.contains("class=\"edition-banner\""));
    assert!(earlier.contains("href=\"../../../indicators/kpi-01.html\">最新版の同じページを見る"));
    assert!(!latest.contains("class=\"edition-banner\""));
    for page in [
        "editions/r4-report/index.html",
        "editions/r4-report/units/i-1-1-1.html",
    ] {
        if out.join(page).is_file() {
            assert!(
                read(&out, page).contains("class=\"edition-banner\""),
                "{page}"
            );
        }
    }

    // The latest's KPI page shows the series across editions and links to the earlier page.
    assert!(latest.contains("各年度版の数値"));
    assert!(latest.contains("href=\"../editions/r4-report/indicators/kpi-01.html\">令和4年度版"));
    assert!(latest.contains("1,450件") && latest.contains("1,500件"));

    // The editions page lists both, newest first, with the edition's commit date.
    let editions = read(&out, "editions.html");
    let (r5, r4) = (
        editions.find("令和5年度版").unwrap(),
        editions.find("令和4年度版").unwrap(),
    );
    assert!(r5 < r4, "newest first");
    assert!(editions.contains("2023-06-30"));

    // Every link of these pages, both ways, resolves to a file of the site.
    for page in [
        "index.html",
        "editions.html",
        "indicators/kpi-01.html",
        "editions/r4-report/index.html",
        "editions/r4-report/indicators/kpi-01.html",
        "editions/r4-report/indicators/kpi-02.html",
    ] {
        assert_links_resolve(&out, page);
    }
}

#[test]
fn a_rebuild_is_byte_identical() {
    let (_repo, project) = two_editions();
    let scratch = tempfile::tempdir().unwrap();
    let (first, second) = (scratch.path().join("a"), scratch.path().join("b"));
    build(&project, &first);
    build(&project, &second);
    assert_eq!(common::snapshot(&first), common::snapshot(&second));
    // The earlier edition's files belong to the tool: a rebuild replaces them.
    build(&project, &first);
    assert_eq!(common::snapshot(&first), common::snapshot(&second));
}

#[test]
fn an_unknown_tag_stops_the_build_and_names_it() {
    let (_repo, project) = two_editions();
    fs::write(
        project.join("shinchoku.yaml"),
        "editions:\n  - {tag: r3-report}\n",
    )
    .unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");
    let run = shinchoku([
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!run.status.success());
    assert!(stderr(&run).contains("r3-report"), "{}", stderr(&run));
    assert!(!out.join("index.html").exists(), "nothing is written");
}

#[test]
fn an_edition_needs_a_tag_or_a_folder() {
    let (_repo, project) = two_editions();
    fs::write(
        project.join("shinchoku.yaml"),
        "editions:\n  - {label: 令和4年度版}\n",
    )
    .unwrap();
    let run = shinchoku(["check".as_ref(), project.as_os_str()]);
    assert!(!run.status.success());
    let err = stderr(&run);
    assert!(
        err.contains("shinchoku.yaml") && err.contains("editions[0]"),
        "{err}"
    );
}

#[test]
fn serve_previews_the_latest_and_an_earlier_edition_on_request() {
    let (_repo, project) = two_editions();
    let latest = common::serve::start_in(&project, &[]);
    let page = common::serve::get(latest.port, "/indicators/kpi-01.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("令和5年度取組状況"));
    let earlier = common::serve::start_in(&project, &["--edition", "r4-report"]);
    let page = common::serve::get(earlier.port, "/indicators/kpi-01.html");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("令和4年度取組状況") && page.body.contains("1,450件"));
}
