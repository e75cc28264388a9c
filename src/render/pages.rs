//! The HTML pages: view structs (what templates see) and the page list.
//!
//! Templates get ready-to-print text (formatted figures, labels, relative links); they never
//! compute. Every page knows `root`, the relative path back to the site root (or the
//! configured base path), so the folder can be dropped anywhere.

use std::collections::HashMap;

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
    pub levels: Levels,
    pub years: Vec<YearView>,
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
    /// Which way is good, in words; empty for the usual higher-is-better.
    pub direction: String,
    pub cumulative: bool,
    pub baseline: Vec<String>,
    pub baseline_note: Option<String>,
    pub units: Vec<UnitRef>,
    pub cells: Vec<CellView>,
    pub reflection_html: Option<String>,
    pub notes_html: Option<String>,
    /// Inline SVG with role="img", title and desc; empty where not shown.
    pub chart_svg: String,
    /// Whether any year was judged, so the page can show how.
    pub judged: bool,
}

#[derive(Serialize, Clone)]
pub struct PlacementView {
    pub goal: GoalRef,
    pub policy: String,
    pub measure: String,
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
pub struct MeasureView {
    pub label: String,
    pub units: Vec<MeasureUnit>,
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

#[derive(Serialize, Clone)]
pub struct PolicyView {
    pub label: String,
    pub measures: Vec<MeasureView>,
}

#[derive(Serialize, Clone)]
pub struct GoalView {
    pub id: String,
    pub name: String,
    pub href: String,
    pub policies: Vec<PolicyView>,
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
    /// Units filed under each (goal, policy, measure), in ID order: goal pages look them up
    /// instead of scanning every unit for every measure.
    by_measure: HashMap<(u8, u16, u16), Vec<(usize, UnitId)>>,
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
            status: if estimate { "見込値" } else { "確定値" },
        }
    }

    fn site(&self, l: &Links) -> SiteView {
        let plan = &self.project.plan;
        SiteView {
            city: plan.city.clone(),
            plan: plan.plan.clone(),
            title: plan.title.clone(),
            report_year: plan.report_year.long_label(),
            levels: plan.levels.clone(),
            years: plan
                .fiscal_years
                .iter()
                .map(|fy| self.year(fy.year))
                .collect(),
            goals: plan.goals.iter().map(|g| self.goal_ref(g, l)).collect(),
        }
    }

    fn goal_ref(&self, g: &Goal, l: &Links) -> GoalRef {
        GoalRef {
            id: roman(g.id),
            name: g.name.clone(),
            href: l.to(&format!("goals/{}.html", roman(g.id).to_ascii_lowercase())),
        }
    }

    fn unit_ref(&self, u: usize, l: &Links) -> UnitRef {
        let unit = &self.project.units[u];
        UnitRef {
            id: unit
                .ids()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(" "),
            name: unit.name.clone(),
            href: l.to(&format!("units/{}.html", unit.id.slug())),
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
                    Actual::NotDue => String::new(),
                    _ => o.label.clone(),
                },
                actual_note: f.note.clone(),
                rate: o.rate.map_or_else(
                    || plan.rules.pending_symbol.clone(),
                    |r| format!("{}%", number(r, plan.rules.decimals)),
                ),
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
            href: l.to(&format!("indicators/{}.html", ind.slug())),
            name: ind.name_in(plan.report_year).to_string(),
            names,
            unit: ind.unit.clone(),
            method: super::audit::method_text(ind.method, ind.direction),
            direction: super::audit::direction_text(ind.direction).to_string(),
            cumulative: ind.cumulative,
            baseline: ind
                .baseline
                .iter()
                .map(|b| format!("{}（{}）", figure(ind, b.value), b.year.label()))
                .collect(),
            baseline_note: ind.baseline_note.clone(),
            units: ind.units.iter().map(|&u| self.unit_ref(u, l)).collect(),
            cells,
            reflection_html: ind.reflection.as_deref().map(to_html),
            notes_html: ind.notes.as_deref().map(to_html),
            chart_svg: String::new(),
            judged: outs.iter().any(|o| !o.inputs.is_empty()),
        }
    }

    fn placement(&self, id: UnitId, l: &Links) -> PlacementView {
        let plan = &self.project.plan;
        let goal = plan.goal(id.goal).expect("validated");
        let policy = goal.policy(id.policy).expect("validated");
        let measure = policy.measure(id.measure).expect("validated");
        PlacementView {
            goal: self.goal_ref(goal, l),
            policy: format!("{} {}", policy.no, policy.name),
            measure: measure_label(measure),
            id: id.to_string(),
        }
    }

    fn unit(&self, u: usize, l: &Links) -> UnitView {
        let unit = &self.project.units[u];
        UnitView {
            id: unit.id.to_string(),
            ids: unit.ids().map(|i| i.to_string()).collect(),
            slug: unit.id.slug(),
            href: l.to(&format!("units/{}.html", unit.id.slug())),
            name: unit.name.clone(),
            placements: unit.ids().map(|id| self.placement(id, l)).collect(),
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

    fn goal(&self, g: &Goal, l: &Links) -> GoalView {
        let mut counts = Counts::default();
        let mut counted = std::collections::HashSet::new();
        let policies = g
            .policies
            .iter()
            .map(|p| PolicyView {
                label: format!("{} {}", p.no, p.name),
                measures: p
                    .measures
                    .iter()
                    .map(|m| MeasureView {
                        label: measure_label(m),
                        units: self
                            .by_measure
                            .get(&(g.id, p.no, m.no))
                            .map_or(&[][..], Vec::as_slice)
                            .iter()
                            .map(|&(u, id)| {
                                let unit = &self.project.units[u];
                                if counted.insert(u) {
                                    counts.total += 1;
                                    counts.units.add(self.a.status[u]);
                                }
                                MeasureUnit {
                                    id: id.to_string(),
                                    name: unit.name.clone(),
                                    href: l.to(&format!("units/{}.html", unit.id.slug())),
                                    status: self.unit_status(u),
                                    also_filed: id != unit.id,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect();
        let r = self.goal_ref(g, l);
        GoalView {
            id: r.id,
            name: r.name,
            href: r.href,
            policies,
            cards: super::audit::cards(&self.project.plan, &counts.units),
            counts,
        }
    }
}

fn measure_label(m: &Measure) -> String {
    match &m.name {
        Some(n) => format!("({}) {}", m.no, n),
        None => format!("({}) （名称は原資料に記載なし）", m.no),
    }
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
    Goal(u8),
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
        let mut by_measure: HashMap<(u8, u16, u16), Vec<(usize, UnitId)>> = HashMap::new();
        for (u, unit) in project.units.iter().enumerate() {
            for id in unit.ids() {
                by_measure
                    .entry((id.goal, id.policy, id.measure))
                    .or_default()
                    .push((u, id));
            }
        }
        for list in by_measure.values_mut() {
            list.sort_by_key(|&(_, id)| id);
        }
        Pages {
            b: Builder {
                project,
                a,
                by_measure,
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
        pages.extend(p.plan.goals.iter().map(|g| PageKind::Goal(g.id)));
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
            PageKind::Goal(g) => format!("goals/{}.html", roman(g).to_ascii_lowercase()),
            PageKind::Unit(u) => format!("units/{}.html", p.units[u].id.slug()),
            PageKind::Indicator(i) => format!("indicators/{}.html", p.indicators[i].slug()),
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
                let goal = project.plan.goal(g).expect("listed from the plan");
                c.insert("goal", &b.goal(goal, &l));
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
            method: super::audit::method_text(rules.method, Direction::HigherIsBetter),
            counting_rule: super::audit::counting_rule(plan),
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
