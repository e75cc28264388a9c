//! The CSV files: one per indicator (`data/kpi-NN.csv`) and all of them in one
//! (`data/indicators.csv`), one row per indicator and year, with the columns of
//! [`super::columns::COLUMNS`]. UTF-8 with a BOM so Excel opens them; CRLF line ends (RFC 4180).

use super::columns::{COLUMNS, Cell, Row};
use crate::assess::Assessment;
use crate::model::Project;

/// Quotes a CSV field when needed (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A text cell. A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or CR as a
/// formula (`=HYPERLINK(...)` in an indicator's name would be a live link in Excel): such a
/// cell gets a leading `'`, as OWASP recommends, which makes it text. Numbers are written
/// as they are, so a negative figure stays a number.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        csv_field(&format!("'{s}"))
    } else {
        csv_field(s)
    }
}

/// The header line, in the site's language, BOM first.
fn header(project: &Project) -> String {
    let headers: Vec<String> = COLUMNS
        .iter()
        .map(|c| csv_field(c.header(project.site.lang)))
        .collect();
    format!("\u{feff}{}\r\n", headers.join(","))
}

/// Appends indicator `i`'s rows, one per plan year.
fn push_rows(out: &mut String, project: &Project, assessment: &Assessment, i: usize) {
    let indicator = &project.indicators[i];
    let unit_ids = super::report::unit_ids(project, &indicator.units).join(" ");
    for (figure, outcome) in indicator.figures.iter().zip(&assessment.outcomes[i]) {
        let row = Row {
            project,
            indicator,
            figure,
            outcome,
            unit_ids: &unit_ids,
        };
        let cells: Vec<String> = COLUMNS
            .iter()
            .map(|c| match (c.cell)(&row) {
                Cell::Number(n) => n,
                Cell::Text(t) => csv_text(&t),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
}

/// Indicator `i`'s CSV.
pub fn indicator_csv(project: &Project, assessment: &Assessment, i: usize) -> String {
    let mut out = header(project);
    push_rows(&mut out, project, assessment, i);
    out
}

/// Every indicator's rows in one file, by indicator number, written into `out` indicator by
/// indicator (at 100,000 policies the file is hundreds of megabytes).
pub fn write_indicators_csv(
    project: &Project,
    assessment: &Assessment,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut rows = header(project);
    for i in 0..project.indicators.len() {
        push_rows(&mut rows, project, assessment, i);
        out.write_all(rows.as_bytes())?;
        rows.clear();
    }
    out.write_all(rows.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn csv_text_that_a_spreadsheet_would_run_is_made_text() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("-2+3"), "'-2+3");
        assert_eq!(csv_text("+81"), "'+81");
        assert_eq!(csv_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_text("\t=1"), "'\t=1");
        assert_eq!(csv_text("\r=1"), "\"'\r=1\"");
        assert_eq!(csv_text("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
        assert_eq!(csv_text("相談件数 -5%"), "相談件数 -5%");
        assert_eq!(csv_text(""), "");
    }
}
