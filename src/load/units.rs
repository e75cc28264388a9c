//! Unit policy files: IDs in the hierarchy, narratives, and which units are measured.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::numbers::{first_time, non_empty, plan_year, year};
use super::source::Source;
use super::{INDICATORS_DIR, PLAN_FILE, files};
use crate::diagnostic::Diagnostic;
use crate::model::*;

/// Parses a unit ID and checks that its goal, policy and measure exist in the plan.
pub(super) fn unit_id(
    src: &Source,
    field: &str,
    text: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<UnitId> {
    let norm: String = text.nfkc().collect();
    let Some(id) = UnitId::parse(norm.trim()) else {
        let shown = super::text_check::visible(text);
        diags.push(src.error(field, format!("`{shown}` is not a unit policy ID")).help(
            "write it like I-1-(1)-①: goal (I, II, III), policy number, measure number in parentheses, unit number",
        ));
        return None;
    };
    let goal = plan.goal(id.goal);
    let policy = goal.and_then(|g| g.policy(id.policy));
    let measure = policy.and_then(|p| p.measure(id.measure));
    let missing = match (goal, policy, measure) {
        (None, _, _) => Some(format!("goal {}", roman(id.goal))),
        (_, None, _) => Some(format!("policy {}-{}", roman(id.goal), id.policy)),
        (_, _, None) => Some(format!(
            "measure {}-{}-({})",
            roman(id.goal),
            id.policy,
            id.measure
        )),
        _ => None,
    };
    if let Some(what) = missing {
        diags.push(
            src.error(
                field,
                format!("{id}: {what} is not in the plan's hierarchy"),
            )
            .help(format!(
                "add it under goals in {PLAN_FILE}, or correct the ID"
            )),
        );
        return None;
    }
    Some(id)
}

pub(super) fn check_unit(
    src: &Source,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<UnitPolicy> {
    let raw: files::UnitFile = src.parse(diags)?;
    let before = diags.len();
    let id = unit_id(src, "id", &raw.id, plan, diags);
    let also: Vec<UnitId> = raw
        .also_filed_as
        .iter()
        .enumerate()
        .filter_map(|(i, s)| unit_id(src, &format!("also_filed_as[{i}]"), s, plan, diags))
        .collect();
    non_empty(src, "name", &raw.name, diags);
    let abolished_from = raw
        .abolished_from
        .as_deref()
        .and_then(|s| year(src, "abolished_from", s, diags));
    let mut narratives = Vec::new();
    let mut seen = HashSet::new();
    for (key, n) in raw.narratives {
        let field = format!("narratives.{key}");
        if let Some(y) = plan_year(src, &field, &key, plan, diags)
            && first_time(src, &field, y, &mut seen, diags)
        {
            narratives.push((
                y,
                Narrative {
                    plan: n.plan,
                    actual: n.actual,
                },
            ));
        }
    }
    narratives.sort_by_key(|(y, _)| *y);
    if diags.len() > before {
        return None;
    }
    Some(UnitPolicy {
        id: id?,
        also_filed_as: also,
        name: raw.name,
        related_projects: raw.related_projects,
        abolished_from,
        narratives,
        notes: raw.notes,
        source: src.path.clone(),
    })
}

/// Maps every ID to its unit, reporting IDs filed twice.
pub(super) fn index_units(
    units: &[UnitPolicy],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) -> HashMap<UnitId, usize> {
    let mut index: HashMap<UnitId, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        for (k, id) in u.ids().enumerate() {
            if let Some(&other) = index.get(&id) {
                let field = if k == 0 {
                    "id".to_string()
                } else {
                    format!("also_filed_as[{}]", k - 1)
                };
                let src = source_of(sources, &u.source);
                diags.push(
                    src.error(
                        &field,
                        format!(
                            "unit policy {id} is already defined in {}",
                            units[other].source.display()
                        ),
                    )
                    .help("each ID belongs to one file: remove or renumber one of them"),
                );
            } else {
                index.insert(id, i);
            }
        }
    }
    index
}

pub(super) fn source_of<'a>(sources: &'a [Source], path: &Path) -> &'a Source {
    sources
        .iter()
        .find(|s| s.path == path)
        .expect("every model item comes from a source")
}
pub(super) fn check_every_unit_measured(
    units: &[UnitPolicy],
    indicators: &[Indicator],
    index: &HashMap<UnitId, usize>,
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    let measured: HashSet<usize> = indicators
        .iter()
        .flat_map(|i| i.units.iter().copied())
        .collect();
    for (i, u) in units.iter().enumerate() {
        // A unit whose ID is already taken was reported as a duplicate; nothing can link it.
        if !measured.contains(&i) && index.get(&u.id) == Some(&i) {
            let src = source_of(sources, &u.source);
            diags.push(
                src.error(
                    "id",
                    format!("unit policy {} is measured by no indicator", u.id),
                )
                .help(format!(
                    "list {} in the unit_policies of a file under {INDICATORS_DIR}/",
                    u.id
                )),
            );
        }
    }
}
