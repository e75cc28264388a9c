//! The legend: a key for each kind of mark the chart draws, in rows above the plot, each
//! key as wide as its text (English labels are twice as long as Japanese ones).

use plotters::prelude::*;

use super::{ACTUAL, BASELINE, FONT_STACK, INK, LEGEND_HEIGHT, TARGET, TEXT, WIDTH};

/// What a legend entry shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Mark {
    Bar,
    Dot,
    /// Outlined: a figure not yet final (見込).
    EstimateBar,
    EstimateDot,
    /// A line through diamonds: annual targets.
    TargetLine,
    /// A diamond alone: targets set for some years only.
    TargetPoint,
    /// The thin line of each year's point on the path to the target.
    Path,
    Baseline,
}

const MARK_WIDTH: i32 = 24;
const GAP: i32 = 6;
const SPACING: i32 = 14;

/// Each entry's position: (row, x).
fn layout(entries: &[(Mark, String)]) -> Vec<(i32, i32)> {
    let (mut row, mut x) = (0, 8);
    entries
        .iter()
        .map(|(_, label)| {
            let w = MARK_WIDTH + GAP + super::text_width(label, TEXT) as i32;
            if x > 8 && x + w > WIDTH as i32 - 8 {
                row += 1;
                x = 8;
            }
            let at = (row, x);
            x += w + SPACING;
            at
        })
        .collect()
}

/// The legend's height for these entries.
pub(super) fn height(entries: &[(Mark, String)]) -> u32 {
    let rows = layout(entries).last().map_or(0, |(row, _)| row + 1);
    LEGEND_HEIGHT * rows.max(1) as u32
}

pub(super) fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    entries: &[(Mark, String)],
) {
    let font = (FONT_STACK, TEXT)
        .into_font()
        .color(&INK)
        .pos(super::centre_left());
    for ((mark, label), (row, x)) in entries.iter().zip(layout(entries)) {
        let y = row * LEGEND_HEIGHT as i32 + (LEGEND_HEIGHT / 2) as i32;
        let _ = match mark {
            Mark::Bar => area.draw(&Rectangle::new(
                [(x + 3, y - 7), (x + 21, y + 7)],
                ACTUAL.filled(),
            )),
            Mark::EstimateBar => area.draw(&Rectangle::new(
                [(x + 3, y - 7), (x + 21, y + 7)],
                ACTUAL.stroke_width(2),
            )),
            Mark::Dot => area
                .draw(&PathElement::new(
                    [(x, y), (x + MARK_WIDTH, y)],
                    ACTUAL.stroke_width(2),
                ))
                .and_then(|()| area.draw(&Circle::new((x + 12, y), 5, ACTUAL.filled()))),
            Mark::EstimateDot => area
                .draw(&Circle::new((x + 12, y), 5, WHITE.filled()))
                .and_then(|()| area.draw(&Circle::new((x + 12, y), 5, ACTUAL.stroke_width(2)))),
            Mark::TargetLine | Mark::TargetPoint => {
                let diamond = Polygon::new(
                    [(x + 12, y - 7), (x + 19, y), (x + 12, y + 7), (x + 5, y)],
                    TARGET.filled(),
                );
                if *mark == Mark::TargetLine {
                    let _ = area.draw(&PathElement::new(
                        [(x, y), (x + MARK_WIDTH, y)],
                        TARGET.stroke_width(3),
                    ));
                }
                area.draw(&diamond)
            }
            Mark::Path => area.draw(&PathElement::new(
                [(x, y + 6), (x + MARK_WIDTH, y - 6)],
                TARGET.stroke_width(2),
            )),
            Mark::Baseline => area.draw(&PathElement::new(
                [(x, y), (x + MARK_WIDTH - 2, y)],
                BASELINE.stroke_width(2),
            )),
        };
        let _ = area.draw(&Text::new(
            label.as_str(),
            (x + MARK_WIDTH + GAP, y),
            font.clone(),
        ));
    }
}
