//! The spreadsheet bridge: `export xlsx` writes Atsugi's summary sheet and `import xlsx` reads
//! such a sheet back into the YAML, changing only the figures that differ.

mod common;

use std::fs;
use std::path::Path;

use rust_xlsxwriter::{Formula, Workbook};
use shinchoku::export::xlsx;
use shinchoku::import::xlsx::{Report, SheetMap, import};
use shinchoku::render::data::report_json;
use shinchoku::{assess, load};

/// A copy of Atsugi's content in a temporary project folder.
fn atsugi_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("content")).unwrap();
    common::copy_tree(&common::repo().join("content"), &dir.path().join("content"));
    dir
}

fn export(project: &Path, file: &Path) {
    let loaded = load::load(project).unwrap();
    let bytes = xlsx::workbook(&loaded, &assess::assess(&loaded)).unwrap();
    fs::write(file, bytes).unwrap();
}

fn report_of(project: &Path) -> String {
    let loaded = load::load(project).unwrap();
    report_json(&loaded, &assess::assess(&loaded))
}

/// A sheet in the export's layout holding KPI 1's block, with `cells` (Excel names) set.
fn kpi1_sheet(file: &Path, cells: &[(&str, CellText)]) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("総括表").unwrap();
    sheet.write(2, 0, "No.").unwrap();
    for (col, heading) in ["令和3年度\n(2021年度)", "令和4年度", "令和5年度\n見込値"]
        .iter()
        .enumerate()
    {
        sheet.write(2, 5 + col as u16, *heading).unwrap();
    }
    sheet.write(3, 0, 1).unwrap();
    for (row, label) in ["目標", "実績", "結果", "達成率"].iter().enumerate() {
        sheet.write(3 + row as u32, 4, *label).unwrap();
    }
    for (name, value) in cells {
        let (row, col) = cell(name);
        match value {
            CellText::Number(n) => sheet.write(row, col, *n).unwrap(),
            CellText::Text(t) => sheet.write(row, col, *t).unwrap(),
            CellText::ValueError => sheet
                .write_formula(row, col, Formula::new("=1+\"a\"").set_result("#VALUE!"))
                .unwrap(),
        };
    }
    workbook.save(file).unwrap();
}

enum CellText {
    Number(f64),
    Text(&'static str),
    ValueError,
}

fn cell(name: &str) -> (u32, u16) {
    let col = name.as_bytes()[0] - b'A';
    (name[1..].parse::<u32>().unwrap() - 1, u16::from(col))
}

fn changed_lines(before: &Path, after: &Path) -> Vec<(String, String, String)> {
    let old = common::snapshot(before);
    let new = common::snapshot(after);
    assert_eq!(
        old.keys().collect::<Vec<_>>(),
        new.keys().collect::<Vec<_>>()
    );
    let mut changes = Vec::new();
    for (name, bytes) in &old {
        let a = String::from_utf8_lossy(bytes).to_string();
        let b = String::from_utf8_lossy(&new[name]).to_string();
        assert_eq!(
            a.lines().count(),
            b.lines().count(),
            "{name}: lines added or removed"
        );
        for (x, y) in a.lines().zip(b.lines()) {
            if x != y {
                changes.push((name.clone(), x.to_string(), y.to_string()));
            }
        }
    }
    changes
}

fn import_default(project: &Path, file: &Path) -> anyhow::Result<Report> {
    import(project, file, &SheetMap::default())
}

#[test]
fn atsugi_exported_and_imported_back_gives_the_same_report_json() {
    let project = atsugi_copy();
    let sheet = project.path().join("report.xlsx");
    export(project.path(), &sheet);
    let before = report_of(project.path());
    let report = import_default(project.path(), &sheet).unwrap();
    assert!(report.files.is_empty(), "{:?}", report.files);
    assert!(
        report.disagreements.is_empty(),
        "{:?}",
        report.disagreements
    );
    assert_eq!(report_of(project.path()), before);
    assert!(
        changed_lines(
            &common::repo().join("content"),
            &project.path().join("content")
        )
        .is_empty()
    );
}

#[test]
fn the_export_repeats_its_bytes() {
    let project = atsugi_copy();
    let (a, b) = (project.path().join("a.xlsx"), project.path().join("b.xlsx"));
    export(project.path(), &a);
    export(project.path(), &b);
    assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
}

#[test]
fn one_edited_cell_changes_one_value_in_one_yaml_file() {
    // The edited sheet: exported from a copy where KPI 1's R5 actual is 3,451.
    let edited = atsugi_copy();
    let path = edited.path().join("content/indicators/01.yaml");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("actual: 3450", "actual: 3451")).unwrap();
    let sheet = edited.path().join("edited.xlsx");
    export(edited.path(), &sheet);

    let project = atsugi_copy();
    let report = import_default(project.path(), &sheet).unwrap();
    assert_eq!(report.changes, 1);
    assert_eq!(
        changed_lines(
            &common::repo().join("content"),
            &project.path().join("content")
        ),
        [(
            "indicators/01.yaml".to_string(),
            "  R5: {target: 1800, actual: 3450}".to_string(),
            "  R5: {target: 1800, actual: 3451}".to_string()
        )]
    );
}

#[test]
fn a_value_error_cell_is_kept_out_and_reported() {
    let project = atsugi_copy();
    let sheet = project.path().join("s.xlsx");
    kpi1_sheet(&sheet, &[("H5", CellText::ValueError)]);
    let report = import_default(project.path(), &sheet).unwrap();
    assert!(report.files.is_empty());
    assert_eq!(report.not_figures.len(), 1, "{:?}", report.not_figures);
    assert!(report.not_figures[0].contains("sheet 総括表, cell H5"));
    assert!(report.not_figures[0].contains("#VALUE!"));
}

#[test]
fn a_disagreeing_rate_is_reported_not_copied() {
    let project = atsugi_copy();
    let sheet = project.path().join("s.xlsx");
    kpi1_sheet(
        &sheet,
        &[
            ("F7", CellText::Number(100.0)),
            ("F6", CellText::Text("達成")),
        ],
    );
    let report = import_default(project.path(), &sheet).unwrap();
    assert!(report.files.is_empty());
    assert_eq!(
        report.disagreements,
        ["sheet 総括表, cell F7: rate `100`, shinchoku: `209.4%`"]
    );
}

#[test]
fn pending_text_and_figures_with_units_are_read() {
    let project = atsugi_copy();
    let sheet = project.path().join("s.xlsx");
    kpi1_sheet(
        &sheet,
        &[
            ("G5", CellText::Text("３，４４０件")),
            ("H5", CellText::Text("集計中")),
        ],
    );
    import_default(project.path(), &sheet).unwrap();
    let text = fs::read_to_string(project.path().join("content/indicators/01.yaml")).unwrap();
    assert!(
        text.contains("  R4: {target: 1700, actual: 3440}\n"),
        "{text}"
    );
    assert!(
        text.contains("  R5: {target: 1800, pending: 集計中}\n"),
        "{text}"
    );
}

#[test]
fn text_in_a_figure_cell_is_an_error_naming_sheet_and_cell_and_nothing_is_written() {
    let project = atsugi_copy();
    let sheet = project.path().join("s.xlsx");
    kpi1_sheet(
        &sheet,
        &[("F4", CellText::Text("abc")), ("G5", CellText::Number(1.0))],
    );
    let err = import_default(project.path(), &sheet)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("sheet 総括表, cell F4 (KPI 1, 令和3年度 目標: years.R3.target in content/indicators/01.yaml): `abc` is not a figure"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert!(
        changed_lines(
            &common::repo().join("content"),
            &project.path().join("content")
        )
        .is_empty()
    );
}

#[test]
fn a_figure_the_loader_rejects_writes_nothing() {
    let project = atsugi_copy();
    let sheet = project.path().join("s.xlsx");
    // A target of 0 cannot be judged (targets must be positive); KPI 1's R4 actual is fine.
    kpi1_sheet(
        &sheet,
        &[("F4", CellText::Number(0.0)), ("G5", CellText::Number(1.0))],
    );
    let err = import_default(project.path(), &sheet)
        .unwrap_err()
        .to_string();
    assert!(err.contains("would not load"), "{err}");
    assert!(
        changed_lines(
            &common::repo().join("content"),
            &project.path().join("content")
        )
        .is_empty()
    );
}

#[test]
fn a_map_reads_another_layout() {
    let project = atsugi_copy();
    let sheet = project.path().join("other.xlsx");
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name("実績").unwrap();
    ws.write(0, 1, "番号").unwrap();
    ws.write(0, 3, "FY2021").unwrap();
    ws.write(0, 4, "FY2022").unwrap();
    // A heading row between the header and the blocks, and the No. typed as text.
    ws.write(1, 1, "基本目標Ⅰ").unwrap();
    ws.write(2, 1, "１").unwrap();
    ws.write(2, 2, "目標値").unwrap();
    ws.write(3, 2, "実績値").unwrap();
    ws.write(3, 4, 3500).unwrap();
    workbook.save(&sheet).unwrap();
    let map = project.path().join("map.yaml");
    fs::write(
        &map,
        "sheet: 実績\nheader_row: 1\ncolumns: {no: B, label: C}\nyears: {FY2021: R3, FY2022: R4}\nlabels:\n  target: [目標値]\n  actual: [実績値]\n",
    )
    .unwrap();
    let report = import(project.path(), &sheet, &SheetMap::read(&map).unwrap()).unwrap();
    assert_eq!(report.changes, 1);
    assert_eq!(
        changed_lines(
            &common::repo().join("content"),
            &project.path().join("content")
        ),
        [(
            "indicators/01.yaml".to_string(),
            "  R4: {target: 1700, actual: 3437}".to_string(),
            "  R4: {target: 1700, actual: 3500}".to_string()
        )]
    );
}

#[test]
fn the_exported_sheet_prints_the_seed_summary_s_results_and_rates() {
    use calamine::{Data, Reader};
    let project = atsugi_copy();
    let file = project.path().join("report.xlsx");
    export(project.path(), &file);
    let mut workbook = calamine::open_workbook_auto(&file).unwrap();
    let sheet = workbook.worksheet_range("総括表").unwrap();
    let seed = fs::read_to_string(common::repo().join("tests/fixtures/seed-summary.tsv")).unwrap();
    let mut rates = 0;
    for line in seed.lines().filter(|l| !l.starts_with('#')) {
        let f: Vec<&str> = line.split('\t').collect();
        let (no, year, result, rate) = (f[0].parse::<u32>().unwrap(), f[1], f[4], f[5]);
        // Blocks of four rows below the heading row (Excel row 3), in KPI order.
        let first = 3 + 4 * (no - 1);
        let col = 5 + ["R3", "R4", "R5"].iter().position(|y| *y == year).unwrap() as u32;
        assert_eq!(
            sheet.get_value((first, 0)),
            Some(&Data::Float(f64::from(no)))
        );
        if let Some(printed) = rate.strip_suffix('%') {
            let Some(Data::Float(cell)) = sheet.get_value((first + 3, col)) else {
                panic!("KPI {no} {year}: no rate");
            };
            assert_eq!(format!("{cell:.1}"), printed, "KPI {no} {year}");
            let Some(Data::String(label)) = sheet.get_value((first + 2, col)) else {
                panic!("KPI {no} {year}: no result");
            };
            assert!(
                label.ends_with(result),
                "KPI {no} {year}: {label} vs {result}"
            );
            rates += 1;
        }
    }
    assert!(rates > 60, "only {rates} rates compared");
}
