//! `shinchoku export xlsx [DIR] [-o FILE]`: the report as a formatted summary sheet.

use std::path::Path;

use anyhow::{Context, bail};
use shinchoku::export::xlsx;
use shinchoku::{assess, load};

pub fn xlsx(dir: &Path, file: &Path, force: bool) -> anyhow::Result<()> {
    if file.exists() && !force {
        bail!(
            "{} already exists\n  help: choose another file with -o, or pass --force to replace it",
            file.display()
        );
    }
    let project = load::load(dir)?;
    let assessment = assess::assess(&project);
    let bytes = xlsx::workbook(&project, &assessment).context("could not lay out the sheet")?;
    // Written beside the target and renamed over it, so a failed write leaves no half file.
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut staged = tempfile::NamedTempFile::new_in(folder)
        .with_context(|| format!("cannot write in {}", folder.display()))?;
    std::io::Write::write_all(&mut staged, &bytes)?;
    staged
        .persist(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    println!(
        "wrote {} ({} indicators, {} years)",
        file.display(),
        project.indicators.len(),
        project.plan.fiscal_years.len()
    );
    Ok(())
}
