//! `shinchoku check [DIR]`: validate and print the summary.

use std::path::Path;

use shinchoku::{assess, load};

pub fn run(dir: &Path) -> anyhow::Result<()> {
    for (_, project) in load::load_all(dir)? {
        let a = assess::assess(&project);
        print!("{}", summary_text(&project, &a));
    }
    Ok(())
}

/// The summary as `check` and `build` print it.
pub fn summary_text(project: &shinchoku::model::Project, a: &assess::Assessment) -> String {
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
