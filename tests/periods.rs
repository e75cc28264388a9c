//! Plan periods: a plan carried on from its 前期 into its 後期実施計画 (the fixture
//! tests/fixtures/periods, invented figures) shows one history per KPI with the boundary
//! marked, links a replaced KPI to its successor, and counts only the current period.

mod common;

use std::fs;
use std::path::Path;

use common::output::{shinchoku, stderr, stdout};

fn fixture() -> std::path::PathBuf {
    common::repo().join("tests/fixtures/periods")
}

fn build(project: &Path, out: &Path) -> String {
    let run = shinchoku([
        "build".as_ref(),
        project.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.status.success(), "{}{}", stdout(&run), stderr(&run));
    stdout(&run)
}

#[test]
fn a_kpi_keeps_one_history_across_periods_with_the_boundary_marked() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");
    build(&fixture(), &out);
    let page = fs::read_to_string(out.join("indicators/kpi-01.html")).unwrap();
    // One table, every year of both periods; the first year of the 後期 starts a marked row.
    for year in ["令和3年度", "令和5年度", "令和6年度", "令和8年度"] {
        assert!(page.contains(year), "{year}");
    }
    assert!(page.contains(
        "<tr class=\"period-start\">\n      <th scope=\"row\"><span class=\"period-name\">後期実施計画</span> 令和6年度"
    ));
    assert_eq!(
        page.matches("class=\"period-start\"").count(),
        1,
        "only later periods start a block"
    );
    // The chart draws the boundary (a vertical rule, named) and says it in its description.
    assert!(
        page.contains("後期実施計画\n</text>"),
        "the chart names the new period"
    );
    assert!(page.contains("後期実施計画は令和6年度から"));
    let rule = page
        .split("<polyline")
        .filter(|p| p.contains("stroke=\"#1A1A1A\""))
        .filter_map(|p| p.split("points=\"").nth(1))
        .any(|pts| {
            let xs: Vec<&str> = pts
                .split_whitespace()
                .take(2)
                .map(|xy| xy.split(',').next().unwrap())
                .collect();
            xs.len() == 2 && xs[0] == xs[1]
        });
    assert!(rule, "a vertical rule marks the boundary");
}

#[test]
fn a_replaced_kpi_links_to_its_successor() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");
    build(&fixture(), &out);
    let old = fs::read_to_string(out.join("indicators/kpi-02.html")).unwrap();
    assert!(old.contains(
        "<a href=\"../indicators/kpi-03.html\">成果指標 No.3 研修修了者数</a>に引き継がれました"
    ));
    let new = fs::read_to_string(out.join("indicators/kpi-03.html")).unwrap();
    assert!(!new.contains("引き継がれました"));
}

#[test]
fn the_headline_counts_only_the_current_period() {
    let scratch = tempfile::tempdir().unwrap();
    // KPI 2 (not achieved in R5, the 前期) was replaced by KPI 3 (achieved in R6): the unit
    // policy both measure is judged by KPI 3 alone.
    let summary = build(&fixture(), &scratch.path().join("site"));
    assert!(summary.contains("on track 3; not on track 0"), "{summary}");
    // Without the succession, KPI 2's 前期 result still counts, as the worst of the unit's.
    let copy = scratch.path().join("project");
    fs::create_dir_all(&copy).unwrap();
    common::copy_tree(&fixture(), &copy);
    let kpi2 = copy.join("content/indicators/02.yaml");
    let text = fs::read_to_string(&kpi2)
        .unwrap()
        .replace("successor: 3\n", "");
    fs::write(&kpi2, text).unwrap();
    let summary = build(&copy, &scratch.path().join("site2"));
    assert!(summary.contains("on track 2; not on track 1"), "{summary}");
}

/// The fixture copied, with `from` replaced by `to` in `file`, then checked: its errors.
fn check_with(file: &str, from: &str, to: &str) -> String {
    let scratch = tempfile::tempdir().unwrap();
    let copy = scratch.path().join("project");
    fs::create_dir_all(&copy).unwrap();
    common::copy_tree(&fixture(), &copy);
    let path = copy.join("content").join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from));
    fs::write(&path, text.replace(from, to)).unwrap();
    let run = shinchoku(["check".as_ref(), copy.as_os_str()]);
    assert!(!run.status.success());
    stderr(&run)
}

#[test]
fn bad_periods_and_successors_name_the_field() {
    let err = check_with("plan.yaml", "years: R6-R8", "years: R5-R8");
    assert!(
        err.contains("plan.yaml:16:")
            && err.contains("periods[1].years")
            && err.contains("前期実施計画"),
        "{err}"
    );
    let err = check_with("plan.yaml", "years: R6-R8", "years: R6-R9");
    assert!(
        err.contains("periods[1].years") && err.contains("fiscal_years"),
        "{err}"
    );
    let err = check_with("indicators/02.yaml", "successor: 3", "successor: 9");
    assert!(
        err.contains("02.yaml") && err.contains("successor") && err.contains("No.9"),
        "{err}"
    );
}
