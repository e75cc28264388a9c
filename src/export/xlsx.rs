//! `export xlsx`: the report as Atsugi's summary sheet (総括表), formatted to print on A4
//! landscape. Figures are numbers with the unit in their number format, so the sheet still
//! adds up; 結果 and 達成率 are shinchoku's own results written as values, not formulas (a
//! formula would be a second place computing a figure).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::layout::*;
use crate::assess::{Assessment, Outcome};
use crate::model::*;
use crate::render::{audit, data};

/// What one cell of a KPI block holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(Decimal),
    Text(String),
    Blank,
}

/// The 目標 cell of a year.
pub fn target_cell(figure: &Figure) -> Cell {
    match (&figure.target, &figure.target_state) {
        (Some(value), _) => Cell::Number(*value),
        (None, Some(state)) => Cell::Text(state.clone()),
        (None, None) => Cell::Blank,
    }
}

/// The 実績 cell of a year: the figure, or the words that stand for it.
pub fn actual_cell(rules: &Rules, figure: &Figure) -> Cell {
    match &figure.actual {
        Actual::Value(value) => Cell::Number(*value),
        Actual::State(state) => Cell::Text(state.clone()),
        Actual::Pending(reason) => Cell::Text(reason.clone()),
        Actual::Abolished => Cell::Text("廃止".into()),
        Actual::NoData => Cell::Text(rules.pending_symbol.clone()),
        Actual::NotDue => Cell::Blank,
    }
}

/// The 結果 cell: the class's symbol and label (◎ 達成見込み), or why there is none.
pub fn result_text(outcome: &Outcome) -> String {
    if outcome.symbol.is_empty() || outcome.symbol == outcome.label {
        outcome.label.clone()
    } else {
        format!("{} {}", outcome.symbol, outcome.label)
    }
}

/// The rate cell: the printed rate, or the pending symbol.
pub fn rate_cell(rules: &Rules, outcome: &Outcome) -> Cell {
    match outcome.rate {
        Some(rate) => Cell::Number(rate),
        None => Cell::Text(rules.pending_symbol.clone()),
    }
}

/// The rate row's label for an indicator's method.
/// The workbook is Japanese whatever the site's language (its sheets are read back by
/// `import xlsx`).
pub fn rate_row_label(method: Method) -> &'static str {
    audit::rate_label(method, crate::render::locale::japanese()).unwrap_or(NO_RATE_LABEL)
}

/// An Excel number format showing `decimals` places and the unit: `#,##0"件"`, `0.0"%"`.
fn number_format(decimals: u32, unit: &str, position: UnitPosition) -> String {
    let mut format = String::from("#,##0");
    if decimals > 0 {
        format.push('.');
        format.push_str(&"0".repeat(decimals as usize));
    }
    // A quote cannot stand inside an Excel literal.
    let unit: String = unit.chars().filter(|&c| c != '"').collect();
    match (unit.is_empty(), position) {
        (true, _) => format,
        (false, UnitPosition::Suffix) => format!("{format}\"{unit}\""),
        (false, UnitPosition::Prefix) => format!("\"{unit}\"{format}"),
    }
}

/// The workbook's creation time: the end of the report year (31 March after it for a Japanese
/// fiscal year), so the same content always gives the same bytes.
fn creation_time(plan: &Plan) -> Result<ExcelDateTime, XlsxError> {
    let end_year = if plan.report_year.form() == YearForm::Calendar {
        plan.report_year.fiscal
    } else {
        plan.report_year.fiscal + 1
    };
    let (month, day) = match plan.report_year.form() {
        YearForm::Calendar => (12, 31),
        _ => last_day_before(plan.fiscal_year_start),
    };
    ExcelDateTime::from_ymd(end_year, month, day)
}

/// The last day of the month before `start` (a fiscal year starting in April ends 31 March).
fn last_day_before(start: u8) -> (u8, u8) {
    let month = if start <= 1 { 12 } else { start - 1 };
    let day = match month {
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (month, day)
}

struct Formats {
    title: Format,
    legend: Format,
    heading: Format,
    estimate_heading: Format,
    text: Format,
    centre: Format,
    label: Format,
    rate: Format,
}

impl Formats {
    fn new(rules: &Rules) -> Formats {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_font_size(10);
        let heading = cell
            .clone()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_background_color("#D9E1F2");
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            legend: Format::new().set_font_size(10),
            estimate_heading: heading.clone().set_background_color("#FCE4D6"),
            heading,
            text: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            centre: cell.clone().set_align(FormatAlign::Center),
            label: cell.clone().set_align(FormatAlign::Center),
            rate: cell.clone().set_num_format(number_format(
                rules.decimals,
                "%",
                UnitPosition::Suffix,
            )),
        }
    }

    fn figure(&self, ind: &Indicator) -> Format {
        self.centre
            .clone()
            .set_align(FormatAlign::Right)
            .set_num_format(number_format(ind.decimals, &ind.unit, ind.unit_position))
    }
}

/// The sheet as xlsx bytes.
pub fn workbook(project: &Project, assessment: &Assessment) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let plan = &project.plan;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} {}", plan.plan, plan.title))
            .set_author(&plan.city)
            .set_creation_datetime(&creation_time(plan)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_NAME)?;
    write_sheet(sheet, project, assessment)?;
    workbook.save_to_buffer()
}

fn write_sheet(
    sheet: &mut Worksheet,
    project: &Project,
    assessment: &Assessment,
) -> Result<(), XlsxError> {
    let plan = &project.plan;
    let rules = &plan.rules;
    let formats = Formats::new(rules);
    let years = plan.fiscal_years.len() as u16;
    let reflection_col = COL_FIRST_YEAR + years;

    sheet.write_string_with_format(
        0,
        0,
        format!("{} {} {} 総括表", plan.city, plan.plan, plan.title),
        &formats.title,
    )?;
    sheet.write_string_with_format(1, 0, legend(plan), &formats.legend)?;
    for (col, heading) in HEADINGS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *heading, &formats.heading)?;
    }
    for (i, fy) in plan.fiscal_years.iter().enumerate() {
        let estimate = fy.status == YearStatus::Estimate;
        let format = if estimate {
            &formats.estimate_heading
        } else {
            &formats.heading
        };
        let heading = year_heading(fy.year, estimate);
        sheet.write_string_with_format(HEADER_ROW, COL_FIRST_YEAR + i as u16, heading, format)?;
    }
    sheet.write_string_with_format(
        HEADER_ROW,
        reflection_col,
        REFLECTION_HEADING,
        &formats.heading,
    )?;
    sheet.set_row_height(HEADER_ROW, 45)?;

    for (i, ind) in project.indicators.iter().enumerate() {
        let first = HEADER_ROW + 1 + 4 * i as u32;
        let last = first + 3;
        let ids = data::unit_ids(project, &ind.units).join("\n");
        let names: Vec<&str> = ind
            .units
            .iter()
            .map(|&u| project.units[u].name.as_str())
            .collect();
        sheet.merge_range(first, COL_NO, last, COL_NO, "", &formats.centre)?;
        sheet.write_number_with_format(first, COL_NO, f64::from(ind.no), &formats.centre)?;
        sheet.merge_range(first, COL_UNIT_NO, last, COL_UNIT_NO, &ids, &formats.text)?;
        let unit_names = names.join("\n");
        sheet.merge_range(
            first,
            COL_UNIT_NAME,
            last,
            COL_UNIT_NAME,
            &unit_names,
            &formats.text,
        )?;
        sheet.merge_range(first, COL_KPI, last, COL_KPI, &kpi_name(ind), &formats.text)?;
        let labels = [
            TARGET_LABEL,
            ACTUAL_LABEL,
            RESULT_LABEL,
            rate_row_label(ind.method),
        ];
        for (offset, label) in labels.iter().enumerate() {
            sheet.write_string_with_format(
                first + offset as u32,
                COL_LABEL,
                *label,
                &formats.label,
            )?;
        }
        let figure_format = formats.figure(ind);
        for (y, figure) in ind.figures.iter().enumerate() {
            let col = COL_FIRST_YEAR + y as u16;
            let outcome = &assessment.outcomes[i][y];
            write_cell(
                sheet,
                first,
                col,
                &target_cell(figure),
                &figure_format,
                &formats,
            )?;
            let actual = actual_cell(rules, figure);
            write_cell(sheet, first + 1, col, &actual, &figure_format, &formats)?;
            let result = match figure.actual {
                Actual::NotDue => Cell::Blank,
                _ => Cell::Text(result_text(outcome)),
            };
            write_cell(sheet, first + 2, col, &result, &formats.centre, &formats)?;
            let rate = match figure.actual {
                Actual::NotDue => Cell::Blank,
                _ => rate_cell(rules, outcome),
            };
            write_cell(sheet, first + 3, col, &rate, &formats.rate, &formats)?;
        }
        let reflection = ind.reflection.as_deref().unwrap_or("");
        sheet.merge_range(
            first,
            reflection_col,
            last,
            reflection_col,
            reflection,
            &formats.text,
        )?;
    }

    let widths = [5.0, 12.0, 22.0, 24.0, 7.0];
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for y in 0..years {
        sheet.set_column_width(COL_FIRST_YEAR + y, 13.0)?;
    }
    sheet.set_column_width(reflection_col, 48.0)?;
    print_settings(sheet)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    number_format: &Format,
    formats: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Number(value) => {
            let value = value.to_f64().unwrap_or_default();
            sheet.write_number_with_format(row, col, value, number_format)?;
        }
        Cell::Text(text) => {
            sheet.write_string_with_format(row, col, text, &formats.centre)?;
        }
        Cell::Blank => {
            sheet.write_blank(row, col, &formats.centre)?;
        }
    }
    Ok(())
}

/// The KPI's name, with the names it was given from later years (R5から: ...).
fn kpi_name(ind: &Indicator) -> String {
    let mut name = ind.name.clone();
    for rename in &ind.renamed {
        name.push_str(&format!("\n（{}から）{}", rename.from.label(), rename.name));
    }
    name
}

/// The row above the headings: what the symbols mean and which years are estimates.
fn legend(plan: &Plan) -> String {
    let classes: Vec<String> = plan
        .rules
        .classes
        .iter()
        .map(|c| format!("{}{}", c.symbol, c.label))
        .collect();
    let mut legend = format!("結果: {}", classes.join("　"));
    let estimates: Vec<String> = plan
        .fiscal_years
        .iter()
        .filter(|fy| fy.status == YearStatus::Estimate)
        .map(|fy| fy.year.label())
        .collect();
    if !estimates.is_empty() {
        legend.push_str(&format!("　／　{}の実績は見込値", estimates.join("・")));
    }
    legend
}

/// A4 landscape, one page wide, the headings repeated on every page, page numbers below.
fn print_settings(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    sheet.set_paper_size(A4);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_center_horizontally(true);
    sheet.set_footer("&C&P / &N");
    sheet.set_freeze_panes(HEADER_ROW + 1, COL_FIRST_YEAR)?;
    Ok(())
}
