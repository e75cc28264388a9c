//! `shinchoku diff`: what changed between two versions of a report, in report terms. Both
//! sides are loaded and assessed; the typed models are compared (never the YAML text), so a
//! reformatted file is no change and a changed actual shows with the class it flips.

mod markdown;
mod text;
mod words;

pub use markdown::markdown;
pub use text::text;

use std::collections::BTreeMap;

use crate::assess::{self, Assessment};
use crate::model::{Actual, Figure, Lang, Project, Year};

/// A version of a project, loaded and assessed.
pub struct Side<'a> {
    /// The revision, or the working tree, as the reader named it.
    pub name: &'a str,
    pub project: &'a Project,
    pub assessment: &'a Assessment,
}

/// The headline summary as `check` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub year: Year,
    pub total: usize,
    pub on_track: usize,
    pub not_on_track: usize,
    pub pending: usize,
    pub reported: usize,
}

/// Which figure of a KPI's year changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Target,
    Actual,
    /// The reason there is no figure yet (集計中 ...).
    Pending,
}

/// A figure, result or unit outcome that changed: what it is about, and old -> new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change<K> {
    pub what: K,
    pub old: String,
    pub new: String,
}

/// A KPI's year: number, name (as of the newer side) and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiYear {
    pub no: u32,
    pub name: String,
    pub year: Year,
}

/// Something added or removed: its id (unit ID or KPI number) and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    pub name: String,
}

/// Everything that changed from `old` to `new`.
#[derive(Debug, Clone)]
pub struct Changes {
    pub lang: Lang,
    pub old_name: String,
    pub new_name: String,
    pub headline: (Headline, Headline),
    pub figures: Vec<Change<(KpiYear, Field)>>,
    pub results: Vec<Change<KpiYear>>,
    pub units: Vec<Change<Item>>,
    pub added_units: Vec<Item>,
    pub removed_units: Vec<Item>,
    pub renamed_units: Vec<Change<String>>,
    pub added_kpis: Vec<Item>,
    pub removed_kpis: Vec<Item>,
    pub renamed_kpis: Vec<Change<String>>,
}

impl Changes {
    /// Whether nothing a reader would see changed.
    pub fn is_empty(&self) -> bool {
        self.headline.0 == self.headline.1
            && self.figures.is_empty()
            && self.results.is_empty()
            && self.units.is_empty()
            && self.added_units.is_empty()
            && self.removed_units.is_empty()
            && self.renamed_units.is_empty()
            && self.added_kpis.is_empty()
            && self.removed_kpis.is_empty()
            && self.renamed_kpis.is_empty()
    }
}

pub fn headline(project: &Project, a: &Assessment) -> Headline {
    let s = &a.summary;
    Headline {
        year: s.year,
        total: crate::render::pages::counted_total(project, s),
        on_track: s.units.on_track,
        not_on_track: s.units.not_on_track,
        pending: s.units.pending,
        reported: s.units.reported,
    }
}

/// Compares two versions; KPIs are matched by number, unit policies by ID.
pub fn compare(old: &Side, new: &Side) -> Changes {
    let mut c = Changes {
        lang: new.project.site.lang,
        old_name: old.name.to_string(),
        new_name: new.name.to_string(),
        headline: (
            headline(old.project, old.assessment),
            headline(new.project, new.assessment),
        ),
        figures: Vec::new(),
        results: Vec::new(),
        units: Vec::new(),
        added_units: Vec::new(),
        removed_units: Vec::new(),
        renamed_units: Vec::new(),
        added_kpis: Vec::new(),
        removed_kpis: Vec::new(),
        renamed_kpis: Vec::new(),
    };
    compare_kpis(old, new, &mut c);
    compare_units(old, new, &mut c);
    c
}

fn compare_kpis(old: &Side, new: &Side, c: &mut Changes) {
    let numbers = |p: &Project| index(p.indicators.iter().map(|i| i.no));
    let both = matched(
        numbers(old.project),
        numbers(new.project),
        |i| old.project.indicators[i].name.clone(),
        |i| new.project.indicators[i].name.clone(),
        [&mut c.added_kpis, &mut c.removed_kpis],
        &mut c.renamed_kpis,
    );
    for (no, oi, ni) in both {
        let (o, n) = (&old.project.indicators[oi], &new.project.indicators[ni]);
        for (y, nf) in n.figures.iter().enumerate() {
            let Some(oy) = o.figures.iter().position(|f| f.year == nf.year) else {
                continue;
            };
            let at = KpiYear {
                no,
                name: n.name_in(nf.year).to_string(),
                year: nf.year,
            };
            compare_figure(&o.figures[oy], nf, &at, c);
            let (was, is) = (
                &old.assessment.outcomes[oi][oy].label,
                &new.assessment.outcomes[ni][y].label,
            );
            if was != is {
                c.results.push(Change {
                    what: at,
                    old: was.clone(),
                    new: is.clone(),
                });
            }
        }
    }
}

fn compare_figure(o: &Figure, n: &Figure, at: &KpiYear, c: &mut Changes) {
    let target = |f: &Figure| {
        f.target
            .map(|t| t.normalize().to_string())
            .or_else(|| f.target_state.clone())
            .unwrap_or_else(|| "-".into())
    };
    if target(o) != target(n) {
        c.figures.push(Change {
            what: (at.clone(), Field::Target),
            old: target(o),
            new: target(n),
        });
    }
    if o.actual != n.actual {
        // A pending reason reworded is a change of reason; anything else is a change of actual.
        let field = match (&o.actual, &n.actual) {
            (Actual::Pending(_), Actual::Pending(_)) => Field::Pending,
            _ => Field::Actual,
        };
        c.figures.push(Change {
            what: (at.clone(), field),
            old: actual_text(&o.actual),
            new: actual_text(&n.actual),
        });
    }
}

fn actual_text(a: &Actual) -> String {
    match a {
        Actual::Value(v) => v.normalize().to_string(),
        Actual::State(s) | Actual::Pending(s) => s.clone(),
        Actual::Abolished => assess::ABOLISHED.into(),
        Actual::NotDue | Actual::NoData => "-".into(),
    }
}

fn compare_units(old: &Side, new: &Side, c: &mut Changes) {
    let ids = |p: &Project| index(p.units.iter().map(|u| u.id.clone()));
    let both = matched(
        ids(old.project),
        ids(new.project),
        |u| old.project.units[u].name.clone(),
        |u| new.project.units[u].name.clone(),
        [&mut c.added_units, &mut c.removed_units],
        &mut c.renamed_units,
    );
    for (id, ou, nu) in both {
        let n = &new.project.units[nu];
        let label = |s: &Side, u: usize| {
            s.assessment
                .deciding_outcome(u)
                .map(|o| o.label.clone())
                .unwrap_or_else(|| "-".into())
        };
        let (was, is) = (label(old, ou), label(new, nu));
        if was != is {
            c.units.push(Change {
                what: Item {
                    id,
                    name: n.name.clone(),
                },
                old: was,
                new: is,
            });
        }
    }
}

/// Matches two versions' entries by key (KPI number, unit ID): lists the added, removed and
/// renamed ones, and returns those on both sides as (key, old index, new index), in key order.
fn matched<K: Ord + ToString>(
    old: BTreeMap<K, usize>,
    mut new: BTreeMap<K, usize>,
    old_name: impl Fn(usize) -> String,
    new_name: impl Fn(usize) -> String,
    [added, removed]: [&mut Vec<Item>; 2],
    renamed: &mut Vec<Change<String>>,
) -> Vec<(K, usize, usize)> {
    let mut both = Vec::new();
    for (key, o) in old {
        match new.remove(&key) {
            None => removed.push(Item {
                id: key.to_string(),
                name: old_name(o),
            }),
            Some(n) => {
                let (was, is) = (old_name(o), new_name(n));
                if was != is {
                    renamed.push(Change {
                        what: key.to_string(),
                        old: was,
                        new: is,
                    });
                }
                both.push((key, o, n));
            }
        }
    }
    added.extend(new.into_iter().map(|(key, n)| Item {
        id: key.to_string(),
        name: new_name(n),
    }));
    both
}

fn index<K: Ord>(keys: impl Iterator<Item = K>) -> BTreeMap<K, usize> {
    keys.enumerate().map(|(i, k)| (k, i)).collect()
}
