//! An indicator's chart: actuals as bars from zero, or as dots where bars would hide the
//! differences ([`Scale`]); targets as what the plan set (a line through annual targets, a
//! diamond for a staged or final target, the path the `path` method judges against); the
//! baseline as a dashed reference line; a year without an actual labelled with its reason.

use plotters::coord::ranged1d::SegmentedCoord;
use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use rust_decimal::Decimal;

use super::axis::{Axis, Slot};
use super::backend::ChartBackend;
use super::legend::{self, Mark};
use super::scale::Scale;
use super::*;
use crate::assess::{Outcome, rate};
use crate::model::{Method, PathSteps, Target};

type Chart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<SegmentedCoord<RangedCoordu32>, RangedCoordf64>>;

pub fn indicator_chart(plan: &Plan, ind: &Indicator, outcomes: &[Outcome], s: &Strings) -> String {
    let lang = s.lang();
    let axis = Axis::new(ind, outcomes);
    let n = axis.len();
    let is_estimate_year = |fig: &Figure| plan.year_status(fig.year) == Some(YearStatus::Estimate);
    // Actuals (slot, value, whether outlined as an estimate), then year-end estimates.
    let actuals: Vec<(u32, f64, bool)> = ind
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, fig)| match fig.actual {
            Actual::Value(a) => Some((axis.of_figure[i]?, f(a), is_estimate_year(fig))),
            _ => None,
        })
        .collect();
    let estimates: Vec<(u32, f64, bool)> = ind
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, fig)| Some((axis.of_figure[i]?, f(fig.estimate?), true)))
        .collect();
    let targets = ind.target_points();
    let path = path_points(plan, ind, &axis, &targets);
    let scale = Scale::of(
        actuals
            .iter()
            .chain(&estimates)
            .map(|(_, v, _)| *v)
            .chain(targets.iter().map(|t| f(t.value)))
            .chain(ind.baseline.iter().map(|b| f(b.value)))
            .chain(path.iter().flatten().map(|(_, v)| *v)),
    );
    let annual = annual_target_runs(ind, &axis, &targets);
    let estimated = !estimates.is_empty() || actuals.iter().any(|(_, _, outlined)| *outlined);
    let entries = legend_entries(ind, &scale, &targets, &annual, &path, estimated, s);
    // Room for the longest tick label (the top or the bottom one: "1,200,000", "-3,000").
    let tick_width = |v: f64| {
        let label = format::number(
            Decimal::from_f64_retain(v).unwrap_or_default(),
            ind.decimals.min(1),
        );
        text_width(&label, TEXT)
    };
    let y_label_area = (tick_width(scale.top).max(tick_width(scale.bottom)) + 34).max(64);
    let plot_width = WIDTH.saturating_sub(y_label_area + 16);
    let mut svg = String::new();
    {
        let backend = ChartBackend(SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)));
        let root = backend.into_drawing_area();
        root.fill(&WHITE).expect("in-memory drawing");
        let font = |size: f64| (FONT_STACK, size).into_font().color(&INK);
        // The legend gets a band of its own above the plot, so it never hides a mark.
        let (legend_area, plot_area) = root.split_vertically(legend::height(&entries));
        legend::draw(&legend_area, &entries);
        // The unit, horizontal, above the value axis (a rotated label is hard to read).
        let (unit_area, plot_area) = plot_area.split_vertically(LEGEND_HEIGHT - 6);
        if !ind.unit.is_empty() {
            let _ = unit_area.draw(&Text::new(
                s.fill("chart.unit", &[("unit", &ind.unit)]),
                (8, ((LEGEND_HEIGHT - 6) / 2) as i32),
                font(TEXT).pos(centre_left()),
            ));
        }
        let labels = axis.labels(ind, lang, plot_width, TEXT);
        // Room on the right for half the last year's label, centred on its slot.
        let last_label = labels.last().map_or(0, |l| text_width(l, TEXT));
        let overhang = (last_label / 2).saturating_sub(plot_width / n.max(1) / 2);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(8)
            .margin_right(8 + overhang)
            .margin_top(4)
            .x_label_area_size(34)
            .y_label_area_size(y_label_area.saturating_sub(24))
            .build_cartesian_2d(
                (0u32..n.saturating_sub(1)).into_segmented(),
                scale.bottom..scale.top,
            )
            .expect("valid ranges");
        let decimals = ind.decimals;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n as usize)
            .y_max_light_lines(0)
            .bold_line_style(RGBColor(0xdd, 0xdd, 0xdd))
            .y_label_formatter(&|v| {
                // A tick between two printable values (2.5 on a whole-number axis) would
                // repeat its neighbour's label (2, 2, 3, 3); leave it unlabelled.
                let shown = decimals.min(1);
                let scaled = v * 10f64.powi(shown as i32);
                if (scaled - scaled.round()).abs() > 1e-6 {
                    return String::new();
                }
                format::number(
                    Decimal::from_f64_retain(*v)
                        .unwrap_or_default()
                        .round_dp(decimals),
                    shown,
                )
            })
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(font(TEXT))
            .axis_desc_style(font(TEXT))
            .draw()
            .expect("in-memory drawing");
        if scale.bars {
            // A third of each year's slot on either side, at most 16 px: bars stay visible
            // with many years (27 in an SDG series) and keep their width with a few.
            let bar_margin = (plot_width / n.max(1) / 3).min(16);
            draw_bars(&mut chart, &actuals, bar_margin);
            draw_bars(&mut chart, &estimates, bar_margin);
        }
        // Reasons where there is no actual, where they fit in their slot (the table and the
        // description give them all).
        let slot_width = plot_width / n.max(1);
        for (i, (fig, o)) in ind.figures.iter().zip(outcomes).enumerate() {
            let Some(x) = axis.of_figure[i] else { continue };
            let label = super::super::audit::outcome_label(o, s);
            if matches!(fig.actual, Actual::Value(_))
                || o.label.is_empty()
                || text_width(label, TEXT) > slot_width
            {
                continue;
            }
            let floor = scale.floor();
            let _ = chart.draw_series(std::iter::once(Text::new(
                label.to_string(),
                (
                    SegmentValue::CenterOf(x),
                    floor + (scale.top - floor) * 0.04,
                ),
                font(TEXT).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )));
        }
        // Baseline: a reference line, dashed by `finish` (plotters' own dashes are one
        // element per dash).
        if let Some(b) = ind.baseline.first() {
            let y = f(b.value);
            let _ = chart.draw_series(LineSeries::new(
                [(SegmentValue::Exact(0), y), (SegmentValue::Last, y)],
                BASELINE.stroke_width(2),
            ));
        }
        draw_redefinitions(&mut chart, ind, &axis, &scale, s);
        // The path the `path` method holds each year to: thin, beneath the targets.
        for run in &path {
            let points: Vec<_> = match plan.rules.path_steps {
                PathSteps::Interpolated => run
                    .iter()
                    .map(|(x, v)| (SegmentValue::CenterOf(*x), *v))
                    .collect(),
                // A step per year: the level that year is held to, across its slot.
                PathSteps::Stepwise => run
                    .iter()
                    .flat_map(|(x, v)| {
                        [
                            (SegmentValue::Exact(*x), *v),
                            (SegmentValue::Exact(*x + 1), *v),
                        ]
                    })
                    .collect(),
            };
            let _ = chart.draw_series(LineSeries::new(points, TARGET.stroke_width(2)));
        }
        // Targets: a line through annual ones, a diamond at each.
        for run in &annual {
            let _ = chart.draw_series(LineSeries::new(
                run.iter().map(|(x, v)| (SegmentValue::CenterOf(*x), *v)),
                TARGET.stroke_width(3),
            ));
        }
        let _ = chart.draw_series(targets.iter().filter_map(|t| {
            let x = axis.slot_of(ind, t.year)?;
            Some(
                EmptyElement::at((SegmentValue::CenterOf(x), f(t.value)))
                    + Polygon::new([(0, -7), (7, 0), (0, 7), (-7, 0)], TARGET.filled()),
            )
        }));
        // Dots over the diamonds, smaller: an actual equal to its target stays visible.
        if !scale.bars {
            draw_dots(&mut chart, &actuals, true);
            draw_dots(&mut chart, &estimates, false);
        }
        draw_period_boundaries(&mut chart, plan, ind, &axis, &scale);
        root.present().expect("in-memory drawing");
    }
    super::finish::accessible(
        &svg,
        &ind.slug(),
        &indicator_title(plan, ind, s),
        &indicator_desc(plan, ind, outcomes, s),
    )
}

/// The keys for what this chart draws, in the order it draws them.
fn legend_entries(
    ind: &Indicator,
    scale: &Scale,
    targets: &[Target],
    annual: &[Vec<(u32, f64)>],
    path: &[Vec<(u32, f64)>],
    estimated: bool,
    s: &Strings,
) -> Vec<(Mark, String)> {
    let (actual, estimate) = if scale.bars {
        (Mark::Bar, Mark::EstimateBar)
    } else {
        (Mark::Dot, Mark::EstimateDot)
    };
    let mut entries = vec![(actual, s.get("figures.actual").to_string())];
    if !targets.is_empty() {
        let mark = if annual.is_empty() {
            Mark::TargetPoint
        } else {
            Mark::TargetLine
        };
        entries.push((mark, s.get("figures.target").to_string()));
    }
    if !path.is_empty() {
        entries.push((Mark::Path, s.get("chart.path").to_string()));
    }
    if estimated {
        entries.push((estimate, s.get("chart.estimate").to_string()));
    }
    if let Some(b) = ind.baseline.first() {
        let year = b.year.label_in(s.lang());
        entries.push((Mark::Baseline, s.fill("chart.baseline", &[("year", &year)])));
    }
    entries
}

/// Runs of targets in consecutive years, within one definition of the indicator: drawn as
/// a line. A target alone (a staged or final one) is a diamond without a line, so that no
/// target is suggested for the years between.
fn annual_target_runs(ind: &Indicator, axis: &Axis, targets: &[Target]) -> Vec<Vec<(u32, f64)>> {
    let parts = definition_starts(ind);
    let part_of = |year: crate::model::Year| parts.iter().filter(|from| year >= **from).count();
    let mut runs: Vec<Vec<(u32, f64, usize)>> = Vec::new();
    for t in targets {
        let Some(x) = axis.slot_of(ind, t.year) else {
            continue;
        };
        let part = part_of(t.year);
        match runs.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|(px, _, pp)| px + 1 == x && *pp == part) =>
            {
                run.push((x, f(t.value), part))
            }
            _ => runs.push(vec![(x, f(t.value), part)]),
        }
    }
    runs.into_iter()
        .filter(|run| run.len() > 1)
        .map(|run| run.into_iter().map(|(x, v, _)| (x, v)).collect())
        .collect()
}

/// Each year's point on the path the `path` method judges against, from the first year on the
/// axis to the last target; in runs, broken at a `…`. Empty for other methods.
fn path_points(
    plan: &Plan,
    ind: &Indicator,
    axis: &Axis,
    targets: &[Target],
) -> Vec<Vec<(u32, f64)>> {
    let (Method::Path, Some(last)) = (ind.method, targets.last()) else {
        return Vec::new();
    };
    let mut runs = vec![Vec::new()];
    for (x, slot) in axis.slots.iter().enumerate() {
        let Some(year) = axis.year(ind, x) else {
            if *slot == Slot::Gap {
                runs.push(Vec::new());
            }
            continue;
        };
        if year > last.year {
            break;
        }
        let point = ind
            .base_for(year)
            .and_then(|base| rate::path_point(plan.rules.path_steps, base, targets, year));
        if let Some(v) = point {
            runs.last_mut()
                .expect("one run at least")
                .push((x as u32, f(v)));
        }
    }
    runs.retain(|run| !run.is_empty());
    runs
}

fn draw_bars<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    bars: &[(u32, f64, bool)],
    margin: u32,
) {
    // Plain rectangles in year order: plotters' Histogram collects bars in a HashMap and
    // would emit them in a different order on every run, breaking byte-identical builds.
    let _ = chart.draw_series(bars.iter().map(|&(x, v, outlined)| {
        let style = if outlined {
            ACTUAL.stroke_width(2)
        } else {
            ACTUAL.filled()
        };
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(x), 0.0),
                (SegmentValue::Exact(x + 1), v),
            ],
            style,
        );
        bar.set_margin(0, 0, margin, margin);
        bar
    }));
}

/// Dots joined where the years are consecutive; an estimate is a hollow dot.
fn draw_dots<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    dots: &[(u32, f64, bool)],
    joined: bool,
) {
    if joined {
        for pair in dots.windows(2) {
            if pair[0].0 + 1 == pair[1].0 {
                let _ = chart.draw_series(LineSeries::new(
                    pair.iter().map(|&(x, v, _)| (SegmentValue::CenterOf(x), v)),
                    ACTUAL.stroke_width(2),
                ));
            }
        }
    }
    let at = |x: u32, v: f64| (SegmentValue::CenterOf(x), v);
    let _ = chart.draw_series(
        dots.iter()
            .filter(|d| !d.2)
            .map(|&(x, v, _)| Circle::new(at(x, v), 5, ACTUAL.filled())),
    );
    let _ = chart.draw_series(dots.iter().filter(|d| d.2).map(|&(x, v, _)| {
        EmptyElement::at(at(x, v))
            + Circle::new((0, 0), 5, WHITE.filled())
            + Circle::new((0, 0), 5, ACTUAL.stroke_width(2))
    }));
}

/// A redefined indicator: a dashed vertical line where the new definition starts, named there;
/// the title and the table name each definition.
fn draw_redefinitions<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    ind: &Indicator,
    axis: &Axis,
    scale: &Scale,
    s: &Strings,
) {
    let parts = definition_starts(ind);
    for (i, fig) in ind.figures.iter().enumerate() {
        let Some(x) = axis.of_figure[i].filter(|&x| x > 0) else {
            continue;
        };
        if !parts.contains(&fig.year) {
            continue;
        }
        vertical_rule(chart, x, scale, BASELINE);
        let _ = chart.draw_series(std::iter::once(Text::new(
            s.get("chart.redefined").to_string(),
            (SegmentValue::Exact(x), scale.top),
            (FONT_STACK, TEXT)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Top)),
        )));
    }
}

/// A plan period's boundary: a solid vertical rule between the last year of one period and
/// the first of the next, the new period's name at its top.
fn draw_period_boundaries<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    plan: &Plan,
    ind: &Indicator,
    axis: &Axis,
    scale: &Scale,
) {
    for (i, period) in period_boundaries(plan, ind) {
        let Some(x) = axis.of_figure[i].filter(|&x| x > 0) else {
            continue;
        };
        vertical_rule(chart, x, scale, INK);
        let _ = chart.draw_series(std::iter::once(Text::new(
            format!(" {}", period.name),
            (SegmentValue::Exact(x), scale.at(0.97)),
            (FONT_STACK, TEXT * 0.8).into_font().color(&INK),
        )));
    }
}

/// A full-height rule on the boundary before slot `x`; the baseline's grey is dashed by
/// `finish`, so a redefinition's rule is dashed and a period's solid.
fn vertical_rule<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    x: u32,
    scale: &Scale,
    colour: RGBColor,
) {
    let x = SegmentValue::Exact(x);
    let _ = chart.draw_series(LineSeries::new(
        [(x.clone(), scale.bottom), (x, scale.top)],
        colour.stroke_width(2),
    ));
}
