//! Editions: what one edition's pages show of the others (the banner of an earlier edition,
//! the editions page, a KPI's figures in earlier editions), and what the build gathers from
//! each edition to show it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::format::figure;
use crate::assess::Assessment;
use crate::model::{Actual, EditionEntry, EditionLinks, Indicator, PastFigure, PastKpi, Project};

/// The folder of an earlier edition in the site, with its slash.
pub fn folder(slug: &str) -> String {
    format!("editions/{slug}/")
}

/// The page listing every edition, at the latest edition's root.
pub const EDITIONS_PAGE: &str = "editions.html";

/// Each KPI of an earlier edition as it printed it, keyed by number: the latest edition
/// matches its KPIs to earlier ones by number (a renumbered KPI is not matched).
pub fn past_kpis(project: &Project, folder: &str, label: &str) -> Vec<(u32, PastKpi)> {
    project
        .indicators
        .iter()
        .map(|ind| {
            let mut kpi = past_kpis_of(project, ind, folder);
            kpi.edition = label.to_string();
            (ind.no, kpi)
        })
        .collect()
}

/// One KPI's figures as this edition prints them, its page under `folder`.
pub fn past_kpis_of(project: &Project, ind: &Indicator, folder: &str) -> PastKpi {
    let figures = ind
        .figures
        .iter()
        .map(|f| {
            let target = match (f.target, &f.target_state) {
                (Some(t), _) => figure(ind, t),
                (None, Some(s)) => s.clone(),
                (None, None) => String::new(),
            };
            let actual = match &f.actual {
                Actual::Value(a) => figure(ind, *a),
                Actual::State(s) | Actual::Pending(s) => s.clone(),
                Actual::Abolished | Actual::NotDue | Actual::NoData => String::new(),
            };
            PastFigure {
                fiscal: f.year.fiscal,
                year: f.year.label_in(project.site.lang),
                target,
                actual,
            }
        })
        .collect();
    PastKpi {
        edition: project
            .site
            .edition_links
            .all
            .last()
            .map(|e| e.label.clone())
            .unwrap_or_default(),
        path: format!("{folder}indicators/{}.html", ind.slug()),
        name: ind.name_in(project.plan.report_year).to_string(),
        figures,
    }
}

/// The path of every page of a built edition, so an earlier edition can link to the same
/// page in the latest when it has one.
pub fn page_paths(
    project: &Project,
    assessment: &Assessment,
    theme: &super::theme::Theme,
) -> BTreeSet<String> {
    // Paths do not depend on the charts.
    let charts = vec![String::new(); project.indicators.len()];
    let pages = super::Pages::new(project, assessment, theme, &charts);
    pages.list().into_iter().map(|p| pages.path(p)).collect()
}

/// What base.html shows about editions on one page.
#[derive(Serialize, Default)]
pub struct EditionNav {
    /// The editions page, when there are editions.
    pub editions_href: Option<String>,
    /// On an earlier edition's pages: the banner.
    pub banner: Option<BannerView>,
}

#[derive(Serialize)]
pub struct BannerView {
    pub label: String,
    pub latest_label: String,
    /// The same page in the latest edition, else its top page.
    pub latest_href: String,
    /// Whether the latest edition has this page.
    pub same_page: bool,
}

/// The editions navigation of the page at `path`, whose links start with `root`.
pub fn nav(links: &EditionLinks, root: &str, path: &str) -> EditionNav {
    if links.all.is_empty() {
        return EditionNav::default();
    }
    let Some(banner) = &links.banner else {
        return EditionNav {
            editions_href: Some(format!("{root}{EDITIONS_PAGE}")),
            banner: None,
        };
    };
    // An earlier edition sits two folders below the latest (editions/<slug>/).
    let latest_root = match &banner.latest_base {
        Some(base) => base.clone(),
        None => format!("{root}../../"),
    };
    let same_page = banner.latest_pages.contains(path) && path != "404.html";
    let target = if same_page { path } else { "index.html" };
    EditionNav {
        editions_href: Some(format!("{latest_root}{EDITIONS_PAGE}")),
        banner: Some(BannerView {
            label: banner.label.clone(),
            latest_label: banner.latest_label.clone(),
            latest_href: format!("{latest_root}{target}"),
            same_page,
        }),
    }
}

/// The editions page's list, newest first, with links from the latest's root.
#[derive(Serialize)]
pub struct EditionsView {
    pub editions: Vec<EditionRow>,
}

#[derive(Serialize)]
pub struct EditionRow {
    pub label: String,
    pub href: String,
    pub report_year: String,
    pub date: Option<String>,
    pub latest: bool,
}

pub fn editions_view(all: &[EditionEntry], root: &str) -> EditionsView {
    let last = all.len().saturating_sub(1);
    EditionsView {
        editions: all
            .iter()
            .enumerate()
            .rev()
            .map(|(i, e)| EditionRow {
                label: e.label.clone(),
                href: format!("{root}{}index.html", e.folder),
                report_year: e.report_year.clone(),
                date: e.date.clone(),
                latest: i == last,
            })
            .collect(),
    }
}

/// A KPI's figures across editions: the years as columns, one row per earlier edition (then
/// the latest), each linking to that edition's page of the KPI.
#[derive(Serialize)]
pub struct SeriesView {
    pub years: Vec<String>,
    pub rows: Vec<SeriesRow>,
}

#[derive(Serialize)]
pub struct SeriesRow {
    pub edition: String,
    pub href: String,
    pub name: String,
    /// Per year of `years`: (target, actual); empty where that edition has no such year.
    pub cells: Vec<(String, String)>,
}

/// The series of KPI `no` across the earlier editions and `latest` (this edition's figures
/// for it), or `None` when no earlier edition has the KPI.
pub fn series(links: &EditionLinks, no: u32, root: &str, latest: &PastKpi) -> Option<SeriesView> {
    let past = links.past_figures.get(&no).filter(|p| !p.is_empty())?;
    let kpis: Vec<&PastKpi> = past.iter().chain(std::iter::once(latest)).collect();
    // The years of every edition, in order (a year's label is the latest's where they differ).
    let mut years: BTreeMap<u16, String> = BTreeMap::new();
    for kpi in &kpis {
        for f in &kpi.figures {
            years.insert(f.fiscal, f.year.clone());
        }
    }
    let rows = kpis
        .iter()
        .map(|kpi| SeriesRow {
            edition: kpi.edition.clone(),
            href: format!("{root}{}", kpi.path),
            name: kpi.name.clone(),
            cells: years
                .keys()
                .map(|fy| match kpi.figures.iter().find(|f| f.fiscal == *fy) {
                    Some(f) => (f.target.clone(), f.actual.clone()),
                    None => Default::default(),
                })
                .collect(),
        })
        .collect();
    let years = years.into_values().collect();
    Some(SeriesView { years, rows })
}
