//! `shinchoku import open-sdg DIR [-o PROJECT]`: a new project from an Open SDG data repository.

use std::path::Path;

use shinchoku::import::{open_sdg, write_project};
use shinchoku::{assess, load};

pub fn open_sdg(dir: &Path, project: &Path) -> anyhow::Result<()> {
    let imported = open_sdg::import(dir)?;
    for w in &imported.warnings {
        eprintln!("warning: {w}");
    }
    write_project(project, &imported.files)?;
    println!(
        "imported {} indicators ({} series, one KPI each) from {} into {}",
        imported.indicators,
        imported.kpis.len(),
        dir.display(),
        project.join("content").display()
    );
    if imported.switched_off > 0 {
        println!(
            "left out {} indicators whose progress measure is switched off (auto_progress_calculation)",
            imported.switched_off
        );
    }
    match imported.warnings.len() {
        0 => {}
        1 => println!("the warning above says what else was left out"),
        n => println!("the {n} warnings above say what else was left out"),
    }
    let loaded = load::load(project)?;
    print!(
        "{}",
        super::check::summary_text(&loaded, &assess::assess(&loaded))
    );
    Ok(())
}

/// `shinchoku import xlsx FILE [DIR] [--map MAP]`: a summary sheet's figures into content/.
pub fn xlsx(file: &Path, dir: &Path, map: Option<&Path>) -> anyhow::Result<()> {
    use shinchoku::import::xlsx::{self, SheetMap};
    let map = match map {
        Some(path) => SheetMap::read(path)?,
        None => SheetMap::default(),
    };
    let report = xlsx::import(dir, file, &map)?;
    for note in &report.not_figures {
        println!("kept: {note}");
    }
    for d in &report.disagreements {
        println!("disagrees (not copied): {d}");
    }
    match report.files.len() {
        0 => println!("no figure differs from content/; nothing was written"),
        n => {
            println!("updated {} figures in {n} files:", report.changes);
            for f in &report.files {
                println!("  {}", f.display());
            }
        }
    }
    let loaded = load::load(dir)?;
    print!(
        "{}",
        super::check::summary_text(&loaded, &assess::assess(&loaded))
    );
    Ok(())
}
