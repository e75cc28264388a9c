//! `import xlsx`: a summary sheet's targets, actuals and pending reasons into the existing
//! KPI files. Only figures that differ are written, each as just its scalar's text; the
//! computed columns (結果, 達成率) are compared with shinchoku's own results, never copied.
//! All files or none: the updated project must load before anything is written.

pub mod edit;
pub mod map;
mod sheet;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::assess;
use crate::export::xlsx::{Cell, actual_cell, rate_cell, result_text, target_cell};
use crate::load;
use crate::model::*;
use edit::{Edit, yaml_string};
pub use map::SheetMap;
use sheet::{Block, Value};

/// What an import did and found.
#[derive(Debug, Default)]
pub struct Report {
    /// Project-relative paths of the files rewritten, sorted.
    pub files: Vec<PathBuf>,
    /// How many figures changed.
    pub changes: usize,
    /// Cells kept out of the YAML (`#VALUE!`): where, and why.
    pub not_figures: Vec<String>,
    /// Computed cells that disagree with shinchoku's result: cell, printed, computed.
    pub disagreements: Vec<String>,
}

/// Reads `file` with `map` into the project at `root`.
pub fn import(root: &Path, file: &Path, map: &SheetMap) -> anyhow::Result<Report> {
    let project = load::load(root)?;
    let sheet = sheet::read(file, map, &project.plan)?;
    let mut report = Report::default();
    let mut errors = Vec::new();
    let mut edits: BTreeMap<usize, Vec<Edit>> = BTreeMap::new();
    for block in &sheet.blocks {
        let Some(i) = project.indicators.iter().position(|ind| ind.no == block.no) else {
            errors.push(format!(
                "{}: KPI No. {} is not in content/indicators\n  help: add its file first (the import updates existing KPIs only)",
                sheet.at(block.row, map.col_no),
                block.no
            ));
            continue;
        };
        let ind = &project.indicators[i];
        for &(col, y) in &sheet.years {
            let figure = &ind.figures[y];
            let read = |row: Option<u32>, field: &str| {
                row.map(|row| (sheet.value(row, col), sheet.at(row, col), field.to_string()))
            };
            // The sheet's words for the cell, and the YAML field it goes to.
            let what = |label: &str| {
                let key = if label == "目標" {
                    "target"
                } else {
                    "actual"
                };
                format!(
                    "KPI {}, {} {label}: years.{}.{key} in {}",
                    ind.no,
                    figure.year.label(),
                    figure.year,
                    ind.source.display()
                )
            };
            if let Some((value, at, _)) = read(block.target, "target") {
                match figure_of(&value, ind, &target_cell(figure), &[]) {
                    Read::Same | Read::Blank => {}
                    Read::Figure(v) if figure.target == Some(v) => {}
                    Read::Figure(v) => edits.entry(i).or_default().push(Edit {
                        year: figure.year,
                        key: "target",
                        value: v.normalize().to_string(),
                        replaces: None,
                    }),
                    Read::NotFigure(e) => report
                        .not_figures
                        .push(format!("{at} ({}): {e}, not a figure; kept", what("目標"))),
                    Read::Pending(text) | Read::Bad(text) => {
                        errors.push(bad(&at, &what("目標"), &text))
                    }
                }
            }
            if let Some((value, at, _)) = read(block.actual, "actual") {
                let current = actual_cell(&project.plan.rules, figure);
                match figure_of(&value, ind, &current, &map.pending) {
                    Read::Same | Read::Blank => {}
                    Read::Figure(v) if figure.actual == Actual::Value(v) => {}
                    Read::Figure(v) => edits.entry(i).or_default().push(Edit {
                        year: figure.year,
                        key: "actual",
                        value: v.normalize().to_string(),
                        replaces: Some("pending"),
                    }),
                    Read::Pending(text) if figure.actual == Actual::Pending(text.clone()) => {}
                    Read::Pending(text) => edits.entry(i).or_default().push(Edit {
                        year: figure.year,
                        key: "pending",
                        value: yaml_string(&text),
                        replaces: Some("actual"),
                    }),
                    Read::NotFigure(e) => report
                        .not_figures
                        .push(format!("{at} ({}): {e}, not a figure; kept", what("実績"))),
                    Read::Bad(text) => errors.push(bad(&at, &what("実績"), &text)),
                }
            }
        }
    }
    if !errors.is_empty() {
        bail!("{}\nnothing was written", errors.join("\n"));
    }

    // The new texts, checked by loading them before any is written.
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    for (&i, list) in &edits {
        let ind = &project.indicators[i];
        let path = root.join(&ind.source);
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let Some(text) = edit::apply(&source, project.plan.year_form, list) else {
            bail!(
                "{}: years is not a block mapping, so it cannot be updated in place\n  help: write years as `years:` with one year per line\nnothing was written",
                ind.source.display()
            );
        };
        report.changes += list.len();
        texts.push((ind.source.clone(), text));
    }
    let updated = trial_load(root, &texts)?;
    for (rel, text) in &texts {
        write_file(&root.join(rel), text)?;
        report.files.push(rel.clone());
    }
    report.files.sort();
    compare(&sheet, &updated, &mut report);
    Ok(report)
}

fn bad(at: &str, what: &str, text: &str) -> String {
    format!(
        "{at} ({what}): `{text}` is not a figure\n  help: write a number (1,600, ▲20, 12.5), leave the cell empty, or for an actual one of the pending texts (集計中, 年度末に調査; more with `pending:` in a --map file)"
    )
}

/// What a figure cell says.
enum Read {
    Blank,
    /// What the export writes for the current YAML (a state, 廃止, …): nothing to change.
    Same,
    Figure(rust_decimal::Decimal),
    Pending(String),
    /// An error value (`#VALUE!`).
    NotFigure(String),
    Bad(String),
}

fn figure_of(value: &Value, ind: &Indicator, current: &Cell, pending: &[String]) -> Read {
    match value {
        Value::Empty => Read::Blank,
        Value::Error(e) => Read::NotFigure(e.clone()),
        Value::Number(n) => Read::Figure(*n),
        Value::Text(text) => {
            let text = text.trim();
            if *current == Cell::Text(text.to_string()) {
                return Read::Same;
            }
            let bare = text
                .strip_suffix(ind.unit.as_str())
                .or_else(|| text.strip_prefix(ind.unit.as_str()))
                .unwrap_or(text);
            if let Some(n) = load::parse_number(bare) {
                return Read::Figure(n);
            }
            if pending.iter().any(|p| p.as_str() == text) {
                Read::Pending(text.to_string())
            } else {
                Read::Bad(text.to_string())
            }
        }
    }
}

/// Loads a copy of the project with the new texts; nothing is written if it fails.
fn trial_load(root: &Path, texts: &[(PathBuf, String)]) -> anyhow::Result<Project> {
    let copy = tempfile::tempdir()?;
    for entry in walkdir::WalkDir::new(root.join("content")) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(root)?;
        let to = copy.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &to)?;
        }
    }
    let settings = root.join("shinchoku.yaml");
    if settings.is_file() {
        std::fs::copy(&settings, copy.path().join("shinchoku.yaml"))?;
    }
    for (rel, text) in texts {
        std::fs::write(copy.path().join(rel), text)?;
    }
    load::load(copy.path()).map_err(|e| {
        anyhow::anyhow!("the updated project would not load:\n{e}\nnothing was written")
    })
}

fn write_file(path: &Path, text: &str) -> anyhow::Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut staged = tempfile::NamedTempFile::new_in(folder)?;
    std::io::Write::write_all(&mut staged, text.as_bytes())?;
    staged
        .persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The sheet's 結果 and rate cells against shinchoku's results for the imported figures.
fn compare(sheet: &sheet::Sheet, project: &Project, report: &mut Report) {
    let assessment = assess::assess(project);
    let rules = &project.plan.rules;
    for Block {
        no, result, rate, ..
    } in &sheet.blocks
    {
        let Some(i) = project.indicators.iter().position(|ind| ind.no == *no) else {
            continue;
        };
        for &(col, y) in &sheet.years {
            let outcome = &assessment.outcomes[i][y];
            if matches!(project.indicators[i].figures[y].actual, Actual::NotDue) {
                continue;
            }
            if let Some(row) = result {
                let computed = result_text(outcome);
                let agrees = match sheet.value(*row, col) {
                    Value::Text(t) => {
                        let t: String = t.split_whitespace().collect();
                        t == outcome.label || t == computed.replace(' ', "") || t == outcome.symbol
                    }
                    // A blank computed cell prints nothing to disagree with.
                    Value::Empty => true,
                    Value::Error(_) => outcome.class.is_none(),
                    Value::Number(_) => false,
                };
                if !agrees {
                    report.disagreements.push(format!(
                        "{}: 結果 `{}`, shinchoku: `{computed}`",
                        sheet.at(*row, col),
                        sheet.value(*row, col)
                    ));
                }
            }
            if let Some(row) = rate {
                let computed = rate_cell(rules, outcome);
                let printed = sheet.value(*row, col);
                let agrees = match (&printed, outcome.rate) {
                    (Value::Empty, _) => true,
                    (Value::Number(n), Some(r)) => {
                        n.round_dp(rules.decimals) == r.round_dp(rules.decimals)
                    }
                    (Value::Text(t), Some(r)) => load::parse_number(t.trim().trim_end_matches('%'))
                        .is_some_and(|n| n.round_dp(rules.decimals) == r),
                    (Value::Number(_), None) => false,
                    (_, None) => true,
                    _ => false,
                };
                if !agrees {
                    let computed = match computed {
                        Cell::Number(n) => format!("{n}%"),
                        Cell::Text(t) => t,
                        Cell::Blank => String::new(),
                    };
                    report.disagreements.push(format!(
                        "{}: rate `{printed}`, shinchoku: `{computed}`",
                        sheet.at(*row, col)
                    ));
                }
            }
        }
    }
}
