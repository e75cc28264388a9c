//! The plan's hierarchy: level names, and the nodes either in Atsugi's numbered form (`goals:`
//! → `policies:` → `measures:`) or in any form (`hierarchy:`, nodes with the publisher's own
//! IDs and `children:`). Both become the same [`Hierarchy`].

use std::collections::HashMap;

use super::PLAN_FILE;
use super::files;
use super::numbers::{non_empty, unsafe_slug};
use super::source::Source;
use super::text_check::{is_invisible, visible};
use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::model::*;
use crate::tr;

/// Atsugi's level names, the default when a plan names none.
/// The level names of a plan that names none, in the site's language (Atsugi's four in ja).
const DEFAULT_LEVELS_JA: [&str; 4] = ["基本目標", "基本方針", "基本施策", "単位施策"];
const DEFAULT_LEVELS_EN: [&str; 4] = ["Goal", "Policy", "Measure", "Unit policy"];

pub(super) fn check_hierarchy(
    src: &Source,
    raw: &files::PlanFile,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> Hierarchy {
    let defaults = match lang {
        Lang::Ja => DEFAULT_LEVELS_JA,
        Lang::En => DEFAULT_LEVELS_EN,
    };
    let levels: Vec<String> = match &raw.levels {
        None => defaults.iter().map(|s| (*s).to_string()).collect(),
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
            src.error("levels", tr!("{} levels are named; a plan has 1 to {MAX_LEVELS}", "階層が {} 段あります。計画の階層は 1 段から {MAX_LEVELS} 段までです", levels.len()))
                .help(tr!("name the levels top first, e.g. levels: [基本目標, 施策, 単位施策] or [Goal, Target]", "階層の名前を上から順に書いてください（例: levels: [基本目標, 施策, 単位施策] または [Goal, Target]）")),
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
            src.error("hierarchy", tr!("the hierarchy is given twice, as `goals` and as `hierarchy`", "体系が `goals` と `hierarchy` の 2 通りで書かれています"))
                .help(tr!("keep one: `goals` (numbered policies and measures) or `hierarchy` (nodes with your own IDs)", "`goals`（番号付きの施策）か `hierarchy`（独自の ID を持つ項目）のどちらか一方にしてください")),
        ),
        (true, true) => diags.push(
            src.error("goals", tr!("the plan has no hierarchy", "計画に体系がありません"))
                .help(tr!("list the top level under `hierarchy:` (nodes with `id`, `name` and `children`), or under `goals:` in Atsugi's numbered form", "最上位の階層を `hierarchy:`（`id`、`name`、`children` を持つ項目）か、厚木市の番号付きの形の `goals:` に書いてください")),
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
                    tr!(
                        "this is level {}, and the plan names {} (levels)",
                        "ここは第 {} 階層ですが、計画の階層（levels）は {} 段です",
                        level + 1,
                        h.levels.len()
                    ),
                )
                .help(tr!(
                    "name one more level in `levels`, or move this entry up",
                    "`levels` に階層を 1 つ加えるか、この項目を上の階層に移してください"
                )),
            );
            return None;
        }
        let id = check_id(src, &format!("{field}.id"), id, diags)?;
        let key = id_key(&id);
        if let Some(&other) = h.index.get(&key) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    tr!(
                        "{id} is already used by {}",
                        "{id} はすでに {} で使われています",
                        self.fields[other]
                    ),
                )
                .help(tr!(
                    "give each place in the hierarchy its own ID",
                    "体系の項目ごとに別の ID を付けてください"
                )),
            );
            return None;
        }
        let slug = match slug {
            Some(s) if !is_safe_slug(s) => {
                diags.push(unsafe_slug(src, &format!("{field}.slug"), s));
                return None;
            }
            Some(s) => s.to_string(),
            None => slug_of(&id),
        };
        if slug.is_empty() {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    tr!(
                        "{id} gives no file name for its page",
                        "{id} からはページのファイル名を作れません"
                    ),
                )
                .help(tr!(
                    "add `slug:` with letters a–z, digits and -, e.g. slug: kihon-1",
                    "英字 a–z、数字、- からなる `slug:` を書き足してください（例: slug: kihon-1）"
                )),
            );
            return None;
        }
        if let Some(&other) = self.slugs.get(&slug) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    tr!(
                        "{id} and {} would share the page name `{slug}`",
                        "{id} と {} が同じページ名 `{slug}` になります",
                        h.nodes[other].id
                    ),
                )
                .help(tr!(
                    "give one of them its own `slug:` (the other is at {})",
                    "どちらかに別の `slug:` を付けてください（もう一方は {} にあります）",
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
                    tr!(
                        "`goals` (numbered policies and measures) needs four levels",
                        "`goals`（番号付きの施策）には 4 段の階層が必要です"
                    ),
                )
                .help(tr!(
                    "name four levels, or write the hierarchy as `hierarchy:` nodes",
                    "階層を 4 段にするか、体系を `hierarchy:` の項目で書いてください"
                )),
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
                            tr!(
                                "policy number {} is zero or repeated in goal {goal_id}",
                                "基本目標 {goal_id} の中で施策の番号 {} が 0 か、重複しています",
                                p.no
                            ),
                        )
                        .help(tr!(
                            "number the policies of a goal 1, 2, 3, ... once each",
                            "基本目標の中の施策には 1, 2, 3, … と 1 回ずつ番号を付けてください"
                        )),
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
                                tr!(
                                    "measure number {} is zero or repeated",
                                    "施策の番号 {} が 0 か、重複しています",
                                    m.no
                                ),
                            )
                            .help(tr!(
                                "number the measures of a policy 1, 2, 3, ... once each",
                                "施策の中の項目には 1, 2, 3, … と 1 回ずつ番号を付けてください"
                            )),
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
                tr!(
                    "`{}` is not an ID: IDs are not empty and contain no /, \\ or ..",
                    "`{}` は ID になりません。ID は空にできず、/、\\、.. を含められません",
                    visible(id)
                ),
            )
            .help(tr!(
                "write the ID as the report prints it, e.g. I-1-(1)-①, 1.2.1 or 11204",
                "ID は報告書の表記どおりに書いてください（例: I-1-(1)-①、1.2.1、11204）"
            )),
        );
        return None;
    }
    // Two IDs that look the same must be the same: an invisible character would make a
    // second, unmatched ID out of one the reader sees.
    if id.chars().any(|c| c != ' ' && is_invisible(c)) {
        diags.push(
            src.error(
                field,
                tr!(
                    "`{}` holds an invisible character",
                    "`{}` に見えない文字が含まれています",
                    visible(id)
                ),
            )
            .help(tr!(
                "retype the ID, or delete the character shown as <U+…>",
                "ID を打ち直すか、<U+…> と表示された文字を削除してください"
            )),
        );
        return None;
    }
    Some(id.to_string())
}

/// The node a unit policy with ID `id` is filed under: the deepest node whose ID starts the
/// unit's, up to a separator (`I-1-(1)` for `I-1-(1)-①`), which must be one level above the
/// units. On failure, the message and help.
pub(super) fn parent_by_prefix(h: &Hierarchy, id: &str) -> Result<usize, (Text, Text)> {
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
    let help = tr!(
        "add the place to the hierarchy in {PLAN_FILE}, correct the ID, or give `parent:` (a unit policy's ID starts with the ID of the place it is filed under: I-1-(1) for I-1-(1)-①)",
        "{PLAN_FILE} の体系にその項目を加えるか、ID を直すか、`parent:` を書いてください（単位施策の ID は属する項目の ID で始まります。I-1-(1)-① なら I-1-(1)）"
    );
    let Some(units_under) = h.unit_parent_level() else {
        return Err((
            tr!(
                "{id}: the plan has one level, so there is nothing to file a unit policy under",
                "{id}: 計画の階層が 1 段なので、単位施策を置く項目がありません"
            ),
            tr!(
                "name the level of the places it is filed under in `levels`",
                "単位施策を置く項目の階層を `levels` に書いてください"
            ),
        ));
    };
    match found {
        Some(n) if h.nodes[n].level == units_under => Ok(n),
        Some(n) if h.nodes[n].level > units_under => Err((
            tr!(
                "{id}: it starts with {} {}, which is at the last level; unit policies are the last level themselves",
                "{id}: 最下位の階層の {} {} で始まっています。単位施策そのものが最下位の階層です",
                h.levels[h.nodes[n].level],
                h.nodes[n].id
            ),
            tr!(
                "file the unit policy under a {} (`parent:`), or hang the indicators on {} with `under:` instead of a unit policy file",
                "単位施策を {} の下に置くか（`parent:`）、単位施策のファイルの代わりに `under:` で成果指標を {} に結び付けてください",
                h.levels[units_under],
                h.nodes[n].id
            ),
        )),
        Some(n) => Err((
            tr!(
                "{id}: {} {} has no {} that this ID starts with",
                "{id}: {} {} には、この ID の始まりに当たる {} がありません",
                h.levels[h.nodes[n].level],
                h.nodes[n].id,
                h.levels[h.nodes[n].level + 1],
            ),
            help,
        )),
        None => Err((
            tr!(
                "{id}: the plan's hierarchy has no {} that this ID starts with",
                "{id}: 計画の体系には、この ID の始まりに当たる {} がありません",
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
                    tr!(
                        "{id} is a {}, not a {}",
                        "{id} は {} で、{} ではありません",
                        h.levels[h.nodes[n].level],
                        h.levels[level.unwrap_or(0)]
                    ),
                )
                .help(tr!(
                    "name a place one level above the unit policies",
                    "単位施策の 1 つ上の階層の項目を指定してください"
                )),
            );
            None
        }
        None => {
            diags.push(
                src.error(
                    field,
                    tr!(
                        "{id} is not in the plan's hierarchy",
                        "{id} は計画の体系にありません"
                    ),
                )
                .help(tr!(
                    "use the ID of a place listed in {PLAN_FILE}, or add it there",
                    "{PLAN_FILE} にある項目の ID を使うか、そこに書き足してください"
                )),
            );
            None
        }
    }
}
