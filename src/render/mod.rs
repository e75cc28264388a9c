//! Stage 3: turn a project and its assessment into the files of the site, in memory.
//!
//! Output layout:
//! `index.html`, `goals/<goal>.html`, `units/<id>.html`, `indicators/kpi-NN.html`, `404.html`,
//! `indicators/index.html` and `indicators/page-N.html` (the overview, when it does not fit
//! on the index), `downloads.html`, `assets/*` (theme static files), `data/report.json`,
//! `data/indicators.csv`, `data/kpi-NN.csv`, `data/datapackage.json`, `sitemap.xml` when `base_url` is set (and `sitemap-N.xml` past 50,000
//! pages).

pub mod audit;
pub mod charts;
pub mod data;
pub mod editions;
pub mod format;
pub mod links;
pub mod locale;
pub mod markdown;
pub mod pages;
pub mod plans;
pub mod theme;

use std::sync::Mutex;

use rayon::prelude::*;
use tera::Context;

use crate::assess::Assessment;
use crate::model::Project;
use crate::write::{Sink, Site};
pub use pages::{PageKind, Pages};

/// A sequence serialised item by item as `F` makes them: the 166,000 indicators of 100,000
/// policies, the resources describing their CSVs or the downloads page's rows for them are
/// never held at once.
pub(crate) struct Each<F>(pub F);

impl<F, I> serde::Serialize for Each<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Wall time per rendering step, for `build --timings` and the benchmarks.
pub type Timings = Vec<(&'static str, std::time::Duration)>;

/// Renders every file of the site into memory (tests, `serve`).
pub fn render(project: &Project, assessment: &Assessment) -> anyhow::Result<Site> {
    let site = Mutex::new(Site::new());
    render_to(project, assessment, &site)?;
    Ok(site.into_inner().expect("no panics while holding the lock"))
}

/// Renders every file of the site into `sink` as it goes, in parallel, and reports how long
/// the data files and the pages took (writing included: files stream into the sink), and the
/// time spent drawing charts inside the pages, summed over threads.
///
/// Charts are inline SVG rather than files of their own, which on a real disk halves the
/// number of files to create: file creation, not bytes, is what writing a large site costs.
/// Each is drawn with its indicator's section when the first page needs it and freed with it
/// (see `pages::sections`).
pub fn render_to(
    project: &Project,
    assessment: &Assessment,
    sink: &dyn Sink,
) -> anyhow::Result<Timings> {
    let start = std::time::Instant::now();
    let theme = theme::load(&project.root, &project.site.theme, project.site.lang)?;
    let mut timings = vec![("theme", start.elapsed())];
    timings.extend(render_with(project, assessment, &theme, sink)?);
    Ok(timings)
}

/// [`render_to`] with the project's theme loaded already (`build` reads it while the content
/// loads).
pub fn render_with(
    project: &Project,
    assessment: &Assessment,
    theme: &theme::Theme,
    sink: &dyn Sink,
) -> anyhow::Result<Timings> {
    let start = std::time::Instant::now();
    let pages = pages::Pages::drawing(project, assessment, theme);
    links::check(project, || site_paths(project, &pages))?;
    // The data files are made while the pages render, each written as it is made; the
    // downloads page, which lists their sizes, waits for them.
    let (data_files, rendered) = rayon::join(
        || {
            let start = std::time::Instant::now();
            data::write_files(project, assessment, sink).map(|files| (files, start.elapsed()))
        },
        || {
            let mut order = pages.render_order();
            order.retain(|&p| p != PageKind::Downloads);
            render_each(&pages, &order, sink)
        },
    );
    let (data_files, data_time) = data_files?;
    rendered?;
    pages.set_data_files(data_files);
    render_each(&pages, &[PageKind::Downloads], sink)?;
    render_sitemaps_and_assets(project, &pages, sink)?;
    Ok(vec![
        ("data", data_time),
        ("templates", start.elapsed()),
        ("charts", pages.drawing_time()),
    ])
}

/// The path of every file the site will have (what a narrative's link may name).
fn site_paths(project: &Project, pages: &Pages) -> std::collections::HashSet<String> {
    let mut paths: std::collections::HashSet<String> =
        pages.list().into_iter().map(|p| pages.path(p)).collect();
    paths.extend(data::contents(project).into_iter().map(|c| c.path(project)));
    paths.extend(
        pages
            .theme()
            .assets
            .keys()
            .map(|name| format!("assets/{name}")),
    );
    if project.site.base_url.is_some() {
        paths.insert("sitemap.xml".into());
    }
    paths
}

/// Every page, the sitemap and the theme's assets (all but the data files), in parallel.
pub fn render_pages(project: &Project, pages: &Pages, sink: &dyn Sink) -> anyhow::Result<()> {
    render_each(pages, &pages.render_order(), sink)?;
    render_sitemaps_and_assets(project, pages, sink)
}

/// Renders `each` page in parallel, streaming it into `sink`.
fn render_each(pages: &Pages, each: &[PageKind], sink: &dyn Sink) -> anyhow::Result<()> {
    each.par_iter().try_for_each(|&page| -> anyhow::Result<()> {
        // A template's error is kept as it is (it names the template and the page), not
        // turned into the writer's.
        let mut failed = None;
        let written = sink.put_stream(&pages.path(page), &mut |out| {
            pages.render_into(page, out).map_err(|e| {
                failed = Some(e);
                std::io::Error::other("the page could not be rendered")
            })
        });
        match failed {
            Some(e) => Err(e),
            None => written.map(drop).map_err(Into::into),
        }
    })
}

fn render_sitemaps_and_assets(
    project: &Project,
    pages: &Pages,
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    // The sitemap protocol wants absolute URLs: without base_url there is no sitemap.
    if let Some(base) = &project.site.base_url {
        let locs: Vec<String> = pages
            .list()
            .iter()
            .filter(|&&p| p != PageKind::NotFound)
            .map(|&p| format!("{base}/{}", pages.path(p)))
            .collect();
        for (path, xml) in sitemaps(pages.theme(), base, &locs, SITEMAP_LIMIT)? {
            sink.put(&path, xml.as_bytes())?;
        }
    }
    for (name, bytes) in &pages.theme().assets {
        sink.put(&format!("assets/{name}"), bytes)?;
    }
    Ok(())
}

/// The sitemap protocol allows 50,000 URLs per file: past that, `sitemap.xml` becomes a
/// sitemap index over `sitemap-1.xml`, `sitemap-2.xml`, ...
pub const SITEMAP_LIMIT: usize = 50_000;

fn sitemaps(
    theme: &theme::Theme,
    base: &str,
    locs: &[String],
    limit: usize,
) -> anyhow::Result<Vec<(String, String)>> {
    let urlset = |chunk: &[String]| {
        let mut c = Context::new();
        c.insert("locs", chunk);
        theme.tera.render("sitemap.xml", &c)
    };
    if locs.len() <= limit {
        return Ok(vec![("sitemap.xml".into(), urlset(locs)?)]);
    }
    let mut files = Vec::new();
    let mut parts = Vec::new();
    for (k, chunk) in locs.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", k + 1);
        parts.push(format!("{base}/{name}"));
        files.push((name, urlset(chunk)?));
    }
    let mut c = Context::new();
    c.insert("sitemaps", &parts);
    files.push((
        "sitemap.xml".into(),
        theme.tera.render("sitemap_index.xml", &c)?,
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemaps_past_the_limit_become_an_index() {
        let theme = theme::load(
            std::path::Path::new("/nonexistent"),
            "default",
            crate::model::Lang::Ja,
        )
        .unwrap();
        let locs: Vec<String> = (0..25).map(|i| format!("https://x.jp/p{i}.html")).collect();
        let one = sitemaps(&theme, "https://x.jp", &locs, 25).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].1.matches("<url>").count(), 25);
        let split = sitemaps(&theme, "https://x.jp", &locs, 10).unwrap();
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        assert_eq!(split[2].1.matches("<url>").count(), 5);
        let index = &split[3].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(
            index.contains("<loc>https://x.jp/sitemap-3.xml</loc>"),
            "{index}"
        );
    }
}
