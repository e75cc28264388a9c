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
use super::{IndicatorView, Pages};
use crate::render::charts;

pub(super) const TEMPLATE: &str = "indicator_section.html";

/// Where a section gets its indicator's chart.
pub(super) enum Charts<'a> {
    /// Kept from an earlier rebuild (`serve`), in `Project::indicators` order.
    Kept(&'a [String]),
    /// Drawn for the section, which is then shared and freed (a build).
    Drawn,
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
        let Some(shared) = &self.shared else {
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

    /// One page that showed indicator `i`'s section is rendered: the last one frees it.
    pub(super) fn section_used(&self, i: usize) {
        if let Some(shared) = &self.shared {
            let mut slot = shared.slots[i].lock().expect("no panics while rendering");
            slot.uses_left = slot.uses_left.saturating_sub(1);
            if slot.uses_left == 0 {
                slot.html = None;
            }
        }
    }

    fn render_section(&self, i: usize, links: &Links, page: &str) -> anyhow::Result<String> {
        let builder = &self.builder;
        let chart_svg = match self.charts {
            Charts::Kept(charts) => charts[i].clone(),
            Charts::Drawn => {
                let start = std::time::Instant::now();
                let project = builder.project;
                let svg = charts::indicator_chart(
                    &project.plan,
                    &project.indicators[i],
                    &builder.assessment.outcomes[i],
                    builder.strings,
                );
                if let Some(shared) = &self.shared {
                    let nanos = start.elapsed().as_nanos() as u64;
                    shared.drawing_nanos.fetch_add(nanos, Ordering::Relaxed);
                }
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
    use crate::render::pages::{PageKind, indicator_charts};

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
        let slot = |i: usize| {
            drawn.shared.as_ref().unwrap().slots[i]
                .lock()
                .unwrap()
                .html
                .is_some()
        };

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
