//! Unit policy files: IDs in the hierarchy, narratives, and which units are measured.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::files;
use super::hierarchy::{check_id, named_node, parent_by_prefix};
use super::numbers::{first_time, non_empty, plan_year, year};
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::tr;

/// The node a unit policy ID (primary or also-filed) is filed under, reporting `field`.
fn placement(
    src: &Source,
    field: &str,
    id: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<usize> {
    match parent_by_prefix(&plan.hierarchy, id) {
        Ok(n) => Some(n),
        Err((message, help)) => {
            diags.push(src.error(field, message).help(help));
            None
        }
    }
}

pub(super) fn check_unit(
    src: &Source,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<UnitPolicy> {
    let raw: files::UnitFile = src.parse(diags)?;
    let before = diags.len();
    let id = check_id(src, "id", &raw.id.0, diags);
    let h = &plan.hierarchy;
    let primary = match (&id, &raw.parent) {
        (None, _) => None,
        (Some(_), Some(parent)) => {
            named_node(src, "parent", &parent.0, h, h.unit_parent_level(), diags)
        }
        (Some(id), None) => placement(src, "id", id, plan, diags),
    };
    let mut also = Vec::new();
    let mut placements: Vec<usize> = primary.into_iter().collect();
    for (i, s) in raw.also_filed_as.iter().enumerate() {
        let field = format!("also_filed_as[{i}]");
        if let Some(other) = check_id(src, &field, &s.0, diags)
            && let Some(n) = placement(src, &field, &other, plan, diags)
        {
            also.push(other);
            placements.push(n);
        }
    }
    let slug = match (&raw.slug, &id) {
        (Some(s), _) if !is_safe_slug(s) => {
            diags.push(super::numbers::unsafe_slug(src, "slug", s));
            None
        }
        (Some(s), _) => Some(s.clone()),
        (None, Some(id)) if slug_of(id).is_empty() => {
            diags.push(
                src.error(
                    "id",
                    tr!(
                        "{id} gives no file name for its page",
                        "{id} からはページのファイル名を作れません"
                    ),
                )
                .help(tr!(
                    "add `slug:` with letters a–z, digits and -, e.g. slug: tani-1",
                    "英字 a–z、数字、- からなる `slug:` を書き足してください（例: slug: tani-1）"
                )),
            );
            None
        }
        (None, Some(id)) => Some(slug_of(id)),
        (None, None) => None,
    };
    non_empty(src, "name", &raw.name, diags);
    let abolished_from = raw
        .abolished_from
        .as_ref()
        .and_then(|s| year(src, "abolished_from", &s.0, plan.year_form, diags));
    // Sized to what the file gives: kept for the whole build (see `check_figures`).
    let mut narratives = Vec::with_capacity(raw.narratives.len());
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
        placements,
        slug: slug?,
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
) -> HashMap<String, usize> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut slugs: HashMap<&str, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if let Some(&other) = slugs.get(u.slug.as_str()) {
            let src = source_of(sources, &u.source);
            diags.push(
                src.error(
                    "id",
                    tr!(
                        "{} and {} ({}) would share the page name units/{}.html",
                        "{} と {}（{}）が同じページ名 units/{}.html になります",
                        u.id,
                        units[other].id,
                        units[other].source.display(),
                        u.slug
                    ),
                )
                .help(tr!(
                    "give one of them its own `slug:`",
                    "どちらかに別の `slug:` を付けてください"
                )),
            );
        } else {
            slugs.insert(&u.slug, i);
        }
        for (k, id) in u.ids().enumerate() {
            let key = id_key(id);
            if let Some(&other) = index.get(&key) {
                let field = if k == 0 {
                    "id".to_string()
                } else {
                    format!("also_filed_as[{}]", k - 1)
                };
                let src = source_of(sources, &u.source);
                diags.push(
                    src.error(
                        &field,
                        tr!(
                            "unit policy {id} is already defined in {}", "単位施策 {id} はすでに {} で定義されています",
                            units[other].source.display()
                        ),
                    )
                    .help(tr!("each ID belongs to one file: remove or renumber one of them", "ID は 1 つのファイルにだけ書きます。どちらかを削除するか、番号を付け直してください")),
                );
            } else {
                index.insert(key, i);
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
