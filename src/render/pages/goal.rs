//! A goal's page: every place below it, with its unit policies and indicators.

use super::builder::{Builder, Links, node_text, unit_path};
use super::views::*;

impl Builder<'_> {
    /// A goal's page: every place below it, top down, with the unit policies filed there and
    /// the indicators hanging on it; the counts are of the goal's units (each once), or of its
    /// indicators in a plan without unit policies, in all and by place below it.
    pub(super) fn goal(&self, g: usize, links: &Links) -> GoalView {
        self.goal_with(g, links, |_| true)
    }

    /// [`Builder::goal`] with only the sections of the places `keep` accepts (the rest of the
    /// page as it is): `serve` renders the places an edit reached and keeps the others.
    pub(super) fn goal_with(
        &self,
        g: usize,
        links: &Links,
        keep: impl Fn(usize) -> bool,
    ) -> GoalView {
        let h = &self.project.plan.hierarchy;
        let mut sections = Vec::new();
        for n in places_below(h, g) {
            if !keep(n) {
                continue;
            }
            let node = &h.nodes[n];
            let units = self.project.under.units[n]
                .iter()
                .map(|&(u, which)| {
                    let unit = &self.project.units[u];
                    MeasureUnit {
                        id: unit.ids().nth(which).unwrap_or_default().to_string(),
                        name: unit.name.clone(),
                        href: links.to(&unit_path(unit)),
                        status: self.unit_status(u),
                        also_filed: which > 0,
                    }
                })
                .collect();
            sections.push(NodeSection {
                heading: format!("h{}", (node.level + 1).min(6)),
                level: h.levels[node.level].clone(),
                text: node_text(node, self.strings),
                anchor: node.slug.clone(),
                units,
                indicators: self.project.under.indicators[n]
                    .iter()
                    .map(|&i| self.indicator_ref(i, links))
                    .collect(),
                holds_units: h.unit_parent_level() == Some(node.level)
                    && !self.project.units.is_empty(),
            });
        }
        let counts = self.counts_below(g);
        let r = self.goal_ref(g, links);
        GoalView {
            id: r.id,
            name: r.name,
            href: r.href,
            indicators: self.project.under.indicators[g]
                .iter()
                .map(|&i| self.indicator_ref(i, links))
                .collect(),
            sections,
            cards: crate::render::audit::cards(&self.project.plan, &counts.units, self.strings),
            counts,
            by_place: self.below_goal(g),
        }
    }
}

/// The places below goal `g`, top down (each followed by the places below it): the order of
/// the goal page's sections.
pub fn places_below(h: &crate::model::Hierarchy, g: usize) -> Vec<usize> {
    let mut places = Vec::new();
    let mut stack: Vec<usize> = h.nodes[g].children.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        places.push(n);
        stack.extend(h.nodes[n].children.iter().rev());
    }
    places
}
