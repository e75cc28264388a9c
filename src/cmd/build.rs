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
    let mut project = load::load(dir)?;
    if let Some(bp) = base_path {
        if !bp.starts_with('/') || bp.contains("..") || bp.contains('\\') {
            anyhow::bail!(
                "--base-path {bp}: write an absolute URL path like /sangyo/shinchoku/ (leading slash, no ..)"
            );
        }
        project.site.base_path = Some(format!("{}/", bp.trim_end_matches('/')));
    }
    let out = output.unwrap_or_else(|| dir.join(&project.site.output_dir));
    if load::output_clashes(dir, &out) {
        anyhow::bail!(
            "{}: building there would put the site over the project's own files; choose a folder of its own, e.g. {}",
            out.display(),
            dir.join("output").display()
        );
    }
    let loaded = start.elapsed();
    let a = assess::assess(&project);
    let assessed = start.elapsed();
    let (site, render_timings) =
        render::render_timed(&project, &a).context("rendering the site")?;
    let rendered = start.elapsed();
    write::write_site(&site, &out).context("writing the site; the previous output is unchanged")?;
    let written = start.elapsed();
    print!("{}", super::check::summary_text(&project, &a));
    let bytes: usize = site.values().map(Vec::len).sum();
    println!(
        "wrote {} files ({bytes} bytes) to {}",
        site.len(),
        out.display()
    );
    if timings {
        // One line per stage, machine-readable for bench/run.
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        eprintln!("timing load {:.1} ms", ms(loaded));
        eprintln!("timing assess {:.1} ms", ms(assessed - loaded));
        for (name, d) in render_timings {
            eprintln!("timing {name} {:.1} ms", ms(d));
        }
        eprintln!("timing render {:.1} ms", ms(rendered - assessed));
        eprintln!("timing write {:.1} ms", ms(written - rendered));
        eprintln!("timing total {:.1} ms", ms(written));
        eprintln!(
            "pages {}",
            site.keys().filter(|k| k.ends_with(".html")).count()
        );
        eprintln!("bytes {bytes}");
    }
    Ok(())
}
