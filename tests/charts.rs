//! What an indicator's chart draws, read from its SVG: actuals as bars from zero only where
//! that tells the reader something, targets drawn as what the plan set (annual, staged, final,
//! a path), and a time axis that runs evenly and stays legible over many years; the figures
//! table beside it leaves out the same empty leading years.

mod common;

use std::path::Path;

use shinchoku::assess;
use shinchoku::render::{charts, theme};

/// The chart of indicator `no` in the project at `dir` (relative to the repository).
fn chart(dir: &str, no: u32) -> String {
    let root = common::repo().join(dir);
    let project = shinchoku::load::load(&root).unwrap_or_else(|e| panic!("{dir}: {e}"));
    let assessment = assess::assess(&project);
    let theme = theme::load(Path::new(&root), &project.site.theme, project.site.lang).unwrap();
    let i = project
        .indicators
        .iter()
        .position(|ind| ind.no == no)
        .unwrap_or_else(|| panic!("{dir} has no indicator {no}"));
    charts::indicator_chart(
        &project.plan,
        &project.indicators[i],
        &assessment.outcomes[i],
        &theme.strings,
    )
}

/// The chart's texts (legend, ticks, labels), in order, without the empty ones.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..t.find("</text>")?];
            let body = body.trim();
            (!body.is_empty()).then(|| body.to_string())
        })
        .collect()
}

/// Filled actual bars (the legend's key is one of them).
fn bars(svg: &str) -> usize {
    svg.matches("fill=\"#1F5FA8\" stroke=\"none\"/>")
        .count()
        .saturating_sub(svg.matches("<circle").count())
}

fn dots(svg: &str) -> usize {
    svg.matches("<circle").count()
}

/// Target lines (the legend's key, if it shows a line, is one of them).
fn target_lines(svg: &str) -> usize {
    svg.matches("stroke=\"#B33C00\" stroke-width=\"3\"").count()
}

fn path_lines(svg: &str) -> usize {
    svg.matches("stroke=\"#B33C00\" stroke-width=\"2\"").count()
}

#[test]
fn counts_far_from_their_targets_are_bars_from_zero() {
    // Atsugi KPI 1: 3,321 and 3,405 件 against targets of 1,600–1,800.
    let svg = chart(".", 1);
    assert!(bars(&svg) >= 2, "R3 and R4 are bars");
    assert_eq!(dots(&svg), 0);
    assert!(
        texts(&svg).contains(&"0".to_string()),
        "the axis starts at zero"
    );
}

#[test]
fn figures_close_together_are_dots_on_an_axis_fitted_to_them() {
    // Atsugi KPI 19: 351, 354, 363 店 against 350, 360, 370. As bars from zero they look alike.
    let svg = chart(".", 19);
    assert_eq!(bars(&svg), 0);
    assert!(dots(&svg) >= 3, "a dot per actual (and the legend's)");
    let ticks = texts(&svg);
    assert!(
        !ticks.contains(&"0".to_string()),
        "the axis does not start at zero"
    );
    assert!(ticks.contains(&"350".to_string()), "{ticks:?}");
    // Atsugi KPI 10: actual equals target (50件) three times; the dots stay visible, drawn
    // over the diamonds.
    let svg = chart(".", 10);
    let last_diamond = svg.rfind("<polygon").unwrap();
    let last_dot = svg.rfind("<circle").unwrap();
    assert!(last_dot > last_diamond, "dots are drawn over the targets");
}

#[test]
fn a_final_target_is_a_diamond_at_its_own_year_and_empty_years_are_left_out() {
    // Canada's 14.4.1: actuals 2011–2023 on a plan of 1999–2025, a target of 100 % for 2030.
    let svg = chart("examples/open-sdg-canada", 12);
    let labels = texts(&svg);
    assert!(labels.contains(&"2030".to_string()), "{labels:?}");
    assert!(!labels.contains(&"1999".to_string()), "{labels:?}");
    assert!(!labels.contains(&"2005".to_string()), "{labels:?}");
    // 2011–2030 is 20 years: labelled every few, the last (the target's) always.
    let years: Vec<&String> = labels
        .iter()
        .filter(|l| l.len() == 4 && l.starts_with("20"))
        .collect();
    assert!(years.len() < 10, "{years:?}");
    assert_eq!(years.last().map(|y| y.as_str()), Some("2030"));
    assert_eq!(
        svg.matches("<polygon").count(),
        2,
        "the legend's diamond and 2030's"
    );
    assert_eq!(target_lines(&svg), 0, "a final target alone: no line");
    assert_eq!(bars(&svg), 0, "89.7–98.7 % are dots");
    assert!(
        svg.contains("2030: target 100.0%"),
        "the description names it"
    );
    assert!(!svg.contains("1999:"), "nor does it list empty years");
}

#[test]
fn ticks_whose_label_is_thinned_out_have_no_text_element() {
    // Canada's 14.4.1 names every few of its 20 years, and its value axis has ticks between
    // printable values: those keep their tick mark, without an empty <text>.
    let svg = chart("examples/open-sdg-canada", 12);
    assert_eq!(svg.matches("<text").count(), texts(&svg).len(), "{svg}");
    assert!(svg.matches("<polyline").count() > texts(&svg).len());
}

#[test]
fn years_a_plan_skips_keep_their_place_on_the_axis() {
    // 長野県: figures for 平成29 and 31 only; 平成30 is on the axis between them.
    let labels = texts(&chart("examples/nagano-shinshu-sousei", 1));
    let i29 = labels.iter().position(|l| l == "平成29年度").unwrap();
    assert_eq!(labels[i29 + 1], "平成30年度", "{labels:?}");
    assert_eq!(labels[i29 + 2], "平成31年度", "{labels:?}");
}

#[test]
fn staged_targets_are_diamonds_without_a_line_between_them() {
    // 長野県 KPI 1: 目安値 1.62 for 平成29, 1.68 for 平成31: nothing is set for 平成30.
    let svg = chart("examples/nagano-shinshu-sousei", 1);
    assert_eq!(target_lines(&svg), 0);
    assert_eq!(svg.matches("<polygon").count(), 3, "legend, 平成29, 平成31");
}

#[test]
fn the_path_method_draws_the_path_each_year_is_held_to() {
    let svg = chart("tests/fixtures/methods/path", 1);
    assert!(texts(&svg).contains(&"目標への経路".to_string()));
    // The legend's key and the path, baseline R2 → 60.0 % in R7.
    assert_eq!(path_lines(&svg), 2);
    // Stepwise: the path is a staircase, two points per year.
    let svg = chart("tests/fixtures/methods/path-stepwise", 1);
    let path = svg
        .split("<polyline")
        .find(|p| p.contains("stroke=\"#B33C00\" stroke-width=\"2\"") && p.matches(',').count() > 4)
        .expect("a drawn path");
    let points = path.split("points=\"").nth(1).unwrap();
    let points = &points[..points.find('"').unwrap()];
    assert_eq!(
        points.split_whitespace().count(),
        10,
        "R3–R7, two points each: {points}"
    );
}

#[test]
fn negative_figures_have_room_for_their_tick_labels() {
    // 社会増減: -3,000 to -2,000 人. The widest tick label is the bottom one.
    let svg = chart("tests/fixtures/methods/path", 2);
    assert!(texts(&svg).iter().any(|t| t == "-3,000"));
    let x: f64 = svg
        .split("<text")
        .find(|t| t.contains(">\n-3,000\n<"))
        .and_then(|t| t.split("x=\"").nth(1))
        .and_then(|t| t[..t.find('"')?].parse().ok())
        .unwrap();
    // Right-aligned at x, about 50 units wide: it starts inside the picture.
    assert!(x > 55.0, "x = {x}");
}

#[test]
fn english_legends_do_not_overlap() {
    let svg = chart("examples/open-sdg-canada", 12);
    let xs: Vec<f64> = svg
        .split("<text")
        .skip(1)
        .filter(|t| t.contains(">\nActual\n<") || t.contains(">\nTarget\n<"))
        .map(|t| {
            let x = t.split("x=\"").nth(1).unwrap();
            x[..x.find('"').unwrap()].parse().unwrap()
        })
        .collect();
    assert_eq!(xs.len(), 2);
    // "Actual" is about 50 units wide at 17.6; the next key and its mark start after it.
    assert!(xs[1] - xs[0] > 50.0 + 24.0, "{xs:?}");
}

/// The years the figures table of `kpi-NN.html` lists, in order.
fn table_years(site: &Path, no: u32) -> Vec<String> {
    let page = std::fs::read_to_string(site.join(format!("indicators/kpi-{no:02}.html"))).unwrap();
    let table = &page[page.find("<table class=\"figures\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<th scope=\"row\">")
        .skip(1)
        .map(|row| row[..row.find([' ', '<']).unwrap()].to_string())
        .collect()
}

#[test]
fn the_figures_table_starts_at_the_first_year_with_something_to_list() {
    // Plan years from R1; indicator 1 has a pending mark in R2 and nothing before, indicator
    // 2 nothing at all before R3 (as an SDG series has nothing for 1999–2010).
    let project = common::minimal_with(|root| {
        common::git::edit(
            &root.join("content/plan.yaml"),
            "fiscal_years:\n",
            "fiscal_years:\n  - {year: R1, status: confirmed}\n  - {year: R2, status: confirmed}\n",
        );
        common::git::edit(
            &root.join("content/indicators/01.yaml"),
            "years:\n",
            "years:\n  R2: {pending: 未調査}\n",
        );
    });
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let o = common::output::shinchoku([
        "build".as_ref(),
        project.path().as_os_str(),
        "--output".as_ref(),
        site.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", common::output::stderr(&o));
    assert_eq!(
        table_years(&site, 2),
        ["令和3年度", "令和4年度", "令和5年度"]
    );
    assert_eq!(table_years(&site, 1)[0], "令和2年度");
}
