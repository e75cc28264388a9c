//! The shinchoku project an import writes: `content/plan.yaml` (calendar years, Goal →
//! Target, method `trend`) and one `content/indicators/NN.yaml` per series, as
//! `examples/open-sdg-canada` has them by hand.

use std::collections::HashSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::names::{self, Node, Place};
use super::options::{DEFAULT_BASE_YEAR, SeriesOption};
use super::repo::{Metadata, Repository};
use super::series::{Point, Selected};
use super::table::plain_number;
use crate::import::yaml::quote;
use crate::model::slug_of;

/// One KPI: a series of an SDG indicator.
#[derive(Debug, Clone)]
pub struct Kpi {
    /// The SDG indicator's number, `16.1.3`.
    pub indicator: String,
    /// What names the series within it (`Physical violence`); `None` for the headline.
    pub series: Option<String>,
    pub name: String,
    pub unit: String,
    pub goal: Node,
    pub target_node: Option<Node>,
    pub option: SeriesOption,
    /// By year.
    pub points: Vec<Point>,
    /// The values are the `Progress` column's, which the calculation uses.
    pub from_progress: bool,
    /// The metadata file with the options, and the data file, relative to the repository.
    pub sources: [PathBuf; 2],
}

pub fn kpi(
    repository: &Repository,
    meta: &Metadata,
    place: &Place,
    option: &SeriesOption,
    selected: Selected,
    data: &Path,
) -> Kpi {
    let series = option.label();
    let name = match &series {
        Some(s) => format!("{} — {s}", place.name),
        None => place.name.clone(),
    };
    let unit = selected
        .unit
        .as_deref()
        .or(place.units.as_deref())
        .map(names::unit)
        .unwrap_or_default();
    let mut points = selected.points;
    points.sort_by_key(|p| p.year);
    let meta_file = meta.main_file();
    Kpi {
        indicator: place.number.clone(),
        series,
        name,
        unit,
        goal: place.goal.clone(),
        target_node: place.target.clone(),
        option: option.clone(),
        points,
        from_progress: selected.from_progress,
        sources: [
            meta_file
                .strip_prefix(&repository.root)
                .unwrap_or(meta_file)
                .to_path_buf(),
            data.to_path_buf(),
        ],
    }
}

/// The project's files: the plan, then one file per KPI, numbered in order.
pub fn files(repository: &Repository, kpis: &[Kpi]) -> Vec<(PathBuf, String)> {
    let width = kpis.len().to_string().len().max(2);
    let mut files = vec![(PathBuf::from("content/plan.yaml"), plan(repository, kpis))];
    for (i, k) in kpis.iter().enumerate() {
        let no = i + 1;
        files.push((
            PathBuf::from(format!("content/indicators/{no:0width$}.yaml")),
            indicator(no, k),
        ));
    }
    files
}

fn plan(repository: &Repository, kpis: &[Kpi]) -> String {
    let years = kpis.iter().flat_map(|k| k.points.iter().map(|p| p.year));
    let (first, last) = years.fold((u16::MAX, u16::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
    let (first, last) = if first > last {
        (DEFAULT_BASE_YEAR, DEFAULT_BASE_YEAR)
    } else {
        (first, last)
    };
    let folder = std::fs::canonicalize(&repository.root)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "Open SDG".into());
    let indicators = {
        let mut ids: Vec<&str> = kpis.iter().map(|k| k.indicator.as_str()).collect();
        ids.dedup();
        ids.len()
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Imported by `shinchoku import open-sdg` from the Open SDG data repository {folder}:\n\
         # {indicators} indicators with the automatic progress measure switched on, {} series\n\
         # (one KPI each). Names and figures are the repository's; city, plan and title are\n\
         # placeholders to edit.",
        kpis.len()
    );
    let _ = writeln!(s, "city: {}", quote(&folder));
    s.push_str("plan: \"Open SDG data\"\ntitle: \"Automatic progress measure\"\n");
    s.push_str("year_form: calendar\n");
    let _ = writeln!(s, "report_year: {last}\nfiscal_years:");
    for y in first..=last {
        let _ = writeln!(s, "  - {{year: {y}, status: confirmed}}");
    }
    let _ = writeln!(
        s,
        "# Open SDG's default base year: a series starts at its first value from this year on.\n\
         baseline_year: {DEFAULT_BASE_YEAR}\n\
         levels: [Goal, Target]\n\
         assessment:\n  \
         # Open SDG's statuses and their usual labels (no classes listed).\n  \
         method: trend\n\
         hierarchy:"
    );
    hierarchy(kpis, &mut s);
    s
}

/// Goals in order of first appearance (the KPIs are in indicator order), each with its
/// targets; every node gets a page name of its own.
fn hierarchy(kpis: &[Kpi], s: &mut String) {
    let mut goals: Vec<(&Node, Vec<&Node>)> = Vec::new();
    let mut seen_targets: HashSet<&str> = HashSet::new();
    for k in kpis {
        let i = match goals.iter().position(|(g, _)| g.id == k.goal.id) {
            Some(i) => i,
            None => {
                goals.push((&k.goal, Vec::new()));
                goals.len() - 1
            }
        };
        if let Some(t) = &k.target_node
            && seen_targets.insert(&t.id)
        {
            goals[i].1.push(t);
        }
    }
    let mut slugs = HashSet::new();
    for (goal, targets) in goals {
        let _ = writeln!(s, "  - id: {}", quote(&goal.id));
        if let Some(name) = &goal.name {
            let _ = writeln!(s, "    name: {}", quote(name));
        }
        let slug = unique_slug(&format!("goal-{}", slug_of(&goal.id)), &mut slugs);
        let _ = writeln!(s, "    slug: {}", quote(&slug));
        if targets.is_empty() {
            continue;
        }
        s.push_str("    children:\n");
        for t in targets {
            let mut entry = format!("{{id: {}", quote(&t.id));
            if let Some(name) = &t.name {
                let _ = write!(entry, ", name: {}", quote(name));
            }
            let slug = unique_slug(&slug_of(&t.id), &mut slugs);
            let _ = writeln!(s, "      - {entry}, slug: {}}}", quote(&slug));
        }
    }
}

/// `wanted`, or `wanted-2`, ... when taken; a safe page name in any case.
fn unique_slug(wanted: &str, taken: &mut HashSet<String>) -> String {
    let base: String = wanted.trim_matches('-').chars().take(90).collect();
    let base = if base.is_empty() {
        "node".to_string()
    } else {
        base
    };
    let mut slug = base.clone();
    let mut n = 1;
    while !taken.insert(slug.clone()) {
        n += 1;
        slug = format!("{base}-{n}");
    }
    slug
}

fn indicator(no: usize, k: &Kpi) -> String {
    let mut s = String::new();
    let series = k
        .series
        .as_ref()
        .map(|l| format!(" (series: {})", one_line(l)))
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "# Open SDG indicator {}{series}\n# from {} and {}",
        one_line(&k.indicator),
        k.sources[0].display(),
        k.sources[1].display()
    );
    let _ = writeln!(
        s,
        "no: {no}\nname: {}\nunit: {}",
        quote(&k.name),
        quote(&k.unit)
    );
    let decimals = k
        .points
        .iter()
        .map(|p| p.text.split_once('.').map_or(0, |(_, f)| f.len()))
        .max()
        .unwrap_or(0)
        .min(6);
    let _ = writeln!(s, "decimals: {decimals}");
    let direction = if k.option.positive {
        "higher_is_better"
    } else {
        "lower_is_better"
    };
    let _ = writeln!(s, "direction: {direction}");
    let node = k.target_node.as_ref().unwrap_or(&k.goal);
    let _ = writeln!(s, "under: [{}]", quote(&node.id));
    let _ = write!(s, "open_sdg: {{indicator: {}", quote(&k.indicator));
    if let Some(series) = &k.series {
        let _ = write!(s, ", series: {}", quote(series));
    }
    s.push_str("}\n");
    if let Some(last) = k.points.last() {
        let _ = writeln!(
            s,
            "# Judged at its latest year with data.\nreport_year: {}",
            last.year
        );
    }
    let o = &k.option;
    if let Some(t) = o.target {
        let _ = writeln!(
            s,
            "target: {{year: {}, value: {}}}",
            o.target_year,
            number(t)
        );
    }
    let mut trend = Vec::new();
    if let Some(y) = o.base_year {
        trend.push(format!("base_year: {y}"));
    }
    if let (Some(l), None) = (o.limit, o.target) {
        trend.push(format!("limit: {}", number(l)));
    }
    let t = o.thresholds;
    let thresholds: Vec<String> = [("high", t.high), ("med", t.med), ("low", t.low)]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}: {}", number(v))))
        .collect();
    if !thresholds.is_empty() {
        trend.push(format!("thresholds: {{{}}}", thresholds.join(", ")));
    }
    if !trend.is_empty() {
        let _ = writeln!(s, "trend: {{{}}}", trend.join(", "));
    }
    if k.from_progress {
        s.push_str("# The values of the Progress column: what Open SDG's progress measure uses.\n");
    }
    s.push_str("years:\n");
    for p in &k.points {
        let _ = writeln!(s, "  {}: {{actual: {}}}", p.year, p.text);
    }
    s
}

/// A number from the options as YAML reads it back: plain decimal notation.
fn number(v: f64) -> String {
    plain_number(&v.to_string(), v).unwrap_or_else(|| v.to_string())
}

/// Text for a comment: on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
