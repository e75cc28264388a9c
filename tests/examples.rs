//! The real reports in `examples/`: each loads, builds, and reproduces every judgement its
//! publisher printed (`examples/<name>/published.tsv`, transcribed from the source its README
//! names).

mod common;

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use shinchoku::assess::{self, Assessment, Outcome, rate};
use shinchoku::model::{Baseline, PathSteps, Project, Target, Year};

fn example(name: &str) -> PathBuf {
    common::repo().join("examples").join(name)
}

fn loaded(name: &str) -> (Project, Assessment) {
    let project = shinchoku::load::load(&example(name))
        .unwrap_or_else(|e| panic!("examples/{name} does not load:\n{e}"));
    let assessment = assess::assess(&project);
    (project, assessment)
}

/// The rows of a published.tsv, by column name, without comments.
fn published(name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(example(name).join("published.tsv")).unwrap();
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t').chain(std::iter::repeat("")))
                .map(|(h, v)| ((*h).to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The headline outcome of the KPI numbered `no`.
fn headline<'a>(project: &Project, a: &'a Assessment, no: &str) -> &'a Outcome {
    let i = project
        .indicators
        .iter()
        .position(|ind| ind.no.to_string() == no)
        .unwrap_or_else(|| panic!("no KPI {no}"));
    a.headline(i)
        .unwrap_or_else(|| panic!("KPI {no} has no headline"))
}

#[test]
fn every_example_builds() {
    for name in [
        "open-sdg-canada",
        "etajima-sougou-senryaku",
        "nagano-shinshu-sousei",
    ] {
        let out = tempfile::tempdir().unwrap();
        let run = common::shinchoku(
            &[
                "build".as_ref(),
                example(name).as_os_str(),
                "--output".as_ref(),
                out.path().join("site").as_os_str(),
            ],
            &[],
        )
        .unwrap();
        assert_eq!(run.code, Some(0), "examples/{name}: {}", run.stderr);
        assert!(Path::new(&out.path().join("site/index.html")).exists());
    }
}

/// Statistics Canada's published progress statuses and scores, series by series, and each
/// indicator's status from the mean of its series' scores, equal Open SDG's to the last bit.
#[test]
fn open_sdg_canada_reproduces_every_published_status_and_score() {
    let (project, a) = loaded("open-sdg-canada");
    let rows = published("open-sdg-canada");
    assert_eq!(rows.len(), project.indicators.len());
    for row in &rows {
        let o = headline(&project, &a, &row["no"]);
        assert_eq!(o.status, row["series_status"], "KPI {}", row["no"]);
        let score: f64 = o.input("score").unwrap().parse().unwrap();
        let published: f64 = row["series_score"].parse().unwrap();
        assert_eq!(score, published, "KPI {} score", row["no"]);
        let group = a
            .trend_groups
            .iter()
            .find(|g| g.indicator == row["indicator"])
            .unwrap();
        assert_eq!(
            group.status, row["indicator_status"],
            "indicator {}",
            row["indicator"]
        );
    }
    // Every published indicator is one group: 15 indicators, 18 series.
    assert_eq!(a.trend_groups.len(), 15);
}

/// 江田島市 printed 改善 (○) for both KPIs: each moved from its 現状値 towards its target.
#[test]
fn etajima_reproduces_kaizen_akka() {
    let (project, a) = loaded("etajima-sougou-senryaku");
    for row in published("etajima-sougou-senryaku") {
        let o = headline(&project, &a, &row["no"]);
        assert_eq!(o.year.to_string(), row["year"]);
        assert_eq!(o.symbol, row["kaizen_akka"], "KPI {}", row["no"]);
    }
}

/// 長野県's grades are typed, never computed; the 目安値 beside them are the straight line from
/// the baseline to the final target, at the printed precision, in every row but one.
#[test]
fn nagano_reproduces_grades_and_the_meyasu_arithmetic() {
    let (project, a) = loaded("nagano-shinshu-sousei");
    let mut off_the_line = Vec::new();
    for row in published("nagano-shinshu-sousei") {
        let o = headline(&project, &a, &row["no"]);
        if row["grade"] == "-" {
            assert_eq!(o.status, "pending", "KPI {}", row["no"]);
            continue;
        }
        assert_eq!(o.year.to_string(), row["year"]);
        assert_eq!(o.status, row["grade"], "KPI {}", row["no"]);
        let d = |k: &str| row[k].parse::<Decimal>().unwrap();
        let y = |k: &str| Year::parse(&row[k]).unwrap();
        let base = Baseline {
            year: y("baseline_year"),
            value: d("baseline"),
        };
        let target = [Target {
            year: y("target_year"),
            value: d("target"),
        }];
        let point = rate::path_point(PathSteps::Interpolated, &base, &target, y("year")).unwrap();
        let printed = d("meyasu");
        // The precision the prefecture printed: 1.62 to two places, ▲2,700 to hundreds.
        let zeros = printed.to_string().len() - printed.to_string().trim_end_matches('0').len();
        let shown = if printed.scale() == 0 && zeros > 0 {
            let unit = Decimal::from(10i64.pow(u32::try_from(zeros).unwrap()));
            (point / unit).round() * unit
        } else {
            point.round_dp(printed.scale())
        };
        if shown != printed {
            off_the_line.push((row["no"].clone(), point.round_dp(2).to_string()));
        }
    }
    // 公共交通機関利用回数: printed 49.3, where the line from 48.2 (H25) to 49.9 (H30) gives 49.22.
    assert_eq!(off_the_line, [("5".to_string(), "49.22".to_string())]);
}
