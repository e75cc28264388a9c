//! `shinchoku build [DIR]`: load → assess → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use shinchoku::{assess, load, render, write};

pub fn run(
    dir: &Path,
    output: Option<PathBuf>,
    base_path: Option<String>,
    timings: bool,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let mut plans = load::load_all(dir)?;
    // Checked (load::base_path) when the command line was read.
    if base_path.is_some() {
        for (_, project) in &mut plans {
            project.site.base_path = base_path.clone();
        }
    }
    if plans.len() > 1 || plans.first().is_some_and(|(name, _)| !name.is_empty()) {
        return build_plans(dir, output, plans);
    }
    let (_, project) = plans.remove(0);
    let out = output.unwrap_or_else(|| dir.join(&project.site.output_dir));
    if !project.site.editions.is_empty() {
        return super::editions::build(dir, &out, project);
    }
    let loaded = start.elapsed();
    let a = assess::assess(&project);
    let assessed = start.elapsed();
    // Pages stream into a staging folder as they are rendered; they replace the previous
    // site's only when all are written (dropped on error, leaving the output as it was).
    let staging = begin(dir, &out)?;
    let render_timings = render::render_to(&project, &a, &staging)
        .context("building the site; the previous output is unchanged")?;
    let rendered = start.elapsed();
    let io = staging.io_time();
    let stats = staging.stats();
    commit(staging, &out)?;
    let written = start.elapsed();
    print!("{}", super::check::summary_text(&project, &a));
    println!(
        "wrote {} files ({} bytes) to {}",
        stats.files,
        stats.bytes,
        out.display()
    );
    if project.site.base_url.is_none() {
        println!(
            "note: no sitemap.xml: it needs absolute URLs; set base_url in shinchoku.yaml to the address the site is published at"
        );
    }
    if timings {
        // One line per stage, machine-readable for bench/run. Rendering and writing overlap
        // (files are written as they are rendered): `io` is the time spent in file writes,
        // summed over threads, and `commit` moving the files into place.
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!("timing load {:.1} ms", ms(loaded));
        eprintln!("timing assess {:.1} ms", ms(assessed - loaded));
        for (name, d) in render_timings {
            eprintln!("timing {name} {:.1} ms", ms(d));
        }
        eprintln!("timing io {:.1} ms", ms(io));
        eprintln!("timing commit {:.1} ms", ms(written - rendered));
        eprintln!("timing total {:.1} ms", ms(written));
        eprintln!("pages {}", stats.pages);
        eprintln!("bytes {}", stats.bytes);
    }
    Ok(())
}

/// A project of several plans: each plan's site in its folder, and an index of the plans at
/// the root, written in one go (one staging folder, one commit).
fn build_plans(
    dir: &Path,
    output: Option<PathBuf>,
    plans: Vec<(String, shinchoku::model::Project)>,
) -> anyhow::Result<()> {
    let site = plans[0].1.site.clone();
    let out = output.unwrap_or_else(|| dir.join(&site.output_dir));
    let staging = begin(dir, &out)?;
    let mut built = Vec::new();
    for (name, mut project) in plans {
        // Each plan's pages link within its folder, and to the plan's sitemap URLs.
        project.site.base_path = project.site.base_path.map(|b| format!("{b}{name}/"));
        project.site.base_url = project.site.base_url.map(|u| format!("{u}/{name}"));
        let a = assess::assess(&project);
        let folder = write::InFolder {
            sink: &staging,
            folder: format!("{name}/"),
        };
        render::render_to(&project, &a, &folder).with_context(|| {
            format!("building the plan {name}; the previous output is unchanged")
        })?;
        print!("{}", super::check::summary_text(&project, &a));
        built.push((name, project, a));
    }
    let theme = render::theme::load(dir, &site.theme, site.lang)?;
    render::plans::render_index(&theme, site.base_path.as_deref(), &built, &staging)
        .context("building the index of the plans; the previous output is unchanged")?;
    let stats = staging.stats();
    commit(staging, &out)?;
    println!(
        "wrote {} files ({} bytes) for {} plans to {}",
        stats.files,
        stats.bytes,
        built.len(),
        out.display()
    );
    Ok(())
}

/// Moves the staged site into `out`, saying whether the previous output is still intact.
pub(super) fn commit(staging: write::Staging, out: &Path) -> anyhow::Result<()> {
    staging.commit().map_err(|e| {
        let unfinished = matches!(e, write::WriteError::Unfinished { .. });
        anyhow::Error::new(e).context(if unfinished {
            format!("moving the site into {}", out.display())
        } else {
            "writing the site; the previous output is unchanged".to_string()
        })
    })
}

/// Starts writing into `out`, unless that would put the site over the project's own files;
/// prints what the writer recovered from an interrupted build.
pub(super) fn begin(dir: &Path, out: &Path) -> anyhow::Result<write::Staging> {
    if load::output_clashes(dir, out) {
        anyhow::bail!(
            "{}: building there would put the site over the project's own files; choose a folder of its own, e.g. {}",
            out.display(),
            dir.join("output").display()
        );
    }
    let staging = write::Staging::begin(out)
        .with_context(|| format!("preparing to write {}", out.display()))?;
    for note in staging.notes() {
        println!("note: {note}");
    }
    Ok(staging)
}
