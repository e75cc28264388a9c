//! The whole site of a project rendered into a sink: `build` streams it into its staging
//! folder, `check` into nothing. One function for both, so that `check` fails wherever
//! `build` would: a broken theme template, a narrative link to no page, a path the writer
//! refuses.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;
use shinchoku::model::Project;
use shinchoku::render::theme::Theme;
use shinchoku::{assess, load, render, write};

/// What was rendered, for the command to report.
pub struct Rendered {
    /// The summary of each plan (of the latest edition), as `check` prints it.
    pub summary: String,
    /// ` for 3 plans`, ` for 2 editions`, or nothing for a single site.
    pub scope: String,
    /// A single site's assessment and rendering stages (`build --timings`).
    pub assess_time: Duration,
    pub timings: render::Timings,
}

/// A project's theme as [`load`] read it, with the time that took; or why it could not.
pub type LoadedTheme = anyhow::Result<(Theme, Duration)>;

/// Loads the project in `dir` and its theme, the theme while the content loads.
pub fn load(dir: &Path) -> anyhow::Result<(Vec<(String, Project)>, LoadedTheme)> {
    let start = Instant::now();
    let (plans, theme) = load::load_all_with(dir, |site| {
        render::theme::load(dir, &site.theme, site.lang).map(|theme| (theme, start.elapsed()))
    })?;
    Ok((plans, theme))
}

/// Renders every plan (several: each in its folder, with an index of them), or the latest
/// edition with the earlier ones, or a single site, into `sink`, with the project's `theme`
/// (as [`load`] gives it, with the time it took).
pub fn render_all(
    dir: &Path,
    mut plans: Vec<(String, Project)>,
    theme: LoadedTheme,
    sink: &dyn write::Sink,
) -> anyhow::Result<Rendered> {
    let (theme, theme_time) = theme.context("building the site")?;
    if plans.len() > 1 || plans.first().is_some_and(|(name, _)| !name.is_empty()) {
        return render_plans(plans, &theme, sink);
    }
    let (_, project) = plans.remove(0);
    if !project.site.editions.is_empty() {
        let (summary, editions) = super::editions::render(dir, project, &theme, sink)?;
        return Ok(Rendered {
            summary,
            scope: format!(" for {editions} editions"),
            assess_time: Duration::ZERO,
            timings: Vec::new(),
        });
    }
    let start = Instant::now();
    let assessment = assess::assess(&project);
    let assess_time = start.elapsed();
    let mut timings = vec![("theme", theme_time)];
    timings.extend(
        render::render_with(&project, &assessment, &theme, sink).context("building the site")?,
    );
    Ok(Rendered {
        summary: super::check::summary_text(&project, &assessment),
        scope: String::new(),
        assess_time,
        timings,
    })
}

/// A project of several plans: each plan's site in its folder, and an index of the plans at
/// the root.
fn render_plans(
    plans: Vec<(String, Project)>,
    theme: &Theme,
    sink: &dyn write::Sink,
) -> anyhow::Result<Rendered> {
    let site = plans[0].1.site.clone();
    let mut summary = String::new();
    let mut built = Vec::new();
    for (name, mut project) in plans {
        // Each plan's pages link within its folder, and to the plan's sitemap URLs.
        project.site.base_path = project.site.base_path.map(|b| format!("{b}{name}/"));
        project.site.base_url = project.site.base_url.map(|u| format!("{u}/{name}"));
        let assessment = assess::assess(&project);
        let folder = write::InFolder {
            sink,
            folder: format!("{name}/"),
        };
        render::render_with(&project, &assessment, theme, &folder)
            .with_context(|| format!("building the plan {name}"))?;
        summary.push_str(&super::check::summary_text(&project, &assessment));
        built.push((name, project, assessment));
    }
    render::plans::render_index(theme, site.base_path.as_deref(), &built, sink)
        .context("building the index of the plans")?;
    Ok(Rendered {
        summary,
        scope: format!(" for {} plans", built.len()),
        assess_time: Duration::ZERO,
        timings: Vec::new(),
    })
}
