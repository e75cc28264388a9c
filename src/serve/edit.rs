//! What an edit is: which files count ([`classify`]), whether the site kept its shape
//! ([`same_shape`]), and which pages an edit to some unit policies and indicators can reach
//! ([`Edited`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assess::Assessment;
use crate::load;
use crate::model::{Item, Project};
use crate::render::{self, PageKind, Pages};

/// Whether a change to `rel` (relative to the project root) can change the site: content
/// files, the plan, settings and theme files, not editors' backup and lock files.
pub fn affects_site(rel: &Path) -> bool {
    !matches!(classify(rel), Kind::Other)
}

pub(super) enum Kind {
    /// `shinchoku.yaml` or a theme file: everything is rebuilt.
    Settings,
    Plan,
    /// A unit policy or indicator file, or a content folder.
    Content,
    Other,
}

pub(super) fn classify(rel: &Path) -> Kind {
    if rel == Path::new(load::SITE_FILE) || rel.starts_with("themes") {
        Kind::Settings
    } else if rel == Path::new(load::PLAN_FILE) {
        Kind::Plan
    } else if rel == Path::new("content")
        || rel == Path::new(load::UNITS_DIR)
        || rel == Path::new(load::INDICATORS_DIR)
        || ((rel.starts_with(load::UNITS_DIR) || rel.starts_with(load::INDICATORS_DIR))
            && rel
                .file_name()
                .is_some_and(|n| load::is_content_file(&n.to_string_lossy())))
    {
        Kind::Content
    } else {
        Kind::Other
    }
}

/// Same pages in the same places: same unit IDs from the same files, same indicator numbers,
/// each on the same places and in the same Open SDG indicator (a move changes the pages of
/// where it was, which an edit's own pages do not reach).
pub(super) fn same_shape(a: &Project, b: &Project) -> bool {
    a.units.len() == b.units.len()
        && a.indicators.len() == b.indicators.len()
        && a.units.iter().zip(&b.units).all(|(x, y)| {
            x.id == y.id && x.also_filed_as == y.also_filed_as && x.source == y.source
        })
        && a.indicators.iter().zip(&b.indicators).all(|(x, y)| {
            x.no == y.no
                && x.source == y.source
                && x.units == y.units
                && x.nodes == y.nodes
                && x.open_sdg == y.open_sdg
        })
}

/// The unit policies and indicators whose files changed, by index, in order.
pub(super) struct Edited {
    pub(super) units: Vec<usize>,
    pub(super) indicators: Vec<usize>,
}

impl Edited {
    pub(super) fn of(project: &Project, changed: &BTreeSet<PathBuf>) -> Edited {
        let mut edited = Edited {
            units: Vec::new(),
            indicators: Vec::new(),
        };
        for path in changed {
            match project.by_source.get(path) {
                Some(&Item::Unit(u)) => edited.units.push(u),
                Some(&Item::Indicator(i)) => edited.indicators.push(i),
                None => {}
            }
        }
        edited.units.sort_unstable();
        edited.indicators.sort_unstable();
        edited
    }

    /// `charts` with those of the edited indicators drawn again.
    pub(super) fn redraw(
        &self,
        mut charts: Vec<String>,
        project: &Project,
        a: &Assessment,
        strings: &render::locale::Strings,
    ) -> Vec<String> {
        let redrawn: Vec<(usize, String)> = self
            .indicators
            .par_iter()
            .map(|&i| {
                let chart = render::charts::indicator_chart(
                    &project.plan,
                    &project.indicators[i],
                    &a.outcomes[i],
                    strings,
                );
                (i, chart)
            })
            .collect();
        for (i, chart) in redrawn {
            charts[i] = chart;
        }
        charts
    }

    /// The pages the edit can reach, and the places it reached on goal pages, by goal: the
    /// sections of those places are rendered again, the rest of the goal page kept.
    pub(super) fn reached(
        &self,
        project: &Project,
        pages: &Pages,
    ) -> (Vec<PageKind>, BTreeMap<usize, BTreeSet<usize>>) {
        // A unit page shows its indicators (with the names of the units they measure); an
        // indicator page names its units.
        let mut indicators: BTreeSet<usize> = self.indicators.iter().copied().collect();
        for &u in &self.units {
            indicators.extend(project.indicators_of(u).iter().copied());
        }
        // The other series of an edited Open SDG indicator show the indicator's combined
        // status on their pages.
        let groups: Vec<&str> = indicators
            .iter()
            .filter_map(|&i| project.indicators[i].open_sdg.as_ref())
            .map(|s| s.indicator.as_str())
            .collect();
        // Every indicator is looked at only when there are groups to look for.
        if !groups.is_empty() {
            let siblings: Vec<usize> = (0..project.indicators.len())
                .filter(|&i| {
                    project.indicators[i]
                        .open_sdg
                        .as_ref()
                        .is_some_and(|s| groups.contains(&s.indicator.as_str()))
                })
                .collect();
            indicators.extend(siblings);
        }
        let mut units: BTreeSet<usize> = self.units.iter().copied().collect();
        for &i in &indicators {
            units.extend(project.indicators[i].units.iter().copied());
        }
        // The index always: its summary may have changed.
        let mut reached: BTreeSet<PageKind> = BTreeSet::from([PageKind::Index]);
        reached.extend(indicators.iter().map(|&i| pages.overview_page_of(i)));
        let h = &project.plan.hierarchy;
        let mut goals: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for &n in units
            .iter()
            .flat_map(|&u| &project.units[u].placements)
            .chain(
                indicators
                    .iter()
                    .flat_map(|&i| &project.indicators[i].nodes),
            )
        {
            // A goal's own indicators are in the part of its page always rendered.
            let places = goals.entry(h.top_of(n)).or_default();
            if h.nodes[n].parent.is_some() {
                places.insert(n);
            }
        }
        reached.extend(units.into_iter().map(PageKind::Unit));
        reached.extend(indicators.into_iter().map(PageKind::Indicator));
        (reached.into_iter().collect(), goals)
    }
}
