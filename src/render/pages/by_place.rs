//! Counts by place in the hierarchy, as Open SDG's reporting-status page counts by goal: on
//! the index a row per goal, on a goal's page a row per place directly below it.

use super::builder::{Builder, Links, node_path, node_text};
use super::views::*;
use crate::render::audit::{cards, cards_shown};

impl Builder<'_> {
    /// The unit policies filed anywhere in the subtree of node `n`, each once, counted by
    /// where they stand; in a plan without unit policies, the subtree's indicators (counted
    /// when assessing: see `assess::by_node`).
    pub(super) fn counts_below(&self, n: usize) -> Counts {
        let units = self.assessment.by_node[n].clone();
        Counts {
            total: units.total(),
            units,
        }
    }

    /// A row per node of `nodes` (all of one level), linked to its page or its section;
    /// `None` when there are fewer than two (one row would repeat the total beside it).
    pub(super) fn by_place(
        &self,
        nodes: &[usize],
        href: impl Fn(usize) -> String,
    ) -> Option<ByPlaceView> {
        if nodes.len() < 2 {
            return None;
        }
        let plan = &self.project.plan;
        let overall = &self.assessment.summary.units;
        // The same columns as the index's cards, in every row.
        let with_reported = overall.reported > 0 || plan.rules.classes.is_empty();
        let columns = cards(plan, overall, self.strings)
            .into_iter()
            .map(|c| ColumnView {
                label: c.label,
                symbol: c.symbol,
            })
            .collect();
        let h = &plan.hierarchy;
        let rows = nodes
            .iter()
            .map(|&n| {
                let counts = self.counts_below(n);
                ByPlaceRow {
                    place: node_text(&h.nodes[n], self.strings),
                    href: href(n),
                    total: counts.total,
                    counts: cards_shown(plan, &counts.units, with_reported, self.strings)
                        .into_iter()
                        .map(|c| c.count)
                        .collect(),
                }
            })
            .collect();
        Some(ByPlaceView {
            level: h.levels[h.nodes[nodes[0]].level].clone(),
            columns,
            rows,
        })
    }

    /// The index's table: a row per goal, linked to its page.
    pub(super) fn by_goal(&self, links: &Links) -> Option<ByPlaceView> {
        let h = &self.project.plan.hierarchy;
        let goals: Vec<usize> = h.tops().collect();
        self.by_place(&goals, |g| links.to(&node_path(&h.nodes[g])))
    }

    /// A goal page's table: a row per place directly below goal `g`, linked to its section.
    pub(super) fn below_goal(&self, g: usize) -> Option<ByPlaceView> {
        let h = &self.project.plan.hierarchy;
        self.by_place(&h.nodes[g].children, |n| format!("#{}", h.nodes[n].slug))
    }
}
