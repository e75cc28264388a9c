//! The columns of the CSV files, defined once: each column's header in the site's language,
//! its Frictionless type, and how its cell is read from a year of an indicator. The CSV
//! writer and `datapackage.json` both read this list, so their headers cannot drift apart.
//!
//! For Japanese the headers follow 総務省「統計表における機械判読可能なデータの表記方法の
//! 統一ルール」: one datum per cell, the unit in a column of its own (and % in the rate's
//! header), the Western year in a column beside the era label, numbers as plain numbers (0 is
//! 0, a blank cell means no figure and the reason is in a column of its own), notes in their
//! own column.

use crate::assess::Outcome;
use crate::model::{Actual, Direction, Figure, Indicator, Lang, Project};

/// A Frictionless Table Schema field type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldType {
    Integer,
    Number,
    String,
    Date,
}

impl FieldType {
    pub fn key(self) -> &'static str {
        match self {
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::String => "string",
            FieldType::Date => "date",
        }
    }
}

/// One year of one indicator: what a row is made from.
pub struct Row<'a> {
    pub project: &'a Project,
    pub indicator: &'a Indicator,
    pub figure: &'a Figure,
    pub outcome: &'a Outcome,
    /// The IDs of the unit policies it measures, space-separated (computed once per indicator).
    pub unit_ids: &'a str,
}

/// A cell's content. Text is neutralised against formulas when written; numbers are not, so
/// a negative figure stays a number.
pub enum Cell {
    Number(String),
    Text(String),
}

pub struct Column {
    /// The header in Japanese and in English.
    pub ja: &'static str,
    pub en: &'static str,
    pub field_type: FieldType,
    pub cell: fn(&Row) -> Cell,
}

impl Column {
    pub fn header(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.ja,
            Lang::En => self.en,
        }
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn number(n: Option<impl ToString>) -> Cell {
    Cell::Number(n.map(|n| n.to_string()).unwrap_or_default())
}

fn lang(row: &Row) -> Lang {
    row.project.site.lang
}

fn direction(row: &Row) -> &'static str {
    match (row.indicator.direction, lang(row)) {
        (Direction::HigherIsBetter, Lang::Ja) => "値が大きいほど良い",
        (Direction::LowerIsBetter, Lang::Ja) => "値が小さいほど良い",
        (Direction::MaintainAtLeast, Lang::Ja) => "目標の水準以上を保つ",
        (Direction::MaintainAtMost, Lang::Ja) => "目標の水準以下に保つ",
        (Direction::HigherIsBetter, Lang::En) => "higher is better",
        (Direction::LowerIsBetter, Lang::En) => "lower is better",
        (Direction::MaintainAtLeast, Lang::En) => "stay at or above the target",
        (Direction::MaintainAtMost, Lang::En) => "stay at or below the target",
    }
}

fn data_status(row: &Row) -> &'static str {
    match (row.outcome.estimate, lang(row)) {
        (true, Lang::Ja) => "見込値",
        (false, Lang::Ja) => "確定値",
        (true, Lang::En) => "estimate",
        (false, Lang::En) => "confirmed",
    }
}

/// A year as the site's language writes it: 令和5年度 in Japanese, the content's code
/// (2023) in English.
fn year_label(row: &Row, year: crate::model::Year) -> String {
    match lang(row) {
        Lang::Ja => year.label(),
        Lang::En => year.to_string(),
    }
}

fn date(d: Option<crate::model::Date>) -> Cell {
    Cell::Text(
        d.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day))
            .unwrap_or_default(),
    )
}

/// Every column, in the order the CSVs print them.
pub const COLUMNS: &[Column] = &[
    Column {
        ja: "指標番号",
        en: "KPI number",
        field_type: FieldType::Integer,
        cell: |r| number(Some(r.indicator.no)),
    },
    Column {
        ja: "指標名",
        en: "indicator",
        field_type: FieldType::String,
        cell: |r| text(r.indicator.name_in(r.figure.year)),
    },
    Column {
        ja: "単位",
        en: "unit",
        field_type: FieldType::String,
        cell: |r| text(&r.indicator.unit),
    },
    Column {
        ja: "施策ID",
        en: "policy IDs",
        field_type: FieldType::String,
        cell: |r| text(r.unit_ids),
    },
    Column {
        ja: "年度コード",
        en: "year code",
        field_type: FieldType::String,
        cell: |r| text(r.figure.year.to_string()),
    },
    Column {
        ja: "年度",
        en: "year",
        field_type: FieldType::String,
        cell: |r| text(year_label(r, r.figure.year)),
    },
    Column {
        ja: "西暦年度",
        en: "Western year",
        field_type: FieldType::Integer,
        cell: |r| number(Some(r.figure.year.fiscal)),
    },
    Column {
        ja: "値の区分",
        en: "data status",
        field_type: FieldType::String,
        cell: |r| text(data_status(r)),
    },
    Column {
        ja: "評価の向き",
        en: "direction",
        field_type: FieldType::String,
        cell: |r| text(direction(r)),
    },
    Column {
        ja: "基準値",
        en: "baseline",
        field_type: FieldType::Number,
        cell: |r| number(r.indicator.base_for(r.figure.year).map(|b| b.value)),
    },
    Column {
        ja: "基準値の年度",
        en: "baseline year",
        field_type: FieldType::String,
        cell: |r| {
            text(
                r.indicator
                    .base_for(r.figure.year)
                    .map(|b| year_label(r, b.year))
                    .unwrap_or_default(),
            )
        },
    },
    Column {
        ja: "基準値の西暦年度",
        en: "baseline Western year",
        field_type: FieldType::Integer,
        cell: |r| number(r.indicator.base_for(r.figure.year).map(|b| b.year.fiscal)),
    },
    Column {
        ja: "目標値",
        en: "target",
        field_type: FieldType::Number,
        cell: |r| number(r.figure.target),
    },
    Column {
        ja: "目標（数値以外）",
        en: "target (text)",
        field_type: FieldType::String,
        cell: |r| text(r.figure.target_state.clone().unwrap_or_default()),
    },
    Column {
        ja: "実績値",
        en: "actual",
        field_type: FieldType::Number,
        cell: |r| match &r.figure.actual {
            Actual::Value(a) => number(Some(a)),
            _ => number(None::<u8>),
        },
    },
    Column {
        ja: "実績（数値以外）",
        en: "actual (text)",
        field_type: FieldType::String,
        cell: |r| match &r.figure.actual {
            Actual::State(s) => text(s),
            _ => text(""),
        },
    },
    Column {
        ja: "実績の時点",
        en: "actual as of",
        field_type: FieldType::Date,
        cell: |r| date(r.figure.as_of),
    },
    Column {
        ja: "年度末見込値",
        en: "year-end estimate",
        field_type: FieldType::Number,
        cell: |r| number(r.figure.estimate),
    },
    Column {
        ja: "達成率・進捗率（%）",
        en: "rate (%)",
        field_type: FieldType::Number,
        cell: |r| number(r.outcome.rate),
    },
    Column {
        ja: "判定",
        en: "result",
        field_type: FieldType::String,
        cell: |r| text(&r.outcome.label),
    },
    Column {
        ja: "判定区分コード",
        en: "status",
        field_type: FieldType::String,
        cell: |r| text(&r.outcome.status),
    },
    Column {
        ja: "判定できない理由",
        en: "pending reason",
        field_type: FieldType::String,
        cell: |r| text(r.outcome.pending.clone().unwrap_or_default()),
    },
    Column {
        ja: "判定方法",
        en: "method",
        field_type: FieldType::String,
        cell: |r| text(r.indicator.method.key()),
    },
    Column {
        ja: "備考",
        en: "note",
        field_type: FieldType::String,
        cell: |r| text(r.figure.note.clone().unwrap_or_default()),
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_unique_in_each_language() {
        for lang in [Lang::Ja, Lang::En] {
            let mut headers: Vec<&str> = COLUMNS.iter().map(|c| c.header(lang)).collect();
            headers.sort();
            headers.dedup();
            assert_eq!(headers.len(), COLUMNS.len(), "{lang:?}");
        }
    }

    #[test]
    fn japanese_headers_are_not_english() {
        // An en header left in the ja list would show up as mixed-language data.
        assert!(COLUMNS.iter().all(|c| !c.ja.is_ascii()));
    }
}
