//! What an edit is: which files count ([`classify`]), whether the site kept its shape
//! ([`same_shape`]), and which pages an edit to some unit policies and indicators can reach
//! ([`Edited`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::assess::{Assessment, Status, Summary};
use crate::load;
use crate::model::{Indicator, Item, Project, UnitPolicy};
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

/// The edited unit policies and indicators as they were before the edit (copies of the few
/// edited, taken before the project is patched), to tell what the edit changed.
pub(super) struct Before {
    units: Vec<(usize, UnitPolicy)>,
    indicators: Vec<(usize, Indicator)>,
}

impl Before {
    pub(super) fn of(project: &Project, sources: &[&load::Source]) -> Before {
        let mut before = Before {
            units: Vec::new(),
            indicators: Vec::new(),
        };
        for src in sources {
            match project.by_source.get(&src.path) {
                Some(&Item::Unit(u)) => before.units.push((u, project.units[u].clone())),
                Some(&Item::Indicator(i)) => {
                    before.indicators.push((i, project.indicators[i].clone()))
                }
                None => {}
            }
        }
        before
    }

    /// Whether every edited indicator kept its method.
    pub(super) fn same_methods(&self, project: &Project) -> bool {
        self.indicators
            .iter()
            .all(|(i, old)| old.method == project.indicators[*i].method)
    }
}

/// Whether unit policy `new` differs from `old` only in what its own page alone shows (its
/// narratives, notes and related projects): other pages show its IDs, name, page and where
/// it is filed.
fn only_own_page_differs(old: &UnitPolicy, new: &UnitPolicy) -> bool {
    // Every field named, so that a field added later is thought about here.
    let UnitPolicy {
        id,
        also_filed_as,
        placements,
        slug,
        name,
        related_projects: _,
        abolished_from,
        narratives: _,
        notes: _,
        source,
    } = old;
    *id == new.id
        && *also_filed_as == new.also_filed_as
        && *placements == new.placements
        && *slug == new.slug
        && *name == new.name
        && *abolished_from == new.abolished_from
        && *source == new.source
}

/// What goal pages and the index show of the edited indicators and of the unit policies they
/// measure, beyond names: results (label, symbol, class, status key) and where each stands,
/// and the summary. When an edit leaves all of it as it was, those pages are as they were.
#[derive(PartialEq)]
pub(super) struct Shown {
    results: Vec<Option<StatusShown>>,
    standing: Vec<Status>,
    summary: Summary,
}

/// What a status on a page is made of (see `render::pages`' `status`).
#[derive(PartialEq)]
struct StatusShown {
    label: String,
    symbol: String,
    class: Option<usize>,
    status: String,
}

impl Shown {
    pub(super) fn of(project: &Project, a: &Assessment, edited: &Edited) -> Shown {
        let result = |o: Option<&crate::assess::Outcome>| {
            o.map(|o| StatusShown {
                label: o.label.clone(),
                symbol: o.symbol.clone(),
                class: o.class,
                status: o.status.clone(),
            })
        };
        let units = edited.units_measured(project);
        Shown {
            results: edited
                .indicators
                .iter()
                .map(|&i| result(a.headline(i)))
                .chain(units.iter().map(|&u| result(a.deciding_outcome(u))))
                .collect(),
            standing: edited
                .indicators
                .iter()
                .map(|&i| a.indicator_status(i))
                .chain(units.iter().map(|&u| a.status[u]))
                .collect(),
            summary: a.summary.clone(),
        }
    }

    /// Whether the "figures only" column of the tables by place (on every goal page and the
    /// index) is shown: when any counted item stands there.
    fn reported(&self) -> bool {
        self.summary.units.reported > 0
    }
}

/// The unit policies and indicators whose files changed, by index, in order.
pub(super) struct Edited {
    pub(super) units: Vec<usize>,
    pub(super) indicators: Vec<usize>,
}

/// How far an edit reaches beyond the pages of what was edited.
pub(super) struct Reach {
    /// Edited unit policies whose change shows beyond their own page.
    units: Vec<usize>,
    /// Whether what goal pages show of the edited indicators (names, results) changed.
    goals: bool,
    /// Whether every goal page is reached (the columns of its table by place changed).
    all_goals: bool,
    /// Whether the index is reached for its summary (counts, where items stand).
    index: bool,
    /// Whether an edited indicator's name changed: the pages of the indicators it succeeds
    /// show it.
    renamed: bool,
}

impl Reach {
    /// Compares what was edited, and what goal pages and the index show, before and after.
    pub(super) fn of(
        project: &Project,
        before: &Before,
        shown_before: &Shown,
        shown_after: &Shown,
    ) -> Reach {
        let year = project.plan.report_year;
        let units = before
            .units
            .iter()
            .filter(|(u, old)| !only_own_page_differs(old, &project.units[*u]))
            .map(|(u, _)| *u)
            .collect();
        let renamed = before
            .indicators
            .iter()
            .any(|(i, old)| old.name_in(year) != project.indicators[*i].name_in(year));
        let changed = shown_before != shown_after;
        Reach {
            units,
            goals: changed || renamed,
            all_goals: shown_before.reported() != shown_after.reported(),
            index: shown_before.standing != shown_after.standing
                || shown_before.summary != shown_after.summary,
            renamed,
        }
    }

    /// Every page the edited files' items can reach, not telling what changed (after a full
    /// check); `all_goals` when the tables by place gained or lost their column.
    pub(super) fn all(edited: &Edited, all_goals: bool) -> Reach {
        Reach {
            units: edited.units.clone(),
            goals: true,
            all_goals,
            index: true,
            renamed: true,
        }
    }
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

    /// The unit policies the edited indicators measure.
    fn units_measured(&self, project: &Project) -> BTreeSet<usize> {
        self.indicators
            .iter()
            .flat_map(|&i| &project.indicators[i].units)
            .copied()
            .collect()
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
        reach: &Reach,
    ) -> (Vec<PageKind>, BTreeMap<usize, BTreeSet<usize>>) {
        // An edited unit page, always; the other pages only for what they show of it.
        let mut reached: BTreeSet<PageKind> =
            self.units.iter().map(|&u| PageKind::Unit(u)).collect();
        // A unit page shows its indicators (with the names of the units they measure); an
        // indicator page names its units.
        let mut indicators: BTreeSet<usize> = self.indicators.iter().copied().collect();
        for &u in &reach.units {
            indicators.extend(project.indicators_of(u).iter().copied());
        }
        // The other series of an edited Open SDG indicator show the indicator's combined
        // status on their pages.
        let groups: Vec<&str> = indicators
            .iter()
            .filter_map(|&i| project.indicators[i].open_sdg.as_ref())
            .map(|s| s.indicator.as_str())
            .collect();
        // Every indicator is looked at only when there are groups to look for, or names to
        // look for among successors.
        let renamed: Vec<u32> = if reach.renamed {
            self.indicators
                .iter()
                .map(|&i| project.indicators[i].no)
                .collect()
        } else {
            Vec::new()
        };
        if !groups.is_empty() || !renamed.is_empty() {
            let others: Vec<usize> = (0..project.indicators.len())
                .filter(|&i| {
                    let ind = &project.indicators[i];
                    ind.open_sdg
                        .as_ref()
                        .is_some_and(|s| groups.contains(&s.indicator.as_str()))
                        || ind.successor.is_some_and(|next| renamed.contains(&next))
                })
                .collect();
            indicators.extend(others);
        }
        let mut units: BTreeSet<usize> = reach.units.iter().copied().collect();
        for &i in &indicators {
            units.extend(project.indicators[i].units.iter().copied());
        }
        if reach.index {
            reached.insert(PageKind::Index);
        }
        reached.extend(indicators.iter().map(|&i| pages.overview_page_of(i)));
        let h = &project.plan.hierarchy;
        let mut goals: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        if reach.all_goals {
            goals.extend(h.tops().map(|g| (g, BTreeSet::new())));
        }
        // Goal pages show the names and results of unit policies and indicators, and the
        // counts, which changed only when the results did.
        let unit_places = reach
            .units
            .iter()
            .chain(units.iter().filter(|_| reach.goals))
            .flat_map(|&u| &project.units[u].placements);
        let indicator_places = indicators
            .iter()
            .filter(|_| reach.goals)
            .flat_map(|&i| &project.indicators[i].nodes);
        for &n in unit_places.chain(indicator_places) {
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
