//! Builds the views of one project's pages; links are made relative to the page being
//! rendered through [`Links`].

use super::views::*;
use crate::assess::{Assessment, Outcome};
use crate::model::*;
use crate::render::format::{figure, number};
use crate::render::locale::Strings;
use crate::render::markdown::to_html;

/// Builds views; links are made relative to the page being rendered through `Links`.
pub(super) struct Builder<'a> {
    pub(super) project: &'a Project,
    pub(super) assessment: &'a Assessment,
    /// The interface text.
    pub(super) strings: &'a Strings,
}

/// Relative or base-path links from one page.
#[derive(Clone)]
pub(super) struct Links {
    pub(super) root: String,
}

impl Links {
    pub(super) fn to(&self, path: &str) -> String {
        format!("{}{}", self.root, path)
    }
}

pub(super) fn label_html(label: &str) -> String {
    crate::render::theme::escape(label).replace("見込み", "<wbr>見込み")
}

pub(super) fn status_of(rules: &Rules, o: &Outcome) -> StatusView {
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
    pub(super) fn year(&self, y: Year) -> YearView {
        let s = self.strings;
        let estimate = self.project.plan.year_status(y) == Some(YearStatus::Estimate);
        YearView {
            code: y.to_string(),
            label: y.label_in(s.lang()),
            long_label: y.long_label_in(s.lang()),
            fiscal: y.fiscal,
            estimate,
            // A year after the report year has targets only.
            status: if y > self.project.plan.report_year {
                String::new()
            } else if estimate {
                s.get("year.estimate").into()
            } else {
                s.get("year.confirmed").into()
            },
        }
    }

    fn publisher_view(&self) -> PublisherView {
        let plan = &self.project.plan;
        let p = &plan.publisher;
        let s = self.strings;
        let date = p.date.as_deref().and_then(Date::parse);
        PublisherView {
            department: p.department.clone(),
            url: p.url.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            form: p.form.clone(),
            sources: p
                .sources
                .iter()
                .map(|d| SourceView {
                    title: d.title.clone(),
                    url: d.url.clone(),
                })
                .collect(),
            licence: p.licence.as_ref().map(|l| SourceView {
                title: match (&l.key, s.lang()) {
                    (Some(key), Lang::Ja) if key == "pdl-1.0" => {
                        format!("デジタル庁「{}」", l.name)
                    }
                    (Some(key), Lang::En) if key == "pdl-1.0" => {
                        "Public Data License (Version 1.0), Digital Agency of Japan".into()
                    }
                    _ => l.name.clone(),
                },
                url: l.url.clone(),
            }),
            date: date.map(|d| d.label_in(plan.year_form, s.lang())),
            date_iso: date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
            citation: s
                .get("about.citation")
                .replace("{publisher}", &plan.city)
                .replace("{report}", &format!("{} {}", plan.plan, plan.title)),
            has_contact: p.phone.is_some() || p.email.is_some() || p.form.is_some(),
        }
    }

    pub(super) fn site(&self, links: &Links) -> SiteView {
        let plan = &self.project.plan;
        let s = self.strings;
        SiteView {
            city: plan.city.clone(),
            plan: plan.plan.clone(),
            title: plan.title.clone(),
            report_year: plan.report_year.long_label_in(s.lang()),
            levels: plan.hierarchy.levels.clone(),
            top_level: plan.hierarchy.levels[0].clone(),
            unit_level: counted_noun(self.project, s),
            years: plan
                .fiscal_years
                .iter()
                .map(|fy| self.year(fy.year))
                .collect(),
            year_heading: s
                .get(match plan.year_form {
                    YearForm::Calendar => "year.heading_calendar",
                    YearForm::Era | YearForm::Fiscal => "year.heading_fiscal",
                })
                .into(),
            rate_label: crate::render::audit::shared_rate_label(self.project, s),
            publisher: self.publisher_view(),
            wording: WordingView {
                commentary: plan
                    .wording
                    .commentary
                    .clone()
                    .unwrap_or_else(|| s.get("wording.commentary").into()),
                notes: plan
                    .wording
                    .notes
                    .clone()
                    .unwrap_or_else(|| s.get("wording.notes").into()),
            },
            goals: plan
                .hierarchy
                .tops()
                .map(|g| self.goal_ref(g, links))
                .collect(),
        }
    }

    pub(super) fn goal_ref(&self, g: usize, links: &Links) -> GoalRef {
        let node = &self.project.plan.hierarchy.nodes[g];
        GoalRef {
            id: node.id.clone(),
            name: node.name.clone().unwrap_or_default(),
            href: links.to(&node_path(node)),
        }
    }

    pub(super) fn unit_ref(&self, u: usize, links: &Links) -> UnitRef {
        let unit = &self.project.units[u];
        UnitRef {
            id: unit.ids().collect::<Vec<_>>().join(" "),
            name: unit.name.clone(),
            href: links.to(&unit_path(unit)),
        }
    }

    pub(super) fn node_ref(&self, n: usize, links: &Links) -> UnitRef {
        let h = &self.project.plan.hierarchy;
        let node = &h.nodes[n];
        let top = &h.nodes[h.top_of(n)];
        UnitRef {
            id: node.id.clone(),
            name: node.name.clone().unwrap_or_default(),
            href: if node.parent.is_none() {
                links.to(&node_path(node))
            } else {
                format!("{}#{}", links.to(&node_path(top)), node.slug)
            },
        }
    }

    /// A unit's result in the report year: the outcome of its indicator, or with several, the
    /// one that decides its summary category (a pending one first, else the lowest class),
    /// so the label always agrees with how the summary counts it.
    pub(super) fn unit_status(&self, u: usize) -> StatusView {
        match self.assessment.deciding_outcome(u) {
            Some(o) if o.label.is_empty() => self.no_result(self.strings.get("status.no_actual")),
            Some(o) => self.status(o),
            None => StatusView {
                label_html: label_html(self.strings.get("status.no_indicator")),
                label: self.strings.get("status.no_indicator").into(),
                symbol: self.project.plan.rules.pending_symbol.clone(),
                key: "pending".into(),
            },
        }
    }

    /// Indicator `i`'s figures, year by year, as its table and the overview print them.
    pub(super) fn cells(&self, i: usize) -> Vec<CellView> {
        let plan = &self.project.plan;
        let s = self.strings;
        let lang = s.lang();
        let ind = &self.project.indicators[i];
        let outs = &self.assessment.outcomes[i];
        ind.figures
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
                    _ => crate::render::audit::outcome_label(o, s).to_string(),
                },
                actual_note: f.note.clone(),
                as_of: f
                    .as_of
                    .map(|d| s.fill("year.as_of", &[("date", &d.label_in(plan.year_form, lang))])),
                estimate: f.estimate.map(|e| figure(ind, e)),
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
                result: self.status(o),
                inputs: crate::render::audit::inputs(ind, o, s),
                period_start: plan
                    .period_starts()
                    .find(|p| p.first == f.year)
                    .map(|p| p.name.clone()),
            })
            .collect()
    }

    /// Indicator `i` without its figures ([`Builder::cells`]) and chart, which only some
    /// views need.
    pub(super) fn indicator(&self, i: usize, links: &Links) -> IndicatorView {
        let plan = &self.project.plan;
        let s = self.strings;
        let lang = s.lang();
        let ind = &self.project.indicators[i];
        let outs = &self.assessment.outcomes[i];
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
                        [one] => one.label_in(lang),
                        [first, .., last] => s.fill(
                            "year.span",
                            &[
                                ("first", &first.label_in(lang)),
                                ("last", &last.label_in(lang)),
                            ],
                        ),
                        [] => String::new(),
                    },
                    name,
                })
                .collect()
        };
        IndicatorView {
            no: ind.no,
            slug: ind.slug(),
            href: links.to(&indicator_path(ind)),
            csv_href: links.to(&crate::render::data::indicator_csv_path(ind)),
            name: ind.name_in(plan.report_year).to_string(),
            names,
            successor: ind.successor.and_then(|next| {
                let to = self.project.indicators.iter().find(|x| x.no == next)?;
                Some(UnitRef {
                    id: format!("No.{}", to.no),
                    name: to.name_in(plan.report_year).to_string(),
                    href: links.to(&indicator_path(to)),
                })
            }),
            unit: ind.unit.clone(),
            method: crate::render::audit::method_text(ind.method, ind.direction, s),
            rate_label: crate::render::audit::rate_label(ind.method, s).map(str::to_string),
            direction: crate::render::audit::direction_text(ind.direction, s).to_string(),
            cumulative: ind.cumulative,
            baseline: ind
                .baseline
                .iter()
                .map(|b| {
                    let year = s.fill("common.paren", &[("text", &b.year.label_in(lang))]);
                    format!("{}{year}", figure(ind, b.value))
                })
                .collect(),
            baseline_note: ind.baseline_note.clone(),
            units: ind.units.iter().map(|&u| self.unit_ref(u, links)).collect(),
            nodes: ind.nodes.iter().map(|&n| self.node_ref(n, links)).collect(),
            cells: Vec::new(),
            listed_from: crate::render::charts::first_listed(ind, outs),
            reflection_html: ind.reflection.as_deref().map(to_html),
            notes_html: ind.notes.as_deref().map(to_html),
            chart_svg: String::new(),
            section_html: String::new(),
            judged: outs.iter().any(|o| !o.inputs.is_empty()),
            judged_in: ind.report_year.map(|y| y.long_label_in(lang)),
            open_sdg: ind.open_sdg.as_ref().map(|sdg| match &sdg.series {
                Some(series) => format!(
                    "Open SDG {}{}",
                    sdg.indicator,
                    s.fill("common.paren", &[("text", series)])
                ),
                None => format!("Open SDG {}", sdg.indicator),
            }),
            open_sdg_status: self.assessment.trend_group[i]
                .map(|g| &self.assessment.trend_groups[g])
                .filter(|g| g.members.len() > 1)
                .map(|g| {
                    let label = plan
                        .rules
                        .class_by_key(g.status)
                        .map_or(g.status, |c| plan.rules.classes[c].label.as_str());
                    let count = g.members.len().to_string();
                    s.fill("sdg.mean_of", &[("label", label), ("count", &count)])
                }),
        }
    }

    pub(super) fn placement(&self, node: usize, id: &str, links: &Links) -> PlacementView {
        let h = &self.project.plan.hierarchy;
        let steps = h
            .path(node)
            .into_iter()
            .map(|n| PlaceView {
                level: h.levels[h.nodes[n].level].clone(),
                text: node_text(&h.nodes[n], self.strings),
                href: (h.nodes[n].parent.is_none()).then(|| links.to(&node_path(&h.nodes[n]))),
            })
            .collect();
        PlacementView {
            steps,
            id: id.to_string(),
        }
    }

    pub(super) fn unit(&self, u: usize, links: &Links) -> UnitView {
        let unit = &self.project.units[u];
        UnitView {
            id: unit.id.clone(),
            ids: unit.ids().map(str::to_string).collect(),
            slug: unit.slug.clone(),
            href: links.to(&unit_path(unit)),
            name: unit.name.clone(),
            placements: unit
                .placements
                .iter()
                .zip(unit.ids())
                .map(|(&n, id)| self.placement(n, id, links))
                .collect(),
            related_projects: unit.related_projects.clone(),
            abolished: unit.abolished_from.map(|y| {
                let year = y.label_in(self.strings.lang());
                self.strings
                    .fill("status.abolished_from", &[("year", &year)])
            }),
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
            // Each with its section: added by the page, which renders or shares it.
            indicators: Vec::new(),
            notes_html: unit.notes.as_deref().map(to_html),
        }
    }

    pub(super) fn indicator_ref(&self, i: usize, links: &Links) -> IndicatorRef {
        let ind = &self.project.indicators[i];
        let year = self.project.plan.report_year;
        IndicatorRef {
            no: ind.no,
            name: ind.name_in(year).to_string(),
            href: links.to(&indicator_path(ind)),
            status: self.indicator_status(i),
        }
    }

    /// An indicator's result in the report year.
    pub(super) fn indicator_status(&self, i: usize) -> StatusView {
        match self.assessment.headline(i) {
            Some(o) if o.label.is_empty() => self.no_result(self.strings.get("status.no_actual")),
            Some(o) => self.status(o),
            None => self.no_result(self.strings.get("status.no_actual")),
        }
    }

    /// An outcome's status; a discontinued one in the site's language (the assessment
    /// names it in Japanese, as the content does).
    pub(super) fn status(&self, o: &Outcome) -> StatusView {
        let mut view = status_of(&self.project.plan.rules, o);
        view.label = crate::render::audit::outcome_label(o, self.strings).into();
        view.label_html = label_html(&view.label);
        view
    }

    pub(super) fn no_result(&self, label: &str) -> StatusView {
        StatusView {
            label_html: label_html(label),
            label: label.into(),
            symbol: self.project.plan.rules.pending_symbol.clone(),
            key: "pending".into(),
        }
    }
}

/// A place as printed: its label and name (`1 強い経営基盤の構築`, `(1) 持続可能な…`).
pub(super) fn node_text(node: &Node, s: &Strings) -> String {
    match &node.name {
        Some(name) => format!("{} {}", node.label, name),
        None => s.fill("node.unnamed", &[("label", &node.label)]),
    }
}

/// What the summary counts, by the plan's own word (単位施策, or 成果指標).
pub fn counted_noun(project: &Project, s: &Strings) -> String {
    if project.units.is_empty() && !project.indicators.is_empty() {
        s.get("count.indicators").into()
    } else {
        project.plan.hierarchy.unit_level().to_string()
    }
}

// Every page's path is made by one of these, and only here.

pub(super) fn node_path(node: &Node) -> String {
    format!("goals/{}.html", node.slug)
}

pub(crate) fn unit_path(unit: &UnitPolicy) -> String {
    format!("units/{}.html", unit.slug)
}

pub(crate) fn indicator_path(ind: &Indicator) -> String {
    format!("indicators/{}.html", ind.slug())
}
