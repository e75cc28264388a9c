//! SVG charts drawn with plotters, made accessible afterwards: every chart gets `role="img"`,
//! a `<title>` and a `<desc>` stating its figures in words; the page also shows them as a table.

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

mod axis;
mod backend;
mod finish;
mod indicator;
mod legend;
mod scale;

use super::format;
use super::locale::Strings;
use crate::assess::Outcome;
use crate::model::{Actual, Figure, Indicator, Period, Plan, YearStatus};

pub use indicator::indicator_chart;

/// Japanese-capable fonts on Windows, macOS, Linux, iOS and Android, in that spirit of order.
/// Unquoted: it lands in an SVG attribute.
pub const FONT_STACK: &str = "BIZ UDPGothic, Hiragino Sans, Hiragino Kaku Gothic ProN, Yu Gothic, Meiryo, Noto Sans CJK JP, Noto Sans JP, sans-serif";

// Drawn at the size it is shown on a desktop (CSS caps it at 30rem), and no wider, so that on
// a 375 px phone, where it shrinks to about 343 px, its text stays at 12 px or more.
const WIDTH: u32 = 480;
const HEIGHT: u32 = 320;
/// Text size of labels and legend (plotters draws it at about 0.8 of this, in SVG units).
const TEXT: f64 = 22.0;
// Colours with at least 3:1 contrast against white (WCAG 1.4.11); series also differ in shape.
const ACTUAL: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
const TARGET: RGBColor = RGBColor(0xb3, 0x3c, 0x00);
const BASELINE: RGBColor = RGBColor(0x55, 0x55, 0x55);
/// How plotters writes a baseline stroke; [`finish`] makes it dashed.
const BASELINE_STROKE: &str = "stroke=\"#555555\" stroke-width=\"2\"";
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Words for the chart's `<desc>`: every figure the chart shows.
pub fn indicator_desc(plan: &Plan, ind: &Indicator, outcomes: &[Outcome], s: &Strings) -> String {
    let lang = s.lang();
    let mut parts = Vec::new();
    let target_only = |t| s.fill("desc.target_only", &[("value", &format::figure(ind, t))]);
    for (i, (fig, o)) in ind.figures.iter().zip(outcomes).enumerate() {
        // The years the chart leaves out (an SDG series' empty years) have nothing to say.
        if !axis::drawn(ind, outcomes, i) {
            continue;
        }
        if o.label.is_empty() && matches!(fig.actual, Actual::NotDue | Actual::NoData) {
            if let Some(t) = fig.target {
                parts.push(format!("{}: {}", fig.year.label_in(lang), target_only(t)));
            }
            continue;
        }
        let target = fig.target.map_or_else(String::new, |t| {
            s.fill("desc.target", &[("value", &format::figure(ind, t))])
        });
        let actual = match &fig.actual {
            Actual::Value(a) => {
                let rate = o.rate.map_or_else(String::new, |r| {
                    s.fill(
                        "desc.rate",
                        &[("rate", &format::number(r, plan.rules.decimals))],
                    )
                });
                let value = format::figure(ind, *a);
                s.fill(
                    "desc.actual",
                    &[
                        ("value", &value),
                        ("rate", &rate),
                        ("label", super::audit::outcome_label(o, s)),
                    ],
                )
            }
            _ => s.fill(
                "desc.no_actual",
                &[("label", super::audit::outcome_label(o, s))],
            ),
        };
        let estimate = fig.estimate.map_or_else(String::new, |e| {
            s.fill("desc.estimate", &[("value", &format::figure(ind, e))])
        });
        parts.push(format!(
            "{}: {}{}{}",
            fig.year.label_in(lang),
            target,
            actual,
            estimate
        ));
    }
    if let Some(t) = ind.final_target
        && !ind
            .figures
            .iter()
            .any(|f| f.year.fiscal == t.year.fiscal && f.target.is_some())
    {
        parts.push(format!(
            "{}: {}",
            t.year.label_in(lang),
            target_only(t.value)
        ));
    }
    parts.extend(period_boundaries(plan, ind).map(|(_, p)| {
        s.fill(
            "desc.period",
            &[("period", &p.name), ("year", &p.first.label_in(lang))],
        )
    }));
    for b in &ind.baseline {
        parts.push(s.fill(
            "desc.baseline",
            &[
                ("year", &b.year.label_in(lang)),
                ("value", &format::figure(ind, b.value)),
            ],
        ));
    }
    format!("{}{}", parts.join(s.get("desc.sep")), s.get("desc.end"))
}

/// The first of an indicator's figures its figures table lists: the years before it have no
/// figure, target, pending mark or note (an SDG series' empty 1999–2010), and the chart leaves
/// them out too. Only leading years: the table keeps the plan's years still to come.
pub fn first_listed(ind: &Indicator, outcomes: &[Outcome]) -> usize {
    let noted = |i: usize| ind.figures[i].note.is_some() || ind.figures[i].as_of.is_some();
    axis::shown(ind.figures.len(), |i| {
        axis::drawn(ind, outcomes, i) || noted(i)
    })
    .start
}

const LEGEND_HEIGHT: u32 = 32;

/// Roughly how wide plotters draws `text` at `size` in SVG units: its glyphs are about 0.8 of
/// the size, full-width ones square, Latin ones about half as wide.
fn text_width(text: &str, size: f64) -> u32 {
    let em = size * 0.8;
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            c if !c.is_ascii() => 1.0,
            ' ' | '.' | ',' | '(' | ')' | 'i' | 'l' | 'j' | 't' | 'f' | 'r' => 0.32,
            c if c.is_ascii_uppercase() || c == 'm' || c == 'w' => 0.7,
            _ => 0.55,
        })
        .sum();
    (ems * em).ceil() as u32
}

fn centre_left() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Left, VPos::Center)
}

/// The years from which a redefined indicator measures something new, among its figures.
fn definition_starts(ind: &Indicator) -> Vec<crate::model::Year> {
    ind.renamed.iter().map(|r| r.from).collect()
}

/// Each definition's name with the years it covers, when the indicator was redefined
/// (「産学共同研究事業補助金交付件数（令和3年度～令和4年度）、…（令和5年度～）」).
fn indicator_title(plan: &Plan, ind: &Indicator, s: &Strings) -> String {
    let title = |name: &str| s.fill("chart.title", &[("name", name), ("unit", &ind.unit)]);
    if ind.renamed.is_empty() || ind.figures.is_empty() {
        return title(ind.name_in(plan.report_year));
    }
    let mut parts: Vec<(String, Vec<String>)> = Vec::new();
    for fig in &ind.figures {
        let name = ind.name_in(fig.year).to_string();
        let year = fig.year.label_in(s.lang());
        match parts.last_mut() {
            Some((last, years)) if *last == name => years.push(year),
            _ => parts.push((name, vec![year])),
        }
    }
    let named: Vec<String> = parts
        .iter()
        .map(|(name, years)| match years.as_slice() {
            [only] => s.fill("chart.named", &[("name", name), ("years", only)]),
            [first, .., last] => {
                let span = s.fill("year.span", &[("first", first), ("last", last)]);
                s.fill("chart.named", &[("name", name), ("years", &span)])
            }
            [] => name.clone(),
        })
        .collect();
    title(&named.join(s.get("common.comma")))
}

/// Where a later plan period starts among an indicator's years: (index of its first year in
/// `ind.figures`, the period). The first period has no boundary.
fn period_boundaries<'a>(
    plan: &'a Plan,
    ind: &'a Indicator,
) -> impl Iterator<Item = (usize, &'a Period)> + 'a {
    plan.period_starts().filter_map(|p| {
        let i = ind.figures.iter().position(|fig| fig.year >= p.first)?;
        (i > 0).then_some((i, p))
    })
}
