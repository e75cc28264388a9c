//! `assessment:` in plan.yaml: the plan's method and classes, and whether a method an
//! indicator chooses can be judged with them.

use super::files;
use super::numbers::{non_empty, number};
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::model::*;
use crate::tr;

/// Open SDG's statuses with its usual labels, for a `trend` plan that lists no classes.
fn trend_classes() -> Vec<ClassRule> {
    let labels = [
        ("Target achieved", "★", true),
        ("On track", "◎", true),
        ("Progress made but acceleration needed", "○", false),
        ("Limited progress", "△", false),
        ("Deterioration", "×", false),
    ];
    TREND_STATUSES
        .iter()
        .zip(labels)
        .enumerate()
        .map(|(rank, (key, (label, symbol, on_track)))| ClassRule {
            key: (*key).to_string(),
            label: label.to_string(),
            threshold: None,
            on_track,
            symbol: symbol.to_string(),
            tone: tone(rank, TREND_STATUSES.len()),
        })
        .collect()
}

pub(super) fn check_rules(
    src: &Source,
    raw: &files::AssessmentEntry,
    lang: Lang,
    diags: &mut Vec<Diagnostic>,
) -> Rules {
    if raw.decimals > 6 {
        diags.push(
            src.error(
                "assessment.decimals",
                tr!("at most 6 decimals are supported", "小数は 6 桁までです"),
            )
            .help(tr!(
                "use a number from 0 to 6",
                "0 から 6 までの数にしてください"
            )),
        );
    }
    let method = raw.method;
    let n = raw.classes.len();
    let mut classes: Vec<ClassRule> = Vec::new();
    for (i, c) in raw.classes.iter().enumerate() {
        let field = format!("assessment.classes[{i}]");
        non_empty(src, &format!("{field}.label"), &c.label, diags);
        let key = c.key.clone().unwrap_or_else(|| c.label.clone());
        if let Some(k) = &c.key {
            non_empty(src, &format!("{field}.key"), k, diags);
        }
        if classes.iter().any(|x| x.key == key) {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "the class `{key}` is listed twice",
                        "判定区分 `{key}` が 2 回書かれています"
                    ),
                )
                .help(tr!(
                    "give each class its own key (or label, when it has no key)",
                    "判定区分ごとに別の key（key が無ければ label）を付けてください"
                )),
            );
        }
        let threshold = match (&c.min_rate, &c.above_rate) {
            (Some(_), Some(_)) => {
                diags.push(
                    src.error(
                        &format!("{field}.above_rate"),
                        tr!("min_rate and above_rate are both given", "min_rate と above_rate が両方書かれています"),
                    )
                    .help(tr!("min_rate: the class starts at this rate; above_rate: just above it. Keep one", "min_rate はその率から、above_rate はその率を超えたところからの区分です。どちらか一方にしてください")),
                );
                None
            }
            (Some(m), None) => {
                number(src, &format!("{field}.min_rate"), m, diags).map(|rate| Threshold {
                    rate,
                    inclusive: true,
                })
            }
            (None, Some(m)) => {
                number(src, &format!("{field}.above_rate"), m, diags).map(|rate| Threshold {
                    rate,
                    inclusive: false,
                })
            }
            (None, None) => None,
        };
        let tone = match c.tone {
            Some(t) if t < TONES => t,
            Some(t) => {
                diags.push(
                    src.error(&format!("{field}.tone"), tr!("tone {t} does not exist", "tone {t} はありません"))
                        .help(tr!("use 0 (best, green) to {} (worst, red), or leave it out to colour by rank", "0（最良、緑）から {}（最低、赤）までにするか、省略して順位で色分けしてください", TONES - 1)),
                );
                0
            }
            None => tone(i, n),
        };
        classes.push(ClassRule {
            key,
            label: c.label.clone(),
            threshold,
            on_track: c.on_track,
            symbol: c.symbol.clone(),
            tone,
        });
    }
    let has_thresholds = raw
        .classes
        .iter()
        .any(|c| c.min_rate.is_some() || c.above_rate.is_some());
    if has_thresholds || (method.rates() && n > 1) {
        check_thresholds(src, raw, &classes, diags);
    }
    if n == 0 {
        match method {
            Method::Trend => classes = trend_classes(),
            Method::None => {}
            _ => diags.push(
                src.error(
                    "assessment.classes",
                    tr!(
                        "at least one class is needed",
                        "判定区分が 1 つ以上必要です"
                    ),
                )
                .help(tr!(
                    "e.g. - {{label: 達成, min_rate: 100, on_track: true, symbol: ◎}}",
                    "例: - {{label: 達成, min_rate: 100, on_track: true, symbol: ◎}}"
                )),
            ),
        }
    }
    let rules = Rules {
        method,
        path_steps: raw.path_steps,
        decimals: raw.decimals,
        // The defaults are words on the page: in the site's language.
        estimate_suffix: raw.estimate_suffix.clone().unwrap_or_else(|| {
            match lang {
                Lang::Ja => "見込み",
                Lang::En => " (estimate)",
            }
            .into()
        }),
        classes,
        pending_symbol: raw.pending_symbol.clone().unwrap_or_else(|| {
            match lang {
                Lang::Ja => "－",
                Lang::En => "–",
            }
            .into()
        }),
    };
    if n > 0
        && let Err(why) = supports(&rules, method)
    {
        diags.push(src.error("assessment.method", why.0).help(why.1));
    }
    rules
}

/// Rate classes: each but the last starts at a rate, highest first.
fn check_thresholds(
    src: &Source,
    raw: &files::AssessmentEntry,
    classes: &[ClassRule],
    diags: &mut Vec<Diagnostic>,
) {
    let n = classes.len();
    let mut previous: Option<Threshold> = None;
    for (i, (c, entry)) in classes.iter().zip(&raw.classes).enumerate() {
        let field = format!("assessment.classes[{i}]");
        let which = if entry.above_rate.is_some() {
            "above_rate"
        } else {
            "min_rate"
        };
        let last = i + 1 == n;
        let given = entry.min_rate.is_some() || entry.above_rate.is_some();
        if last && given {
            diags.push(
                src.error(
                    &format!("{field}.{which}"),
                    tr!("the last class is the fallback and has no {which}", "最後の判定区分はそれ以外すべての区分なので {which} を持ちません"),
                )
                .help(tr!(
                    "remove {which} from the last class, or add a class without one after it", "最後の判定区分から {which} を削除するか、その後に {which} の無い区分を加えてください"
                )),
            );
        }
        if !last && !given {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "only the last class may omit min_rate",
                        "min_rate を省略できるのは最後の判定区分だけです"
                    ),
                )
                .help(tr!(
                    "give every class but the last a min_rate (or above_rate), highest first",
                    "最後以外の判定区分に高い順で min_rate（または above_rate）を書いてください"
                )),
            );
        }
        // Each class must be reachable: strictly below the one before it (`above_rate: x`
        // followed by `min_rate: x` is fine: x itself falls to the second).
        if let (Some(prev), Some(t)) = (previous, c.threshold)
            && (t.rate > prev.rate || (t.rate == prev.rate && (prev.inclusive || !t.inclusive)))
        {
            diags.push(
                src.error(
                    &format!("{field}.{which}"),
                    tr!(
                        "{} is not below the previous class's {}",
                        "{} が前の判定区分の {} より低くなっていません",
                        t.rate,
                        prev.rate
                    ),
                )
                .help(tr!(
                    "order classes from the highest {which} down",
                    "判定区分は {which} の高い順に並べてください"
                )),
            );
        }
        previous = c.threshold.or(previous);
    }
}

/// Whether the plan's classes can express `method`'s judgements; the message and help if not.
pub(super) fn supports(rules: &Rules, method: Method) -> Result<(), (Text, Text)> {
    let keyed = |keys: &[&str]| -> Vec<String> {
        keys.iter()
            .filter(|k| rules.class_by_key(k).is_none())
            .map(|k| (*k).to_string())
            .collect()
    };
    match method {
        Method::Ratio | Method::Progress | Method::Path if rules.classes.is_empty() => {
            return Err((
                tr!(
                    "the {} method classifies a rate, and the plan has no classes",
                    "{} の方法は率で判定しますが、計画に判定区分がありません",
                    method.key()
                ),
                tr!(
                    "list classes under assessment.classes, best first, e.g. - {{label: 達成, min_rate: 100, on_track: true, symbol: ◎}}",
                    "assessment.classes に判定区分を良い順に書いてください（例: - {{label: 達成, min_rate: 100, on_track: true, symbol: ◎}}）"
                ),
            ));
        }
        Method::Ratio | Method::Progress | Method::Path
            if rules.classes.len() > 1 && rules.classes[0].threshold.is_none() =>
        {
            return Err((
                tr!(
                    "the {} method classifies a rate, and the plan's classes have no min_rate",
                    "{} の方法は率で判定しますが、計画の判定区分に min_rate がありません",
                    method.key()
                ),
                tr!(
                    "give every class but the last a min_rate (e.g. 100, 80), or choose a method that fits these classes (grade, trend, none)",
                    "最後以外の判定区分に min_rate（例: 100、80）を書くか、この判定区分に合う方法（grade、trend、none）を選んでください"
                ),
            ));
        }
        Method::Trend => {
            let missing = keyed(&TREND_STATUSES);
            if !missing.is_empty() {
                return Err((
                    tr!(
                        "the trend method reports Open SDG's statuses, and the plan has no class with the key {}",
                        "trend の方法は Open SDG の状態を示しますが、計画に key が {} の判定区分がありません",
                        missing.join(", ")
                    ),
                    tr!(
                        "add classes with `key:` {} (best first), or leave `classes` out of a trend plan to use Open SDG's",
                        "`key:` が {} の判定区分を良い順に加えるか、trend の計画では `classes` を省略して Open SDG のものを使ってください",
                        TREND_STATUSES.join(", ")
                    ),
                ));
            }
        }
        Method::Grade | Method::Milestone if rules.classes.is_empty() => {
            return Err((
                tr!(
                    "the {} method needs the plan's classes",
                    "{} の方法には計画の判定区分が必要です",
                    method.key()
                ),
                tr!(
                    "list the grades under assessment.classes, best first, e.g. - {{key: S, label: S, on_track: true, symbol: S}}",
                    "assessment.classes に判定を良い順に書いてください（例: - {{key: S, label: S, on_track: true, symbol: S}}）"
                ),
            ));
        }
        _ => {}
    }
    Ok(())
}
