//! `shinchoku import open-sdg` on small repositories written for these tests
//! (`tests/fixtures/open-sdg/`), each case a handful of rows. Real repositories:
//! `open_sdg_published.rs`.

mod common;

use std::path::PathBuf;

use shinchoku::import::open_sdg;
use shinchoku::model::{Actual, Direction, Indicator, OpenSdgRef};

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/open-sdg").join(name)
}

use common::open_sdg::import;

/// (year, value) of every figure with a value.
fn figures(ind: &Indicator) -> Vec<(u16, String)> {
    ind.figures
        .iter()
        .filter_map(|f| match &f.actual {
            Actual::Value(v) => Some((f.year.fiscal, v.to_string())),
            _ => None,
        })
        .collect()
}

fn sdg(indicator: &str, series: Option<&str>) -> Option<OpenSdgRef> {
    Some(OpenSdgRef {
        indicator: indicator.into(),
        series: series.map(str::to_string),
    })
}

/// The layout: metadata as front matter in `meta/<id>.md`.
#[test]
fn front_matter_metadata_gives_goals_targets_and_headline_series() {
    let (imported, project, a, _dir) = import(&fixture("meta-md"));
    // 3.2.1 has the progress measure switched off; meta/README.md and meta/fr/ are not read.
    assert_eq!(imported.switched_off, 1);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let h = &project.plan.hierarchy;
    assert_eq!(h.levels, ["Goal", "Target"]);
    let nodes: Vec<(&str, Option<&str>)> = h
        .nodes
        .iter()
        .map(|n| (n.id.as_str(), n.name.as_deref()))
        .collect();
    // Targets come from `target_id` (1.2) or from the number (3.1); no goal name is known
    // without translations.
    assert_eq!(
        nodes,
        [
            ("1", None),
            ("1.2", Some("Halve poverty by 2030")),
            ("3", None),
            ("3.1", None)
        ]
    );
    assert_eq!(project.indicators.len(), 2);

    // 1.2.1: the headline rows only (Sex empty), against 5 % by 2030 (the default target year);
    // shown with one decimal, as the data file writes them (20.0).
    let poverty = &project.indicators[0];
    assert_eq!(poverty.name, "Share of people below the poverty line");
    assert_eq!(poverty.unit, "%");
    assert_eq!(poverty.decimals, 1);
    assert_eq!(poverty.direction, Direction::LowerIsBetter);
    assert_eq!(poverty.open_sdg, sdg("1.2.1", None));
    assert_eq!(h.nodes[poverty.nodes[0]].id, "1.2");
    assert_eq!(
        figures(poverty),
        [
            (2015, "20".into()),
            (2016, "18.5".into()),
            (2017, "17".into())
        ]
    );
    let target = poverty.final_target.unwrap();
    assert_eq!(
        (target.year.fiscal, target.value.to_string()),
        (2030, "5".into())
    );
    assert_eq!(poverty.report_year.map(|y| y.fiscal), Some(2017));
    // 20 → 17 in two years is (17/20)^(1/2) − 1 = −0.0780 a year; 5 by 2030 needs
    // (5/20)^(1/15) − 1 = −0.0883: a ratio of 0.884, between 0.6 and 0.95.
    assert_eq!(a.headline(0).unwrap().status, "moderate_progress");

    // 3.1.1: no options, so Open SDG's defaults: negative, no target, base year 2015, which
    // has no data, so the series starts in 2016. 40 → 44 grows 4.9 % a year, the wrong way.
    let clinics = &project.indicators[1];
    assert_eq!(clinics.direction, Direction::LowerIsBetter);
    assert!(clinics.final_target.is_none());
    assert_eq!(clinics.name, "Clinics per 100,000 people");
    let o = a.headline(1).unwrap();
    assert_eq!(o.input("base_year"), Some("2016"));
    assert_eq!(o.status, "deterioration");
}

/// Statistics Canada's layout: options in `indicator-config/<id>.yml`, names as translation
/// keys, column roles in `config_data.yml`; series, unit and disaggregation options.
#[test]
fn indicator_config_options_choose_series_units_and_disaggregations() {
    let (imported, project, a, _dir) = import(&fixture("indicator-config"));
    // 5.5.1 nests its options in `group:`: left out, and said so, naming the file.
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
    assert!(imported.warnings[0].contains("indicator-config/5-5-1.yml"));
    assert!(imported.warnings[0].contains("group"));
    let kpis: Vec<(Option<OpenSdgRef>, &str)> = project
        .indicators
        .iter()
        .map(|i| (i.open_sdg.clone(), i.name.as_str()))
        .collect();
    assert_eq!(
        kpis,
        [
            (sdg("6.1.1", None), "Households without safe water"),
            (
                sdg("8.a.1", Some("Disbursements")),
                "Aid for trade — Disbursements"
            ),
            (
                sdg("8.a.1", Some("Commitments")),
                "Aid for trade — Commitments"
            ),
            (
                sdg("16.1.3", Some("Physical violence")),
                "People who were victims of violence — Physical violence"
            ),
            (
                sdg("16.1.3", Some("Sexual violence")),
                "People who were victims of violence — Sexual violence"
            ),
            (
                sdg("17.18.1", Some("Score")),
                "Statistical capacity — Score"
            ),
        ]
    );
    let goals: Vec<(&str, Option<&str>)> = project
        .plan
        .hierarchy
        .tops()
        .map(|n| {
            let n = &project.plan.hierarchy.nodes[n];
            (n.id.as_str(), n.name.as_deref())
        })
        .collect();
    assert_eq!(
        goals,
        [
            ("6", None),
            ("8", Some("Decent work")),
            ("16", Some("Peace and justice")),
            ("17", None)
        ]
    );
    let ind = |no: usize| &project.indicators[no - 1];
    let status = |no: usize| a.headline(no - 1).unwrap().status.as_str();

    // 6.1.1: the Progress column's values, not Value's, towards 100 by 2025.
    assert_eq!(figures(ind(1)), [(2015, "90".into()), (2020, "95".into())]);
    assert_eq!(ind(1).final_target.unwrap().year.fiscal, 2025);
    // 95/90 over 5 years is 1.087 % a year; 100 by 2025 needs 1.059 %: ratio 1.03 ≥ 0.95.
    assert_eq!(status(1), "substantial_progress");

    // 8.a.1: one flow type each; GeoCode and COMMENT_OBS are no disaggregations, and the
    // range 2018-2019 is 2018.
    assert_eq!(figures(ind(2)), [(2015, "50".into()), (2018, "60".into())]);
    assert_eq!(figures(ind(3)), [(2015, "100".into()), (2018, "80".into())]);
    assert_eq!(ind(2).unit, "Millions of dollars");
    assert_eq!(ind(2).direction, Direction::HigherIsBetter);
    // 50 → 60 grows 6.3 % a year (score 5), 100 → 80 falls 7.2 % (score −5): the mean, 0,
    // is the lowest score of moderate progress.
    assert_eq!(
        (status(2), status(3)),
        ("substantial_progress", "deterioration")
    );
    let group = |id: &str| a.trend_groups.iter().find(|g| g.indicator == id).unwrap();
    assert_eq!(group("8.a.1").members, [1, 2]);
    assert_eq!(group("8.a.1").status, "moderate_progress");

    // 16.1.3: the CSV names the series by translation key (`data.physical`); base year 2014
    // has no data, so both series start in 2016.
    assert_eq!(
        figures(ind(4)),
        [
            (2012, "80".into()),
            (2016, "60".into()),
            (2019, "50".into())
        ]
    );
    assert_eq!(ind(4).trend.base_year.map(|y| y.fiscal), Some(2014));
    assert_eq!(a.headline(3).unwrap().input("base_year"), Some("2016"));
    // Lower is better (the default): 60 → 50 is progress, 22 → 25 deterioration.
    assert_eq!(
        (status(4), status(5)),
        ("substantial_progress", "deterioration")
    );

    // 17.18.1: the rows in `Score`, with the limit and the threshold configured.
    assert_eq!(figures(ind(6)), [(2015, "90".into()), (2020, "95".into())]);
    assert_eq!(ind(6).unit, "Score");
    assert_eq!(ind(6).trend.limit, Some(100.0));
    assert_eq!(ind(6).trend.thresholds.high, Some(0.01));
    // The limit shrinks the thresholds by 1 − 0.9^4.44 = 0.374: high 0.01 becomes 0.0037.
    let thresholds = a.headline(5).unwrap().input("thresholds").unwrap();
    assert!(thresholds.starts_with("0.0037"), "{thresholds}");
}

/// The imported project builds, and report.json gives each KPI's indicator and series.
#[test]
fn the_imported_site_names_every_kpis_open_sdg_indicator_and_series() {
    let out = tempfile::tempdir().unwrap();
    let project = out.path().join("project");
    let run = common::shinchoku(
        &[
            "import".as_ref(),
            "open-sdg".as_ref(),
            fixture("indicator-config").as_os_str(),
            "-o".as_ref(),
            project.as_os_str(),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout
            .contains("imported 4 indicators (6 series, one KPI each)")
    );
    assert!(run.stderr.contains("warning: "), "{}", run.stderr);
    let site = out.path().join("site");
    let run = common::shinchoku(
        &[
            "build".as_ref(),
            project.as_os_str(),
            "--output".as_ref(),
            site.as_os_str(),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("data/report.json")).unwrap())
            .unwrap();
    let kpi = &report["indicators"][3];
    assert_eq!(kpi["open_sdg"]["indicator"], "16.1.3");
    assert_eq!(kpi["open_sdg"]["series"], "Physical violence");
    let groups = report["open_sdg_indicators"].as_array().unwrap();
    let violence = groups.iter().find(|g| g["indicator"] == "16.1.3").unwrap();
    assert_eq!(violence["kpis"], serde_json::json!([4, 5]));
}

/// The same repository gives the same files, byte for byte (a project kept in git changes
/// only where the data did).
#[test]
fn two_imports_write_the_same_bytes() {
    let first = open_sdg::import(&fixture("indicator-config")).unwrap();
    let second = open_sdg::import(&fixture("indicator-config")).unwrap();
    assert_eq!(first.files, second.files);
    let names: Vec<String> = first
        .files
        .iter()
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert_eq!(names[0], "content/plan.yaml");
    assert_eq!(names[1], "content/indicators/01.yaml");
    assert_eq!(names.len(), 7);
}

/// Malformed repositories: an error naming the file and row (or field), advice, exit code 1,
/// and nothing written.
#[test]
fn malformed_repositories_are_refused_naming_file_and_row() {
    for (case, expected) in [
        (
            "long-row",
            "data/indicator_1-1-1.csv:3: this row has 4 fields, and the first line names 3 columns",
        ),
        ("no-value", "data/indicator_1-1-1.csv:1: no `Value` column"),
        (
            "not-a-number",
            "data/indicator_1-1-1.csv:4: `Value`: `twelve` is not a number",
        ),
        (
            "bad-year",
            "data/indicator_1-1-1.csv:3: `FY16` is not a year",
        ),
        (
            "bad-target",
            "meta/1-1-1.md:7:3: `progress_calculation_options[0].target`: must be a number",
        ),
        ("no-front-matter", "meta/1-1-1.md:1:1: no YAML front matter"),
    ] {
        let out = tempfile::tempdir().unwrap();
        let project = out.path().join("project");
        let run = common::shinchoku(
            &[
                "import".as_ref(),
                "open-sdg".as_ref(),
                fixture(&format!("bad/{case}")).as_os_str(),
                "-o".as_ref(),
                project.as_os_str(),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(run.code, Some(1), "{case}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{case}: {}", run.stderr);
        assert!(run.stderr.contains("\n  help: "), "{case}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{case}: {}", run.stderr);
        assert!(!project.exists(), "{case}: something was written");
    }
}

/// `-o` never overwrites: a folder that holds a content folder is refused, and kept as it was.
#[test]
fn an_existing_project_is_never_overwritten() {
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(out.path().join("content")).unwrap();
    std::fs::write(out.path().join("content/plan.yaml"), "the city's plan\n").unwrap();
    let before = common::snapshot(out.path());
    let run = common::shinchoku(
        &[
            "import".as_ref(),
            "open-sdg".as_ref(),
            fixture("meta-md").as_os_str(),
            "-o".as_ref(),
            out.path().as_os_str(),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(common::snapshot(out.path()), before);
}

/// A data file that is a symbolic link out of the repository is refused by name, unread.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_repository_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    common::copy_tree(&fixture("meta-md"), &repo);
    let outside = dir.path().join("secret.csv");
    std::fs::write(&outside, "Year,Value\n2015,1\n2016,2\n").unwrap();
    let link = repo.join("data/indicator_3-1-1.csv");
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let Err(e) = open_sdg::import(&repo) else {
        panic!("a link out of the repository was followed");
    };
    let text = e.to_string();
    assert!(text.contains("data/indicator_3-1-1.csv"), "{text}");
    assert!(text.contains("leads outside"), "{text}");
}
