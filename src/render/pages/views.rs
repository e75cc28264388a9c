//! What templates see: ready-to-print text, labels and links, never anything to compute.

use serde::Serialize;

use crate::assess::StatusCounts;

#[derive(Serialize, Clone)]
pub struct SiteView {
    pub city: String,
    pub plan: String,
    pub title: String,
    pub report_year: String,
    /// The hierarchy's level names, top first.
    pub levels: Vec<String>,
    pub top_level: String,
    /// What the summary counts: unit policies (by the plan's name for them), or 成果指標 in a
    /// plan whose indicators hang on the hierarchy directly.
    pub unit_level: String,
    pub years: Vec<YearView>,
    /// 年度, or 年 for calendar years.
    pub year_heading: String,
    /// The overview's rate row: 達成率, 進捗率, or none when no indicator prints a rate.
    pub rate_label: Option<String>,
    pub goals: Vec<GoalRef>,
    pub wording: WordingView,
    pub publisher: PublisherView,
}

/// The publisher's details on every page (plan.yaml `publisher:`), with the date of this
/// edition in the site's language and how to cite the data.
#[derive(Serialize, Clone)]
pub struct PublisherView {
    pub department: Option<String>,
    pub url: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub form: Option<String>,
    pub sources: Vec<SourceView>,
    pub licence: Option<SourceView>,
    pub date: Option<String>,
    /// The same day as `YYYY-MM-DD`, for `<time datetime>`.
    pub date_iso: Option<String>,
    /// 出典：厚木市「…」: how a reuser names the source.
    pub citation: String,
    /// Whether there is any contact to show.
    pub has_contact: bool,
}

#[derive(Serialize, Clone)]
pub struct SourceView {
    pub title: String,
    pub url: String,
}

/// Headings whose words belong to one report (plan.yaml `wording:`), or the locale's.
#[derive(Serialize, Clone)]
pub struct WordingView {
    /// The heading of an indicator's "what changes next" text (`reflection`).
    pub commentary: String,
    /// The heading of editorial notes.
    pub notes: String,
}

#[derive(Serialize, Clone)]
pub struct YearView {
    pub code: String,
    pub label: String,
    pub long_label: String,
    pub fiscal: u16,
    pub estimate: bool,
    /// 確定値 or 見込値
    pub status: String,
}

#[derive(Serialize, Clone)]
pub struct GoalRef {
    pub id: String,
    pub name: String,
    pub href: String,
}

#[derive(Serialize, Clone)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
    pub href: String,
}

/// A result as shown: text, symbol and a CSS key; never colour alone.
#[derive(Serialize, Clone)]
pub struct StatusView {
    pub label: String,
    /// `label` as HTML, with a line-break opportunity before 見込み: on a phone the figures
    /// table may wrap 概ね達成見込み there, and only there.
    pub label_html: String,
    pub symbol: String,
    /// The CSS key: `tone-0` (best) … `tone-4` (worst) for classes, `pending` otherwise.
    pub key: String,
}

#[derive(Serialize, Clone)]
pub struct CellView {
    pub year: YearView,
    pub target: String,
    pub actual: String,
    pub actual_note: Option<String>,
    /// 平成15年9月30日現在: the day a figure from within the year was taken.
    pub as_of: Option<String>,
    /// The year-end estimate, with its unit.
    pub estimate: Option<String>,
    pub rate: String,
    pub result: StatusView,
    /// How the result was reached: each input the method used, labelled.
    pub inputs: Vec<InputView>,
    /// The name of the plan period this year starts (後期実施計画), after the first period:
    /// the boundary marked in the table.
    pub period_start: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct InputView {
    pub label: String,
    pub value: String,
}

#[derive(Serialize, Clone)]
pub struct NameView {
    pub years: String,
    pub name: String,
}

#[derive(Serialize, Clone)]
pub struct IndicatorView {
    pub no: u32,
    pub slug: String,
    pub href: String,
    pub name: String,
    /// Non-empty when the indicator was redefined: which name applies to which years.
    pub names: Vec<NameView>,
    /// The indicator that replaces it in the plan's next period.
    pub successor: Option<UnitRef>,
    pub unit: String,
    /// How the indicator is judged, in words: the method and its formula.
    pub method: String,
    /// Its rate's name (達成率, 進捗率), for methods that print one.
    pub rate_label: Option<String>,
    /// Which way is good, in words; empty for the usual higher-is-better.
    pub direction: String,
    pub cumulative: bool,
    pub baseline: Vec<String>,
    pub baseline_note: Option<String>,
    pub units: Vec<UnitRef>,
    /// The places it hangs on directly, linked to their section of the goal's page.
    pub nodes: Vec<UnitRef>,
    /// A cell per figure, in step with the overview's year columns.
    pub cells: Vec<CellView>,
    /// The first cell the figures table lists ([`crate::render::charts::first_listed`]).
    pub listed_from: usize,
    pub reflection_html: Option<String>,
    pub notes_html: Option<String>,
    /// Inline SVG with role="img", title and desc; empty where not shown.
    pub chart_svg: String,
    /// On a unit policy's page and the indicator's own: `indicator_section.html` rendered
    /// with this view, chart and figures included (which are then left out of the view).
    pub section_html: String,
    /// Its CSV (`data/kpi-NN.csv`), linked beside the chart.
    pub csv_href: String,
    /// Whether any year was judged, so the page can show how.
    pub judged: bool,
    /// The year it is judged at, when its data lags the plan's report year.
    pub judged_in: Option<String>,
    /// `Open SDG 16.1.3 (Physical violence)`, for a KPI from an SDG dataset.
    pub open_sdg: Option<String>,
    /// The status Open SDG gives the whole indicator, when it has several series.
    pub open_sdg_status: Option<String>,
}

/// One step of a place in the hierarchy: 基本方針 "1 強い経営基盤の構築".
#[derive(Serialize, Clone)]
pub struct PlaceView {
    pub level: String,
    pub text: String,
    /// Set for the top level, which has a page.
    pub href: Option<String>,
}

/// Where a unit policy is filed: the steps from the top down, and its ID there.
#[derive(Serialize, Clone)]
pub struct PlacementView {
    pub steps: Vec<PlaceView>,
    pub id: String,
}

#[derive(Serialize, Clone)]
pub struct NarrativeView {
    pub year: YearView,
    pub plan_html: Option<String>,
    pub actual_html: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct UnitView {
    pub id: String,
    pub ids: Vec<String>,
    pub slug: String,
    pub href: String,
    pub name: String,
    pub placements: Vec<PlacementView>,
    pub related_projects: Vec<String>,
    pub abolished: Option<String>,
    pub narratives: Vec<NarrativeView>,
    pub status: StatusView,
    pub indicators: Vec<IndicatorView>,
    pub notes_html: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct MeasureUnit {
    pub id: String,
    pub name: String,
    pub href: String,
    pub status: StatusView,
    /// Filed here as a second placement of a policy listed elsewhere too.
    pub also_filed: bool,
}

/// An indicator hanging on a place directly, as a goal page lists it.
#[derive(Serialize, Clone)]
pub struct IndicatorRef {
    pub no: u32,
    pub name: String,
    pub href: String,
    pub status: StatusView,
}

/// One place under a goal, as a section of the goal's page.
#[derive(Serialize, Clone)]
pub struct NodeSection {
    /// `h2` for the level below the goal, `h3` below that, ...
    pub heading: String,
    pub level: String,
    pub text: String,
    pub anchor: String,
    pub units: Vec<MeasureUnit>,
    pub indicators: Vec<IndicatorRef>,
    /// Where unit policies would be listed: the level just above them.
    pub holds_units: bool,
}

#[derive(Serialize, Clone)]
pub struct GoalView {
    pub id: String,
    pub name: String,
    pub href: String,
    /// Indicators on the goal itself.
    pub indicators: Vec<IndicatorRef>,
    pub sections: Vec<NodeSection>,
    pub counts: Counts,
    pub cards: Vec<CardView>,
    /// The counts of each place directly below the goal.
    pub by_place: Option<ByPlaceView>,
}

/// Counts by place: a row per node of one level, a column per summary card.
#[derive(Serialize, Clone)]
pub struct ByPlaceView {
    /// The level's name (基本目標).
    pub level: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<ByPlaceRow>,
}

#[derive(Serialize, Clone)]
pub struct ColumnView {
    pub label: String,
    pub symbol: String,
}

#[derive(Serialize, Clone)]
pub struct ByPlaceRow {
    pub place: String,
    pub href: String,
    pub total: usize,
    /// Parallel to the view's columns.
    pub counts: Vec<usize>,
}

#[derive(Serialize, Clone, Default)]
pub struct Counts {
    pub total: usize,
    #[serde(flatten)]
    pub units: StatusCounts,
}

#[derive(Serialize, Clone)]
pub struct LegendView {
    pub label: String,
    pub symbol: String,
    pub key: String,
    pub rule: String,
    pub on_track: bool,
    /// Indicators in this class in the report year.
    pub indicators: usize,
}

/// One of the index's summary cards: unit policies counted by where they stand.
#[derive(Serialize, Clone)]
pub struct CardView {
    /// What is counted, from the configured classes: 達成見込み・概ね達成見込み.
    pub label: String,
    pub symbol: String,
    pub key: String,
    pub count: usize,
}

/// How results are judged, in words: on the index's legend and on the about page.
#[derive(Serialize)]
pub struct MethodsView {
    pub legend: Vec<LegendView>,
    /// The plan's method in words, for the legend.
    pub method: String,
    /// How rates are rounded, when the plan's method prints one.
    pub rounding: String,
    /// How unit policies are counted into the cards.
    pub counting_rule: String,
}

#[derive(Serialize)]
pub struct IndexView {
    pub summary: crate::assess::Summary,
    /// The method, legend and counting rule (the about page shows them too).
    #[serde(flatten)]
    pub methods: MethodsView,
    pub cards: Vec<CardView>,
    /// The counts of each goal.
    pub by_goal: Option<ByPlaceView>,
    /// What the cards add up to: unit policies, or indicators in a plan without them.
    pub counted_total: usize,
    pub pending_symbol: String,
    pub confirmed_years: Vec<String>,
    pub estimate_years: Vec<String>,
    pub indicator_count: usize,
    /// Set when the overview table is on pages of its own.
    pub overview_href: Option<String>,
    pub overview_pages: usize,
    /// The overview table's rows when it fits on the index.
    pub rows: Vec<IndicatorView>,
}

#[derive(Serialize)]
pub struct PagerLink {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
}

#[derive(Serialize)]
pub struct OverviewView {
    pub page: usize,
    pub pages: usize,
    pub first_no: u32,
    pub last_no: u32,
    pub total: usize,
    pub rows: Vec<IndicatorView>,
    pub pager: Vec<PagerLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// One file on the downloads page.
#[derive(Serialize, Clone)]
pub struct DownloadView {
    pub title: String,
    pub href: String,
    /// `kpi-01.csv`
    pub file_name: String,
    /// CSV, JSON
    pub format: String,
    pub mediatype: &'static str,
    /// The size as read: `2.4 KB`.
    pub size: String,
    pub bytes: usize,
}

/// The downloads page: the files about every indicator (`whole`), then one per indicator
/// (`indicators`), each a [`DownloadView`]; made row by row as it is serialised (see
/// `downloads::downloads`).
#[derive(Serialize)]
pub struct DownloadsView<W, I> {
    pub whole: W,
    pub indicators: I,
}
