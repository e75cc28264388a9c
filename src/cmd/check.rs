//! `shinchoku check [DIR]`: everything `build` does but writing: load, assess, render the
//! whole site with the project's theme into nothing; print the warnings and the summary.

use std::path::Path;

use shinchoku::diagnostic::{Diagnostics, Style, render_warnings};
use shinchoku::model::Project;
use shinchoku::{assess, load, write};

pub fn run(dir: &Path) -> anyhow::Result<()> {
    let (plans, theme) = super::site::load(dir)?;
    print_warnings(&plans);
    let rendered = super::site::render_all(dir, plans, theme, &write::Discard)?;
    print!("{}", rendered.summary);
    Ok(())
}

/// The warnings of every plan, on standard error, with their source lines.
pub fn print_warnings(plans: &[(String, Project)]) {
    for (_, project) in plans {
        let warnings = Diagnostics(load::warnings(project)).with_source_lines(&project.root);
        eprint!(
            "{}",
            render_warnings(&warnings.0, Style::for_stderr(), super::lang::get())
        );
    }
}

/// The summary as `check` and `build` print it.
pub fn summary_text(project: &Project, a: &assess::Assessment) -> String {
    let s = &a.summary;
    format!(
        "{} {}: {} unit policies, {} indicators\n\
         {} summary: {} {}; on track {}; not on track {}; pending {}{}\n",
        project.plan.city,
        project.plan.plan,
        project.units.len(),
        project.indicators.len(),
        s.year,
        shinchoku::render::pages::counted_total(project, s),
        if s.counts_indicators {
            "indicators"
        } else {
            "unit policies"
        },
        s.units.on_track,
        s.units.not_on_track,
        s.units.pending,
        if s.units.reported > 0 {
            format!("; figures only {}", s.units.reported)
        } else {
            String::new()
        }
    )
}
