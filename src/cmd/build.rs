//! `shinchoku build [DIR]`: load → assess → render → write.

use std::path::{Path, PathBuf};

use anyhow::Context;
use shinchoku::{assess, load, render, write};

pub fn run(dir: &Path, output: Option<PathBuf>, base_path: Option<String>) -> anyhow::Result<()> {
    let mut project = load::load(dir)?;
    if let Some(bp) = base_path {
        project.site.base_path = Some(format!("{}/", bp.trim_end_matches('/')));
    }
    let out = output.unwrap_or_else(|| dir.join(&project.site.output_dir));
    let a = assess::assess(&project);
    let site = render::render(&project, &a).context("rendering the site")?;
    write::write_site(&site, &out).context("writing the site; the previous output is unchanged")?;
    print!("{}", super::check::summary_text(&project, &a));
    println!("wrote {} files to {}", site.len(), out.display());
    Ok(())
}
