//! The HTML pages: view structs (what templates see) and the page list.
//!
//! Templates get ready-to-print text (formatted figures, labels, relative links); they never
//! compute. Every page knows `root`, the relative path back to the site root (or the
//! configured base path), so the folder can be dropped anywhere.

use std::sync::OnceLock;

use rayon::prelude::*;

use tera::Context;

use super::charts;

use super::theme::Theme;
use crate::assess::Assessment;
use crate::model::*;

mod builder;
mod by_place;
mod context;
mod downloads;
mod goal;
mod sections;
mod views;

pub use builder::counted_noun;
use builder::{Builder, Links, node_path};
pub(crate) use builder::{indicator_path, unit_path};
pub use context::CommonContexts;
pub use goal::places_below;
pub use views::*;

/// One page to render: output path, template, and its context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

fn links_for(project: &Project, path: &str) -> Links {
    let site = &project.site;
    let root = match &site.base_path {
        Some(base) => base.clone(),
        // The 404 page is served for a missing address at any depth (`/units/nope.html`):
        // its links start from the site's folder on the server, which `base_url` gives.
        None if path == NOT_FOUND => site
            .base_url
            .as_deref()
            .map(folder_of_url)
            .unwrap_or_default(),
        None => "../".repeat(path.matches('/').count()),
    };
    Links { root }
}

const NOT_FOUND: &str = "404.html";

/// `/sangyo/shinchoku/` for `https://www.city.example.jp/sangyo/shinchoku` (no trailing
/// slash: see `load::settings`).
fn folder_of_url(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// One page of the site. Pages are listed, then rendered independently (in parallel, or one
/// at a time by `serve`), so nothing holds every page in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Index,
    /// Page `n` (from 0) of the indicator overview, when it does not fit on the index.
    Overview(usize),
    /// A top-level node of the hierarchy, by index.
    Goal(usize),
    Unit(usize),
    Indicator(usize),
    /// `editions.html`: every edition, on the latest edition of a project with several.
    Editions,
    /// `about.html`: the methods, sources, terms of use and contact.
    About,
    /// Every open data file, with its size.
    Downloads,
    NotFound,
}

/// Renders the pages of one project with one theme.
pub struct Pages<'a> {
    builder: Builder<'a>,
    theme: &'a Theme,
    per_page: usize,
    /// The open data files' sizes, for the downloads page: given by the build, which writes
    /// them anyway, or made when that page is first rendered (`serve`).
    data_files: OnceLock<Vec<crate::render::data::DataFile>>,
    /// What every page's context starts with (the site-wide view: navigation, wording, the
    /// shared rate label; and the interface text), made once per link root (one per folder
    /// depth) instead of once per page: making the site view scans every indicator. Lent to
    /// each page in turn (see [`context`]).
    contexts: context::Pool,
    /// How each indicator's section is made: shared and freed in a build (see
    /// [`Pages::drawing`]), from kept charts for each page in `serve`.
    sections: sections::Sections<'a>,
}

impl<'a> Pages<'a> {
    /// Pages for a build, which renders every page once: each chart is drawn when its first
    /// page needs it, and each indicator's section is shared by its pages and freed after
    /// the last; render them in [`Pages::render_order`] so that happens soon.
    pub fn drawing(project: &'a Project, a: &'a Assessment, theme: &'a Theme) -> Pages<'a> {
        let mut pages = Self::with(project, a, theme, sections::Sections::Kept(&[]));
        let mut uses = vec![0; project.indicators.len()];
        for page in pages.list() {
            for i in pages.sections_on(page) {
                uses[i] += 1;
            }
        }
        pages.sections = sections::Sections::Shared(sections::Shared::new(uses));
        pages
    }

    /// Pages with the charts already drawn (`serve` keeps them between rebuilds), from
    /// [`indicator_charts`].
    pub fn new(
        project: &'a Project,
        a: &'a Assessment,
        theme: &'a Theme,
        charts: &'a [String],
    ) -> Pages<'a> {
        Self::with(project, a, theme, sections::Sections::Kept(charts))
    }

    fn with(
        project: &'a Project,
        a: &'a Assessment,
        theme: &'a Theme,
        sections: sections::Sections<'a>,
    ) -> Pages<'a> {
        Pages {
            builder: Builder {
                project,
                assessment: a,
                strings: &theme.strings,
            },
            theme,
            per_page: project.site.overview_page_size.max(1),
            data_files: OnceLock::new(),
            contexts: context::Pool::default(),
            sections,
        }
    }

    /// Time spent drawing charts in this build, summed over threads.
    pub fn drawing_time(&self) -> std::time::Duration {
        match &self.sections {
            sections::Sections::Shared(shared) => shared.drawing_time(),
            sections::Sections::Kept(_) => std::time::Duration::ZERO,
        }
    }

    /// Gives the downloads page the data files as written (their bytes, for the sizes).
    pub fn set_data_files(&self, files: Vec<crate::render::data::DataFile>) {
        // A second call would describe the same build: keep the first.
        let _ = self.data_files.set(files);
    }

    /// The open data files (their sizes, for the downloads page): as the build gave them,
    /// or made on first use.
    fn data_files(&self) -> &[crate::render::data::DataFile] {
        self.data_files.get_or_init(|| {
            crate::render::data::files(self.builder.project, self.builder.assessment)
        })
    }

    pub fn theme(&self) -> &Theme {
        self.theme
    }

    fn overview_pages(&self) -> usize {
        let n = self.builder.project.indicators.len();
        if n <= self.per_page {
            0
        } else {
            n.div_ceil(self.per_page)
        }
    }

    /// Every page, in a stable order.
    pub fn list(&self) -> Vec<PageKind> {
        let p = self.builder.project;
        let mut pages = vec![PageKind::Index];
        pages.extend((0..self.overview_pages()).map(PageKind::Overview));
        pages.extend(p.plan.hierarchy.tops().map(PageKind::Goal));
        pages.extend((0..p.units.len()).map(PageKind::Unit));
        pages.extend((0..p.indicators.len()).map(PageKind::Indicator));
        let editions = &p.site.edition_links;
        if !editions.all.is_empty() && editions.banner.is_none() {
            pages.push(PageKind::Editions);
        }
        pages.push(PageKind::Downloads);
        pages.push(PageKind::About);
        pages.push(PageKind::NotFound);
        pages
    }

    /// Every page, in the order a build renders them: each unit policy's page followed by
    /// the pages of the indicators it shows first, so that a section is freed soon after
    /// it is made (threads take runs of neighbouring pages).
    pub fn render_order(&self) -> Vec<PageKind> {
        let p = self.builder.project;
        let mut placed = vec![false; p.indicators.len()];
        let mut order: Vec<PageKind> = Vec::with_capacity(p.units.len() + p.indicators.len() + 8);
        for page in self.list() {
            match page {
                PageKind::Unit(u) => {
                    order.push(page);
                    for &i in p.indicators_of(u) {
                        if !std::mem::replace(&mut placed[i], true) {
                            order.push(PageKind::Indicator(i));
                        }
                    }
                }
                PageKind::Indicator(i) if placed[i] => {}
                _ => order.push(page),
            }
        }
        order
    }

    /// The page's path in the site.
    pub fn path(&self, page: PageKind) -> String {
        let p = self.builder.project;
        match page {
            PageKind::Index => "index.html".into(),
            PageKind::Overview(0) => "indicators/index.html".into(),
            PageKind::Overview(n) => format!("indicators/page-{}.html", n + 1),
            PageKind::Goal(g) => node_path(&p.plan.hierarchy.nodes[g]),
            PageKind::Unit(u) => unit_path(&p.units[u]),
            PageKind::Indicator(i) => indicator_path(&p.indicators[i]),
            PageKind::Editions => crate::render::editions::EDITIONS_PAGE.into(),
            PageKind::Downloads => "downloads.html".into(),
            PageKind::About => "about.html".into(),
            PageKind::NotFound => NOT_FOUND.into(),
        }
    }

    /// The page with indicator `i`'s row of the overview table: the index, or the overview
    /// page it falls on when the table is paged.
    pub fn overview_page_of(&self, i: usize) -> PageKind {
        if self.overview_pages() == 0 {
            PageKind::Index
        } else {
            PageKind::Overview(i / self.per_page)
        }
    }

    /// Where the overview row of indicator `i` is, from the site root.
    fn overview_href(&self, i: usize) -> String {
        let slug = self.builder.project.indicators[i].slug();
        format!("{}#{slug}", self.path(self.overview_page_of(i)))
    }

    /// Renders one page to HTML.
    pub fn render(&self, page: PageKind) -> anyhow::Result<String> {
        let mut html = Vec::new();
        self.render_into(page, &mut html)?;
        Ok(String::from_utf8(html)?)
    }

    /// Writes the page's HTML into `html` as the templates make it: a build streams it into
    /// its file, without holding the page (the downloads page of 100,000 policies is 33 MB)
    /// or checking again that what the templates wrote is UTF-8 (a few per cent of a build).
    pub fn render_into(&self, page: PageKind, html: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let path = self.path(page);
        let (template, context) = self.context(page, &path)?;
        self.theme
            .tera
            .render_to(template, &context, html)
            .map_err(|e| self.theme.render_error(template, &path, &e))?;
        self.sections_used(page);
        Ok(())
    }

    /// Goal `g`'s page with only the sections of the places in `places` (all below `g`), for
    /// `serve`, which splices them into the page it has (see `serve::goal`).
    pub fn render_goal_part(
        &self,
        g: usize,
        places: &std::collections::BTreeSet<usize>,
    ) -> anyhow::Result<String> {
        let path = self.path(PageKind::Goal(g));
        let links = links_for(self.builder.project, &path);
        let mut c = self.page_context(&path, &links);
        let view = self.builder.goal_with(g, &links, |n| places.contains(&n));
        c.insert("goal", &view);
        self.theme
            .tera
            .render("goal.html", &c)
            .map_err(|e| self.theme.render_error("goal.html", &path, &e))
    }

    fn context(
        &self,
        page: PageKind,
        path: &str,
    ) -> anyhow::Result<(&'static str, context::Lent<'_>)> {
        let builder = &self.builder;
        let project = builder.project;
        let links = links_for(project, path);
        let mut c = self.page_context(path, &links);
        let template = match page {
            PageKind::Index => {
                c.insert("index", &self.index_view(&links));
                c.insert("estimate_suffix", &project.plan.rules.estimate_suffix);
                "index.html"
            }
            PageKind::Overview(n) => {
                c.insert("overview", &self.overview_view(n, &links));
                "overview.html"
            }
            PageKind::Goal(g) => {
                c.insert("goal", &builder.goal(g, &links));
                "goal.html"
            }
            PageKind::Unit(u) => {
                let mut view = builder.unit(u, &links);
                for i in self.sections_on(page) {
                    view.indicators.push(IndicatorView {
                        section_html: self.section(i, &links, path)?.to_string(),
                        ..builder.indicator(i, &links)
                    });
                }
                c.insert("unit", &view);
                "unit.html"
            }
            PageKind::Indicator(i) => {
                c.insert(
                    "indicator",
                    &IndicatorView {
                        section_html: self.section(i, &links, path)?.to_string(),
                        ..builder.indicator(i, &links)
                    },
                );
                c.insert("overview_href", &links.to(&self.overview_href(i)));
                let ind = &project.indicators[i];
                let latest = &crate::render::editions::past_kpis_of(project, ind, "");
                c.insert(
                    "series",
                    &crate::render::editions::series(
                        &project.site.edition_links,
                        ind.no,
                        &links.root,
                        latest,
                    ),
                );
                "indicator.html"
            }
            PageKind::Editions => {
                c.insert(
                    "editions",
                    &crate::render::editions::editions_view(
                        &project.site.edition_links.all,
                        &links.root,
                    ),
                );
                "editions.html"
            }
            PageKind::About => {
                c.insert("methods", &self.methods_view());
                "about.html"
            }
            PageKind::Downloads => {
                c.insert(
                    "downloads",
                    &downloads::downloads(project, self.data_files(), &links),
                );
                "downloads.html"
            }
            // Served from any depth: links from the site's folder (see `links_for`), and the
            // style sheet inline, so the page keeps its looks even where no link can work.
            PageKind::NotFound => {
                if let Some(css) = self.theme.assets.get("style.css") {
                    c.insert("inline_css", &String::from_utf8_lossy(css));
                }
                "404.html"
            }
        };
        Ok((template, c))
    }

    fn methods_view(&self) -> MethodsView {
        let builder = &self.builder;
        let plan = &builder.project.plan;
        let rules = &plan.rules;
        let s = builder.strings;
        let summary = &builder.assessment.summary;
        let legend = rules
            .classes
            .iter()
            .enumerate()
            .map(|(i, cl)| LegendView {
                label: cl.label.clone(),
                symbol: cl.symbol.clone(),
                key: format!("tone-{}", cl.tone),
                rule: super::audit::class_rule(rules, i, s),
                on_track: cl.on_track,
                indicators: summary.indicators_by_class[i],
            })
            .collect();
        MethodsView {
            legend,
            method: super::audit::method_text(rules.method, Direction::HigherIsBetter, s),
            counting_rule: super::audit::counting_rule(plan, summary.counts_indicators, s),
            rounding: if rules.method.rates() {
                let (decimals, place) =
                    (rules.decimals.to_string(), (rules.decimals + 1).to_string());
                s.fill(
                    "rate.rounding",
                    &[("decimals", &decimals), ("place", &place)],
                )
            } else {
                String::new()
            },
        }
    }

    fn index_view(&self, links: &Links) -> IndexView {
        let builder = &self.builder;
        let plan = &builder.project.plan;
        let rules = &plan.rules;
        let s = builder.strings;
        let summary = &builder.assessment.summary;
        let cards = super::audit::cards(plan, &summary.units, s);
        let years_with = |status: YearStatus| -> Vec<String> {
            plan.fiscal_years
                .iter()
                .filter(|fy| fy.status == status)
                .map(|fy| fy.year.label_in(s.lang()))
                .collect()
        };
        let paged = self.overview_pages() > 0;
        IndexView {
            summary: builder.assessment.summary.clone(),
            methods: self.methods_view(),
            cards,
            by_goal: builder.by_goal(links),
            counted_total: counted_total(builder.project, summary),
            pending_symbol: rules.pending_symbol.clone(),
            confirmed_years: years_with(YearStatus::Confirmed),
            estimate_years: years_with(YearStatus::Estimate),
            indicator_count: builder.project.indicators.len(),
            overview_href: paged.then(|| links.to(&self.path(PageKind::Overview(0)))),
            overview_pages: self.overview_pages(),
            rows: if paged {
                Vec::new()
            } else {
                (0..builder.project.indicators.len())
                    .map(|i| IndicatorView {
                        cells: builder.cells(i),
                        ..builder.indicator(i, links)
                    })
                    .collect()
            },
        }
    }

    fn overview_view(&self, n: usize, links: &Links) -> OverviewView {
        let builder = &self.builder;
        let total = builder.project.indicators.len();
        let pages = self.overview_pages();
        let range = n * self.per_page..((n + 1) * self.per_page).min(total);
        let href = |k: usize| links.to(&self.path(PageKind::Overview(k)));
        // First, last, and a window around the current page: every page is two clicks away
        // at most via the window, and no page carries a thousand links.
        let mut pager = Vec::new();
        let mut last_shown = None;
        for k in 0..pages {
            if k == 0 || k + 1 == pages || k.abs_diff(n) <= 3 {
                if last_shown.is_some_and(|prev| k > prev + 1) {
                    pager.push(PagerLink {
                        label: "…".into(),
                        href: None,
                        current: false,
                    });
                }
                pager.push(PagerLink {
                    label: (k + 1).to_string(),
                    href: Some(href(k)),
                    current: k == n,
                });
                last_shown = Some(k);
            }
        }
        OverviewView {
            page: n + 1,
            pages,
            first_no: builder.project.indicators[range.start].no,
            last_no: builder.project.indicators[range.end - 1].no,
            total,
            rows: range
                .map(|i| IndicatorView {
                    cells: builder.cells(i),
                    ..builder.indicator(i, links)
                })
                .collect(),
            pager,
            prev: n.checked_sub(1).map(href),
            next: (n + 1 < pages).then(|| href(n + 1)),
        }
    }
}

/// What the summary cards add up to: unit policies, or indicators in a plan without them.
pub fn counted_total(project: &Project, summary: &crate::assess::Summary) -> usize {
    if summary.counts_indicators {
        project.indicators.len()
    } else {
        summary.unit_policies
    }
}

/// The chart of every indicator, in `Project::indicators` order.
pub fn indicator_charts(
    project: &Project,
    a: &Assessment,
    strings: &super::locale::Strings,
) -> Vec<String> {
    project
        .indicators
        .par_iter()
        .zip(&a.outcomes)
        .map(|(ind, outs)| charts::indicator_chart(&project.plan, ind, outs, strings))
        .collect()
}
