//! docs/methods.md recomputed: every figure a worked example states is what shinchoku
//! computes from the sample project it names (tests/fixtures/methods/<name>/), and every YAML
//! excerpt it shows is in the file it names, so the doc cannot drift from the code.
//! docs/content-format.md likewise: its complete files load, and what it says they compute
//! is what they compute.
//!
//! The docs mark what is checked with an HTML comment before a table or code block:
//!
//! - `<!-- outcomes: NAME -->` a table of report.json `assessment` entries. Columns `no` and
//!   `year` pick the entry; `status`, `label`, `on_track` are its fields; `rate` is the audit
//!   trail's rate and also the printed `years[].rate`; any other column is an input of the
//!   audit trail. `—` means absent (or `null`).
//! - `<!-- units: NAME -->` unit policy, its `status` and the indicator that `decides` it.
//! - `<!-- summary: NAME -->` report.json `summary` fields (a list as `1, 1, 1`).
//! - `<!-- assessment: NAME NO -->` a code block of report.json, `"assessment": [...]`, whose
//!   entries must be indicator NO's entries for the same years, field for field.
//! - `<!-- fixture: NAME/PATH -->` a code block that must appear verbatim in that file.
//! - `<!-- tones -->` number of classes and the tone of each, best first.
//!
//! In docs/content-format.md, NAME is a sample project made of the doc's own files:
//!
//! - `<!-- file: NAME/PATH -->` a code block that is the whole of file PATH of sample NAME;
//!   each sample must load without a problem.
//! - `<!-- report: NAME -->` a code block of top-level report.json fields (`"key": value`),
//!   each equal to what `build` writes for the sample.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;
use shinchoku::model::{Method, id_key, tone};

const ABSENT: &str = "—";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    repo().join("tests/fixtures/methods")
}

/// A checked block of the doc: the marker's kind and argument, where it is, what follows it.
struct Marked {
    /// The doc it is in, for messages.
    doc: &'static str,
    kind: String,
    arg: String,
    line: usize,
    block: Block,
}

enum Block {
    /// Header, then rows; the `|---|` line dropped, cells trimmed and unquoted from `code`.
    Table(Vec<Vec<String>>),
    Code(String),
    Nothing,
}

fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    inner
        .split('|')
        .map(|c| c.trim().trim_matches('`').to_string())
        .collect()
}

fn marked(doc: &'static str, text: &str) -> Vec<Marked> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(marker) = line
            .trim()
            .strip_prefix("<!-- ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        let (kind, arg) = marker.split_once(':').unwrap_or((marker, ""));
        let mut next = lines[i + 1..].iter().skip_while(|l| l.trim().is_empty());
        let block = match next.next() {
            Some(l) if l.starts_with("```") => Block::Code(
                next.take_while(|l| !l.starts_with("```"))
                    .map(|l| format!("{l}\n"))
                    .collect(),
            ),
            Some(l) if l.starts_with('|') => Block::Table(
                std::iter::once(l)
                    .chain(next.take_while(|l| l.starts_with('|')))
                    .filter(|l| !l.chars().all(|c| "|-: ".contains(c)))
                    .map(|l| cells(l))
                    .collect(),
            ),
            _ => Block::Nothing,
        };
        out.push(Marked {
            doc,
            kind: kind.trim().to_string(),
            arg: arg.trim().to_string(),
            line: i + 1,
            block,
        });
    }
    out
}

fn doc() -> Vec<Marked> {
    doc_at("docs/methods.md")
}

fn doc_at(path: &'static str) -> Vec<Marked> {
    let text = std::fs::read_to_string(repo().join(path)).unwrap();
    marked(path, &text)
}

fn of_kind<'a>(doc: &'a [Marked], kind: &str) -> Vec<&'a Marked> {
    doc.iter().filter(|m| m.kind == kind).collect()
}

fn table(m: &Marked) -> &[Vec<String>] {
    match &m.block {
        Block::Table(rows) if rows.len() > 1 => rows,
        _ => panic!("{}:{}: a table must follow the marker", m.doc, m.line),
    }
}

/// The sample project `name` as `build` would publish it: the project and its report.json.
fn built(name: &str) -> Built {
    built_at(&fixtures().join(name))
}

type Built = (
    shinchoku::model::Project,
    shinchoku::assess::Assessment,
    Value,
);

/// The project in `root`, assessed, and its report.json.
fn built_at(root: &std::path::Path) -> Built {
    let project = shinchoku::load::load(root)
        .unwrap_or_else(|e| panic!("{} does not load:\n{e}", root.display()));
    let assessment = shinchoku::assess::assess(&project);
    let json = shinchoku::render::data::report_json(&project, &assessment);
    (project, assessment, serde_json::from_str(&json).unwrap())
}

/// JSON as the doc writes it: strings bare, `null` as `—`, lists as `1, 1, 1`.
fn text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => ABSENT.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| text(Some(i)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

fn indicator<'a>(report: &'a Value, no: &str) -> Option<&'a Value> {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["no"].as_u64().is_some_and(|n| n.to_string() == no))
}

/// Compares one row of an `outcomes` table with report.json; the differences, if any.
fn check_outcome(report: &Value, header: &[String], row: &[String], at: &str) -> Vec<String> {
    let field = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .map(|i| row[i].as_str())
            .unwrap_or_else(|| panic!("{at}: the table needs a `{name}` column"))
    };
    let (no, year) = (field("no"), field("year"));
    let Some(indicator) = indicator(report, no) else {
        return vec![format!("{at}: no indicator {no}")];
    };
    let find = |list: &str| {
        indicator[list]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["year"] == year)
            .cloned()
    };
    let (Some(entry), Some(printed)) = (find("assessment"), find("years")) else {
        return vec![format!("{at}: indicator {no} has no year {year}")];
    };
    let mut wrong = Vec::new();
    for (name, stated) in header.iter().zip(row) {
        let computed = match name.as_str() {
            "no" | "year" => continue,
            "status" | "label" | "on_track" | "method" => text(entry.get(name)),
            input => text(entry["inputs"].get(input)),
        };
        if &computed != stated {
            wrong.push(format!(
                "{at}: indicator {no} {year} `{name}`: the doc says {stated}, shinchoku computes {computed}"
            ));
        }
        // The rate the pages print is the audit trail's rate.
        if name == "rate" && stated.parse::<f64>().is_ok() && text(printed.get("rate")) != *stated {
            wrong.push(format!(
                "{at}: indicator {no} {year}: years[].rate is {}, the doc says {stated}",
                text(printed.get("rate"))
            ));
        }
    }
    wrong
}

#[test]
fn every_figure_of_a_worked_example_is_what_shinchoku_computes() {
    let doc = doc();
    let tables = of_kind(&doc, "outcomes");
    assert!(!tables.is_empty(), "docs/methods.md has no outcomes tables");
    let mut wrong = Vec::new();
    for m in tables {
        let (_, _, report) = built(&m.arg);
        let rows = table(m);
        for (i, row) in rows[1..].iter().enumerate() {
            let at = format!("docs/methods.md:{} (row {})", m.line, i + 1);
            assert_eq!(row.len(), rows[0].len(), "{at}: cells and columns differ");
            wrong.extend(check_outcome(&report, &rows[0], row, &at));
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn unit_statuses_and_summaries_are_what_shinchoku_counts() {
    let doc = doc();
    let mut wrong = Vec::new();
    let units = of_kind(&doc, "units");
    assert!(!units.is_empty(), "docs/methods.md shows no unit statuses");
    for m in units {
        let (project, assessment, _) = built(&m.arg);
        let rows = table(m);
        assert_eq!(rows[0], ["unit", "status", "decided by"], "line {}", m.line);
        for row in &rows[1..] {
            let u = project.unit_index[&id_key(&row[0])];
            let status = serde_json::to_value(assessment.status[u]).unwrap();
            let decider = assessment.deciding[u].map_or(ABSENT.to_string(), |(i, _)| {
                format!("KPI {}", project.indicators[i].no)
            });
            let computed = [text(Some(&status)), decider];
            if computed[..] != row[1..] {
                wrong.push(format!(
                    "docs/methods.md:{}: {}: the doc says {:?}, shinchoku counts {computed:?}",
                    m.line,
                    row[0],
                    &row[1..]
                ));
            }
        }
    }
    for m in of_kind(&doc, "summary") {
        let (_, _, report) = built(&m.arg);
        wrong.extend(check_summary(&report, m, "docs/methods.md"));
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// Compares a `summary` table with report.json's summary; the differences, if any.
fn check_summary(report: &Value, m: &Marked, doc: &str) -> Vec<String> {
    let rows = table(m);
    let mut wrong = Vec::new();
    for (name, stated) in rows[0].iter().zip(&rows[1]) {
        let computed = text(report["summary"].get(name));
        if &computed != stated {
            wrong.push(format!(
                "{doc}:{}: summary `{name}`: the doc says {stated}, shinchoku counts {computed}",
                m.line
            ));
        }
    }
    wrong
}

#[test]
fn every_yaml_excerpt_is_in_the_sample_file_it_names() {
    let doc = doc();
    let excerpts = of_kind(&doc, "fixture");
    assert!(!excerpts.is_empty());
    for m in excerpts {
        let Block::Code(code) = &m.block else {
            panic!("docs/methods.md:{}: a code block must follow", m.line);
        };
        let path = fixtures().join(&m.arg);
        let file = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("docs/methods.md:{}: {}: {e}", m.line, path.display()));
        assert!(
            file.contains(code.as_str()),
            "docs/methods.md:{}: this excerpt is not in {}:\n{code}",
            m.line,
            m.arg
        );
    }
}

#[test]
fn the_report_json_excerpt_is_what_build_writes() {
    let doc = doc();
    let excerpts = of_kind(&doc, "assessment");
    assert!(!excerpts.is_empty());
    for m in excerpts {
        let Block::Code(code) = &m.block else {
            panic!("docs/methods.md:{}: a code block must follow", m.line);
        };
        let (name, no) = m.arg.split_once(' ').expect("NAME NO");
        let shown: Value = serde_json::from_str(&format!("{{{code}}}"))
            .unwrap_or_else(|e| panic!("docs/methods.md:{}: not JSON: {e}", m.line));
        let (_, _, report) = built(name);
        let entries = indicator(&report, no).unwrap()["assessment"]
            .as_array()
            .unwrap();
        for entry in shown["assessment"].as_array().unwrap() {
            let written = entries.iter().find(|e| e["year"] == entry["year"]);
            assert_eq!(Some(entry), written, "docs/methods.md:{}", m.line);
        }
    }
}

#[test]
fn the_tones_table_is_the_tone_rule() {
    let doc = doc();
    let [m] = of_kind(&doc, "tones")[..] else {
        panic!("docs/methods.md needs one tones table");
    };
    for row in &table(m)[1..] {
        let count: usize = row[0].parse().unwrap();
        let tones: Vec<String> = (0..count).map(|r| tone(r, count).to_string()).collect();
        assert_eq!(row[1], tones.join(", "), "{count} classes");
    }
}

/// Every method has a checked example, and every sample project is one the doc uses.
#[test]
fn the_doc_covers_every_method_and_every_sample() {
    let doc = doc();
    let mut methods = BTreeSet::new();
    let mut used = BTreeSet::new();
    for m in of_kind(&doc, "outcomes") {
        let (_, _, report) = built(&m.arg);
        let rows = table(m);
        let no = rows[0].iter().position(|h| h == "no").unwrap();
        for row in &rows[1..] {
            let ind = indicator(&report, &row[no]).unwrap();
            methods.insert(ind["method"].as_str().unwrap().to_string());
        }
        used.insert(m.arg.clone());
    }
    let all: BTreeSet<String> = Method::ALL.iter().map(|m| m.key().to_string()).collect();
    assert_eq!(methods, all, "methods with a checked worked example");
    let samples: BTreeSet<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(used, samples, "sample projects the doc's tables use");
    for name in &samples {
        assert!(fixtures().join(name).join("content/plan.yaml").exists());
    }
}

const CONTENT_FORMAT: &str = "docs/content-format.md";

/// The sample projects of docs/content-format.md, written out from its complete files into
/// one folder each under `dir`: name → project root.
fn content_format_samples(
    doc: &[Marked],
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, PathBuf> {
    let mut samples = std::collections::BTreeMap::new();
    for m in of_kind(doc, "file") {
        let Block::Code(code) = &m.block else {
            panic!("{CONTENT_FORMAT}:{}: a code block must follow", m.line);
        };
        let (name, path) = m.arg.split_once('/').expect("NAME/PATH");
        let root = dir.join(name);
        let file = root.join(path);
        assert!(
            !file.exists(),
            "{CONTENT_FORMAT}:{}: {} is given twice",
            m.line,
            m.arg
        );
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, code).unwrap();
        samples.insert(name.to_string(), root);
    }
    samples
}

/// Every file the format page shows whole is valid: each sample project it makes up (a
/// municipal plan, an SDG-style plan) loads without a single problem.
#[test]
fn the_content_formats_complete_files_load() {
    let doc = doc_at(CONTENT_FORMAT);
    let dir = tempfile::tempdir().unwrap();
    let samples = content_format_samples(&doc, dir.path());
    assert!(
        samples.len() >= 2,
        "{CONTENT_FORMAT} shows no complete sample projects"
    );
    for (name, root) in &samples {
        assert!(
            root.join("content/plan.yaml").exists(),
            "{CONTENT_FORMAT}: sample {name} has no content/plan.yaml"
        );
        if let Err(e) = shinchoku::load::load(root) {
            panic!("{CONTENT_FORMAT}: sample {name} does not load:\n{e}");
        }
    }
}

/// What the format page says its samples compute (judgements, summary, report.json fields)
/// is what shinchoku computes from them.
#[test]
fn the_content_formats_samples_compute_what_it_says() {
    let doc = doc_at(CONTENT_FORMAT);
    let dir = tempfile::tempdir().unwrap();
    let samples = content_format_samples(&doc, dir.path());
    let report = |name: &str| {
        let root = samples
            .get(name)
            .unwrap_or_else(|| panic!("{CONTENT_FORMAT}: no sample {name}"));
        built_at(root).2
    };
    let mut wrong = Vec::new();
    let mut checked = 0;
    for m in of_kind(&doc, "outcomes") {
        let report = report(&m.arg);
        let rows = table(m);
        for (i, row) in rows[1..].iter().enumerate() {
            let at = format!("{CONTENT_FORMAT}:{} (row {})", m.line, i + 1);
            assert_eq!(row.len(), rows[0].len(), "{at}: cells and columns differ");
            wrong.extend(check_outcome(&report, &rows[0], row, &at));
            checked += 1;
        }
    }
    for m in of_kind(&doc, "summary") {
        wrong.extend(check_summary(&report(&m.arg), m, CONTENT_FORMAT));
        checked += 1;
    }
    for m in of_kind(&doc, "report") {
        let Block::Code(code) = &m.block else {
            panic!("{CONTENT_FORMAT}:{}: a code block must follow", m.line);
        };
        let shown: serde_json::Map<String, Value> = serde_json::from_str(&format!("{{{code}}}"))
            .unwrap_or_else(|e| panic!("{CONTENT_FORMAT}:{}: not JSON: {e}", m.line));
        let report = report(&m.arg);
        for (key, value) in shown {
            if report.get(&key) != Some(&value) {
                wrong.push(format!(
                    "{CONTENT_FORMAT}:{}: `{key}`: the doc says {value}, build writes {}",
                    m.line,
                    report.get(&key).map_or("nothing".into(), Value::to_string)
                ));
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "{CONTENT_FORMAT} states no computed result");
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}
