//! End to end on the bundled Atsugi content: the real binary must reproduce every figure of
//! the seed document's summary table, and show a reason wherever the source shows #VALUE!.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shinchoku(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "shinchoku {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn build_into(dir: &Path) -> Value {
    let repo = repo();
    shinchoku(&[
        "build",
        repo.to_str().unwrap(),
        "--output",
        dir.to_str().unwrap(),
    ]);
    let json = std::fs::read_to_string(dir.join("data/report.json")).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// "1,600件" → 1600, "0人(中止)" → 0, "29.3%" → 29.3; `None` for text such as 集計中.
fn seed_number(s: &str) -> Option<f64> {
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .filter(|c| *c != ',')
        .collect();
    digits.parse().ok()
}

#[test]
fn check_prints_the_36_19_9_8_summary() {
    let repo = repo();
    let out = shinchoku(&["check", repo.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("R5 summary: 36 unit policies; on track 19; not on track 9; pending 8"),
        "{stdout}"
    );
    assert!(
        stdout.contains("36 unit policies, 30 indicators"),
        "{stdout}"
    );
}

#[test]
fn report_json_reproduces_every_printed_rate_and_result() {
    let tmp = tempfile::tempdir().unwrap();
    let report = build_into(&tmp.path().join("site"));
    let summary = &report["summary"];
    for (field, value) in [
        ("year", serde_json::json!("R5")),
        ("unit_policies", 36.into()),
        ("on_track", 19.into()),
        ("not_on_track", 9.into()),
        ("pending", 8.into()),
        ("reported", 0.into()),
    ] {
        assert_eq!(summary[field], value, "summary.{field}");
    }
    // KPIs per class in R5, counted from the printed results: 10 達成見込み, 7 概ね達成見込み,
    // 7 未達成見込み, and 6 cells with no result (#VALUE! or -).
    let seed = std::fs::read_to_string(repo().join("tests/fixtures/seed-summary.tsv")).unwrap();
    let printed = |label: &str| {
        seed.lines()
            .filter(|l| l.split('\t').nth(1) == Some("R5"))
            .filter(|l| l.split('\t').nth(4) == Some(label))
            .count()
    };
    assert_eq!(
        summary["indicators_by_class"],
        serde_json::json!([
            printed("達成見込み"),
            printed("概ね達成見込み"),
            printed("未達成見込み")
        ])
    );
    assert_eq!(summary["indicators_unjudged"], 6);
    let indicators = report["indicators"].as_array().unwrap();
    assert_eq!(indicators.len(), 30);
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in seed.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let [no, year, target, actual, result, rate] = f[..] else {
            panic!("bad fixture line {line}")
        };
        let no: u64 = no.parse().unwrap();
        let ind = indicators
            .iter()
            .find(|i| i["no"] == no)
            .unwrap_or_else(|| panic!("indicator {no} missing"));
        let y = ind["years"]
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == year)
            .unwrap();
        let what = format!("No.{no} {year}");
        let mut expect = |ok: bool, msg: String| {
            if !ok {
                failures.push(format!("{what}: {msg}"));
            }
        };
        let t = y["target"].as_f64().unwrap();
        expect(
            Some(t) == seed_number(target),
            format!("target {t} vs printed {target}"),
        );
        match seed_number(actual) {
            Some(a) => expect(
                y["actual"].as_f64() == Some(a),
                format!("actual {} vs printed {actual}", y["actual"]),
            ),
            None => expect(
                y["actual"].is_null(),
                format!("actual {} where the source has {actual}", y["actual"]),
            ),
        }
        if let Some(r) = seed_number(rate) {
            let ours = y["rate"].as_f64().map(|x| format!("{x:.1}%"));
            expect(
                ours.as_deref() == Some(rate),
                format!("rate {ours:?} vs printed {rate}"),
            );
            expect(
                y["result"] == result,
                format!("result {} vs printed {result}", y["result"]),
            );
            expect(
                y["pending"].is_null(),
                "pending set although there is a figure".into(),
            );
            let _ = r;
        } else {
            // The source shows #VALUE! or "-": we must show why instead.
            let reason = y["pending"].as_str().unwrap_or("");
            expect(
                !reason.is_empty() && reason != "#VALUE!",
                format!("no reason for {rate}/{result}"),
            );
            expect(
                y["rate"].is_null(),
                "a rate where the source has none".into(),
            );
            expect(
                y["result"] == reason,
                format!("result {} should be the reason {reason}", y["result"]),
            );
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(checked, 90, "30 indicators × 3 years");
}

#[test]
fn pending_reasons_replace_every_value_error() {
    let tmp = tempfile::tempdir().unwrap();
    let report = build_into(&tmp.path().join("site"));
    let reasons: Vec<(u64, String, String)> = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| {
            i["years"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|y| !y["pending"].is_null())
                .map(move |y| {
                    (
                        i["no"].as_u64().unwrap(),
                        y["year"].as_str().unwrap().to_string(),
                        y["pending"].as_str().unwrap().to_string(),
                    )
                })
        })
        .collect();
    let expected: Vec<(u64, &str, &str)> = vec![
        (2, "R5", "廃止"),
        (5, "R5", "年度末に調査"),
        (12, "R4", "事業終了"),
        (16, "R5", "集計中"),
        (17, "R5", "集計中"),
        (21, "R5", "集計中"),
        (24, "R5", "集計中"),
    ];
    let got: Vec<(u64, &str, &str)> = reasons
        .iter()
        .map(|(n, y, r)| (*n, y.as_str(), r.as_str()))
        .collect();
    assert_eq!(got, expected);
    for entry in walk(&tmp.path().join("site")) {
        let text = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&text).contains("#VALUE!"),
            "{} shows #VALUE!",
            entry.display()
        );
    }
}

#[test]
fn csv_has_a_bom_and_one_row_per_indicator_and_year() {
    let tmp = tempfile::tempdir().unwrap();
    build_into(&tmp.path().join("site"));
    let csv = std::fs::read_to_string(tmp.path().join("site/data/indicators.csv")).unwrap();
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 1 + 90);
    assert!(rows[0].starts_with("\u{feff}指標番号,指標名,単位,施策ID,年度コード,年度,西暦年度,"));
    assert!(
        rows.iter()
            .any(|r| r.starts_with("15,商店街活性化事業数,事業,")
                && r.contains(",R5,令和5年度,2023,見込値,")
                && r.contains(",16,,17,,,,106.3,達成見込み,")),
        "{csv}"
    );
}

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}
