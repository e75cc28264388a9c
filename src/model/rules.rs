//! How a plan judges its indicators: the method, the direction of good, and the classes a
//! judgement falls into. `docs/methods.md` gives each method's formula with a worked example.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// How an indicator's figures become a judgement; chosen per plan, overridable per indicator.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(
    description = "判定の方法（計画ごと、指標ごとに変更可）/ How figures become a judgement; per plan, overridable per indicator"
)]
pub enum Method {
    #[schemars(description = "達成率: 実績÷目標×100（厚木市）/ actual ÷ target × 100")]
    /// actual ÷ target × 100 (Atsugi).
    #[default]
    Ratio,
    #[schemars(
        description = "進捗率: (実績−現状値)÷(目標−現状値)×100 / (actual − baseline) ÷ (target − baseline) × 100"
    )]
    /// (actual − baseline) ÷ (target − baseline) × 100.
    Progress,
    #[schemars(
        description = "現状値から目標への経路上のその年度の点に対する進捗 / progress against the year's point on the path to the targets"
    )]
    /// Progress measured against the year's point on the path from the baseline to the targets.
    Path,
    #[schemars(description = "Open SDG の成長率による方法 / Open SDG's compound-growth method")]
    /// Open SDG's compound-growth method (sdg-build's ProgressMeasure).
    Trend,
    #[schemars(description = "公表者の評価（年度ごとに入力）/ the publisher's own grade, per year")]
    /// The publisher's own grade, typed per year and checked against the classes.
    Grade,
    #[schemars(description = "段階（未着手→策定中→策定済）/ a short list of stages")]
    /// A short list of states (未着手 → 策定中 → 策定済); the year's target state is the bar.
    Milestone,
    #[schemars(description = "数値のみ（判定なし）/ figures only, no judgement")]
    /// Figures only: no rate, no class.
    None,
}

impl Method {
    /// Every method, in the order the docs present them.
    pub const ALL: [Method; 7] = [
        Method::Ratio,
        Method::Progress,
        Method::Path,
        Method::Trend,
        Method::Grade,
        Method::Milestone,
        Method::None,
    ];

    /// The name used in YAML and report.json.
    pub fn key(self) -> &'static str {
        match self {
            Method::Ratio => "ratio",
            Method::Progress => "progress",
            Method::Path => "path",
            Method::Trend => "trend",
            Method::Grade => "grade",
            Method::Milestone => "milestone",
            Method::None => "none",
        }
    }

    /// Methods that print a rate and classify it against the classes' thresholds.
    pub fn rates(self) -> bool {
        matches!(self, Method::Ratio | Method::Progress | Method::Path)
    }

    /// Whether every judged year needs a numeric target (its own, or a final one).
    pub fn needs_target(self) -> bool {
        self.rates()
    }

    pub fn needs_baseline(self) -> bool {
        matches!(self, Method::Progress | Method::Path)
    }
}

/// How the path between the baseline and the targets runs through the years in between.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(
    description = "path の経路の引き方 / How the path runs through the years between targets"
)]
pub enum PathSteps {
    #[schemars(description = "点の間を直線で結ぶ / a straight line between consecutive points")]
    /// A straight line between consecutive points (長野県's 目安値, 多摩市's n × 20 %).
    #[default]
    Interpolated,
    #[schemars(
        description = "各年度は次の目標に合わせる（段階的な目標）/ each year held to the next target"
    )]
    /// Each year is held to the next target at or after it (staged targets: 20 % by 2026).
    Stepwise,
}

/// Which way is good.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "望ましい方向 / Which way is good")]
pub enum Direction {
    #[schemars(description = "大きいほどよい / higher is better")]
    #[default]
    HigherIsBetter,
    #[schemars(description = "小さいほどよい / lower is better")]
    LowerIsBetter,
    #[schemars(description = "目標の水準以上を保つ / stay at or above the target level")]
    /// Stay at or above the target level.
    MaintainAtLeast,
    #[schemars(description = "目標の水準以下を保つ / stay at or below the target level")]
    /// Stay at or below the target level.
    MaintainAtMost,
}

impl Direction {
    /// Whether a larger value is the better one.
    pub fn up(self) -> bool {
        matches!(self, Direction::HigherIsBetter | Direction::MaintainAtLeast)
    }

    /// Whether `value` is at or beyond `level` in the good direction.
    pub fn reaches(self, value: Decimal, level: Decimal) -> bool {
        if self.up() {
            value >= level
        } else {
            value <= level
        }
    }
}

/// The rate a class starts at: `min_rate` (reached at or above) or `above_rate` (strictly above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Threshold {
    pub rate: Decimal,
    pub inclusive: bool,
}

impl Threshold {
    pub fn admits(&self, rate: Decimal) -> bool {
        if self.inclusive {
            rate >= self.rate
        } else {
            rate > self.rate
        }
    }
}

/// Colour steps from best (0) to worst; a class's step follows its rank, never its position
/// among a fixed palette, so the worst of two classes is never painted as "almost".
pub const TONES: u8 = 5;

/// One result class, e.g. 達成 from 100 %.
#[derive(Debug, Clone, Serialize)]
pub struct ClassRule {
    /// Machine key: the `status` in report.json, the grade typed under `grade`, Open SDG's
    /// status under `trend`.
    pub key: String,
    pub label: String,
    /// Where a rate-based class starts; `None` for the fallback class and for classes that
    /// are typed (grade) or keyed (trend).
    pub threshold: Option<Threshold>,
    pub on_track: bool,
    pub symbol: String,
    /// 0 (best) to `TONES - 1` (worst), from the class's rank.
    pub tone: u8,
}

/// The tone of the class at `rank` (0 = best) of `count`: spread evenly from best to worst.
pub fn tone(rank: usize, count: usize) -> u8 {
    if count <= 1 {
        return 0;
    }
    let steps = usize::from(TONES - 1);
    // Round half up: (rank × steps) / (count − 1), in integers.
    let t = (2 * rank * steps + (count - 1)) / (2 * (count - 1));
    u8::try_from(t.min(steps)).unwrap_or(TONES - 1)
}

/// Open SDG's growth thresholds; `None` fields take sdg-build's defaults.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TrendThresholds {
    pub high: Option<f64>,
    pub med: Option<f64>,
    pub low: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rules {
    /// The plan's method; an indicator may choose another.
    pub method: Method,
    pub path_steps: PathSteps,
    pub decimals: u32,
    pub estimate_suffix: String,
    /// Best first. Rate-based classes are ordered from the highest threshold down, the last
    /// one without a threshold.
    pub classes: Vec<ClassRule>,
    pub pending_symbol: String,
}

impl Rules {
    pub fn class_by_key(&self, key: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.key == key)
    }

    /// The best class for a bar that is reached, the last for one that is not; `None` when
    /// the plan has no classes (load refuses judging methods then).
    pub fn reached_class(&self, reached: bool) -> Option<usize> {
        let last = self.classes.len().checked_sub(1)?;
        Some(if reached { 0 } else { last })
    }
}

/// The Open SDG status keys, best first, as `trend` reports them.
pub const TREND_STATUSES: [&str; 5] = [
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tones_spread_from_best_to_worst() {
        assert_eq!(tone(0, 1), 0);
        assert_eq!((0..2).map(|r| tone(r, 2)).collect::<Vec<_>>(), [0, 4]);
        assert_eq!((0..3).map(|r| tone(r, 3)).collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!((0..4).map(|r| tone(r, 4)).collect::<Vec<_>>(), [0, 1, 3, 4]);
        assert_eq!(
            (0..5).map(|r| tone(r, 5)).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(
            (0..6).map(|r| tone(r, 6)).collect::<Vec<_>>(),
            [0, 1, 2, 2, 3, 4]
        );
    }
}
