//! SVG charts drawn with plotters, made accessible afterwards: every chart gets `role="img"`,
//! a `<title>` and a `<desc>` stating its figures in words; the page also shows them as a table.

use plotters::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::format;
use super::locale::Strings;
use crate::assess::Outcome;
use crate::model::{Actual, Figure, Indicator, Period, Plan, YearStatus};

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
/// How plotters writes a baseline stroke; `compact` makes it dashed.
const BASELINE_STROKE: &str = "stroke=\"#555555\" stroke-width=\"2\"";
const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Shrinks plotters' output: it repeats the font stack and `opacity="1"` on every element and
/// prints font sizes to 15 digits. The font moves to the root element, where SVG inherits it.
/// About a third of a chart's bytes, which matters at tens of thousands of charts.
fn compact(svg: &str) -> String {
    let mut out = svg
        .replace(&format!(" font-family=\"{FONT_STACK}\""), "")
        .replace(" opacity=\"1\"", "")
        .replace(
            BASELINE_STROKE,
            &format!("{BASELINE_STROKE} stroke-dasharray=\"6 4\""),
        );
    // font-size="12.096774193548388" → font-size="12.1"
    let mut from = 0;
    while let Some(at) = out[from..].find("font-size=\"") {
        let start = from + at + "font-size=\"".len();
        let end = start + out[start..].find('"').unwrap_or(0);
        if let Ok(v) = out[start..end].parse::<f64>() {
            let short = format!("{}", (v * 10.0).round() / 10.0);
            out.replace_range(start..end, &short);
            from = start + short.len();
        } else {
            from = end;
        }
    }
    out
}

/// Adds role, title and desc to plotters' output, and lets CSS scale the chart.
fn accessible(svg: String, id: &str, title: &str, desc: &str) -> String {
    let svg = compact(&svg);
    let esc = super::theme::escape;
    let open_end = svg.find('>').expect("plotters writes an <svg> element");
    let (open, rest) = svg.split_at(open_end);
    // plotters writes width/height; keep them as the intrinsic size and rely on the viewBox.
    format!(
        "{open} font-family=\"{FONT_STACK}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" class=\"chart\"><title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{}",
        esc(title),
        esc(desc),
        &rest[1..]
    )
}

/// Words for the chart's `<desc>`: every figure the chart shows.
pub fn indicator_desc(plan: &Plan, ind: &Indicator, outcomes: &[Outcome], s: &Strings) -> String {
    let lang = s.lang();
    let mut parts = Vec::new();
    for (fig, o) in ind.figures.iter().zip(outcomes) {
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

const LEGEND_HEIGHT: u32 = 32;

fn centre_left() -> plotters::style::text_anchor::Pos {
    use plotters::style::text_anchor::{HPos, Pos, VPos};
    Pos::new(HPos::Left, VPos::Center)
}

/// 実績 (bar), 目標 (line with ◆), 見込 (outlined bar), 現状値 (dashed), in a row.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    baseline: Option<String>,
    estimates: bool,
    s: &Strings,
) {
    let font = (FONT_STACK, TEXT)
        .into_font()
        .color(&INK)
        .pos(centre_left());
    let y = (LEGEND_HEIGHT / 2) as i32;
    let mut x = 8;
    let _ = area.draw(&Rectangle::new(
        [(x, y - 7), (x + 18, y + 7)],
        ACTUAL.filled(),
    ));
    let _ = area.draw(&Text::new(
        s.get("figures.actual"),
        (x + 24, y),
        font.clone(),
    ));
    x += 72;
    let _ = area.draw(&PathElement::new(
        [(x, y), (x + 24, y)],
        TARGET.stroke_width(3),
    ));
    let _ = area.draw(&Polygon::new(
        [(x + 12, y - 7), (x + 19, y), (x + 12, y + 7), (x + 5, y)],
        TARGET.filled(),
    ));
    let _ = area.draw(&Text::new(
        s.get("figures.target"),
        (x + 30, y),
        font.clone(),
    ));
    if estimates {
        // A year-end estimate is an outlined bar: a figure not yet final.
        x += 78;
        let _ = area.draw(&Rectangle::new(
            [(x, y - 7), (x + 18, y + 7)],
            ACTUAL.stroke_width(2),
        ));
        let _ = area.draw(&Text::new(
            s.get("chart.estimate"),
            (x + 24, y),
            font.clone(),
        ));
    }
    if let Some(label) = baseline {
        x += if estimates { 72 } else { 78 };
        let _ = area.draw(&PathElement::new(
            [(x, y), (x + 22, y)],
            BASELINE.stroke_width(2),
        ));
        let _ = area.draw(&Text::new(
            s.fill("chart.baseline", &[("year", &label)]),
            (x + 28, y),
            font,
        ));
    }
}

/// Target (line with diamond markers) against actual (bars) per fiscal year, with the baseline
/// as a dashed reference line; a year without an actual is labelled with its reason.
pub fn indicator_chart(plan: &Plan, ind: &Indicator, outcomes: &[Outcome], s: &Strings) -> String {
    let lang = s.lang();
    // Whether a figure's year is one of estimates (見込値), as the plan declares.
    let is_estimate_year = |fig: &Figure| plan.year_status(fig.year) == Some(YearStatus::Estimate);
    let n = ind.figures.len() as u32;
    let (mut max, mut min) = (0f64, 0f64);
    let values = ind
        .figures
        .iter()
        .flat_map(|fig| {
            let actual = match fig.actual {
                Actual::Value(a) => Some(a),
                _ => None,
            };
            [fig.target, actual, fig.estimate]
        })
        .flatten()
        .chain(ind.baseline.iter().map(|b| b.value));
    for v in values {
        max = max.max(f(v));
        min = min.min(f(v));
    }
    let top = if max <= 0.0 { 1.0 } else { max * 1.18 };
    // Negative figures (a deficit of ▲2,000) get room below the zero line.
    let bottom = min * 1.18;
    // Room for the longest tick label (the top one, e.g. "1,200,000") and the unit beside it.
    let widest = format::number(
        Decimal::from_f64_retain(top).unwrap_or_default(),
        ind.decimals.min(1),
    );
    let label_width: u32 = widest
        .chars()
        .map(|c| if c.is_ascii_digit() { 9 } else { 5 })
        .sum();
    let y_label_area = (label_width + 34).max(64);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).expect("in-memory drawing");
        let font = |size: f64| (FONT_STACK, size).into_font().color(&INK);
        // The legend gets a band of its own above the plot, so it never hides a bar.
        let (legend_area, plot_area) = root.split_vertically(LEGEND_HEIGHT);
        let estimates = ind.figures.iter().any(|fig| {
            fig.estimate.is_some()
                || (is_estimate_year(fig) && matches!(fig.actual, Actual::Value(_)))
        });
        draw_legend(
            &legend_area,
            ind.baseline.first().map(|b| b.year.label_in(lang)),
            estimates,
            s,
        );
        // The unit, horizontal, above the value axis (a rotated label is hard to read).
        let (unit_area, plot_area) = plot_area.split_vertically(LEGEND_HEIGHT - 6);
        let _ = unit_area.draw(&Text::new(
            s.fill("chart.unit", &[("unit", &ind.unit)]),
            (8, ((LEGEND_HEIGHT - 6) / 2) as i32),
            font(TEXT).pos(centre_left()),
        ));
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(8)
            .margin_top(4)
            .x_label_area_size(34)
            .y_label_area_size(y_label_area.saturating_sub(24))
            .build_cartesian_2d((0u32..n.saturating_sub(1)).into_segmented(), bottom..top)
            .expect("valid ranges");
        let years: Vec<String> = ind
            .figures
            .iter()
            .map(|fig| fig.year.label_in(lang))
            .collect();
        let decimals = ind.decimals;
        chart
            .configure_mesh()
            .disable_x_mesh()
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
                SegmentValue::CenterOf(i) => years.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .label_style(font(TEXT))
            .axis_desc_style(font(TEXT))
            .draw()
            .expect("in-memory drawing");
        // Bars: actuals.
        let bars = ind
            .figures
            .iter()
            .enumerate()
            .filter_map(|(i, fig)| match fig.actual {
                Actual::Value(a) => Some((i as u32, f(a), is_estimate_year(fig))),
                _ => None,
            });
        // A third of each year's slot on either side, at most 16 px: bars stay visible with
        // many years (27 in an SDG series) and keep their width with a few.
        let slot = (WIDTH - y_label_area.saturating_sub(24)) / n.max(1);
        let bar_margin = (slot / 3).min(16);
        // Plain rectangles in year order: plotters' Histogram collects bars in a HashMap and
        // would emit them in a different order on every run, breaking byte-identical builds.
        chart
            .draw_series(bars.map(|(i, v, estimate)| {
                // An estimate (見込値) is outlined: not yet a final figure.
                let style = if estimate {
                    ACTUAL.stroke_width(2)
                } else {
                    ACTUAL.filled()
                };
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), v),
                    ],
                    style,
                );
                bar.set_margin(0, 0, bar_margin, bar_margin);
                bar
            }))
            .expect("in-memory drawing");
        // Year-end estimates: outlined bars, drawn as what they are, not as final figures.
        chart
            .draw_series(ind.figures.iter().enumerate().filter_map(|(i, fig)| {
                let v = f(fig.estimate?);
                let i = i as u32;
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), v),
                    ],
                    ACTUAL.stroke_width(2),
                );
                bar.set_margin(0, 0, bar_margin, bar_margin);
                Some(bar)
            }))
            .expect("in-memory drawing");
        // Reasons where there is no bar.
        for (i, (fig, o)) in ind.figures.iter().zip(outcomes).enumerate() {
            if !matches!(fig.actual, Actual::Value(_)) && !o.label.is_empty() {
                chart
                    .draw_series(std::iter::once(Text::new(
                        super::audit::outcome_label(o, s).to_string(),
                        (SegmentValue::CenterOf(i as u32), top * 0.04),
                        font(TEXT).pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Center,
                            plotters::style::text_anchor::VPos::Bottom,
                        )),
                    )))
                    .expect("in-memory drawing");
            }
        }
        // Baseline: a reference line, dashed by `compact` (plotters' own dashes are one
        // element per dash).
        if let Some(b) = ind.baseline.first() {
            let y = f(b.value);
            chart
                .draw_series(LineSeries::new(
                    [(SegmentValue::Exact(0), y), (SegmentValue::Last, y)],
                    BASELINE.stroke_width(2),
                ))
                .expect("in-memory drawing");
        }
        // Target: line with diamond markers.
        let targets: Vec<(SegmentValue<u32>, f64)> = ind
            .figures
            .iter()
            .enumerate()
            .filter_map(|(i, fig)| Some((SegmentValue::CenterOf(i as u32), f(fig.target?))))
            .collect();
        // A redefined KPI: the target line is not joined across the change of definition, and
        // a dashed vertical line marks where the new definition starts.
        let parts = definition_starts(ind);
        for (i, fig) in ind.figures.iter().enumerate() {
            if i > 0 && parts.contains(&fig.year) {
                chart
                    .draw_series(LineSeries::new(
                        [
                            (SegmentValue::Exact(i as u32), bottom),
                            (SegmentValue::Exact(i as u32), top),
                        ],
                        BASELINE.stroke_width(2),
                    ))
                    .expect("in-memory drawing");
                // Named here; the title and the table name each definition.
                chart
                    .draw_series(std::iter::once(Text::new(
                        s.get("chart.redefined").to_string(),
                        (SegmentValue::Exact(i as u32), top),
                        font(TEXT).pos(plotters::style::text_anchor::Pos::new(
                            plotters::style::text_anchor::HPos::Left,
                            plotters::style::text_anchor::VPos::Top,
                        )),
                    )))
                    .expect("in-memory drawing");
            }
        }
        let part_of = |i: usize| {
            parts
                .iter()
                .filter(|from| ind.figures[i].year >= **from)
                .count()
        };
        let mut run: Vec<(SegmentValue<u32>, f64)> = Vec::new();
        let mut run_part = None;
        for (i, fig) in ind.figures.iter().enumerate() {
            let Some(target) = fig.target else { continue };
            if run_part.is_some_and(|p| p != part_of(i)) {
                chart
                    .draw_series(LineSeries::new(run.drain(..), TARGET.stroke_width(3)))
                    .expect("in-memory drawing");
            }
            run_part = Some(part_of(i));
            run.push((SegmentValue::CenterOf(i as u32), f(target)));
        }
        chart
            .draw_series(LineSeries::new(run, TARGET.stroke_width(3)))
            .expect("in-memory drawing");
        chart
            .draw_series(targets.into_iter().map(|(x, y)| {
                EmptyElement::at((x, y))
                    + Polygon::new([(0, -7), (7, 0), (0, 7), (-7, 0)], TARGET.filled())
            }))
            .expect("in-memory drawing");
        draw_period_boundaries(&mut chart, plan, ind, (bottom, top));
        root.present().expect("in-memory drawing");
    }
    accessible(
        svg,
        &ind.slug(),
        &indicator_title(plan, ind, s),
        &indicator_desc(plan, ind, outcomes, s),
    )
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

/// A plan period's boundary: a solid vertical rule between the last year of one period and
/// the first of the next, the new period's name at its top.
fn draw_period_boundaries<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<
            plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordu32>,
            plotters::coord::types::RangedCoordf64,
        >,
    >,
    plan: &Plan,
    ind: &Indicator,
    (bottom, top): (f64, f64),
) {
    for (i, period) in period_boundaries(plan, ind) {
        let x = SegmentValue::Exact(i as u32);
        let _ = chart.draw_series(LineSeries::new(
            [(x.clone(), bottom), (x.clone(), top)],
            INK.stroke_width(2),
        ));
        let _ = chart.draw_series(std::iter::once(Text::new(
            format!(" {}", period.name),
            (x, top * 0.97),
            (FONT_STACK, TEXT * 0.8).into_font().color(&INK),
        )));
    }
}
