//! The mapping file (`--map`): where a sheet keeps what. Unset fields take the layout that
//! `export xlsx` writes (Atsugi's 総括表).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::export::layout;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    sheet: Option<String>,
    /// 1-based, as Excel numbers rows.
    header_row: Option<u32>,
    columns: Option<Columns>,
    years: Option<BTreeMap<String, String>>,
    labels: Option<Labels>,
    pending: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Columns {
    no: String,
    label: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Labels {
    target: Option<Vec<String>>,
    actual: Option<Vec<String>>,
    result: Option<Vec<String>>,
    rate: Option<Vec<String>>,
}

/// A sheet layout, resolved.
#[derive(Debug, Clone)]
pub struct SheetMap {
    /// None: the sheet named 総括表, else the first.
    pub sheet: Option<String>,
    /// 0-based.
    pub header_row: u32,
    pub col_no: u16,
    pub col_label: u16,
    /// Year column heading (its first line) → year code; None: the plan's year labels and codes.
    pub years: Option<BTreeMap<String, String>>,
    pub target: Vec<String>,
    pub actual: Vec<String>,
    pub result: Vec<String>,
    pub rate: Vec<String>,
    /// Texts in an actual cell that mean "no figure yet".
    pub pending: Vec<String>,
}

impl Default for SheetMap {
    fn default() -> Self {
        SheetMap {
            sheet: None,
            header_row: layout::HEADER_ROW,
            col_no: layout::COL_NO,
            col_label: layout::COL_LABEL,
            years: None,
            target: vec![layout::TARGET_LABEL.into()],
            actual: vec![layout::ACTUAL_LABEL.into()],
            result: vec![layout::RESULT_LABEL.into()],
            rate: layout::RATE_LABELS.iter().map(|s| s.to_string()).collect(),
            pending: [
                "集計中",
                "年度末に調査",
                "調査中",
                "事業終了",
                "未実施",
                "中止",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        }
    }
}

impl SheetMap {
    /// Reads a mapping file; errors name the file and the field.
    pub fn read(path: &Path) -> anyhow::Result<SheetMap> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the map {}: {e}", path.display()))?;
        let file: MapFile = serde_saphyr::from_str(&text).map_err(|e| {
            anyhow::anyhow!(
                "{}: {e}\n  help: the map's fields are sheet, header_row, columns (no, label), years, labels (target, actual, result, rate) and pending",
                path.display()
            )
        })?;
        let mut map = SheetMap {
            sheet: file.sheet,
            years: file.years,
            ..SheetMap::default()
        };
        if let Some(row) = file.header_row {
            anyhow::ensure!(
                row >= 1,
                "{}: header_row: rows count from 1",
                path.display()
            );
            map.header_row = row - 1;
        }
        if let Some(columns) = file.columns {
            let column = |field: &str, letters: &str| {
                layout::parse_column(letters).ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: columns.{field}: `{letters}` is not a column\n  help: write its letters, e.g. A",
                        path.display()
                    )
                })
            };
            map.col_no = column("no", &columns.no)?;
            map.col_label = column("label", &columns.label)?;
        }
        if let Some(labels) = file.labels {
            let set = |slot: &mut Vec<String>, given: Option<Vec<String>>| {
                if let Some(given) = given {
                    *slot = given;
                }
            };
            set(&mut map.target, labels.target);
            set(&mut map.actual, labels.actual);
            set(&mut map.result, labels.result);
            set(&mut map.rate, labels.rate);
        }
        if let Some(pending) = file.pending {
            map.pending = pending;
        }
        Ok(map)
    }
}
