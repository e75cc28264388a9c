//! The plan's hierarchy: level names, and the nodes either in Atsugi's numbered form (`goals:`
//! → `policies:` → `measures:`) or in any form (`hierarchy:`, nodes with the publisher's own
//! IDs and `children:`). Both become the same [`Hierarchy`].

use std::collections::HashMap;

use super::PLAN_FILE;
use super::files;
use super::numbers::non_empty;
use super::source::Source;
use super::text_check::{is_invisible, visible};
use crate::diagnostic::Diagnostic;
use crate::model::*;

/// Atsugi's level names, the default when a plan names none.
const DEFAULT_LEVELS: [&str; 4] = ["基本目標", "基本方針", "基本施策", "単位施策"];

pub(super) fn check_hierarchy(
    src: &Source,
    raw: &files::PlanFile,
    diags: &mut Vec<Diagnostic>,
) -> Hierarchy {
    let levels: Vec<String> = match &raw.levels {
        None => DEFAULT_LEVELS.iter().map(|s| (*s).to_string()).collect(),
        Some(files::LevelsEntry::Named(l)) => {
            vec![
                l.goal.clone(),
                l.policy.clone(),
                l.measure.clone(),
                l.unit.clone(),
            ]
        }
        Some(files::LevelsEntry::List(l)) => l.clone(),
    };
    if !(1..=MAX_LEVELS).contains(&levels.len()) {
        diags.push(
            src.error("levels", format!("{} levels are named; a plan has 1 to {MAX_LEVELS}", levels.len()))
                .help("name the levels top first, e.g. levels: [基本目標, 施策, 単位施策] or [Goal, Target]"),
        );
    }
    for (i, name) in levels.iter().enumerate() {
        non_empty(src, &format!("levels[{i}]"), name, diags);
    }
    let mut builder = Builder {
        src,
        hierarchy: Hierarchy {
            levels,
            ..Hierarchy::default()
        },
        fields: Vec::new(),
        slugs: HashMap::new(),
    };
    match (raw.goals.is_empty(), raw.hierarchy.is_empty()) {
        (false, false) => diags.push(
            src.error("hierarchy", "the hierarchy is given twice, as `goals` and as `hierarchy`")
                .help("keep one: `goals` (numbered policies and measures) or `hierarchy` (nodes with your own IDs)"),
        ),
        (true, true) => diags.push(
            src.error("goals", "the plan has no hierarchy")
                .help("list the top level under `hierarchy:` (nodes with `id`, `name` and `children`), or under `goals:` in Atsugi's numbered form"),
        ),
        (false, true) => builder.numbered(&raw.goals, diags),
        (true, false) => {
            for (i, node) in raw.hierarchy.iter().enumerate() {
                builder.node(node, &format!("hierarchy[{i}]"), None, diags);
            }
        }
    }
    builder.hierarchy
}

/// A node as declared, before it is checked and placed.
struct Declared<'a> {
    id: &'a str,
    label: Option<String>,
    name: Option<String>,
    slug: Option<&'a str>,
}

struct Builder<'a> {
    src: &'a Source,
    hierarchy: Hierarchy,
    /// The field each node was declared at, for messages that name two of them.
    fields: Vec<String>,
    slugs: HashMap<String, usize>,
}

impl Builder<'_> {
    /// Adds a node under `parent`, checking its ID, level and slug; `None` if it cannot be
    /// placed (its children are then skipped: they would only repeat the problem).
    fn add(
        &mut self,
        field: &str,
        declared: Declared,
        parent: Option<usize>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        let Declared {
            id,
            label,
            name,
            slug,
        } = declared;
        let src = self.src;
        let h = &mut self.hierarchy;
        let level = parent.map_or(0, |p| h.nodes[p].level + 1);
        if level >= h.levels.len() {
            diags.push(
                src.error(
                    field,
                    format!(
                        "this is level {}, and the plan names {} (levels)",
                        level + 1,
                        h.levels.len()
                    ),
                )
                .help("name one more level in `levels`, or move this entry up"),
            );
            return None;
        }
        let id = check_id(src, &format!("{field}.id"), id, diags)?;
        let key = id_key(&id);
        if let Some(&other) = h.index.get(&key) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("{id} is already used by {}", self.fields[other]),
                )
                .help("give each place in the hierarchy its own ID"),
            );
            return None;
        }
        let slug = match slug {
            Some(s) if !is_safe_slug(s) => {
                diags.push(
                    src.error(
                        &format!("{field}.slug"),
                        format!("`{s}` is not a safe file name"),
                    )
                    .help("use lower-case letters a–z, digits, - and _"),
                );
                return None;
            }
            Some(s) => s.to_string(),
            None => slug_of(&id),
        };
        if slug.is_empty() {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("{id} gives no file name for its page"),
                )
                .help("add `slug:` with letters a–z, digits and -, e.g. slug: kihon-1"),
            );
            return None;
        }
        if let Some(&other) = self.slugs.get(&slug) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!(
                        "{id} and {} would share the page name `{slug}`",
                        h.nodes[other].id
                    ),
                )
                .help(format!(
                    "give one of them its own `slug:` (the other is at {})",
                    self.fields[other]
                )),
            );
            return None;
        }
        let n = h.nodes.len();
        h.nodes.push(Node {
            label: label.unwrap_or_else(|| id.clone()),
            id,
            name,
            slug: slug.clone(),
            level,
            parent,
            children: Vec::new(),
        });
        if let Some(p) = parent {
            h.nodes[p].children.push(n);
        }
        h.index.insert(key, n);
        self.slugs.insert(slug, n);
        self.fields.push(format!("{PLAN_FILE} {field}"));
        Some(n)
    }

    fn node(
        &mut self,
        raw: &files::NodeEntry,
        field: &str,
        parent: Option<usize>,
        diags: &mut Vec<Diagnostic>,
    ) {
        if let Some(name) = &raw.name {
            non_empty(self.src, &format!("{field}.name"), name, diags);
        }
        let Some(n) = self.add(
            field,
            Declared {
                id: &raw.id.0,
                label: raw.label.clone(),
                name: raw.name.clone(),
                slug: raw.slug.as_deref(),
            },
            parent,
            diags,
        ) else {
            return;
        };
        for (i, child) in raw.children.iter().enumerate() {
            self.node(child, &format!("{field}.children[{i}]"), Some(n), diags);
        }
    }

    /// Atsugi's form: goal `I`, policy `no: 1` (ID `I-1`), measure `no: 1` (ID `I-1-(1)`).
    fn numbered(&mut self, goals: &[files::GoalEntry], diags: &mut Vec<Diagnostic>) {
        let src = self.src;
        if self.hierarchy.levels.len() != 4 {
            diags.push(
                src.error(
                    "levels",
                    "`goals` (numbered policies and measures) needs four levels",
                )
                .help("name four levels, or write the hierarchy as `hierarchy:` nodes"),
            );
            return;
        }
        for (gi, g) in goals.iter().enumerate() {
            let field = format!("goals[{gi}]");
            non_empty(src, &format!("{field}.name"), &g.name, diags);
            let goal_id = g.id.trim().to_string();
            let Some(goal) = self.add(
                &field,
                Declared {
                    id: &goal_id,
                    label: None,
                    name: Some(g.name.clone()),
                    slug: None,
                },
                None,
                diags,
            ) else {
                continue;
            };
            let mut policy_numbers: Vec<u16> = Vec::new();
            for (pi, p) in g.policies.iter().enumerate() {
                let pfield = format!("{field}.policies[{pi}]");
                if p.no == 0 || policy_numbers.contains(&p.no) {
                    diags.push(
                        src.error(
                            &format!("{pfield}.no"),
                            format!(
                                "policy number {} is zero or repeated in goal {goal_id}",
                                p.no
                            ),
                        )
                        .help("number the policies of a goal 1, 2, 3, ... once each"),
                    );
                    continue;
                }
                policy_numbers.push(p.no);
                let id = format!("{goal_id}-{}", p.no);
                let Some(policy) = self.add(
                    &pfield,
                    Declared {
                        id: &id,
                        label: Some(p.no.to_string()),
                        name: Some(p.name.clone()),
                        slug: None,
                    },
                    Some(goal),
                    diags,
                ) else {
                    continue;
                };
                let mut measure_numbers: Vec<u16> = Vec::new();
                for (mi, m) in p.measures.iter().enumerate() {
                    let mfield = format!("{pfield}.measures[{mi}]");
                    if m.no == 0 || measure_numbers.contains(&m.no) {
                        diags.push(
                            src.error(
                                &format!("{mfield}.no"),
                                format!("measure number {} is zero or repeated", m.no),
                            )
                            .help("number the measures of a policy 1, 2, 3, ... once each"),
                        );
                        continue;
                    }
                    measure_numbers.push(m.no);
                    let id = format!("{id}-({})", m.no);
                    self.add(
                        &mfield,
                        Declared {
                            id: &id,
                            label: Some(format!("({})", m.no)),
                            name: m.name.clone(),
                            slug: None,
                        },
                        Some(policy),
                        diags,
                    );
                }
            }
        }
    }
}

/// An ID as written, trimmed; refused if it is empty or could be read as a path.
pub(super) fn check_id(
    src: &Source,
    field: &str,
    id: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let id = id.trim();
    if id.is_empty() || id.contains(['/', '\\']) || id.contains("..") {
        diags.push(
            src.error(
                field,
                format!(
                    "`{}` is not an ID: IDs are not empty and contain no /, \\ or ..",
                    visible(id)
                ),
            )
            .help("write the ID as the report prints it, e.g. I-1-(1)-①, 1.2.1 or 11204"),
        );
        return None;
    }
    // Two IDs that look the same must be the same: an invisible character would make a
    // second, unmatched ID out of one the reader sees.
    if id.chars().any(|c| c != ' ' && is_invisible(c)) {
        diags.push(
            src.error(
                field,
                format!("`{}` holds an invisible character", visible(id)),
            )
            .help("retype the ID, or delete the character shown as <U+…>"),
        );
        return None;
    }
    Some(id.to_string())
}

/// The node a unit policy with ID `id` is filed under: the deepest node whose ID starts the
/// unit's, up to a separator (`I-1-(1)` for `I-1-(1)-①`), which must be one level above the
/// units. On failure, the message and help.
pub(super) fn parent_by_prefix(h: &Hierarchy, id: &str) -> Result<usize, (String, String)> {
    let key = id_key(id);
    let mut found: Option<usize> = None;
    for (i, c) in key.char_indices() {
        if i == 0 || c.is_alphanumeric() {
            continue;
        }
        if let Some(&n) = h.index.get(&key[..i]) {
            found = Some(n);
        }
    }
    let help = format!(
        "add the place to the hierarchy in {PLAN_FILE}, correct the ID, or give `parent:` (a unit policy's ID starts with the ID of the place it is filed under: I-1-(1) for I-1-(1)-①)"
    );
    let Some(units_under) = h.unit_parent_level() else {
        return Err((
            format!(
                "{id}: the plan has one level, so there is nothing to file a unit policy under"
            ),
            "name the level of the places it is filed under in `levels`".into(),
        ));
    };
    match found {
        Some(n) if h.nodes[n].level == units_under => Ok(n),
        Some(n) if h.nodes[n].level > units_under => Err((
            format!(
                "{id}: it starts with {} {}, which is at the last level; unit policies are the last level themselves",
                h.levels[h.nodes[n].level], h.nodes[n].id
            ),
            format!(
                "file the unit policy under a {} (`parent:`), or hang the indicators on {} with `under:` instead of a unit policy file",
                h.levels[units_under], h.nodes[n].id
            ),
        )),
        Some(n) => Err((
            format!(
                "{id}: {} {} has no {} that this ID starts with",
                h.levels[h.nodes[n].level],
                h.nodes[n].id,
                h.levels[h.nodes[n].level + 1],
            ),
            help,
        )),
        None => Err((
            format!(
                "{id}: the plan's hierarchy has no {} that this ID starts with",
                h.levels[0]
            ),
            help,
        )),
    }
}

/// A node named by ID for `field`, which must exist and (if `level` is given) be at that
/// level.
pub(super) fn named_node(
    src: &Source,
    field: &str,
    id: &str,
    h: &Hierarchy,
    level: Option<usize>,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let n = h.find(id);
    match n {
        Some(n) if level.is_none_or(|l| h.nodes[n].level == l) => Some(n),
        Some(n) => {
            diags.push(
                src.error(
                    field,
                    format!(
                        "{id} is a {}, not a {}",
                        h.levels[h.nodes[n].level],
                        h.levels[level.unwrap_or(0)]
                    ),
                )
                .help("name a place one level above the unit policies"),
            );
            None
        }
        None => {
            diags.push(
                src.error(field, format!("{id} is not in the plan's hierarchy"))
                    .help(format!(
                        "use the ID of a place listed in {PLAN_FILE}, or add it there"
                    )),
            );
            None
        }
    }
}
