//! The summary sheet's layout (Atsugi's 総括表): where the export writes each column, and so
//! where the import looks unless a map says otherwise. One KPI is a block of four rows.

use crate::model::Year;

pub const SHEET_NAME: &str = "総括表";
/// 0-based row of the column headings (a title and a legend row stand above it).
pub const HEADER_ROW: u32 = 2;

pub const COL_NO: u16 = 0;
pub const COL_UNIT_NO: u16 = 1;
pub const COL_UNIT_NAME: u16 = 2;
pub const COL_KPI: u16 = 3;
/// The row label: 目標, 実績, 結果, 達成率.
pub const COL_LABEL: u16 = 4;
/// The first year column; the plan's years follow in order, then the reflection column.
pub const COL_FIRST_YEAR: u16 = 5;

pub const TARGET_LABEL: &str = "目標";
pub const ACTUAL_LABEL: &str = "実績";
pub const RESULT_LABEL: &str = "結果";
/// The rate row's label when a method prints no rate.
pub const NO_RATE_LABEL: &str = "率";
/// Every label a rate row may carry (the methods' rate names and the fallback).
pub const RATE_LABELS: [&str; 3] = ["達成率", "進捗率", NO_RATE_LABEL];

pub const HEADINGS: [&str; 5] = ["No.", "単位施策No.", "単位施策", "成果指標", "区分"];
pub const REFLECTION_HEADING: &str = "振り返り・今後の方向性";

/// A year column's heading: 令和5年度 on the first line (what the import matches), the
/// Western year under it, and 見込値 for a year of estimates.
pub fn year_heading(year: Year, estimate: bool) -> String {
    let mut heading = year.label();
    if year.label() != year.long_label() {
        heading.push_str(&format!("\n({}年度)", year.fiscal));
    }
    if estimate {
        heading.push_str("\n見込値");
    }
    heading
}

/// Column letters for a 0-based column: 0 → A, 26 → AA.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        name.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A cell's name as Excel shows it: (0, 1) → B1.
pub fn cell_name(row: u32, col: u16) -> String {
    format!("{}{}", column_name(col), row + 1)
}

/// The 0-based column of letters (`A`, `aa`), if they are letters.
pub fn parse_column(letters: &str) -> Option<u16> {
    let letters = letters.trim();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + u32::from(c.to_ascii_uppercase() as u8 - b'A' + 1);
    }
    u16::try_from(n - 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cells_as_excel_does() {
        assert_eq!(cell_name(11, 1), "B12");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(parse_column("aa"), Some(26));
        assert_eq!(parse_column("B"), Some(1));
        assert_eq!(parse_column("1"), None);
    }

    #[test]
    fn year_headings_carry_the_western_year() {
        let r5 = Year::parse("R5").unwrap();
        assert_eq!(year_heading(r5, true), "令和5年度\n(2023年度)\n見込値");
        assert_eq!(year_heading(r5, false), "令和5年度\n(2023年度)");
    }
}
