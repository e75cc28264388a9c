//! The summary's counts for every node of the hierarchy: the counted items (unit policies; in
//! a plan without them, indicators) in the node's subtree, each once however often it is filed
//! there, by where they stand. The index's table by goal and the goal pages print them; they
//! are counted once when assessing, and after an edit only the items whose status changed move
//! from one count to another, so an edit does not count the whole plan again.

use super::{Assessment, Status, StatusCounts};
use crate::model::*;

/// The counts of every node.
pub(super) fn count(project: &Project, a: &Assessment) -> Vec<StatusCounts> {
    let mut counts = vec![StatusCounts::default(); project.plan.hierarchy.nodes.len()];
    for k in 0..counted_items(project) {
        let status = a.counted_status(project, k);
        for n in holding(project, k) {
            counts[n].add(status);
        }
    }
    counts
}

/// Moves item `k` from `was` to `now` in the counts of the nodes holding it.
pub(super) fn recount(
    project: &Project,
    counts: &mut [StatusCounts],
    k: usize,
    was: Status,
    now: Status,
) {
    if was != now {
        for n in holding(project, k) {
            counts[n].remove(was);
            counts[n].add(now);
        }
    }
}

/// How many items are counted: the unit policies, or the indicators of a plan without them.
pub(super) fn counted_items(project: &Project) -> usize {
    if project.units.is_empty() {
        project.indicators.len()
    } else {
        project.units.len()
    }
}

/// The nodes whose subtree holds item `k` (where it is filed, and every node above), each once.
fn holding(project: &Project, k: usize) -> Vec<usize> {
    let places = if project.units.is_empty() {
        &project.indicators[k].nodes
    } else {
        &project.units[k].placements
    };
    let h = &project.plan.hierarchy;
    let mut nodes = Vec::new();
    for &p in places {
        let mut at = Some(p);
        // A node met already came with every node above it.
        while let Some(n) = at.filter(|n| !nodes.contains(n)) {
            nodes.push(n);
            at = h.nodes[n].parent;
        }
    }
    nodes
}
