//! Each indicator's section (its facts, chart, figures table and audit trail), rendered once
//! and shared by the pages that show it: the pages of its unit policies and its own page.
//!
//! In a build the chart is drawn when the section is first needed and the section is freed
//! once its last page is rendered, so memory holds only the sections of the pages in flight,
//! not a chart for every KPI. `serve` keeps its charts between rebuilds and renders a section
//! for each page it asks for.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::builder::Links;
use super::{IndicatorView, PageKind, Pages};
use crate::render::charts;

pub(super) const TEMPLATE: &str = "indicator_section.html";

/// How sections are made.
pub(super) enum Sections<'a> {
    /// From charts kept from an earlier rebuild (`serve`, in `Project::indicators` order), a
    /// section for each page that asks.
    Kept(&'a [String]),
    /// Each chart drawn with its section, which is shared by its pages and freed after the
    /// last (a build).
    Shared(Shared),
}

/// The rendered sections of a build, each until its last page is rendered.
pub(super) struct Shared {
    slots: Vec<Mutex<Slot>>,
    /// Time spent drawing charts, summed over threads (`build --timings`).
    drawing_nanos: AtomicU64,
}

struct Slot {
    /// The section and the link root it was rendered for (every page that shows it is one
    /// folder deep, so they share it; a page with another root gets its own).
    html: Option<(String, Arc<str>)>,
    /// Pages still to be rendered that show it.
    uses_left: usize,
}

impl Shared {
    /// `uses[i]`: how many pages show indicator `i`'s section.
    pub(super) fn new(uses: Vec<usize>) -> Shared {
        Shared {
            slots: uses
                .into_iter()
                .map(|uses_left| {
                    Mutex::new(Slot {
                        html: None,
                        uses_left,
                    })
                })
                .collect(),
            drawing_nanos: AtomicU64::new(0),
        }
    }

    pub(super) fn drawing_time(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.drawing_nanos.load(Ordering::Relaxed))
    }
}

impl Pages<'_> {
    /// Indicator `i`'s section for a page whose links start at `links.root`.
    pub(super) fn section(&self, i: usize, links: &Links, page: &str) -> anyhow::Result<Arc<str>> {
        let Sections::Shared(shared) = &self.sections else {
            return Ok(self.render_section(i, links, page)?.into());
        };
        // Held while rendering: the other thread that needs this section waits for it
        // rather than rendering it again.
        let mut slot = shared.slots[i].lock().expect("no panics while rendering");
        if let Some((root, html)) = &slot.html {
            if *root == links.root {
                return Ok(html.clone());
            }
            return Ok(self.render_section(i, links, page)?.into());
        }
        let html: Arc<str> = self.render_section(i, links, page)?.into();
        slot.html = Some((links.root.clone(), html.clone()));
        Ok(html)
    }

    /// Page `page`, which showed the sections of [`Pages::sections_on`], is rendered: the
    /// last page of each frees it.
    pub(super) fn sections_used(&self, page: PageKind) {
        if let Sections::Shared(shared) = &self.sections {
            for i in self.sections_on(page) {
                let mut slot = shared.slots[i].lock().expect("no panics while rendering");
                slot.uses_left = slot.uses_left.saturating_sub(1);
                if slot.uses_left == 0 {
                    slot.html = None;
                }
            }
        }
    }

    /// The indicators whose section page `page` shows, in page order: the one answer the use
    /// counts, the page's view and the freeing all take.
    pub(super) fn sections_on(&self, page: PageKind) -> Vec<usize> {
        match page {
            PageKind::Unit(u) => self.builder.project.indicators_of(u).to_vec(),
            PageKind::Indicator(i) => vec![i],
            _ => Vec::new(),
        }
    }

    fn render_section(&self, i: usize, links: &Links, page: &str) -> anyhow::Result<String> {
        let builder = &self.builder;
        let chart_svg = match &self.sections {
            Sections::Kept(charts) => charts[i].clone(),
            Sections::Shared(shared) => {
                let start = std::time::Instant::now();
                let project = builder.project;
                let svg = charts::indicator_chart(
                    &project.plan,
                    &project.indicators[i],
                    &builder.assessment.outcomes[i],
                    builder.strings,
                );
                let nanos = start.elapsed().as_nanos() as u64;
                shared.drawing_nanos.fetch_add(nanos, Ordering::Relaxed);
                svg
            }
        };
        let view = IndicatorView {
            cells: builder.cells(i),
            chart_svg,
            ..builder.indicator(i, links)
        };
        let mut c = self.common_context(links);
        c.insert("ind", &view);
        self.theme
            .tera
            .render(TEMPLATE, &c)
            .map_err(|e| self.theme.render_error(TEMPLATE, page, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::indicator_charts;

    /// A build's pages (each chart drawn with its section, the section shared by its pages
    /// and freed after the last) are the pages `serve` renders from its kept charts.
    #[test]
    fn shared_sections_give_the_same_pages_and_are_all_freed() {
        let tmp = tempfile::tempdir().unwrap();
        crate::synth::generate(tmp.path(), 200, 3).unwrap();
        let project = crate::load::load(tmp.path()).unwrap();
        let a = crate::assess::assess(&project);
        let site = &project.site;
        let theme = crate::render::theme::load(tmp.path(), &site.theme, site.lang).unwrap();
        let charts = indicator_charts(&project, &a, &theme.strings);
        let kept = Pages::new(&project, &a, &theme, &charts);
        let drawn = Pages::drawing(&project, &a, &theme);

        let order = drawn.render_order();
        let (mut listed, mut ordered) = (kept.list(), order.clone());
        listed.sort();
        ordered.sort();
        assert_eq!(listed, ordered, "every page once");
        let shared_kpi = (0..project.indicators.len())
            .find(|&i| project.indicators[i].units.len() > 1)
            .expect("a KPI of two unit policies");
        let Sections::Shared(shared) = &drawn.sections else {
            panic!("a build's pages share their sections")
        };
        let slot = |i: usize| shared.slots[i].lock().unwrap().html.is_some();

        for page in order {
            assert_eq!(
                drawn.render(page).unwrap(),
                kept.render(page).unwrap(),
                "{page:?}"
            );
            if page == PageKind::Unit(project.indicators[shared_kpi].units[0]) {
                assert!(slot(shared_kpi), "kept for the KPI's other pages");
            }
        }
        assert!((0..project.indicators.len()).all(|i| !slot(i)), "all freed");
        assert!(drawn.drawing_time() > std::time::Duration::ZERO);
    }
}
