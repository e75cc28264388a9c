//! The chart's time axis. Time runs evenly: a slot per year from the first year with
//! something to draw to the last, years the plan skips included (平成29, 30, 31 for a plan that
//! lists 平成29 and 31), then the final target's year (2030 for a series that ends in 2023);
//! more than [`MAX_FILLED`] missing years are drawn as one `…`. Years before the first and
//! after the last figure with nothing to draw (an SDG series' empty 1999–2010) are left out.

use std::ops::Range;

use crate::assess::Outcome;
use crate::model::{Actual, Indicator, Lang, Year, YearForm};

/// How many empty years the axis runs through before it skips with `…`.
const MAX_FILLED: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Slot {
    /// One of the indicator's figures, by index.
    Figure(usize),
    /// A year without a figure: skipped by the plan, or the final target's.
    Year(Year),
    /// Years left out between the last figure and a far-off final target.
    Gap,
}

pub(super) struct Axis {
    pub slots: Vec<Slot>,
    /// The slot of each figure, by figure index; `None` for figures left out.
    pub of_figure: Vec<Option<u32>>,
}

/// Whether a figure gives the chart anything to draw: a target, an actual, a reason.
pub(super) fn drawn(ind: &Indicator, outcomes: &[Outcome], i: usize) -> bool {
    let fig = &ind.figures[i];
    fig.target.is_some()
        || fig.target_state.is_some()
        || fig.estimate.is_some()
        || !matches!(fig.actual, Actual::NoData | Actual::NotDue)
        || outcomes.get(i).is_some_and(|o| !o.label.is_empty())
}

/// The figures shown, from the first to the last of which `shows` holds; all of them when it
/// holds for none. The one rule for which years the chart and the figures table leave out.
pub(super) fn shown(n: usize, shows: impl Fn(usize) -> bool) -> Range<usize> {
    let first = (0..n).find(|&i| shows(i)).unwrap_or(0);
    let end = (0..n).rfind(|&i| shows(i)).map_or(n, |last| last + 1);
    first..end
}

impl Axis {
    pub fn new(ind: &Indicator, outcomes: &[Outcome]) -> Axis {
        let n = ind.figures.len();
        let span = shown(n, |i| drawn(ind, outcomes, i));
        let mut slots = Vec::new();
        let mut of_figure = vec![None; n];
        for (i, slot) in of_figure
            .iter_mut()
            .enumerate()
            .take(span.end)
            .skip(span.start)
        {
            if let Some(Slot::Figure(prev)) = slots.last().copied() {
                fill(&mut slots, ind.figures[prev].year, ind.figures[i].year);
            }
            *slot = Some(slots.len() as u32);
            slots.push(Slot::Figure(i));
        }
        if let (Some(target), Some(Slot::Figure(i))) = (ind.final_target, slots.last().copied())
            && target.year > ind.figures[i].year
        {
            fill(&mut slots, ind.figures[i].year, target.year);
            slots.push(Slot::Year(target.year));
        }
        Axis { slots, of_figure }
    }

    pub fn len(&self) -> u32 {
        self.slots.len() as u32
    }

    pub fn year(&self, ind: &Indicator, slot: usize) -> Option<Year> {
        match self.slots.get(slot)? {
            Slot::Figure(i) => Some(ind.figures[*i].year),
            Slot::Year(y) => Some(*y),
            Slot::Gap => None,
        }
    }

    /// The slot a year is drawn at, if it is on the axis.
    pub fn slot_of(&self, ind: &Indicator, year: Year) -> Option<u32> {
        (0..self.slots.len())
            .find(|&s| self.year(ind, s).is_some_and(|y| y.fiscal == year.fiscal))
            .map(|s| s as u32)
    }

    /// Each slot's label: the year as the table gives it (令和5年度), else short (R5, 2023) when
    /// that does not fit every slot; with many years, only every few, counted back from the
    /// last so that the latest year (or the target's) is always named.
    pub fn labels(&self, ind: &Indicator, lang: Lang, plot_width: u32, size: f64) -> Vec<String> {
        let slot = (plot_width / self.len().max(1)).max(1);
        let named = |short: bool| -> Vec<String> {
            (0..self.slots.len())
                .map(|s| match self.year(ind, s) {
                    None => "…".to_string(),
                    Some(y) if !short => y.label_in(lang),
                    Some(y) if lang == Lang::Ja => y.to_string(),
                    Some(y) if y.form() == YearForm::Era => y.fiscal.to_string(),
                    Some(y) => y.to_string().replace('-', "–"),
                })
                .collect()
        };
        let widest = |labels: &[String]| {
            labels
                .iter()
                .map(|l| super::text_width(l, size) + 8)
                .max()
                .unwrap_or(0)
        };
        let mut all = named(false);
        if widest(&all) > slot {
            all = named(true);
        }
        let every = widest(&all).div_ceil(slot).max(1) as usize;
        let n = all.len();
        all.into_iter()
            .enumerate()
            .map(|(s, l)| {
                if (n - 1 - s) % every == 0 {
                    l
                } else {
                    String::new()
                }
            })
            .collect()
    }
}

/// Pushes a slot for each year strictly between `from` and `to`, or one `…` when there are
/// more than [`MAX_FILLED`].
fn fill(slots: &mut Vec<Slot>, from: Year, to: Year) {
    let between = to.fiscal.saturating_sub(from.fiscal).saturating_sub(1);
    if between == 0 || from.next().is_none() {
        return;
    }
    if between > MAX_FILLED {
        slots.push(Slot::Gap);
        return;
    }
    let mut year = from;
    while let Some(next) = year.next().filter(|y| y.fiscal < to.fiscal) {
        slots.push(Slot::Year(next));
        year = next;
    }
}
