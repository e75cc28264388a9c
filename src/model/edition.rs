//! Editions: the reports of earlier years, published beside the latest one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;

/// Where an earlier edition's project comes from (`editions` in shinchoku.yaml).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum EditionSource {
    /// A git revision (usually a tag) of the project's own repository.
    Tag(String),
    /// A folder holding the project as it was (for projects not kept in git), relative to
    /// the project folder or absolute.
    Dir(PathBuf),
}

/// An earlier edition as configured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionConfig {
    pub source: EditionSource,
    /// Its folder in the site: `editions/<slug>/`.
    pub slug: String,
    /// `令和4年度版`; when not given, the edition's own report year names it.
    pub label: Option<String>,
}

/// What the pages of one edition know about the others; filled by the build, empty for a
/// project without editions (and in `serve`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EditionLinks {
    /// Set on an earlier edition's pages: the banner pointing to the latest.
    pub banner: Option<Banner>,
    /// Every edition, oldest first, the latest last; empty without editions.
    pub all: Vec<EditionEntry>,
    /// Set on the latest edition: for each KPI number, its figures in each earlier edition
    /// that has a KPI of that number (oldest first).
    pub past_figures: BTreeMap<u32, Vec<PastKpi>>,
}

/// The banner of an earlier edition's pages.
#[derive(Debug, Clone, Serialize)]
pub struct Banner {
    /// This edition's label.
    pub label: String,
    pub latest_label: String,
    /// The latest edition's root as a link prefix when links are absolute (`base_path`);
    /// `None` for relative links (two folders up from this edition's root).
    pub latest_base: Option<String>,
    /// The latest edition's page paths, so a page can link to its counterpart.
    pub latest_pages: BTreeSet<String>,
}

/// One edition, for the editions page.
#[derive(Debug, Clone, Serialize)]
pub struct EditionEntry {
    pub label: String,
    /// Its folder under the site root, with its slash (`editions/r4/`); empty for the latest.
    pub folder: String,
    /// Its report year, in words.
    pub report_year: String,
    /// The day its content was last committed (`YYYY-MM-DD`), when it comes from git.
    pub date: Option<String>,
    /// The git commit it was built from.
    pub commit: Option<String>,
}

/// One KPI as an earlier edition published it.
#[derive(Debug, Clone, Serialize)]
pub struct PastKpi {
    pub edition: String,
    /// Its page, from the site root (`editions/r4/indicators/kpi-01.html`).
    pub path: String,
    /// Its name in that edition's report year.
    pub name: String,
    /// Its years in order, as printed in that edition.
    pub figures: Vec<PastFigure>,
}

/// One year of a KPI as an edition printed it.
#[derive(Debug, Clone, Serialize)]
pub struct PastFigure {
    /// The Western (fiscal) year, to line editions up.
    pub fiscal: u16,
    pub year: String,
    pub target: String,
    pub actual: String,
}
