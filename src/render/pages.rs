//! The HTML pages: view structs (what templates see) and the page list.
//!
//! Templates get ready-to-print text (formatted figures, labels, relative links); they never
//! compute. Every page knows `root`, the relative path back to the site root (or the
//! configured base path), so the folder can be dropped anywhere.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::charts;
use super::format::{figure, number};
use super::markdown::to_html;
use super::theme::Theme;
use crate::assess::{Assessment, Outcome, StatusCounts};
use crate::model::*;

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
    pub year_heading: &'static str,
    /// The overview's rate row: 達成率, 進捗率, or none when no indicator prints a rate.
    pub rate_label: Option<String>,
    pub goals: Vec<GoalRef>,
}

#[derive(Serialize, Clone)]
pub struct YearView {
    pub code: String,
    pub label: String,
    pub long_label: String,
    pub fiscal: u16,
    pub estimate: bool,
    /// 確定値 or 見込値
    pub status: &'static str,
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
    pub rate: String,
    pub result: StatusView,
    /// How the result was reached: each input the method used, labelled.
    pub inputs: Vec<InputView>,
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
    pub unit: String,
    /// How the indicator is judged, in words: the method and its formula.
    pub method: String,
    /// Its rate's name (達成率, 進捗率), for methods that print one.
    pub rate_label: Option<&'static str>,
    /// Which way is good, in words; empty for the usual higher-is-better.
    pub direction: String,
    pub cumulative: bool,
    pub baseline: Vec<String>,
    pub baseline_note: Option<String>,
    pub units: Vec<UnitRef>,
    /// The places it hangs on directly, linked to their section of the goal's page.
    pub nodes: Vec<UnitRef>,
    pub cells: Vec<CellView>,
    pub reflection_html: Option<String>,
    pub notes_html: Option<String>,
    /// Inline SVG with role="img", title and desc; empty where not shown.
    pub chart_svg: String,
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

#[derive(Serialize)]
pub struct IndexView {
    pub summary: crate::assess::Summary,
    pub legend: Vec<LegendView>,
    pub cards: Vec<CardView>,
    /// What the cards add up to: unit policies, or indicators in a plan without them.
    pub counted_total: usize,
    /// The plan's method in words, for the legend.
    pub method: String,
    /// How rates are rounded, when the plan's method prints one.
    pub rounding: String,
    /// How unit policies are counted into the cards.
    pub counting_rule: String,
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

/// Builds views; links are made relative to the page being rendered through `Links`.
struct Builder<'a> {
    project: &'a Project,
    a: &'a Assessment,
    /// For each node, the units filed under it (unit, which of its IDs), in unit order: goal
    /// pages look them up instead of scanning every unit for every node.
    units_under: Vec<Vec<(usize, usize)>>,
    /// For each node, the indicators hanging on it directly.
    indicators_under: Vec<Vec<usize>>,
    /// The chart of every indicator, in `Project::indicators` order.
    charts: &'a [String],
}

/// Relative or base-path links from one page.
#[derive(Clone)]
struct Links {
    root: String,
}

impl Links {
    fn to(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
    }
}

fn label_html(label: &str) -> String {
    super::theme::escape(label).replace("見込み", "<wbr>見込み")
}

fn status_of(rules: &Rules, o: &Outcome) -> StatusView {
    StatusView {
        label_html: label_html(&o.label),
        label: o.label.clone(),
        symbol: o.symbol.clone(),
        key: o.class.map_or_else(
            || "pending".to_string(),
            |c| format!("tone-{}", rules.classes[c].tone),
        ),
    }
}

impl<'a> Builder<'a> {
    fn year(&self, y: Year) -> YearView {
        let estimate = self.project.plan.year_status(y) == Some(YearStatus::Estimate);
        YearView {
            code: y.to_string(),
            label: y.label(),
            long_label: y.long_label(),
            fiscal: y.fiscal,
            estimate,
            // A year after the report year has targets only.
            status: if y > self.project.plan.report_year {
                ""
            } else if estimate {
                "見込値"
            } else {
                "確定値"
            },
        }
    }

    fn site(&self, l: &Links) -> SiteView {
        let plan = &self.project.plan;
        SiteView {
            city: plan.city.clone(),
            plan: plan.plan.clone(),
            title: plan.title.clone(),
            report_year: plan.report_year.long_label(),
            levels: plan.hierarchy.levels.clone(),
            top_level: plan.hierarchy.levels[0].clone(),
            unit_level: counted_noun(self.project),
            years: plan
                .fiscal_years
                .iter()
                .map(|fy| self.year(fy.year))
                .collect(),
            year_heading: match plan.year_form {
                YearForm::Calendar => "年",
                YearForm::Era | YearForm::Fiscal => "年度",
            },
            rate_label: super::audit::shared_rate_label(self.project),
            goals: plan.hierarchy.tops().map(|g| self.goal_ref(g, l)).collect(),
        }
    }

    fn goal_ref(&self, g: usize, l: &Links) -> GoalRef {
        let node = &self.project.plan.hierarchy.nodes[g];
        GoalRef {
            id: node.id.clone(),
            name: node.name.clone().unwrap_or_default(),
            href: l.to(&node_path(node)),
        }
    }

    fn unit_ref(&self, u: usize, l: &Links) -> UnitRef {
        let unit = &self.project.units[u];
        UnitRef {
            id: unit.ids().collect::<Vec<_>>().join(" "),
            name: unit.name.clone(),
            href: l.to(&unit_path(unit)),
        }
    }

    fn node_ref(&self, n: usize, l: &Links) -> UnitRef {
        let h = &self.project.plan.hierarchy;
        let node = &h.nodes[n];
        let top = &h.nodes[h.top_of(n)];
        UnitRef {
            id: node.id.clone(),
            name: node.name.clone().unwrap_or_default(),
            href: if node.parent.is_none() {
                l.to(&node_path(node))
            } else {
                format!("{}#{}", l.to(&node_path(top)), node.slug)
            },
        }
    }

    /// A unit's result in the report year: the outcome of its indicator, or with several, the
    /// one that decides its summary category (a pending one first, else the lowest class),
    /// so the label always agrees with how the summary counts it.
    fn unit_status(&self, u: usize) -> StatusView {
        match self.a.deciding_outcome(u) {
            Some(o) => status_of(&self.project.plan.rules, o),
            None => StatusView {
                label_html: label_html("成果指標なし"),
                label: "成果指標なし".into(),
                symbol: self.project.plan.rules.pending_symbol.clone(),
                key: "pending".into(),
            },
        }
    }

    fn indicator(&self, i: usize, l: &Links) -> IndicatorView {
        let plan = &self.project.plan;
        let ind = &self.project.indicators[i];
        let outs = &self.a.outcomes[i];
        let cells = ind
            .figures
            .iter()
            .zip(outs)
            .map(|(f, o)| CellView {
                year: self.year(f.year),
                target: match (f.target, &f.target_state) {
                    (Some(t), _) => figure(ind, t),
                    (None, Some(s)) => s.clone(),
                    (None, None) => String::new(),
                },
                actual: match &f.actual {
                    Actual::Value(a) => figure(ind, *a),
                    Actual::State(s) => s.clone(),
                    Actual::NotDue | Actual::NoData => String::new(),
                    _ => o.label.clone(),
                },
                actual_note: f.note.clone(),
                rate: match o.rate {
                    Some(r) => format!("{}%", number(r, plan.rules.decimals)),
                    // A rate method's year without a rate; other methods print none.
                    None if ind.method.rates()
                        && !matches!(f.actual, Actual::NotDue | Actual::NoData) =>
                    {
                        plan.rules.pending_symbol.clone()
                    }
                    None => String::new(),
                },
                result: status_of(&plan.rules, o),
                inputs: super::audit::inputs(ind, o),
            })
            .collect();
        let names = if ind.renamed.is_empty() {
            Vec::new()
        } else {
            let years: Vec<Year> = ind.figures.iter().map(|f| f.year).collect();
            let mut groups: Vec<(Vec<Year>, String)> = Vec::new();
            for y in years {
                let name = ind.name_in(y).to_string();
                match groups.last_mut() {
                    Some((ys, n)) if *n == name => ys.push(y),
                    _ => groups.push((vec![y], name)),
                }
            }
            groups
                .into_iter()
                .map(|(ys, name)| NameView {
                    years: match ys.as_slice() {
                        [one] => one.label(),
                        [first, .., last] => format!("{}～{}", first.label(), last.label()),
                        [] => String::new(),
                    },
                    name,
                })
                .collect()
        };
        IndicatorView {
            no: ind.no,
            slug: ind.slug(),
            href: l.to(&indicator_path(ind)),
            name: ind.name_in(plan.report_year).to_string(),
            names,
            unit: ind.unit.clone(),
            method: super::audit::method_text(ind.method, ind.direction),
            rate_label: super::audit::rate_label(ind.method),
            direction: super::audit::direction_text(ind.direction).to_string(),
            cumulative: ind.cumulative,
            baseline: ind
                .baseline
                .iter()
                .map(|b| format!("{}（{}）", figure(ind, b.value), b.year.label()))
                .collect(),
            baseline_note: ind.baseline_note.clone(),
            units: ind.units.iter().map(|&u| self.unit_ref(u, l)).collect(),
            nodes: ind.nodes.iter().map(|&n| self.node_ref(n, l)).collect(),
            cells,
            reflection_html: ind.reflection.as_deref().map(to_html),
            notes_html: ind.notes.as_deref().map(to_html),
            chart_svg: String::new(),
            judged: outs.iter().any(|o| !o.inputs.is_empty()),
            judged_in: ind.report_year.map(|y| y.long_label()),
            open_sdg: ind.open_sdg.as_ref().map(|s| match &s.series {
                Some(series) => format!("Open SDG {}（{series}）", s.indicator),
                None => format!("Open SDG {}", s.indicator),
            }),
            open_sdg_status: self
                .a
                .trend_groups
                .iter()
                .find(|g| g.members.len() > 1 && g.members.contains(&i))
                .map(|g| {
                    let label = plan
                        .rules
                        .class_by_key(g.status)
                        .map_or(g.status, |c| plan.rules.classes[c].label.as_str());
                    format!("{label}（{}系列のスコアの平均による）", g.members.len())
                }),
        }
    }

    fn placement(&self, node: usize, id: &str, l: &Links) -> PlacementView {
        let h = &self.project.plan.hierarchy;
        let steps = h
            .path(node)
            .into_iter()
            .map(|n| PlaceView {
                level: h.levels[h.nodes[n].level].clone(),
                text: node_text(&h.nodes[n]),
                href: (h.nodes[n].parent.is_none()).then(|| l.to(&node_path(&h.nodes[n]))),
            })
            .collect();
        PlacementView {
            steps,
            id: id.to_string(),
        }
    }

    fn unit(&self, u: usize, l: &Links) -> UnitView {
        let unit = &self.project.units[u];
        UnitView {
            id: unit.id.clone(),
            ids: unit.ids().map(str::to_string).collect(),
            slug: unit.slug.clone(),
            href: l.to(&unit_path(unit)),
            name: unit.name.clone(),
            placements: unit
                .placements
                .iter()
                .zip(unit.ids())
                .map(|(&n, id)| self.placement(n, id, l))
                .collect(),
            related_projects: unit.related_projects.clone(),
            abolished: unit
                .abolished_from
                .map(|y| format!("{}から廃止", y.label())),
            narratives: unit
                .narratives
                .iter()
                .map(|(y, n)| NarrativeView {
                    year: self.year(*y),
                    plan_html: n.plan.as_deref().map(to_html),
                    actual_html: n.actual.as_deref().map(to_html),
                })
                .collect(),
            status: self.unit_status(u),
            indicators: self
                .project
                .indicators_of(u)
                .iter()
                .map(|&i| IndicatorView {
                    chart_svg: self.charts[i].clone(),
                    ..self.indicator(i, l)
                })
                .collect(),
            notes_html: unit.notes.as_deref().map(to_html),
        }
    }

    fn indicator_ref(&self, i: usize, l: &Links) -> IndicatorRef {
        let ind = &self.project.indicators[i];
        let year = self.project.plan.report_year;
        IndicatorRef {
            no: ind.no,
            name: ind.name_in(year).to_string(),
            href: l.to(&indicator_path(ind)),
            status: self.indicator_status(i),
        }
    }

    /// An indicator's result in the report year.
    fn indicator_status(&self, i: usize) -> StatusView {
        match self.a.headline(i) {
            Some(o) => status_of(&self.project.plan.rules, o),
            None => self.no_result("実績なし"),
        }
    }

    fn no_result(&self, label: &str) -> StatusView {
        StatusView {
            label_html: label_html(label),
            label: label.into(),
            symbol: self.project.plan.rules.pending_symbol.clone(),
            key: "pending".into(),
        }
    }

    /// A goal's page: every place below it, top down, with the unit policies filed there and
    /// the indicators hanging on it; the counts are of the goal's units (each once), or of its
    /// indicators in a plan without unit policies.
    fn goal(&self, g: usize, l: &Links) -> GoalView {
        let h = &self.project.plan.hierarchy;
        let mut counts = Counts::default();
        let mut counted = std::collections::HashSet::new();
        let mut counted_indicators = std::collections::HashSet::new();
        let mut count_indicator = |i: usize, counts: &mut Counts| {
            if self.project.units.is_empty() && counted_indicators.insert(i) {
                counts.total += 1;
                counts.units.add(self.a.indicator_status(i));
            }
        };
        let mut sections = Vec::new();
        let mut stack: Vec<usize> = h.nodes[g].children.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            let node = &h.nodes[n];
            stack.extend(node.children.iter().rev());
            let units = self.units_under[n]
                .iter()
                .map(|&(u, which)| {
                    let unit = &self.project.units[u];
                    if counted.insert(u) {
                        counts.total += 1;
                        counts.units.add(self.a.status[u]);
                    }
                    MeasureUnit {
                        id: unit.ids().nth(which).unwrap_or_default().to_string(),
                        name: unit.name.clone(),
                        href: l.to(&unit_path(unit)),
                        status: self.unit_status(u),
                        also_filed: which > 0,
                    }
                })
                .collect();
            for &i in &self.indicators_under[n] {
                count_indicator(i, &mut counts);
            }
            sections.push(NodeSection {
                heading: format!("h{}", (node.level + 1).min(6)),
                level: h.levels[node.level].clone(),
                text: node_text(node),
                anchor: node.slug.clone(),
                units,
                indicators: self.indicators_under[n]
                    .iter()
                    .map(|&i| self.indicator_ref(i, l))
                    .collect(),
                holds_units: h.unit_parent_level() == Some(node.level)
                    && !self.project.units.is_empty(),
            });
        }
        for &i in &self.indicators_under[g] {
            count_indicator(i, &mut counts);
        }
        let r = self.goal_ref(g, l);
        GoalView {
            id: r.id,
            name: r.name,
            href: r.href,
            indicators: self.indicators_under[g]
                .iter()
                .map(|&i| self.indicator_ref(i, l))
                .collect(),
            sections,
            cards: super::audit::cards(&self.project.plan, &counts.units),
            counts,
        }
    }
}

/// A place as printed: its label and name (`1 強い経営基盤の構築`, `(1) 持続可能な…`).
fn node_text(node: &Node) -> String {
    match &node.name {
        Some(name) => format!("{} {}", node.label, name),
        None => format!("{} （名称は原資料に記載なし）", node.label),
    }
}

/// What the summary counts, by the plan's own word.
fn counted_noun(project: &Project) -> String {
    if project.units.is_empty() && !project.indicators.is_empty() {
        "成果指標".into()
    } else {
        project.plan.hierarchy.unit_level().to_string()
    }
}

// Every page's path is made by one of these, and only here.

fn node_path(node: &Node) -> String {
    format!("goals/{}.html", node.slug)
}

fn unit_path(unit: &UnitPolicy) -> String {
    format!("units/{}.html", unit.slug)
}

fn indicator_path(ind: &Indicator) -> String {
    format!("indicators/{}.html", ind.slug())
}

/// One page to render: output path, template, and its context.
pub struct Page {
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

fn links_for(project: &Project, path: &str) -> Links {
    let root = match &project.site.base_path {
        Some(base) => base.clone(),
        None => "../".repeat(path.matches('/').count()),
    };
    Links { root }
}

/// One page of the site. Pages are listed, then rendered independently (in parallel, or one
/// at a time by `serve`), so nothing holds every page in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Index,
    /// Page `n` (from 0) of the indicator overview, when it does not fit on the index.
    Overview(usize),
    /// A top-level node of the hierarchy, by index.
    Goal(usize),
    Unit(usize),
    Indicator(usize),
    NotFound,
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

/// Renders the pages of one project with one theme.
pub struct Pages<'a> {
    b: Builder<'a>,
    theme: &'a Theme,
    per_page: usize,
}

impl<'a> Pages<'a> {
    /// `charts` come from [`indicator_charts`] (`serve` keeps them between rebuilds).
    pub fn new(
        project: &'a Project,
        a: &'a Assessment,
        theme: &'a Theme,
        charts: &'a [String],
    ) -> Pages<'a> {
        let nodes = project.plan.hierarchy.nodes.len();
        let mut units_under: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
        for (u, unit) in project.units.iter().enumerate() {
            for (which, &n) in unit.placements.iter().enumerate() {
                units_under[n].push((u, which));
            }
        }
        let mut indicators_under: Vec<Vec<usize>> = vec![Vec::new(); nodes];
        for (i, ind) in project.indicators.iter().enumerate() {
            for &n in &ind.nodes {
                indicators_under[n].push(i);
            }
        }
        Pages {
            b: Builder {
                project,
                a,
                units_under,
                indicators_under,
                charts,
            },
            theme,
            per_page: project.site.overview_page_size.max(1),
        }
    }

    pub fn theme(&self) -> &Theme {
        self.theme
    }

    fn overview_pages(&self) -> usize {
        let n = self.b.project.indicators.len();
        if n <= self.per_page {
            0
        } else {
            n.div_ceil(self.per_page)
        }
    }

    /// Every page, in a stable order.
    pub fn list(&self) -> Vec<PageKind> {
        let p = self.b.project;
        let mut pages = vec![PageKind::Index];
        pages.extend((0..self.overview_pages()).map(PageKind::Overview));
        pages.extend(p.plan.hierarchy.tops().map(PageKind::Goal));
        pages.extend((0..p.units.len()).map(PageKind::Unit));
        pages.extend((0..p.indicators.len()).map(PageKind::Indicator));
        pages.push(PageKind::NotFound);
        pages
    }

    /// The page's path in the site.
    pub fn path(&self, page: PageKind) -> String {
        let p = self.b.project;
        match page {
            PageKind::Index => "index.html".into(),
            PageKind::Overview(0) => "indicators/index.html".into(),
            PageKind::Overview(n) => format!("indicators/page-{}.html", n + 1),
            PageKind::Goal(g) => node_path(&p.plan.hierarchy.nodes[g]),
            PageKind::Unit(u) => unit_path(&p.units[u]),
            PageKind::Indicator(i) => indicator_path(&p.indicators[i]),
            PageKind::NotFound => "404.html".into(),
        }
    }

    /// The page with indicator `i`'s row of the overview table: the index, or the overview
    /// page it falls on when the table is paged.
    pub fn overview_page_of(&self, i: usize) -> PageKind {
        if self.overview_pages() == 0 {
            PageKind::Index
        } else {
            PageKind::Overview(i / self.per_page)
        }
    }

    /// Where the overview row of indicator `i` is, from the site root.
    fn overview_href(&self, i: usize) -> String {
        let slug = self.b.project.indicators[i].slug();
        format!("{}#{slug}", self.path(self.overview_page_of(i)))
    }

    /// Renders one page to HTML.
    pub fn render(&self, page: PageKind) -> anyhow::Result<String> {
        let path = self.path(page);
        let (template, context) = self.context(page, &path);
        self.theme
            .tera
            .render(template, &context)
            .map_err(|e| anyhow::anyhow!("template {template} for {path}: {}", tera_chain(&e)))
    }

    fn context(&self, page: PageKind, path: &str) -> (&'static str, Context) {
        let b = &self.b;
        let project = b.project;
        let l = links_for(project, path);
        let mut c = base_context(b, path, &l);
        let template = match page {
            PageKind::Index => {
                c.insert("index", &self.index_view(&l));
                c.insert("estimate_suffix", &project.plan.rules.estimate_suffix);
                "index.html"
            }
            PageKind::Overview(n) => {
                c.insert("overview", &self.overview_view(n, &l));
                "overview.html"
            }
            PageKind::Goal(g) => {
                c.insert("goal", &b.goal(g, &l));
                "goal.html"
            }
            PageKind::Unit(u) => {
                c.insert("unit", &b.unit(u, &l));
                "unit.html"
            }
            PageKind::Indicator(i) => {
                c.insert(
                    "indicator",
                    &IndicatorView {
                        chart_svg: b.charts[i].clone(),
                        ..b.indicator(i, &l)
                    },
                );
                c.insert("overview_href", &l.to(&self.overview_href(i)));
                "indicator.html"
            }
            // 404 pages are served from any depth: links must be absolute to work, so use the
            // base path when there is one (relative links work when served from the root).
            PageKind::NotFound => "404.html",
        };
        (template, c)
    }

    fn index_view(&self, l: &Links) -> IndexView {
        let b = &self.b;
        let plan = &b.project.plan;
        let rules = &plan.rules;
        let summary = &b.a.summary;
        let legend = rules
            .classes
            .iter()
            .enumerate()
            .map(|(i, cl)| LegendView {
                label: cl.label.clone(),
                symbol: cl.symbol.clone(),
                key: format!("tone-{}", cl.tone),
                rule: super::audit::class_rule(rules, i),
                on_track: cl.on_track,
                indicators: summary.indicators_by_class[i],
            })
            .collect();
        let cards = super::audit::cards(plan, &summary.units);
        let years_with = |s: YearStatus| -> Vec<String> {
            plan.fiscal_years
                .iter()
                .filter(|fy| fy.status == s)
                .map(|fy| fy.year.label())
                .collect()
        };
        let paged = self.overview_pages() > 0;
        IndexView {
            summary: b.a.summary.clone(),
            legend,
            cards,
            counted_total: if summary.counts_indicators {
                b.project.indicators.len()
            } else {
                summary.unit_policies
            },
            method: super::audit::method_text(rules.method, Direction::HigherIsBetter),
            counting_rule: super::audit::counting_rule(plan, summary.counts_indicators),
            rounding: if rules.method.rates() {
                format!("率は小数第{}位を四捨五入しています。", rules.decimals + 1)
            } else {
                String::new()
            },
            pending_symbol: rules.pending_symbol.clone(),
            confirmed_years: years_with(YearStatus::Confirmed),
            estimate_years: years_with(YearStatus::Estimate),
            indicator_count: b.project.indicators.len(),
            overview_href: paged.then(|| l.to(&self.path(PageKind::Overview(0)))),
            overview_pages: self.overview_pages(),
            rows: if paged {
                Vec::new()
            } else {
                (0..b.project.indicators.len())
                    .map(|i| b.indicator(i, l))
                    .collect()
            },
        }
    }

    fn overview_view(&self, n: usize, l: &Links) -> OverviewView {
        let b = &self.b;
        let total = b.project.indicators.len();
        let pages = self.overview_pages();
        let range = n * self.per_page..((n + 1) * self.per_page).min(total);
        let href = |k: usize| l.to(&self.path(PageKind::Overview(k)));
        // First, last, and a window around the current page: every page is two clicks away
        // at most via the window, and no page carries a thousand links.
        let mut pager = Vec::new();
        let mut last_shown = None;
        for k in 0..pages {
            if k == 0 || k + 1 == pages || k.abs_diff(n) <= 3 {
                if last_shown.is_some_and(|prev| k > prev + 1) {
                    pager.push(PagerLink {
                        label: "…".into(),
                        href: None,
                        current: false,
                    });
                }
                pager.push(PagerLink {
                    label: (k + 1).to_string(),
                    href: Some(href(k)),
                    current: k == n,
                });
                last_shown = Some(k);
            }
        }
        OverviewView {
            page: n + 1,
            pages,
            first_no: b.project.indicators[range.start].no,
            last_no: b.project.indicators[range.end - 1].no,
            total,
            rows: range.map(|i| b.indicator(i, l)).collect(),
            pager,
            prev: n.checked_sub(1).map(href),
            next: (n + 1 < pages).then(|| href(n + 1)),
        }
    }
}

fn base_context(b: &Builder, path: &str, l: &Links) -> Context {
    let mut c = Context::new();
    c.insert("site", &b.site(l));
    c.insert("root", &l.root);
    c.insert("page_path", path);
    c
}

/// Tera hides the useful part of its errors in `source()`.
fn tera_chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

/// The chart of every indicator, in `Project::indicators` order.
pub fn indicator_charts(project: &Project, a: &Assessment) -> Vec<String> {
    project
        .indicators
        .par_iter()
        .zip(&a.outcomes)
        .map(|(ind, outs)| charts::indicator_chart(&project.plan, ind, outs))
        .collect()
}
