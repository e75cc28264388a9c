//! `shinchoku build [DIR]`: load → assess → render → write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use shinchoku::{load, write};

pub fn run(
    dir: &Path,
    output: Option<PathBuf>,
    base_path: Option<String>,
    timings: bool,
) -> anyhow::Result<()> {
    let start = Instant::now();
    let (mut plans, theme) = super::site::load(dir)?;
    // Checked (load::base_path) when the command line was read.
    if base_path.is_some() {
        for (_, project) in &mut plans {
            project.site.base_path = base_path.clone();
        }
    }
    let site = &plans[0].1.site;
    let out = output.unwrap_or_else(|| dir.join(&site.output_dir));
    let no_sitemap = site.base_url.is_none();
    super::check::print_warnings(&plans);
    let loaded = start.elapsed();
    // Pages stream into a staging folder as they are rendered; they replace the previous
    // site's only when all are written (dropped on error, leaving the output as it was).
    let staging = begin(dir, &out)?;
    let rendered = super::site::render_all(dir, plans, theme, &staging)
        .context("the previous output is unchanged")?;
    let rendered_at = start.elapsed();
    let io = staging.io_time();
    let stats = staging.stats();
    commit(staging, &out)?;
    let written = start.elapsed();
    print!("{}", rendered.summary);
    println!(
        "wrote {} files ({} bytes){} to {}",
        stats.files,
        stats.bytes,
        rendered.scope,
        out.display()
    );
    if no_sitemap {
        println!(
            "note: no sitemap.xml, and 404.html links work only when served from the site's top folder: both need the site's address; set base_url in shinchoku.yaml to the address the site is published at"
        );
    }
    if timings {
        // One line per stage, machine-readable for bench/run. Rendering and writing overlap
        // (files are written as they are rendered): `io` is the time spent in file writes,
        // summed over threads, and `commit` moving the files into place.
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!("timing load {:.1} ms", ms(loaded));
        eprintln!("timing assess {:.1} ms", ms(rendered.assess_time));
        for (name, d) in rendered.timings {
            eprintln!("timing {name} {:.1} ms", ms(d));
        }
        eprintln!("timing io {:.1} ms", ms(io));
        eprintln!("timing commit {:.1} ms", ms(written - rendered_at));
        eprintln!("timing total {:.1} ms", ms(written));
        eprintln!("pages {}", stats.pages);
        eprintln!("bytes {}", stats.bytes);
    }
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
