//! Stage 3: turn a project and its assessment into the files of the site, in memory.
//!
//! Output layout:
//! `index.html`, `goals/<goal>.html`, `units/<id>.html`, `indicators/kpi-NN.html`, `404.html`,
//! `charts/*.svg`, `assets/*` (theme static files), `data/report.json`,
//! `data/indicators.csv`, `sitemap.xml`.

pub mod charts;
pub mod data;
pub mod format;
pub mod markdown;
pub mod pages;
pub mod theme;

use tera::Context;

use crate::assess::Assessment;
use crate::model::Project;
use crate::write::Site;

/// Wall time per rendering step, for `build --timings` and the benchmarks.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// Renders every file of the site.
pub fn render(project: &Project, assessment: &Assessment) -> anyhow::Result<Site> {
    render_timed(project, assessment).map(|(site, _)| site)
}

/// [`render`], also reporting how long charts, templates and data files took.
pub fn render_timed(project: &Project, assessment: &Assessment) -> anyhow::Result<(Site, Timings)> {
    let mut timings = Timings::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str, timings: &mut Timings| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let theme = theme::load(&project.root, &project.site.theme)?;
    let charts = pages::indicator_charts(project, assessment);
    let summary_chart = charts::summary_chart(&assessment.summary);
    lap("charts", &mut timings);
    let page_list = pages::pages(project, assessment, &charts, &summary_chart);
    let mut site = Site::new();
    for (path, html) in pages::render_pages(&theme, &page_list)? {
        site.insert(path, html.into_bytes());
    }
    lap("templates", &mut timings);
    let mut sitemap = Context::new();
    let base = project.site.base_url.clone().unwrap_or_default();
    let locs: Vec<String> = page_list
        .iter()
        .filter(|p| p.path != "404.html")
        .map(|p| format!("{base}/{}", p.path.trim_start_matches('/')))
        .collect();
    sitemap.insert("locs", &locs);
    site.insert(
        "sitemap.xml".into(),
        theme.tera.render("sitemap.xml", &sitemap)?.into_bytes(),
    );
    for (ind, svg) in project.indicators.iter().zip(&charts) {
        site.insert(
            format!("charts/{}.svg", ind.slug()),
            standalone_svg(svg).into_bytes(),
        );
    }
    site.insert(
        "charts/summary.svg".into(),
        standalone_svg(&summary_chart).into_bytes(),
    );
    for (name, bytes) in &theme.assets {
        site.insert(format!("assets/{name}"), bytes.clone());
    }
    site.insert(
        "data/report.json".into(),
        data::report_json(project, assessment).into_bytes(),
    );
    site.insert(
        "data/indicators.csv".into(),
        data::indicators_csv(project, assessment).into_bytes(),
    );
    lap("data", &mut timings);
    Ok((site, timings))
}

/// A chart as a file of its own: an XML declaration, so viewers read it as UTF-8.
fn standalone_svg(svg: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n")
}
