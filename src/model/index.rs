//! Lookups over a project's unit policies and indicators, made once when it is assembled (and
//! kept by `serve` through edits that leave IDs and references as they were, so an edit costs
//! nothing here): what is filed under each node, and what each file holds.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Indicator, UnitPolicy};

/// For each node of the hierarchy, what hangs on it directly.
#[derive(Debug, Clone, Default)]
pub struct Under {
    /// The units filed under the node (unit, which of its IDs), in unit order: goal pages
    /// look them up instead of scanning every unit for every node.
    pub units: Vec<Vec<(usize, usize)>>,
    /// The indicators hanging on the node, in indicator order.
    pub indicators: Vec<Vec<usize>>,
}

impl Under {
    pub fn of(nodes: usize, units: &[UnitPolicy], indicators: &[Indicator]) -> Under {
        let mut under = Under {
            units: vec![Vec::new(); nodes],
            indicators: vec![Vec::new(); nodes],
        };
        for (u, unit) in units.iter().enumerate() {
            for (which, &n) in unit.placements.iter().enumerate() {
                under.units[n].push((u, which));
            }
        }
        for (i, ind) in indicators.iter().enumerate() {
            for &n in &ind.nodes {
                under.indicators[n].push(i);
            }
        }
        under
    }
}

/// What a content file holds: a unit policy or an indicator, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    Unit(usize),
    Indicator(usize),
}

/// Each unit's and indicator's file (its `source`) to what it holds.
pub fn by_source(units: &[UnitPolicy], indicators: &[Indicator]) -> HashMap<PathBuf, Item> {
    let units = units
        .iter()
        .enumerate()
        .map(|(u, x)| (x.source.clone(), Item::Unit(u)));
    let indicators = indicators
        .iter()
        .enumerate()
        .map(|(i, x)| (x.source.clone(), Item::Indicator(i)));
    units.chain(indicators).collect()
}
