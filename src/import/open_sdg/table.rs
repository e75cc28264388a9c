//! An indicator's data file, `data/indicator_<id>.csv`, read as sdg-build reads it with
//! pandas: the first line names the columns, an empty cell (or `NA`, `n/a`, `NaN`, ...) is no
//! value, a short row is padded with no values, and a long row is an error.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::tr;

/// The cells pandas reads as "no value" by default (`keep_default_na`).
const NA: [&str; 19] = [
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

pub const YEAR: &str = "Year";
pub const VALUE: &str = "Value";

/// The years shinchoku's calendar years can be.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2200;

pub struct Table {
    /// As shown in messages: the repository folder joined with the file's path in it.
    pub path: PathBuf,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

pub struct Row {
    /// 1-based line of the file where the row starts.
    pub line: u64,
    /// The year, cut to its first four characters when longer (`2015-2016` is 2015), as
    /// sdg-build does.
    pub year: u16,
    /// One per column; `None` where pandas sees no value.
    pub cells: Vec<Option<String>>,
}

impl Table {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Whether pandas would read `column` as numbers: every value in it is one.
    pub fn is_numeric(&self, column: usize) -> bool {
        self.rows
            .iter()
            .filter_map(|r| r.cells[column].as_deref())
            .all(|c| parse_float(c).is_some())
    }

    /// A diagnostic for `column` of the row starting at `line`.
    pub fn error(&self, line: u64, column: &str, message: impl Into<Text>) -> Diagnostic {
        at_line(Diagnostic::new(&self.path, message), line).field(column)
    }
}

/// A number as pandas reads one: decimal or scientific notation, spaces around it ignored.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim();
    // Rust also reads `inf` and `infinity`, which are no figure a report can show.
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// `value` (read from `text`) in plain decimal notation that reads back as the same `f64`
/// and fits shinchoku's decimals (28 significant digits): `text` itself when it is such a
/// number (`14.50` keeps its zero), else the shortest such form (`1.5e-3` is `0.0015`).
pub fn plain_number(text: &str, value: f64) -> Option<String> {
    let same = |s: &str| s.parse::<f64>().ok() == Some(value);
    if let Ok(d) = text.trim().parse::<rust_decimal::Decimal>() {
        let s = d.to_string();
        if same(&s) {
            return Some(s);
        }
    }
    // The loader reads the text into a decimal: it must hold it exactly (no rounding).
    let s = value.to_string();
    let exact = s
        .parse::<rust_decimal::Decimal>()
        .is_ok_and(|d| same(&d.to_string()));
    exact.then_some(s)
}

/// The CSV reader's own (English) message about `e`, with a Japanese lead-in.
fn csv_said(e: &csv::Error) -> Text {
    let said = csv_message(e);
    tr!("{said}", "CSV として読めません（{said}）")
}

/// Reads `file` (named so in messages); every problem goes to `diags`.
pub fn read(file: &Path, diags: &mut Vec<Diagnostic>) -> Option<Table> {
    let shown = file;
    let before = diags.len();
    let fail = |diags: &mut Vec<Diagnostic>, line: u64, message: Text, help: Text| {
        diags.push(at_line(Diagnostic::new(shown, message), line).help(help));
    };
    let mut reader = match csv::ReaderBuilder::new().flexible(true).from_path(file) {
        Ok(r) => r,
        Err(e) => {
            diags.push(
                Diagnostic::new(shown, tr!("cannot read: {e}", "読み込めません: {e}")).help(tr!(
                    "check the file's permissions",
                    "ファイルのアクセス権を確認してください"
                )),
            );
            return None;
        }
    };
    let columns: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let c = if i == 0 {
                    c.trim_start_matches('\u{feff}')
                } else {
                    c
                };
                c.to_string()
            })
            .collect(),
        Err(e) => {
            fail(
                diags,
                1,
                csv_said(&e),
                tr!(
                    "save the file as CSV in UTF-8",
                    "CSV 形式、UTF-8 で保存してください"
                ),
            );
            return None;
        }
    };
    for (i, c) in columns.iter().enumerate() {
        if columns[..i].contains(c) {
            fail(
                diags,
                1,
                tr!(
                    "the column `{c}` is named twice",
                    "列 `{c}` の名前が 2 回使われています"
                ),
                tr!(
                    "give every column of the first line its own name",
                    "1 行目の列にはそれぞれ別の名前を付けてください"
                ),
            );
        }
    }
    let (Some(year), Some(_)) = (
        columns.iter().position(|c| c == YEAR),
        columns.iter().position(|c| c == VALUE),
    ) else {
        let missing = if columns.iter().any(|c| c == YEAR) {
            VALUE
        } else {
            YEAR
        };
        fail(
            diags,
            1,
            tr!(
                "no `{missing}` column (the first line names {})",
                "`{missing}` の列がありません（1 行目の列は {}）",
                columns.join(", ")
            ),
            tr!(
                "an Open SDG data file has a `Year` and a `Value` column (the long layout: one value per row)",
                "Open SDG のデータファイルには `Year` と `Value` の列があります（縦長の形式: 1 行に 1 つの値）"
            ),
        );
        return None;
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                fail(
                    diags,
                    line,
                    csv_said(&e),
                    tr!(
                        "save the file as CSV in UTF-8, with quotes closed",
                        "引用符を閉じて、CSV 形式、UTF-8 で保存してください"
                    ),
                );
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() > columns.len() {
            fail(
                diags,
                line,
                tr!(
                    "this row has {} fields, and the first line names {} columns",
                    "この行には {} 個の値がありますが、1 行目の列は {} 個です",
                    record.len(),
                    columns.len()
                ),
                tr!(
                    "remove the extra fields, or quote a value that contains a comma",
                    "余分な値を削除するか、コンマを含む値を引用符で囲んでください"
                ),
            );
            continue;
        }
        let cells: Vec<Option<String>> = (0..columns.len())
            .map(|i| {
                record
                    .get(i)
                    .filter(|c| !NA.contains(c))
                    .map(str::to_string)
            })
            .collect();
        let Some(text) = cells[year].as_deref() else {
            fail(
                diags,
                line,
                tr!("this row has no `Year`", "この行には `Year` がありません"),
                tr!(
                    "give every row its year, e.g. 2015",
                    "どの行にも年を書いてください（例: 2015）"
                ),
            );
            continue;
        };
        match parse_year(text) {
            Some(y) => rows.push(Row {
                line,
                year: y,
                cells,
            }),
            None => fail(
                diags,
                line,
                tr!("`{text}` is not a year", "`{text}` は年ではありません"),
                tr!(
                    "write the year in four digits (2015), or a range starting with one (2015-2016)",
                    "年を 4 桁で書くか（2015）、4 桁の年で始まる範囲を書いてください（2015-2016）"
                ),
            ),
        }
    }
    (diags.len() == before).then(|| Table {
        path: shown.to_path_buf(),
        columns,
        rows,
    })
}

/// A diagnostic at a line of a CSV file: `file:4:` (a row, not a place within it).
fn at_line(mut d: Diagnostic, line: u64) -> Diagnostic {
    d.line = Some(usize::try_from(line).unwrap_or(usize::MAX));
    d
}

/// `2015`, or the first four characters of a longer year (`2015-2016`, `2015.0`).
fn parse_year(text: &str) -> Option<u16> {
    let t = text.trim();
    let first: String = t.chars().take(4).collect();
    first
        .parse::<u16>()
        .ok()
        .filter(|y| first.len() == 4 && YEARS.contains(y))
}

/// The csv crate's message without its own position (the diagnostic has the line).
fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8".into(),
        csv::ErrorKind::Io(io) => format!("cannot read: {io}"),
        _ => format!("not valid CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_cut_to_their_first_four_digits() {
        assert_eq!(parse_year("2015"), Some(2015));
        assert_eq!(parse_year("2015-2016"), Some(2015));
        assert_eq!(parse_year("2015.0"), Some(2015));
        assert_eq!(parse_year(" 2020 "), Some(2020));
        assert_eq!(parse_year("15"), None);
        assert_eq!(parse_year("FY2015"), None);
        assert_eq!(parse_year("1850"), None);
    }

    #[test]
    fn floats_are_read_as_pandas_reads_them() {
        assert_eq!(parse_float("14.5"), Some(14.5));
        assert_eq!(parse_float("1.5e-3"), Some(0.0015));
        assert_eq!(parse_float(" 7 "), Some(7.0));
        assert_eq!(parse_float("1,234"), None);
        assert_eq!(parse_float("inf"), None);
        assert_eq!(parse_float("x"), None);
    }

    #[test]
    fn numbers_are_written_in_plain_decimals_that_read_back_the_same() {
        assert_eq!(plain_number("14.50", 14.5).as_deref(), Some("14.50"));
        assert_eq!(plain_number("1.5e-3", 0.0015).as_deref(), Some("0.0015"));
        assert_eq!(plain_number("+7", 7.0).as_deref(), Some("7"));
        assert_eq!(plain_number("1e-40", 1e-40), None);
    }
}
