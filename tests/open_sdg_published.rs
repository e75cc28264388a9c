//! Real Open SDG data repositories, when `SHINCHOKU_OPEN_SDG_REPO` names local checkouts
//! (several separated by `:`): every status and score shinchoku computes for an imported
//! series and indicator equals the one the repository publishes in its
//! `indicator_calculation_components.yml`. Ignored unless asked for (`-- --ignored`): the
//! repositories are not part of this one.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;
use shinchoku::assess;
use shinchoku::import::open_sdg::Imported;
use shinchoku::import::yaml;

use common::open_sdg::import;

/// The published components of every indicator: ID → its mapping.
fn published(repo: &Path) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(repo.join("indicator_calculation_components.yml")).unwrap();
    let Value::Object(m) = yaml::parse_lenient(&text).unwrap() else {
        panic!("indicator_calculation_components.yml is not a mapping");
    };
    m.into_iter().collect()
}

fn score(v: &Value) -> Option<f64> {
    v.get("score").and_then(Value::as_f64)
}

/// An Open SDG status as shinchoku writes it: sdg-build writes '' where nothing was
/// calculable, newer versions `not_available`.
fn status(v: &Value) -> String {
    match v
        .get("progress_status")
        .or_else(|| v.get("status"))
        .and_then(Value::as_str)
    {
        None | Some("") => "not_available".into(),
        Some(s) => s.into(),
    }
}

/// The published entry of the series `tag`. The published files shorten long parts of a tag
/// (`Total, Internet users aged 15 yea...`).
fn series_entry<'a>(indicator: &'a Value, tag: &str) -> Option<&'a Value> {
    let ours: Vec<&str> = tag.split(" / ").collect();
    let Value::Object(m) = indicator else {
        return None;
    };
    m.iter().find_map(|(k, v)| {
        let parts: Vec<&str> = k.split(" / ").collect();
        let same = parts.len() == ours.len()
            && parts
                .iter()
                .zip(&ours)
                .all(|(p, o)| match p.strip_suffix("...") {
                    Some(prefix) => o.starts_with(prefix.trim_end()),
                    None => p == o,
                });
        same.then_some(v)
    })
}

/// The repository's own ID of a KPI's indicator: its data file's name.
fn file_id(imported: &Imported, i: usize) -> String {
    let data = &imported.kpis[i].sources[1];
    let stem = data.file_stem().unwrap().to_string_lossy();
    stem.replace("indicator_", "")
}

/// Compares every imported indicator and series with the repository's
/// `indicator_calculation_components.yml`; returns the report and the differences.
fn compare(repo: &Path) -> (String, Vec<String>) {
    let (imported, project, a, _dir) = import(repo);
    let published = published(repo);
    let mut differences = Vec::new();
    let mut series_equal = 0;
    for (i, ind) in project.indicators.iter().enumerate() {
        let id = file_id(&imported, i);
        let tag = match &imported.kpis[i].series {
            Some(s) => format!("{id} / {s}"),
            None => id.clone(),
        };
        let Some(p) = published.get(&id).and_then(|v| series_entry(v, &tag)) else {
            differences.push(format!("{tag}: not in the published file"));
            continue;
        };
        let ours = assess::trend_progress(&project.plan, ind, ind.judged_in(&project.plan));
        if (ours.series_status, ours.score) == (status(p).as_str(), score(p)) {
            series_equal += 1;
        } else {
            differences.push(format!(
                "{tag}: series {} {:?}, published {} {:?}",
                ours.series_status,
                ours.score,
                status(p),
                score(p)
            ));
        }
    }
    let mut indicators_equal = 0;
    for g in &a.trend_groups {
        let id = file_id(&imported, g.members[0]);
        let p = &published[&id];
        if g.status == status(p) {
            indicators_equal += 1;
        } else {
            differences.push(format!("{id}: {} , published {}", g.status, status(p)));
        }
    }
    let report = format!(
        "{}: {} indicators compared, {indicators_equal} equal; {} series compared, {series_equal} equal; {} indicators switched off; left out:\n  {}",
        repo.display(),
        a.trend_groups.len(),
        project.indicators.len(),
        imported.switched_off,
        imported.warnings.join("\n  ")
    );
    (report, differences)
}

/// Real repositories, when `SHINCHOKU_OPEN_SDG_REPO` names local checkouts (separated by
/// `:`): every status and score shinchoku computes equals the one the repository publishes.
#[test]
#[ignore = "needs local checkouts: SHINCHOKU_OPEN_SDG_REPO=/a:/b cargo test --test open_sdg_published -- --ignored"]
fn real_repositories_reproduce_their_published_statuses() {
    let repos = std::env::var("SHINCHOKU_OPEN_SDG_REPO")
        .expect("set SHINCHOKU_OPEN_SDG_REPO to local checkouts of Open SDG data repositories");
    let mut all = Vec::new();
    for repo in repos.split(':').filter(|r| !r.is_empty()) {
        let (report, differences) = compare(Path::new(repo));
        eprintln!("{report}");
        for d in &differences {
            eprintln!("  differs: {d}");
        }
        all.extend(differences);
    }
    assert!(all.is_empty(), "{} differences", all.len());
}
