//! Reading the sheet with calamine: the year columns and one block of rows per KPI.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use anyhow::bail;
use calamine::{Data, Range, Reader};
use rust_decimal::Decimal;

use super::SheetMap;
use crate::export::layout::{self, cell_name};
use crate::model::Plan;

/// A cell's content, as the import reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Number(Decimal),
    Text(String),
    /// An error value: `#VALUE!`, `#DIV/0!`.
    Error(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Empty => Ok(()),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) | Value::Error(t) => f.write_str(t),
        }
    }
}

/// One KPI's rows (0-based).
#[derive(Debug)]
pub struct Block {
    pub no: u32,
    pub row: u32,
    pub target: Option<u32>,
    pub actual: Option<u32>,
    pub result: Option<u32>,
    pub rate: Option<u32>,
}

pub struct Sheet {
    pub name: String,
    range: Range<Data>,
    /// (column, index of the plan year).
    pub years: Vec<(u16, usize)>,
    pub blocks: Vec<Block>,
}

impl Sheet {
    pub fn value(&self, row: u32, col: u16) -> Value {
        match self.range.get_value((row, u32::from(col))) {
            None | Some(Data::Empty) => Value::Empty,
            Some(Data::Int(n)) => Value::Number(Decimal::from(*n)),
            Some(Data::Float(f)) => {
                Decimal::from_str(&f.to_string()).map_or(Value::Error(f.to_string()), Value::Number)
            }
            Some(Data::Error(e)) => Value::Error(e.to_string()),
            Some(other) => Value::Text(other.to_string()),
        }
    }

    /// `sheet 総括表, cell B12`.
    pub fn at(&self, row: u32, col: u16) -> String {
        format!("sheet {}, cell {}", self.name, cell_name(row, col))
    }
}

pub fn read(file: &Path, map: &SheetMap, plan: &Plan) -> anyhow::Result<Sheet> {
    let mut workbook = calamine::open_workbook_auto(file)
        .map_err(|e| anyhow::anyhow!("cannot read {} as a workbook: {e}", file.display()))?;
    let names = workbook.sheet_names();
    let name = match &map.sheet {
        Some(wanted) if names.contains(wanted) => wanted.clone(),
        Some(wanted) => bail!(
            "{}: no sheet named {wanted}\n  help: the sheets are {}; set `sheet:` in the map",
            file.display(),
            names.join(", ")
        ),
        None if names.iter().any(|n| n == layout::SHEET_NAME) => layout::SHEET_NAME.into(),
        None => match names.first() {
            Some(first) => first.clone(),
            None => bail!("{}: the workbook has no sheet", file.display()),
        },
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| anyhow::anyhow!("{}: cannot read sheet {name}: {e}", file.display()))?;
    let mut sheet = Sheet {
        name,
        range,
        years: Vec::new(),
        blocks: Vec::new(),
    };
    let (last_row, last_col) = sheet.range.end().unwrap_or((0, 0));
    let last_col = u16::try_from(last_col).unwrap_or(u16::MAX);
    for col in 0..=last_col {
        let Value::Text(heading) = sheet.value(map.header_row, col) else {
            continue;
        };
        let first_line = heading.lines().next().unwrap_or("").trim().to_string();
        let code = match &map.years {
            Some(years) => match years.get(&first_line).or_else(|| years.get(heading.trim())) {
                Some(code) => Some(code.clone()),
                None => continue,
            },
            None => None,
        };
        let year = plan.fiscal_years.iter().position(|fy| match &code {
            Some(code) => fy.year.to_string() == *code,
            None => fy.year.label() == first_line || fy.year.to_string() == first_line,
        });
        match (year, code) {
            (Some(y), _) => sheet.years.push((col, y)),
            (None, Some(code)) => bail!(
                "{}: year `{code}` is not one of the plan's fiscal_years\n  help: map the heading to a year code of plan.yaml",
                sheet.at(map.header_row, col)
            ),
            (None, None) => {}
        }
    }
    if sheet.years.is_empty() {
        bail!(
            "sheet {}, row {}: no heading names a year of the plan\n  help: head the year columns 令和5年度 or R5, or map them with `years:` and `header_row:` in a --map file",
            sheet.name,
            map.header_row + 1
        );
    }
    let mut in_block = false;
    for row in map.header_row + 1..=last_row {
        let no = match sheet.value(row, map.col_no) {
            Value::Empty => None,
            Value::Number(n) => Some(n),
            // A No. typed as text (１, 12); any other text is a heading row (基本目標I ...).
            Value::Text(t) => match crate::load::parse_number(&t) {
                Some(n) => Some(n),
                None => {
                    in_block = false;
                    continue;
                }
            },
            Value::Error(e) => bail!(
                "{}: KPI No. `{e}` is not a number\n  help: the No. column holds each KPI's number (its no: in content/indicators)",
                sheet.at(row, map.col_no)
            ),
        };
        if let Some(n) = no {
            if !n.is_integer() || n <= Decimal::ZERO || n > Decimal::from(u32::MAX) {
                bail!(
                    "{}: KPI No. `{n}` is not a KPI number\n  help: the No. column holds each KPI's number (its no: in content/indicators)",
                    sheet.at(row, map.col_no)
                );
            }
            let no =
                u32::try_from(n.trunc().mantissa() / 10i128.pow(n.trunc().scale())).unwrap_or(0);
            sheet.blocks.push(Block {
                no,
                row,
                target: None,
                actual: None,
                result: None,
                rate: None,
            });
            in_block = true;
        }
        if !in_block {
            continue;
        }
        let Value::Text(label) = sheet.value(row, map.col_label) else {
            continue;
        };
        let Some(block) = sheet.blocks.last_mut() else {
            continue;
        };
        let label: String = label.split_whitespace().collect();
        let is = |labels: &[String]| labels.contains(&label);
        let slot = if is(&map.target) {
            &mut block.target
        } else if is(&map.actual) {
            &mut block.actual
        } else if is(&map.result) {
            &mut block.result
        } else if is(&map.rate) {
            &mut block.rate
        } else {
            continue;
        };
        slot.get_or_insert(row);
    }
    Ok(sheet)
}
