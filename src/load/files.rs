//! The on-disk format, exactly as `docs/content-format.md` describes it.
//!
//! These structs only mirror the YAML; `load::validate` turns them into the model. Every struct
//! rejects unknown fields so that a typo is an error, not silently lost data.

use std::collections::BTreeMap;

use serde::Deserialize;

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

#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub base_path: Option<String>,
    pub base_url: Option<String>,
    pub theme: Option<String>,
    pub output_dir: Option<String>,
    pub overview_page_size: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    pub city: String,
    pub plan: String,
    pub title: String,
    pub report_year: String,
    pub fiscal_years: Vec<FiscalYearEntry>,
    pub baseline_year: String,
    pub levels: Option<LevelsEntry>,
    pub assessment: AssessmentEntry,
    pub goals: Vec<GoalEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FiscalYearEntry {
    pub year: String,
    pub status: StatusEntry,
}

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum StatusEntry {
    Confirmed,
    Estimate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelsEntry {
    pub goal: String,
    pub policy: String,
    pub measure: String,
    pub unit: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentEntry {
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    #[serde(default = "default_estimate_suffix")]
    pub estimate_suffix: String,
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
    pub label: String,
    pub min_rate: Option<Num>,
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
    pub id: String,
    #[serde(default)]
    pub also_filed_as: Vec<String>,
    pub name: String,
    #[serde(default)]
    pub related_projects: Vec<String>,
    pub abolished_from: Option<String>,
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

#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum DirectionEntry {
    HigherIsBetter,
    LowerIsBetter,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorFile {
    pub no: u32,
    pub name: String,
    #[serde(default)]
    pub renamed: Vec<RenameEntry>,
    pub unit: String,
    #[serde(default)]
    pub decimals: u32,
    pub direction: Option<DirectionEntry>,
    pub unit_policies: Vec<String>,
    #[serde(default)]
    pub baseline: Vec<BaselineEntry>,
    pub baseline_note: Option<String>,
    pub years: BTreeMap<String, YearEntry>,
    pub reflection: Option<String>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenameEntry {
    pub from: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    pub value: Num,
    pub year: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    pub target: Num,
    pub actual: Option<Num>,
    pub pending: Option<String>,
    pub note: Option<String>,
}
