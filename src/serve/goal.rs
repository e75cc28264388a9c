//! Goal pages after an edit, by their parts. A goal page lists every place below the goal
//! with its unit policies and indicators (about 390 KB at 10,000 policies), but an edit
//! changes only the sections of the places it reached, and the head of the page (counts,
//! by-place table, the goal's own indicators). So the page is rendered with only those
//! sections, and the other sections are taken from the page already served.
//!
//! The theme's `goal.html` prints each place as `\n<section class="place" id="…">…</section>\n`
//! in the order of [`places_below`]. When a page does not split that way (a theme of one's own
//! that prints them otherwise), the whole page is rendered.

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::model::Project;
use crate::render::pages::places_below;
use crate::render::theme::escape;
use crate::render::{PageKind, Pages};

/// One page to render after an edit.
pub(super) enum Job {
    Page(PageKind),
    /// Goal `g`, whose sections for `places` changed; `old` is the page as served.
    Goal {
        g: usize,
        places: BTreeSet<usize>,
        old: Option<Vec<u8>>,
    },
}

/// Renders the jobs in parallel: (path, bytes) each.
pub(super) fn render(
    project: &Project,
    pages: &Pages,
    jobs: &[Job],
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    jobs.par_iter()
        .map(|job| {
            let (page, html) = match job {
                Job::Page(p) => (*p, pages.render(*p)?),
                Job::Goal { g, places, old } => {
                    let page = PageKind::Goal(*g);
                    let spliced = old
                        .as_deref()
                        .and_then(|old| std::str::from_utf8(old).ok())
                        .map(|old| splice(project, pages, *g, places, old))
                        .transpose()?
                        .flatten();
                    match spliced {
                        Some(html) => (page, html),
                        None => (page, pages.render(page)?),
                    }
                }
            };
            Ok((pages.path(page), html.into_bytes()))
        })
        .collect()
}

/// Goal `g`'s page with the sections of `places` rendered again and the others from `old`;
/// `None` when `old` (or the new part) does not split into the sections expected.
fn splice(
    project: &Project,
    pages: &Pages,
    g: usize,
    places: &BTreeSet<usize>,
    old: &str,
) -> anyhow::Result<Option<String>> {
    let h = &project.plan.hierarchy;
    let all = places_below(h, g);
    if all.is_empty() {
        return Ok(None);
    }
    // At least one section, so that the head and the tail of the new part are told apart.
    let mut part: BTreeSet<usize> = places.clone();
    if part.is_empty() {
        part.insert(all[0]);
    }
    let anchor = |n: &usize| escape(&h.nodes[*n].slug);
    let part_order: Vec<usize> = all.iter().copied().filter(|n| part.contains(n)).collect();
    let new = pages.render_goal_part(g, &part)?;
    let Some((head, new_sections, tail)) =
        split(&new, &part_order.iter().map(anchor).collect::<Vec<_>>())
    else {
        return Ok(None);
    };
    let Some((_, old_sections, _)) = split(old, &all.iter().map(anchor).collect::<Vec<_>>()) else {
        return Ok(None);
    };
    let mut html = String::with_capacity(old.len() + new.len());
    html.push_str(head);
    let mut fresh = new_sections.into_iter();
    for (n, old_section) in all.iter().zip(old_sections) {
        if part.contains(n) {
            html.push_str(fresh.next().expect("one new section per place in the part"));
        } else {
            html.push_str(old_section);
        }
    }
    html.push_str(tail);
    Ok(Some(html))
}

const OPEN: &str = "\n<section class=\"place\" id=\"";
const CLOSE: &str = "</section>\n";

/// `html` as (head, one section per anchor, tail), when its sections are exactly those, one
/// after another, in that order.
fn split<'h>(html: &'h str, anchors: &[String]) -> Option<(&'h str, Vec<&'h str>, &'h str)> {
    let start = html.find(OPEN)?;
    let mut at = start;
    let mut sections = Vec::with_capacity(anchors.len());
    for a in anchors {
        let rest = html[at..].strip_prefix(OPEN)?;
        if !rest.strip_prefix(a.as_str())?.starts_with("\">") {
            return None;
        }
        let end = at + html[at..].find(CLOSE)? + CLOSE.len();
        sections.push(&html[at..end]);
        at = end;
    }
    if html[at..].contains(OPEN) {
        return None;
    }
    Some((&html[..start], sections, &html[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every choice of places gives the page rendered whole (for the default theme, which
    /// must split: else `serve` would render goal pages whole after every edit).
    #[test]
    fn a_spliced_goal_page_is_the_page_rendered_whole() {
        let tmp = tempfile::tempdir().unwrap();
        crate::synth::generate(tmp.path(), 60, 3).unwrap();
        let project = crate::load::load(tmp.path()).unwrap();
        let a = crate::assess::assess(&project);
        let site = &project.site;
        let theme = crate::render::theme::load(tmp.path(), &site.theme, site.lang).unwrap();
        let charts = crate::render::pages::indicator_charts(&project, &a, &theme.strings);
        let pages = Pages::new(&project, &a, &theme, &charts);
        let h = &project.plan.hierarchy;
        for g in h.tops() {
            let whole = pages.render(PageKind::Goal(g)).unwrap();
            let all = places_below(h, g);
            assert!(all.len() > 2);
            for places in [
                BTreeSet::new(),
                all.iter().copied().take(1).collect(),
                all.iter().copied().skip(1).step_by(2).collect(),
                all.iter().copied().collect(),
            ] {
                let spliced = splice(&project, &pages, g, &places, &whole).unwrap();
                assert!(spliced.expect("splits") == whole, "goal {g}, {places:?}");
            }
        }
    }

    #[test]
    fn splits_into_head_sections_and_tail() {
        let html = "<h1>x</h1>\n<section class=\"place\" id=\"a\">A</section>\n\n<section class=\"place\" id=\"b\">B</section>\n</main>";
        let (head, sections, tail) = split(html, &["a".into(), "b".into()]).unwrap();
        assert_eq!(head, "<h1>x</h1>");
        assert_eq!(
            sections,
            [
                "\n<section class=\"place\" id=\"a\">A</section>\n",
                "\n<section class=\"place\" id=\"b\">B</section>\n"
            ]
        );
        assert_eq!(tail, "</main>");
        // Other sections, or in another order: no split.
        assert!(split(html, &["b".into(), "a".into()]).is_none());
        assert!(split(html, &["a".into()]).is_none());
        assert!(split(html, &["a".into(), "b".into(), "c".into()]).is_none());
        assert!(split(html, &["ab".into(), "b".into()]).is_none());
    }
}
