//! Goal pages after an edit, by their parts. A goal page lists every place below the goal
//! with its unit policies and indicators (about 390 KB at 10,000 policies), but an edit
//! changes only the sections of the places it reached, and the head of the page (counts,
//! by-place table, the goal's own indicators). So the page is rendered with only those
//! sections, and the other sections are taken from the page already served (read in place,
//! where the last splice left a [`Layout`] of it: not copied, not scanned).
//!
//! The theme's `goal.html` prints each place as `\n<section class="place" id="…">…</section>\n`
//! in the order of [`places_below`]. When a page does not split that way (a theme of one's own
//! that prints them otherwise), the whole page is rendered.

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::model::Project;
use crate::render::pages::places_below;
use crate::render::theme::escape;
use crate::render::{PageKind, Pages};
use crate::write::Site;

/// One page to render after an edit.
pub(super) enum Job {
    Page(PageKind),
    /// Goal `g`, whose sections for `places` changed.
    Goal {
        g: usize,
        places: BTreeSet<usize>,
    },
}

/// Where a served goal page's sections are: byte offsets of the first section's start and of
/// each section's end. Kept from one splice to the next, so that an edit finds the sections
/// it keeps without scanning the page (hundreds of kilobytes at 10,000 policies).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Layout {
    start: usize,
    ends: Vec<usize>,
}

/// The layouts of the served goal pages, by goal; a page without one is scanned.
pub(super) type Layouts = HashMap<usize, Layout>;

/// A page rendered after an edit: path, bytes, and for a spliced goal page its goal and
/// layout.
pub(super) struct Rendered {
    pub(super) path: String,
    pub(super) html: Vec<u8>,
    pub(super) layout: Option<(usize, Option<Layout>)>,
}

/// Renders the jobs in parallel; goal pages are spliced into the pages `served` (found
/// through `layouts` where they have one).
pub(super) fn render(
    project: &Project,
    pages: &Pages,
    jobs: &[Job],
    served: &Site,
    layouts: &Layouts,
) -> anyhow::Result<Vec<Rendered>> {
    jobs.par_iter()
        .map(|job| match job {
            Job::Page(p) => Ok(Rendered {
                path: pages.path(*p),
                html: pages.render(*p)?.into_bytes(),
                layout: None,
            }),
            Job::Goal { g, places } => {
                let path = pages.path(PageKind::Goal(*g));
                let spliced = served
                    .get(&path)
                    .and_then(|old| std::str::from_utf8(old).ok())
                    .map(|old| splice(project, pages, *g, places, old, layouts.get(g)))
                    .transpose()?
                    .flatten();
                let (html, layout) = match spliced {
                    Some((html, layout)) => (html, Some(layout)),
                    None => (pages.render(PageKind::Goal(*g))?, None),
                };
                Ok(Rendered {
                    path,
                    html: html.into_bytes(),
                    layout: Some((*g, layout)),
                })
            }
        })
        .collect()
}

/// Goal `g`'s page with the sections of `places` rendered again and the others from `old`
/// (whose sections are where `layout` says, if it is given and fits), and where its sections
/// are; `None` when `old` (or the new part) does not split into the sections expected.
fn splice(
    project: &Project,
    pages: &Pages,
    g: usize,
    places: &BTreeSet<usize>,
    old: &str,
    layout: Option<&Layout>,
) -> anyhow::Result<Option<(String, Layout)>> {
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
    let anchors: Vec<String> = all.iter().map(anchor).collect();
    let old_sections = match layout.and_then(|l| sections_at(old, l, &anchors)) {
        Some(sections) => sections,
        None => match split(old, &anchors) {
            Some((_, sections, _)) => sections,
            None => return Ok(None),
        },
    };
    let mut html = String::with_capacity(old.len() + new.len());
    html.push_str(head);
    let mut ends = Vec::with_capacity(all.len());
    let mut fresh = new_sections.into_iter();
    for (n, old_section) in all.iter().zip(old_sections) {
        if part.contains(n) {
            html.push_str(fresh.next().expect("one new section per place in the part"));
        } else {
            html.push_str(old_section);
        }
        ends.push(html.len());
    }
    html.push_str(tail);
    let layout = Layout {
        start: head.len(),
        ends,
    };
    Ok(Some((html, layout)))
}

const OPEN: &str = "\n<section class=\"place\" id=\"";
const CLOSE: &str = "</section>\n";

/// Whether `html[at..]` opens the section of `anchor`.
fn opens(html: &str, at: usize, anchor: &str) -> bool {
    html.get(at..)
        .and_then(|rest| rest.strip_prefix(OPEN))
        .and_then(|rest| rest.strip_prefix(anchor))
        .is_some_and(|rest| rest.starts_with("\">"))
}

/// `html` as (head, one section per anchor, tail), when its sections are exactly those, one
/// after another, in that order.
fn split<'h>(html: &'h str, anchors: &[String]) -> Option<(&'h str, Vec<&'h str>, &'h str)> {
    let start = html.find(OPEN)?;
    let mut at = start;
    let mut sections = Vec::with_capacity(anchors.len());
    for a in anchors {
        if !opens(html, at, a) {
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

/// The sections of `html` where `layout` says they are, as [`split`] finds them, when each
/// opens and closes there (the layout was taken from this page: this guards against a page
/// replaced since without scanning it).
fn sections_at<'h>(html: &'h str, layout: &Layout, anchors: &[String]) -> Option<Vec<&'h str>> {
    if layout.ends.len() != anchors.len() {
        return None;
    }
    let mut at = layout.start;
    let mut sections = Vec::with_capacity(anchors.len());
    for (a, &end) in anchors.iter().zip(&layout.ends) {
        let section = html.get(at..end)?;
        if !opens(html, at, a) || !section.ends_with(CLOSE) {
            return None;
        }
        sections.push(section);
        at = end;
    }
    if html[..layout.start].contains(OPEN) || html[at..].contains(OPEN) {
        return None;
    }
    Some(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every choice of places gives the page rendered whole (for the default theme, which
    /// must split: else `serve` would render goal pages whole after every edit), whether the
    /// old page's sections are found by scanning it or from the layout the last splice left;
    /// and that layout is where the sections are.
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
            let anchors: Vec<String> = all.iter().map(|n| escape(&h.nodes[*n].slug)).collect();
            let (head, sections, _) = split(&whole, &anchors).unwrap();
            let mut layout: Option<Layout> = None;
            for places in [
                BTreeSet::new(),
                all.iter().copied().take(1).collect(),
                all.iter().copied().skip(1).step_by(2).collect(),
                all.iter().copied().collect(),
            ] {
                for given in [None, layout.clone()] {
                    let (spliced, found) =
                        splice(&project, &pages, g, &places, &whole, given.as_ref())
                            .unwrap()
                            .expect("splits");
                    assert!(spliced == whole, "goal {g}, {places:?}, layout {given:?}");
                    assert_eq!(found.start, head.len());
                    assert_eq!(sections_at(&whole, &found, &anchors).unwrap(), sections);
                    layout = Some(found);
                }
            }
        }
    }

    /// A layout that does not fit the page (taken from another page) is not used.
    #[test]
    fn a_layout_that_does_not_fit_is_refused() {
        let html = "<h1>x</h1>\n<section class=\"place\" id=\"a\">A</section>\n\n<section class=\"place\" id=\"b\">B</section>\n</main>";
        let anchors = ["a".to_string(), "b".to_string()];
        let layout = |start: usize, ends: &[usize]| Layout {
            start,
            ends: ends.to_vec(),
        };
        let first = html.find("</section>\n").unwrap() + "</section>\n".len();
        let fits = layout(10, &[first, html.len() - "</main>".len()]);
        assert_eq!(
            sections_at(html, &fits, &anchors).unwrap(),
            split(html, &anchors).unwrap().1
        );
        for wrong in [
            layout(11, &fits.ends),
            layout(10, &[first - 1, fits.ends[1]]),
            layout(10, &[first]),
            layout(10, &[first, html.len() + 5]),
            layout(0, &[]),
        ] {
            assert!(sections_at(html, &wrong, &anchors).is_none(), "{wrong:?}");
        }
        // The page changed since: a place added before the first.
        let grown = html.replacen(
            "<h1>x</h1>",
            "<h1>x</h1>\n<section class=\"place\" id=\"z\">Z</section>\n",
            1,
        );
        assert!(sections_at(&grown, &fits, &anchors).is_none());
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
