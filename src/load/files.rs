//! The on-disk format, exactly as `docs/content-format.md` describes it.
//!
//! These structs only mirror the YAML; `load::validate` turns them into the model. Every struct
//! rejects unknown fields so that a typo is an error, not silently lost data.

use std::collections::BTreeMap;

use serde::Deserialize;

// Keywords (methods, directions, year forms) are the model's own enums: the file names them
// exactly as the model does.
use crate::model::{Direction, Lang, Method, PathSteps, UnitPosition, YearForm, YearStatus};

/// A number as written: `1600`, `29.3`, `1,600`, `１，６００`, `▲2,000`, ...
/// Kept as the text in the file, never through a float, so that the validator reads it exactly
/// and can report exactly what was wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Num(pub String);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The YAML reader hands over any scalar (`1e-400`, `0x10`, `true`) as its text.
        String::deserialize(d).map(Num)
    }
}

/// A year as written: `R5`, or `2023` (which YAML reads as a number), kept as text for the
/// loader to parse in the plan's year form.
pub type YearText = Num;

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub base_path: Option<String>,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub output_dir: Option<String>,
    pub overview_page_size: Option<usize>,
    /// The plans of a project with several: folders under content/.
    pub plans: Option<Vec<String>>,
    /// `ja` (the default) or `en`.
    pub lang: Option<Lang>,
    /// The earlier editions, oldest first.
    pub editions: Option<Vec<EditionFile>>,
    /// The latest edition's label.
    pub edition_label: Option<String>,
}

/// One earlier edition: a git tag (or any revision), or a folder holding the project as it was.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionFile {
    pub tag: Option<String>,
    pub dir: Option<String>,
    pub label: Option<String>,
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub city: String,
    pub plan: String,
    pub title: String,
    #[serde(default)]
    pub year_form: YearForm,
    pub fiscal_year_start: Option<u8>,
    pub report_year: YearText,
    pub fiscal_years: Vec<FiscalYearEntry>,
    pub baseline_year: YearText,
    pub levels: Option<LevelsEntry>,
    pub assessment: AssessmentEntry,
    /// The plan's periods (前期・後期実施計画), in order.
    pub periods: Option<Vec<PeriodEntry>>,
    /// The hierarchy in Atsugi's form: goals → policies → measures, numbered.
    #[serde(default)]
    pub goals: Vec<GoalEntry>,
    /// The hierarchy in any form: nodes with the publisher's own IDs.
    #[serde(default)]
    pub hierarchy: Vec<NodeEntry>,
    /// Headings in the report's own words.
    pub wording: Option<WordingEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordingEntry {
    pub commentary: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalYearEntry {
    pub year: YearText,
    pub status: YearStatus,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedLevels {
    pub goal: String,
    pub policy: String,
    pub measure: String,
    pub unit: String,
}

/// Level names: a list, top first (`[Goal, Target]`), or Atsugi's four named levels.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LevelsEntry {
    List(Vec<String>),
    Named(NamedLevels),
}

/// An ID as written: text, or a whole number (`11204`). A decimal such as `8.10` is refused,
/// because YAML reads it as the number 8.1 and the ID would silently change.
#[derive(Debug, Clone, PartialEq)]
pub struct IdText(pub String);

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IdText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an ID such as I-1-(1)-① or '1.2'")
            }
            fn visit_i64<E>(self, v: i64) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<IdText, E> {
                Err(E::custom(format_args!(
                    "this ID was read as the number {v}; write IDs like 1.2 or 8.10 in quotes ('8.10'), as the report prints them"
                )))
            }
            fn visit_str<E>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NodeEntry {
    pub id: IdText,
    pub name: Option<String>,
    /// Printed before the name at its level; the ID when absent.
    pub label: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub children: Vec<NodeEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentEntry {
    #[serde(default)]
    pub method: Method,
    #[serde(default)]
    pub path_steps: PathSteps,
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    #[serde(default = "default_estimate_suffix")]
    pub estimate_suffix: String,
    #[serde(default)]
    pub classes: Vec<ClassEntry>,
    #[serde(default = "default_pending_symbol")]
    pub pending_symbol: String,
}

fn default_decimals() -> u32 {
    1
}
fn default_estimate_suffix() -> String {
    "見込み".into()
}
fn default_pending_symbol() -> String {
    "－".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassEntry {
    pub key: Option<String>,
    pub label: String,
    pub min_rate: Option<Num>,
    pub above_rate: Option<Num>,
    /// The colour step, 0 (best) to 4 (worst); by default from the class's rank.
    pub tone: Option<u8>,
    pub on_track: bool,
    pub symbol: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    pub id: String,
    pub name: String,
    pub policies: Vec<PolicyEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    pub no: u16,
    pub name: String,
    pub measures: Vec<MeasureEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureEntry {
    pub no: u16,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFile {
    pub id: IdText,
    /// The node it is filed under; by default the one whose ID starts its own.
    pub parent: Option<IdText>,
    pub slug: Option<String>,
    #[serde(default)]
    pub also_filed_as: Vec<IdText>,
    pub name: String,
    #[serde(default)]
    pub related_projects: Vec<String>,
    pub abolished_from: Option<YearText>,
    #[serde(default)]
    pub narratives: BTreeMap<String, NarrativeEntry>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NarrativeEntry {
    pub plan: Option<String>,
    pub actual: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    pub no: u32,
    pub name: String,
    #[serde(default)]
    pub renamed: Vec<RenameEntry>,
    /// The number of the indicator that replaces this one in the plan's next period.
    pub successor: Option<u32>,
    pub unit: String,
    #[serde(default)]
    pub unit_position: UnitPosition,
    #[serde(default)]
    pub decimals: u32,
    pub direction: Option<Direction>,
    pub method: Option<Method>,
    #[serde(default)]
    pub cumulative: bool,
    #[serde(default)]
    pub unit_policies: Vec<IdText>,
    /// Places in the hierarchy it hangs on directly (an SDG indicator under its target).
    #[serde(default)]
    pub under: Vec<IdText>,
    #[serde(default)]
    pub baseline: Vec<BaselineEntry>,
    pub baseline_note: Option<String>,
    pub years: BTreeMap<String, YearEntry>,
    /// The final target, when its year is not one of the plan's years.
    pub target: Option<TargetEntry>,
    /// The year it is judged at, when its data lags the plan's report year.
    pub report_year: Option<YearText>,
    pub open_sdg: Option<OpenSdgEntry>,
    #[serde(default)]
    pub states: Vec<StateEntry>,
    pub trend: Option<TrendEntry>,
    pub reflection: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameEntry {
    pub from: YearText,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub value: Num,
    pub year: Option<YearText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    pub target: Option<Num>,
    pub actual: Option<Num>,
    /// The day the actual was taken, when it is a figure from within the year.
    pub as_of: Option<String>,
    /// The year-end estimate.
    pub estimate: Option<Num>,
    pub grade: Option<String>,
    pub pending: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub year: YearText,
    pub value: Num,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenSdgEntry {
    pub indicator: IdText,
    pub series: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateEntry {
    pub value: String,
    pub class: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendEntry {
    pub base_year: Option<YearText>,
    pub limit: Option<Num>,
    pub thresholds: Option<TrendThresholdsEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrendThresholdsEntry {
    pub high: Option<Num>,
    pub med: Option<Num>,
    pub low: Option<Num>,
}

/// One period of a plan: `{name: 後期実施計画, years: R6-R8}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodEntry {
    pub name: String,
    pub years: String,
}
