//! The index of a site of several plans: each plan's headline, linking to the plan's own site
//! in its folder.

use serde::Serialize;
use tera::Context;

use super::pages::{CardView, counted_noun, counted_total};
use super::theme::Theme;
use crate::assess::Assessment;
use crate::model::Project;
use crate::write::Sink;

#[derive(Serialize)]
struct PlanCard {
    folder: String,
    href: String,
    plan: String,
    title: String,
    report_year: String,
    counted: String,
    total: usize,
    cards: Vec<CardView>,
}

/// `index.html` and the theme's assets at the root, over `plans` (folder, project,
/// assessment) in the order the settings list them.
pub fn render_index(
    theme: &Theme,
    base_path: Option<&str>,
    plans: &[(String, Project, Assessment)],
    sink: &dyn Sink,
) -> anyhow::Result<()> {
    let root = base_path.unwrap_or_default();
    let cards: Vec<PlanCard> = plans
        .iter()
        .map(|(folder, project, a)| PlanCard {
            folder: folder.clone(),
            href: format!("{root}{folder}/index.html"),
            plan: project.plan.plan.clone(),
            title: project.plan.title.clone(),
            report_year: project.plan.report_year.long_label_in(theme.strings.lang()),
            counted: counted_noun(project, &theme.strings),
            total: counted_total(project, &a.summary),
            cards: super::audit::cards(&project.plan, &a.summary.units, &theme.strings),
        })
        .collect();
    let mut publishers: Vec<&str> = plans.iter().map(|(_, p, _)| p.plan.city.as_str()).collect();
    publishers.dedup();
    let mut c = Context::new();
    c.insert("root", root);
    c.insert("ui", theme.strings.ui());
    c.insert("lang", theme.strings.lang().tag());
    c.insert(
        "publisher",
        &publishers.join(theme.strings.get("common.list_sep")),
    );
    c.insert("plans", &cards);
    let html = theme
        .tera
        .render("plans.html", &c)
        .map_err(|e| theme.render_error("plans.html", "index.html", &e))?;
    sink.put("index.html", html.as_bytes())?;
    for (name, bytes) in &theme.assets {
        sink.put(&format!("assets/{name}"), bytes)?;
    }
    Ok(())
}
