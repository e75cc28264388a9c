//! The HTML pages: view structs (what templates see) and the page list.
//!
//! Templates get ready-to-print text (formatted figures, labels, relative links); they never
//! compute. Every page knows `root`, the relative path back to the site root (or the
//! configured base path), so the folder can be dropped anywhere.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::charts;
use super::format::{number, with_unit};
use super::markdown::to_html;
use super::theme::Theme;
use crate::assess::{Assessment, Outcome, Status};
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
    pub symbol: String,
    /// `c0`, `c1`, ... for result classes, `pending` for no figure.
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
    pub lower_is_better: bool,
    pub baseline: Vec<String>,
    pub baseline_note: Option<String>,
    pub units: Vec<UnitRef>,
    pub cells: Vec<CellView>,
    pub reflection_html: Option<String>,
    pub notes_html: Option<String>,
    pub chart_svg: String,
    pub chart_href: String,
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
}

#[derive(Serialize, Clone, Default)]
pub struct Counts {
    pub total: usize,
    pub on_track: usize,
    pub not_on_track: usize,
    pub pending: usize,
}

#[derive(Serialize, Clone)]
pub struct LegendView {
    pub label: String,
    pub symbol: String,
    pub key: String,
    pub rule: String,
}

#[derive(Serialize)]
pub struct IndexView {
    pub summary: crate::assess::Summary,
    pub summary_chart: String,
    pub legend: Vec<LegendView>,
    pub pending_symbol: String,
    pub confirmed_years: Vec<String>,
    pub estimate_years: Vec<String>,
    pub rows: Vec<IndicatorView>,
}

/// Builds views; links are made relative to the page being rendered through `Links`.
struct Builder<'a> {
    project: &'a Project,
    a: &'a Assessment,
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

fn status_of(o: &Outcome) -> StatusView {
    StatusView {
        label: o.label.clone(),
        symbol: o.symbol.clone(),
        key: o
            .class
            .map_or_else(|| "pending".to_string(), |c| format!("c{c}")),
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
        let year = self.project.plan.report_year;
        let deciding = self
            .project
            .indicators_of(u)
            .iter()
            .filter_map(|&i| self.a.outcomes[i].iter().find(|o| o.year == year))
            .max_by_key(|o| o.class.map_or(usize::MAX, |c| c));
        match deciding {
            Some(o) => status_of(o),
            None => StatusView {
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
                target: with_unit(f.target, ind.decimals, &ind.unit),
                actual: match &f.actual {
                    Actual::Value(a) => with_unit(*a, ind.decimals, &ind.unit),
                    _ => o.label.clone(),
                },
                actual_note: f.note.clone(),
                rate: o.rate.map_or_else(
                    || plan.rules.pending_symbol.clone(),
                    |r| format!("{}%", number(r, plan.rules.decimals)),
                ),
                result: status_of(o),
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
            lower_is_better: ind.direction == Direction::LowerIsBetter,
            baseline: ind
                .baseline
                .iter()
                .map(|b| {
                    format!(
                        "{}（{}）",
                        with_unit(b.value, ind.decimals, &ind.unit),
                        b.year.label()
                    )
                })
                .collect(),
            baseline_note: ind.baseline_note.clone(),
            units: ind.units.iter().map(|&u| self.unit_ref(u, l)).collect(),
            cells,
            reflection_html: ind.reflection.as_deref().map(to_html),
            notes_html: ind.notes.as_deref().map(to_html),
            chart_svg: String::new(),
            chart_href: l.to(&format!("charts/{}.svg", ind.slug())),
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

    fn unit(&self, u: usize, charts: &[String], l: &Links) -> UnitView {
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
                    chart_svg: charts[i].clone(),
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
                            .project
                            .units
                            .iter()
                            .enumerate()
                            .flat_map(|(u, unit)| unit.ids().map(move |id| (u, unit, id)))
                            .filter(|(_, _, id)| {
                                id.goal == g.id && id.policy == p.no && id.measure == m.no
                            })
                            .map(|(u, unit, id)| {
                                if counted.insert(u) {
                                    counts.total += 1;
                                    match self.a.status[u] {
                                        Status::OnTrack => counts.on_track += 1,
                                        Status::NotOnTrack => counts.not_on_track += 1,
                                        Status::Pending => counts.pending += 1,
                                    }
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

fn base_context(b: &Builder, path: &str, l: &Links) -> Context {
    let mut c = Context::new();
    c.insert("site", &b.site(l));
    c.insert("root", &l.root);
    c.insert("page_path", path);
    c
}

/// Every page of the site with its context; charts are rendered once and shared.
pub fn pages(
    project: &Project,
    a: &Assessment,
    charts: &[String],
    summary_chart: &str,
) -> Vec<Page> {
    let b = Builder { project, a };
    let plan = &project.plan;
    let mut pages = Vec::new();

    let path = "index.html";
    let l = links_for(project, path);
    let mut c = base_context(&b, path, &l);
    let rules = &plan.rules;
    let legend = rules
        .classes
        .iter()
        .enumerate()
        .map(|(i, cl)| {
            let upper = i.checked_sub(1).and_then(|p| rules.classes[p].min_rate);
            let rule = match (cl.min_rate, upper) {
                (Some(min), None) => format!("達成率{min}%以上"),
                (Some(min), Some(up)) => format!("達成率{min}%以上{up}%未満"),
                (None, Some(up)) => format!("達成率{up}%未満"),
                (None, None) => "すべて".to_string(),
            };
            LegendView {
                label: cl.label.clone(),
                symbol: cl.symbol.clone(),
                key: format!("c{i}"),
                rule,
            }
        })
        .collect();
    let years_with = |s: YearStatus| -> Vec<String> {
        plan.fiscal_years
            .iter()
            .filter(|fy| fy.status == s)
            .map(|fy| fy.year.label())
            .collect()
    };
    c.insert(
        "index",
        &IndexView {
            summary: a.summary.clone(),
            summary_chart: summary_chart.to_string(),
            legend,
            pending_symbol: rules.pending_symbol.clone(),
            confirmed_years: years_with(YearStatus::Confirmed),
            estimate_years: years_with(YearStatus::Estimate),
            rows: (0..project.indicators.len())
                .map(|i| b.indicator(i, &l))
                .collect(),
        },
    );
    c.insert("estimate_suffix", &rules.estimate_suffix);
    pages.push(Page {
        path: path.into(),
        template: "index.html",
        context: c,
    });

    for g in &plan.goals {
        let path = format!("goals/{}.html", roman(g.id).to_ascii_lowercase());
        let l = links_for(project, &path);
        let mut c = base_context(&b, &path, &l);
        c.insert("goal", &b.goal(g, &l));
        pages.push(Page {
            path,
            template: "goal.html",
            context: c,
        });
    }
    for u in 0..project.units.len() {
        let path = format!("units/{}.html", project.units[u].id.slug());
        let l = links_for(project, &path);
        let mut c = base_context(&b, &path, &l);
        let view = b.unit(u, charts, &l);
        c.insert("unit", &view);
        pages.push(Page {
            path,
            template: "unit.html",
            context: c,
        });
    }
    for (i, (ind, chart)) in project.indicators.iter().zip(charts).enumerate() {
        let path = format!("indicators/{}.html", ind.slug());
        let l = links_for(project, &path);
        let mut c = base_context(&b, &path, &l);
        c.insert(
            "indicator",
            &IndicatorView {
                chart_svg: chart.clone(),
                ..b.indicator(i, &l)
            },
        );
        pages.push(Page {
            path,
            template: "indicator.html",
            context: c,
        });
    }
    // 404 pages are served from any depth: links must be absolute to work, so use the base path
    // when there is one (relative links work when it is served from the root).
    let path = "404.html";
    let l = links_for(project, path);
    pages.push(Page {
        path: path.into(),
        template: "404.html",
        context: base_context(&b, path, &l),
    });
    pages
}

/// Renders all pages with the theme.
pub fn render_pages(theme: &Theme, pages: &[Page]) -> anyhow::Result<Vec<(String, String)>> {
    pages
        .par_iter()
        .map(|p| {
            let html = theme.tera.render(p.template, &p.context).map_err(|e| {
                anyhow::anyhow!("template {} for {}: {}", p.template, p.path, tera_chain(&e))
            })?;
            Ok((p.path.clone(), html))
        })
        .collect()
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
