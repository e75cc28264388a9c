//! One progress-calculation series out of an indicator's data: the rows sdg-build's
//! `SeriesProgress.filter_data` keeps, step for step (columns dropped, `Progress` for
//! `Value`, the unit, series and disaggregation filters or else the headline, the checks).

use std::collections::BTreeSet;

use super::options::{Scalar, SeriesOption};
use super::repo::Columns;
use super::table::{Table, VALUE, YEAR, parse_float, plain_number};
use crate::diagnostic::Diagnostic;
use crate::tr;

/// A (year, value) the progress measure uses.
#[derive(Debug, Clone)]
pub struct Point {
    pub year: u16,
    pub value: f64,
    /// The value as the file writes it, for the figures shown.
    pub text: String,
}

#[derive(Debug)]
pub struct Selected {
    pub points: Vec<Point>,
    /// The `Units` of the rows, when they share one.
    pub unit: Option<String>,
    /// The values came from the `Progress` column.
    pub from_progress: bool,
}

/// Why sdg-build stops on a series (it raises an exception); the importer leaves it out.
#[derive(Debug, PartialEq)]
pub enum Unusable {
    /// No disaggregation is configured and no row has every disaggregation column empty.
    NoHeadline,
    /// After filtering, a column still holds several values.
    SeveralSeries { column: String, values: Vec<String> },
    /// Two rows of the same year.
    RepeatedYear { year: u16, lines: Vec<u64> },
}

impl std::fmt::Display for Unusable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unusable::NoHeadline => write!(
                f,
                "no headline row (a row with every disaggregation column empty), and no disaggregation is configured"
            ),
            Unusable::SeveralSeries { column, values } => write!(
                f,
                "the rows still hold several series (`{column}`: {}); configure series, unit or disaggregation to choose one",
                values.join(", ")
            ),
            Unusable::RepeatedYear { year, lines } => write!(
                f,
                "{year} is given twice (lines {})",
                lines
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}

/// The series `option` selects from `table` (no points: nothing to calculate, as in
/// sdg-build). A value that is no number is an error in `diags` (sdg-build fails on it too);
/// a series sdg-build would stop on is `Unusable`. A filter that finds nothing keeps every
/// row, as in sdg-build, and says so in `notes`.
pub fn select(
    table: &Table,
    option: &SeriesOption,
    columns: &Columns,
    diags: &mut Vec<Diagnostic>,
    notes: &mut Vec<String>,
) -> Result<Selected, Unusable> {
    let mut rows: Vec<usize> = (0..table.rows.len()).collect();
    let value_at = table.column(VALUE).expect("read checks the Value column");
    let mut value_column = value_at;
    let mut unit = None;
    let mut from_progress = false;
    if table.columns.len() > 2 {
        let kept: Vec<usize> = (0..table.columns.len())
            .filter(|&c| {
                let name = table.columns[c].as_str();
                let special = [
                    YEAR,
                    VALUE,
                    &columns.series,
                    &columns.unit,
                    &columns.progress,
                ];
                special.contains(&name)
                    || !(columns.non_disaggregation.iter().any(|n| n == name)
                        || columns.observation_attributes.iter().any(|n| n == name))
            })
            .collect();
        let mut kept: Vec<usize> = kept;
        if let Some(p) = table.column(&columns.progress) {
            value_column = p;
            from_progress = true;
            kept.retain(|&c| c != p);
        }
        let mut filter = |rows: &mut Vec<usize>, column: &str, wanted: &Scalar| {
            let Some(c) = table.column(column).filter(|c| kept.contains(c)) else {
                notes.push(format!("no column `{column}`, so every row was kept"));
                return;
            };
            let numeric = table.is_numeric(c);
            let matching: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| wanted.matches(table.rows[r].cells[c].as_deref(), numeric))
                .collect();
            if matching.is_empty() {
                notes.push(format!(
                    "no row has `{column}` {}, so every row was kept",
                    wanted.shown()
                ));
            } else {
                *rows = matching;
            }
        };
        if let Some(u) = &option.unit {
            filter(&mut rows, &columns.unit, u);
        }
        if let Some(s) = &option.series {
            filter(&mut rows, &columns.series, s);
        }
        if option.disaggregation.is_empty() {
            let disaggregations: Vec<usize> = kept
                .iter()
                .copied()
                .filter(|&c| {
                    let name = &table.columns[c];
                    !columns.non_disaggregation.contains(name)
                })
                .collect();
            let headline: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| {
                    disaggregations
                        .iter()
                        .all(|&c| table.rows[r].cells[c].is_none())
                })
                .collect();
            if headline.is_empty() && !rows.is_empty() {
                return Err(Unusable::NoHeadline);
            }
            rows = headline;
        } else {
            for (field, value) in &option.disaggregation {
                filter(&mut rows, field, value);
            }
        }
        for &c in &kept {
            let name = table.columns[c].as_str();
            if name == YEAR || c == value_at {
                continue;
            }
            // pandas' `unique()`: no value counts as one more value.
            let values: BTreeSet<Option<&str>> = rows
                .iter()
                .map(|&r| table.rows[r].cells[c].as_deref())
                .collect();
            if values.len() > 1 {
                return Err(Unusable::SeveralSeries {
                    column: name.to_string(),
                    values: values
                        .into_iter()
                        .map(|v| v.map_or_else(|| "(empty)".to_string(), |v| format!("`{v}`")))
                        .collect(),
                });
            }
            if name == columns.unit {
                unit = values.into_iter().next().flatten().map(str::to_string);
            }
        }
    }
    let mut points: Vec<(Point, u64)> = Vec::new();
    for r in rows {
        let row = &table.rows[r];
        let Some(text) = row.cells[value_column].as_deref() else {
            continue;
        };
        match parse_float(text).map(|v| (v, plain_number(text, v))) {
            Some((value, Some(text))) => points.push((
                Point {
                    year: row.year,
                    value,
                    text,
                },
                row.line,
            )),
            Some((_, None)) => diags.push(
                table
                    .error(
                        row.line,
                        &table.columns[value_column],
                        tr!("`{text}` has more digits than shinchoku's decimal numbers hold (28 significant digits)", "`{text}` は shinchoku で扱える桁数（有効数字 28 桁）を超えています"),
                    )
                    .help(tr!("round the value", "値を丸めてください")),
            ),
            None => diags.push(
                table
                    .error(
                        row.line,
                        &table.columns[value_column],
                        tr!("`{text}` is not a number", "`{text}` は数値ではありません"),
                    )
                    .help(tr!("write the value as a plain number (14.5), or leave the cell empty when there is none", "値は数値だけで書くか（例: 14.5）、値が無ければセルを空にしてください")),
            ),
        }
    }
    for (i, (p, _)) in points.iter().enumerate() {
        if points[..i].iter().any(|(q, _)| q.year == p.year) {
            return Err(Unusable::RepeatedYear {
                year: p.year,
                lines: points
                    .iter()
                    .filter(|(q, _)| q.year == p.year)
                    .map(|(_, line)| *line)
                    .collect(),
            });
        }
    }
    Ok(Selected {
        points: points.into_iter().map(|(p, _)| p).collect(),
        unit,
        from_progress,
    })
}
