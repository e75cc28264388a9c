//! Words for how results are judged: each method's formula, the classes' rules, the summary
//! cards and the inputs of every judgement, so a reader can recompute what a page shows.

use crate::assess::{Outcome, StatusCounts};
use crate::model::Project;
use crate::model::*;

/// The method and its formula, as the KPI page and the legend state it.
pub fn method_text(method: Method, direction: Direction) -> String {
    match method {
        Method::Ratio if direction.up() => "達成率（実績÷目標×100）".into(),
        Method::Ratio => "達成率（目標÷実績×100。値が小さいほど高くなります）".into(),
        Method::Progress => "進捗率（（実績－現状値）÷（目標－現状値）×100）".into(),
        Method::Path => "目安値に対する進捗率（（実績－現状値）÷（目安値－現状値）×100。目安値は現状値から目標までの道筋上の、その年度の値）".into(),
        Method::Trend => "Open SDGの進捗評価（基準年から最新年までの年平均成長率を、目標の達成に必要な成長率と比べます。目標がない場合は成長率そのものを評価します）".into(),
        Method::Grade => "公表された評価をそのまま掲載しています（計算はしていません）".into(),
        Method::Milestone => "段階の到達状況（その年度に目指す段階に達したかどうか）".into(),
        Method::None => "数値のみを掲載しています（判定はしていません）".into(),
    }
}

/// What a method's rate is called, for methods that print one.
pub fn rate_label(method: Method) -> Option<&'static str> {
    match method {
        Method::Ratio => Some("達成率"),
        Method::Progress | Method::Path => Some("進捗率"),
        _ => None,
    }
}

/// The rate row's heading for a table of several indicators: the one name they share, both
/// names when they differ, none when no indicator prints a rate.
pub fn shared_rate_label(project: &Project) -> Option<String> {
    let mut labels: Vec<&str> = project
        .indicators
        .iter()
        .filter_map(|ind| rate_label(ind.method))
        .collect();
    labels.sort_unstable();
    labels.dedup();
    (!labels.is_empty()).then(|| labels.join("・"))
}

/// Which way is good, when it is not simply "higher".
pub fn direction_text(direction: Direction) -> &'static str {
    match direction {
        Direction::HigherIsBetter => "",
        Direction::LowerIsBetter => "値が小さいほど良い指標です",
        Direction::MaintainAtLeast => "目標の水準以上を保つ指標です",
        Direction::MaintainAtMost => "目標の水準以下に保つ指標です",
    }
}

/// The rule of class `i` for the legend: its rate band, or what its key means.
pub fn class_rule(rules: &Rules, i: usize) -> String {
    let classes = &rules.classes;
    let rate_name = match rules.method {
        Method::Progress | Method::Path => "進捗率",
        _ => "達成率",
    };
    let bound = |t: Threshold| {
        if t.inclusive {
            format!("{}%以上", t.rate)
        } else {
            format!("{}%超", t.rate)
        }
    };
    // The band's top is the previous class's bottom, seen from below.
    let below = |t: Threshold| {
        if t.inclusive {
            format!("{}%未満", t.rate)
        } else {
            format!("{}%以下", t.rate)
        }
    };
    let upper = i
        .checked_sub(1)
        .and_then(|p| classes[p].threshold)
        .map(below);
    if classes.iter().any(|c| c.threshold.is_some()) {
        return match (classes[i].threshold.map(bound), upper) {
            (Some(low), None) => format!("{rate_name}{low}"),
            (Some(low), Some(up)) => format!("{rate_name}{low}{up}"),
            (None, Some(up)) => format!("{rate_name}{up}"),
            (None, None) => "すべて".to_string(),
        };
    }
    let trend = |key: &str| -> Option<&'static str> {
        Some(match key {
            "target_achieved" => "最新値が目標に達している",
            "substantial_progress" => "成長率の比が0.95以上（目標がない場合は年1.5%以上）",
            "moderate_progress" => {
                "成長率の比が0.6以上0.95未満（目標がない場合は年0.5%以上1.5%未満）"
            }
            "limited_progress" => "成長率の比が0以上0.6未満（目標がない場合は年0%以上0.5%未満）",
            "deterioration" => "望ましい方向と逆に動いている",
            _ => return None,
        })
    };
    trend(&classes[i].key).map_or_else(String::new, str::to_string)
}

/// The index's summary cards, from the configured classes: what "on track" and "not on
/// track" mean in this plan, with the symbol and tone of their best and worst classes.
pub fn cards(plan: &Plan, counts: &StatusCounts) -> Vec<super::pages::CardView> {
    cards_shown(
        plan,
        counts,
        counts.reported > 0 || plan.rules.classes.is_empty(),
    )
}

/// [`cards`], with the "figures only" card when `with_reported`: a table of places shows the
/// same columns in every row, whatever each row counts.
pub fn cards_shown(
    plan: &Plan,
    counts: &StatusCounts,
    with_reported: bool,
) -> Vec<super::pages::CardView> {
    let rules = &plan.rules;
    let estimate = plan.year_status(plan.report_year) == Some(YearStatus::Estimate);
    let label = |c: &ClassRule| {
        if estimate {
            format!("{}{}", c.label, rules.estimate_suffix)
        } else {
            c.label.clone()
        }
    };
    let mut cards = Vec::new();
    let mut side = |on_track: bool, count: usize, pick_last: bool| {
        let members: Vec<&ClassRule> = rules
            .classes
            .iter()
            .filter(|c| c.on_track == on_track)
            .collect();
        let shown = if pick_last {
            members.last()
        } else {
            members.first()
        };
        if let Some(c) = shown {
            cards.push(super::pages::CardView {
                label: members
                    .iter()
                    .map(|c| label(c))
                    .collect::<Vec<_>>()
                    .join("・"),
                symbol: c.symbol.clone(),
                key: format!("tone-{}", c.tone),
                count,
            });
        }
    };
    side(true, counts.on_track, false);
    side(false, counts.not_on_track, true);
    cards.push(super::pages::CardView {
        label: "実績なし（集計中など）".into(),
        symbol: rules.pending_symbol.clone(),
        key: "pending".into(),
        count: counts.pending,
    });
    if with_reported {
        cards.push(super::pages::CardView {
            label: "数値のみ（判定なし）".into(),
            symbol: String::new(),
            key: "pending".into(),
            count: counts.reported,
        });
    }
    cards
}

/// The counting rule in words, with this plan's class labels.
pub fn counting_rule(plan: &Plan, counts_indicators: bool) -> String {
    let rules = &plan.rules;
    if counts_indicators {
        return "各成果指標を、評価の年の結果で数えています（実績がなければ「実績なし」）。".into();
    }
    let unit = plan.hierarchy.unit_level();
    let labels = |on_track: bool| {
        rules
            .classes
            .iter()
            .filter(|c| c.on_track == on_track)
            .map(|c| format!("「{}」", c.label))
            .collect::<Vec<_>>()
            .join("")
    };
    let (on, off) = (labels(true), labels(false));
    let mut rule =
        format!("各{unit}は、その成果指標のうち実績のないものが1つでもあれば「実績なし」");
    if !off.is_empty() {
        rule.push_str(&format!("、それ以外で{off}が1つでもあればその結果"));
    }
    if !on.is_empty() {
        rule.push_str(&format!("、すべて{on}であればその結果"));
    }
    rule.push_str("として数えています。");
    rule
}

/// The inputs of one judgement, labelled for the page.
pub fn inputs(ind: &Indicator, o: &Outcome) -> Vec<super::pages::InputView> {
    o.inputs
        .iter()
        .map(|(key, value)| super::pages::InputView {
            label: input_label(key, ind.method).to_string(),
            value: value.clone(),
        })
        .collect()
}

fn input_label(key: &str, method: Method) -> &str {
    match key {
        "target" => "目標",
        "target_year" => "目標の年",
        "actual" => "実績",
        "estimate" => "年末見込",
        "as_of" => "実績の時点",
        "rate" if method == Method::Ratio => "達成率（%）",
        "rate" => "進捗率（%）",
        "reached" => "目指す水準に到達",
        "baseline" => "現状値",
        "baseline_year" => "現状値の年",
        "final_target" => "最終目標",
        "final_target_year" => "最終目標の年",
        "path_value" => "目安値",
        "state" => "段階",
        "target_state" => "目指す段階",
        "base_year" => "基準年",
        "base_value" => "基準値",
        "current_year" => "最新年",
        "current_value" => "最新値",
        "thresholds" => "閾値（high / med / low）",
        "progress_value" => "進捗値（成長率または成長率の比）",
        "score" => "スコア（−5〜5）",
        "target_achieved" => "目標に到達",
        other => other,
    }
}
