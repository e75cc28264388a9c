//! The typed model: the shared language of every stage.
//!
//! `load` builds it from YAML and guarantees its invariants (IDs resolve, years belong to the
//! plan, targets are positive), so later stages never re-validate.

use std::collections::HashMap;
use std::path::PathBuf;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

mod edition;
mod hierarchy;
mod index;
mod publisher;
mod rules;
mod year;
pub use edition::*;
pub use hierarchy::*;
pub use index::*;
pub use publisher::*;
pub use rules::*;
pub use year::*;

/// Whether a year's actuals are final (確定値) or an estimate (見込値).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(
    description = "実績が確定値か見込値か / Whether a year's actuals are final or an estimate"
)]
pub enum YearStatus {
    #[schemars(description = "確定値 / final figures")]
    Confirmed,
    #[schemars(description = "見込値 / estimates")]
    Estimate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiscalYear {
    pub year: Year,
    pub status: YearStatus,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub city: String,
    pub plan: String,
    pub title: String,
    /// How the plan writes its years (era, Western fiscal, calendar).
    pub year_form: YearForm,
    /// The month a fiscal year starts in: 4 (April) in Japan.
    pub fiscal_year_start: u8,
    pub report_year: Year,
    pub fiscal_years: Vec<FiscalYear>,
    pub baseline_year: Year,
    pub hierarchy: Hierarchy,
    pub rules: Rules,
    /// The plan's periods in order (前期・後期実施計画); empty for a plan of one period.
    pub periods: Vec<Period>,
    /// Headings in the report's own words; the site's language gives the others.
    pub wording: Wording,
    /// Who publishes the report, how to reach them, where it was published, on what terms.
    pub publisher: Publisher,
}

/// One period of a plan: a run of its fiscal years with a name of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub name: String,
    pub first: Year,
    pub last: Year,
}

impl Plan {
    /// The period `year` falls in, if the plan has periods.
    pub fn period_of(&self, year: Year) -> Option<&Period> {
        self.periods
            .iter()
            .find(|p| p.first <= year && year <= p.last)
    }

    /// The first year of every period after the first: where a boundary is drawn.
    pub fn period_starts(&self) -> impl Iterator<Item = &Period> {
        self.periods.iter().skip(1)
    }

    pub fn year_status(&self, year: Year) -> Option<YearStatus> {
        self.fiscal_years
            .iter()
            .find(|fy| fy.year == year)
            .map(|fy| fy.status)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Narrative {
    pub plan: Option<String>,
    pub actual: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnitPolicy {
    /// As the publisher writes it: `I-1-(1)-①`.
    pub id: String,
    /// Other places in the hierarchy where the same policy is filed, under other IDs.
    pub also_filed_as: Vec<String>,
    /// The nodes it is filed under, parallel to [`UnitPolicy::ids`].
    pub placements: Vec<usize>,
    /// File and URL name of its page.
    pub slug: String,
    pub name: String,
    pub related_projects: Vec<String>,
    pub abolished_from: Option<Year>,
    /// In plan order; years without narrative are absent.
    pub narratives: Vec<(Year, Narrative)>,
    pub notes: Option<String>,
    pub source: PathBuf,
}

impl UnitPolicy {
    /// All IDs under which this policy is filed, primary first.
    pub fn ids(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(self.id.as_str()).chain(self.also_filed_as.iter().map(String::as_str))
    }

    pub fn is_abolished_in(&self, year: Year) -> bool {
        self.abolished_from.is_some_and(|from| year >= from)
    }
}

/// What the report says instead of, or as, an actual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    Value(Decimal),
    /// A milestone's state (策定中), one of the indicator's `states`.
    State(String),
    /// No figure yet, with the reason (集計中, 年度末に調査, ...).
    Pending(String),
    /// Every unit policy the indicator measures was abolished by this year.
    Abolished,
    /// A year after the report year: only its target is known.
    NotDue,
    /// No figure for this year in a series with gaps (statistics every few years); only
    /// `trend` and `none` indicators may have them.
    NoData,
}

#[derive(Debug, Clone)]
pub struct Figure {
    pub year: Year,
    /// The year's own (interim) target, if the plan sets one for it.
    pub target: Option<Decimal>,
    /// A milestone's target state for the year.
    pub target_state: Option<String>,
    pub actual: Actual,
    /// The publisher's own grade (method `grade`), as an index into the plan's classes.
    pub grade: Option<usize>,
    /// The day the actual was taken, when it is a figure from within the year (9月30日現在).
    pub as_of: Option<Date>,
    /// The year-end estimate (年末見込), given beside a figure from within the year or alone;
    /// when there is one, it is what the year is judged by, as an estimate.
    pub estimate: Option<Decimal>,
    /// Shown next to the actual, e.g. 中止 for 0人(中止).
    pub note: Option<String>,
}

/// A target for a year that need not be one of the plan's years (an SDG target for 2030).
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub year: Year,
    pub value: Decimal,
}

/// Where the unit goes: `1,600件`, `14.5%` (suffix) or `$14.5` (prefix).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(
    description = "単位の位置: suffix（1,600件）または prefix（$14.5）/ Where the unit goes: suffix (1,600件) or prefix ($14.5)"
)]
pub enum UnitPosition {
    #[schemars(description = "数値の後（1,600件）/ after the number")]
    #[default]
    Suffix,
    #[schemars(description = "数値の前（$14.5）/ before the number")]
    Prefix,
}

/// One state of a milestone indicator, in order from first to last stage.
#[derive(Debug, Clone)]
pub struct MilestoneState {
    pub value: String,
    /// The class this state is judged as, if configured; otherwise reaching the year's target
    /// state is the best class and falling short the last.
    pub class: Option<usize>,
}

/// Per-indicator options of the `trend` method (Open SDG's progress_calculation_options).
#[derive(Debug, Clone, Default)]
pub struct TrendOptions {
    /// The first year of data at or after this one is the base (Open SDG: 2015).
    pub base_year: Option<Year>,
    /// Without a target: thresholds shrink as the base value nears this limit.
    pub limit: Option<f64>,
    pub thresholds: TrendThresholds,
}

#[derive(Debug, Clone)]
pub struct Baseline {
    pub year: Year,
    pub value: Decimal,
}

#[derive(Debug, Clone)]
pub struct Rename {
    pub from: Year,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub no: u32,
    pub name: String,
    pub renamed: Vec<Rename>,
    /// The number of the indicator that replaces it (in the plan's next period).
    pub successor: Option<u32>,
    pub unit: String,
    pub unit_position: UnitPosition,
    pub decimals: u32,
    pub direction: Direction,
    /// The plan's method unless the indicator chooses its own.
    pub method: Method,
    /// A running total (累計): shown as such.
    pub cumulative: bool,
    /// Indices into `Project::units`, in the order the file lists them, without duplicates.
    pub units: Vec<usize>,
    /// Nodes of the hierarchy it hangs on directly (an SDG indicator under its target).
    pub nodes: Vec<usize>,
    pub baseline: Vec<Baseline>,
    pub baseline_note: Option<String>,
    /// One per plan fiscal year, in plan order.
    pub figures: Vec<Figure>,
    /// The final target, when its year is not one of the plan's years or no year gives it.
    pub final_target: Option<Target>,
    /// The year this indicator is judged at when its data lags the plan's report year (a
    /// survey every few years, national statistics); the plan's report year otherwise.
    pub report_year: Option<Year>,
    /// The Open SDG indicator and series this KPI reports, if it comes from an SDG dataset.
    pub open_sdg: Option<OpenSdgRef>,
    /// Milestone states, first stage first; empty unless `method` is milestone.
    pub states: Vec<MilestoneState>,
    pub trend: TrendOptions,
    pub reflection: Option<String>,
    pub notes: Option<String>,
    pub source: PathBuf,
}

/// An Open SDG indicator number (`16.1.3`) and, where it has several, the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenSdgRef {
    pub indicator: String,
    pub series: Option<String>,
}

impl Figure {
    /// A year with nothing but what stands for its figure (not due, no data, ...).
    pub fn bare(year: Year, actual: Actual) -> Figure {
        Figure {
            year,
            target: None,
            target_state: None,
            actual,
            grade: None,
            as_of: None,
            estimate: None,
            note: None,
        }
    }

    /// The figure the year is judged by: its year-end estimate if it has one, else its actual.
    pub fn judged_value(&self) -> Option<Decimal> {
        match (self.estimate, &self.actual) {
            (Some(e), _) => Some(e),
            (None, Actual::Value(v)) => Some(*v),
            _ => None,
        }
    }
}

impl Indicator {
    /// An indicator with nothing but its method and direction, for tests to fill in.
    #[cfg(test)]
    pub(crate) fn bare(method: Method, direction: Direction) -> Indicator {
        Indicator {
            no: 1,
            name: "指標".into(),
            renamed: vec![],
            successor: None,
            unit: "件".into(),
            unit_position: UnitPosition::Suffix,
            decimals: 0,
            direction,
            method,
            cumulative: false,
            units: vec![],
            nodes: vec![],
            baseline: vec![],
            baseline_note: None,
            figures: vec![],
            final_target: None,
            report_year: None,
            open_sdg: None,
            states: vec![],
            trend: TrendOptions::default(),
            reflection: None,
            notes: None,
            source: PathBuf::new(),
        }
    }

    /// The year whose outcome is this indicator's headline: its own report year, or the plan's.
    pub fn judged_in(&self, plan: &Plan) -> Year {
        self.report_year.unwrap_or(plan.report_year)
    }

    /// The indicator's name as defined in `year` (it may have been redefined mid-plan).
    pub fn name_in(&self, year: Year) -> &str {
        self.renamed
            .iter()
            .rev()
            .find(|r| year >= r.from)
            .map_or(&self.name, |r| &r.name)
    }

    /// Every target set for this indicator, oldest first: the years' own and the final one.
    pub fn target_points(&self) -> Vec<Target> {
        let mut points: Vec<Target> = self
            .figures
            .iter()
            .filter_map(|f| {
                f.target.map(|value| Target {
                    year: f.year,
                    value,
                })
            })
            .collect();
        if let Some(t) = self.final_target
            && !points.iter().any(|p| p.year == t.year)
        {
            points.push(t);
            points.sort_by_key(|p| p.year);
        }
        points
    }

    /// The target `year` is judged against: its own, else the next one set after it.
    pub fn target_for(&self, year: Year) -> Option<Target> {
        self.target_points().into_iter().find(|t| t.year >= year)
    }

    /// The baseline `year` is measured from: the latest one given at or before it (a plan
    /// that restates its baseline measures later years from the new one), else the earliest.
    pub fn base_for(&self, year: Year) -> Option<&Baseline> {
        self.baseline
            .iter()
            .filter(|b| b.year <= year)
            .max_by_key(|b| b.year)
            .or_else(|| self.baseline.iter().min_by_key(|b| b.year))
    }

    /// Stable file name for its page and chart: `kpi-01`.
    pub fn slug(&self) -> String {
        format!("kpi-{:02}", self.no)
    }
}

/// Site settings from `shinchoku.yaml`; every field has a default.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    /// Prefix of every link, e.g. `/sangyo/shinchoku/`; `None` means relative links.
    pub base_path: Option<String>,
    /// Absolute URL of the published site, used only in sitemap.xml.
    pub base_url: Option<String>,
    pub theme: String,
    pub output_dir: PathBuf,
    /// Rows of the indicator overview per page; a larger report gets paginated overview pages
    /// instead of one table on the index.
    pub overview_page_size: usize,
    /// Several plans in one site: each a folder under `content/` and under the output, with
    /// an index of them all at the root. Empty for a project of one plan (`content/plan.yaml`).
    pub plans: Vec<String>,
    /// The site's language: its UI strings, `<html lang>`, number and date formatting, and
    /// the command line's messages.
    pub lang: Lang,
    /// The earlier editions to publish beside this one (`editions` in shinchoku.yaml).
    pub editions: Vec<EditionConfig>,
    /// The latest edition's label on the editions page (`edition_label`); by default its
    /// report year names it (`令和5年度版`).
    pub edition_label: Option<String>,
    /// Filled by the build: how this edition's pages link to the others.
    pub edition_links: EditionLinks,
}

/// A language the site and the command line speak (`lang` in shinchoku.yaml).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[schemars(description = "言語: ja または en / A language: ja or en")]
pub enum Lang {
    #[schemars(description = "日本語 / Japanese")]
    #[default]
    Ja,
    #[schemars(description = "英語 / English")]
    En,
}

impl Lang {
    /// The BCP 47 tag, as `<html lang>` and Content-Language want it.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            base_path: None,
            base_url: None,
            theme: "default".into(),
            output_dir: "output".into(),
            overview_page_size: 100,
            plans: Vec::new(),
            lang: Lang::Ja,
            editions: Vec::new(),
            edition_label: None,
            edition_links: EditionLinks::default(),
        }
    }
}

/// A loaded, validated project.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    pub site: SiteConfig,
    pub plan: Plan,
    /// In hierarchy order: by the node they are filed under, then by ID.
    pub units: Vec<UnitPolicy>,
    /// Sorted by number.
    pub indicators: Vec<Indicator>,
    /// Every ID's [`id_key`] (primary or also-filed) to its index in `units`.
    pub unit_index: HashMap<String, usize>,
    /// For each unit (as in `units`), the indices of the indicators measuring it, ascending.
    pub unit_indicators: Vec<Vec<usize>>,
    /// What hangs on each node of the hierarchy.
    pub under: Under,
    /// Each unit's and indicator's file to what it holds (see [`by_source`]).
    pub by_source: HashMap<PathBuf, Item>,
}

impl Project {
    pub fn unit(&self, id: &str) -> Option<&UnitPolicy> {
        self.unit_index.get(&id_key(id)).map(|&i| &self.units[i])
    }

    /// Indices of the indicators that measure unit `u`, by indicator number.
    pub fn indicators_of(&self, u: usize) -> &[usize] {
        &self.unit_indicators[u]
    }

    /// Builds `unit_indicators` from the indicators' unit lists.
    pub fn index_indicators(units: usize, indicators: &[Indicator]) -> Vec<Vec<usize>> {
        let mut by_unit = vec![Vec::new(); units];
        for (i, ind) in indicators.iter().enumerate() {
            for &u in &ind.units {
                by_unit[u].push(i);
            }
        }
        by_unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_indicator_names_by_year() {
        let ind = Indicator {
            no: 12,
            name: "A".into(),
            renamed: vec![Rename {
                from: Year::parse("R5").unwrap(),
                name: "B".into(),
            }],
            ..Indicator::bare(Method::Ratio, Direction::HigherIsBetter)
        };
        assert_eq!(ind.name_in(Year::parse("R4").unwrap()), "A");
        assert_eq!(ind.name_in(Year::parse("R5").unwrap()), "B");
    }
}
