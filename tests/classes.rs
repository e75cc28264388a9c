//! Result classes as a plan configures them: 2, 3, 4 or 6 of them, any labels. The legend, the
//! summary cards and the colours follow each class's rank, never a fixed palette, and none of
//! Atsugi's wording appears in a plan that does not use it.

mod common;

use std::fs;

use scraper::{Html, Selector};

/// The minimal project with `classes` (YAML flow mappings) as its assessment classes.
fn built_with_classes(classes: &[&str]) -> (tempfile::TempDir, Html) {
    let tmp = common::minimal_with(|root| {
        let plan = root.join("content/plan.yaml");
        let text = fs::read_to_string(&plan).unwrap();
        let start = text.find("  classes:\n").unwrap();
        let end = text.find("  pending_symbol:").unwrap();
        let list: String = classes.iter().map(|c| format!("    - {c}\n")).collect();
        let text = format!("{}  classes:\n{list}{}", &text[..start], &text[end..]);
        fs::write(&plan, text).unwrap();
    });
    let out = tmp.path().join("site");
    let run = common::shinchoku(
        &[
            "build".as_ref(),
            tmp.path().as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ],
        &[],
    )
    .unwrap();
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    (tmp, Html::parse_document(&html))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn classes_of(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.value().attr("class").unwrap_or_default().to_string())
        .collect()
}

/// `count` classes with thresholds 100, 80, 60, ... and labels 段階1, 段階2, ...; the better
/// half on track.
fn scheme(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            let min = if i + 1 < count {
                format!(", min_rate: {}", 100 - 20 * i)
            } else {
                String::new()
            };
            let on_track = i < count.div_ceil(2);
            format!(
                "{{key: k{i}, label: 段階{}{min}, on_track: {on_track}, symbol: \"S{i}\"}}",
                i + 1
            )
        })
        .collect()
}

/// The tone a class of rank `rank` of `count` gets: best green (0), worst red (4).
fn tone(rank: usize, count: usize) -> usize {
    if count == 1 {
        0
    } else {
        (2 * rank * 4 + (count - 1)) / (2 * (count - 1))
    }
}

#[test]
fn legend_cards_and_colours_follow_the_rank_for_2_3_4_and_6_classes() {
    let css = fs::read_to_string(common::repo().join("themes/default/static/style.css")).unwrap();
    for count in [2, 3, 4, 6] {
        let owned = scheme(count);
        let classes: Vec<&str> = owned.iter().map(String::as_str).collect();
        let (_tmp, doc) = built_with_classes(&classes);
        // The legend: every class in rank order, coloured by rank, then the pending entry.
        let legend = classes_of(&doc, ".legend li > .status");
        assert_eq!(legend.len(), count + 1, "{count} classes: {legend:?}");
        for (rank, class) in legend.iter().take(count).enumerate() {
            let expected = format!("status-tone-{}", tone(rank, count));
            assert!(
                class.contains(&expected),
                "{count} classes, rank {rank}: {class}"
            );
            assert!(
                css.contains(&format!(".{expected} ")),
                "no CSS for {expected}"
            );
        }
        assert!(legend[0].contains("status-tone-0"));
        assert!(
            legend[count - 1].contains("status-tone-4"),
            "the worst is red"
        );
        assert!(legend[count].contains("status-pending"));
        let labels = texts(&doc, ".legend li > .status");
        for (rank, label) in labels.iter().take(count).enumerate() {
            assert!(label.ends_with(&format!("段階{}", rank + 1)), "{label}");
        }
        // The cards: on track in the best class's colour, not on track in the worst's; each
        // names the classes it counts; the counts add up to the total.
        let cards = classes_of(&doc, ".summary-counts > div");
        assert_eq!(cards[1], "count-tone-0", "{count} classes: {cards:?}");
        assert_eq!(cards[2], "count-tone-4", "{count} classes: {cards:?}");
        assert_eq!(cards[3], "count-pending");
        for c in &cards[1..=2] {
            let key = c.trim_start_matches("count-");
            assert!(css.contains(&format!(".count-{key} ")), "no CSS for {c}");
        }
        let on_track: Vec<String> = (1..=count.div_ceil(2))
            .map(|i| format!("段階{i}"))
            .collect();
        let card_titles = texts(&doc, ".summary-counts dt");
        assert!(
            card_titles[1].contains(&on_track.join("見込み・")),
            "{card_titles:?}"
        );
        let counts: Vec<usize> = texts(&doc, ".summary-counts .count")
            .iter()
            .map(|c| c.parse().unwrap())
            .collect();
        assert_eq!(counts[0], counts[1..].iter().sum::<usize>(), "{counts:?}");
        // No wording of Atsugi's classes in a plan that has none of them.
        let page = doc.root_element().html();
        for word in ["概ね達成", "未達成", "達成見込み"] {
            assert!(
                !page.contains(word),
                "{count} classes: the page says {word}"
            );
        }
    }
}

#[test]
fn a_configured_tone_overrides_the_rank() {
    let (_tmp, doc) = built_with_classes(&[
        "{key: ok, label: 順調, min_rate: 100, on_track: true, symbol: \"○\"}",
        "{key: late, label: 遅れ, on_track: false, symbol: \"△\", tone: 3}",
    ]);
    let legend = classes_of(&doc, ".legend li > .status");
    assert!(legend[0].contains("status-tone-0"), "{legend:?}");
    assert!(legend[1].contains("status-tone-3"), "{legend:?}");
}
