//! `shinchoku build` of a project with earlier editions: each edition loaded and assessed from
//! its own snapshot (its own figures and rules, as published), the earlier ones into
//! `editions/<slug>/`, the latest at the root, in one staging folder and one commit.

use std::path::{Path, PathBuf};

use anyhow::Context;
use shinchoku::model::{Banner, EditionConfig, EditionEntry, EditionSource, Project};
use shinchoku::render::editions::{folder, page_paths, past_kpis};
use shinchoku::render::theme::Theme;
use shinchoku::{assess, git, load, render, write};

/// One earlier edition, loaded; `_snapshot` keeps its unpacked files (themes included) until
/// it is rendered.
struct Earlier {
    config: EditionConfig,
    project: Project,
    entry: EditionEntry,
    _snapshot: Option<git::Snapshot>,
}

/// Where an earlier edition's project is on disk: unpacked from git, or a folder.
pub enum EditionRoot {
    Snapshot(git::Snapshot),
    Dir(PathBuf),
}

impl EditionRoot {
    pub fn root(&self) -> &Path {
        match self {
            EditionRoot::Snapshot(snap) => snap.path(),
            EditionRoot::Dir(dir) => dir,
        }
    }
}

/// The edition `name` (its slug or tag) of the project at `dir`, on disk (`serve --edition`).
pub fn snapshot_of(dir: &Path, name: &str) -> anyhow::Result<EditionRoot> {
    let mut diags = Vec::new();
    let site = load::load_site(dir, &mut diags);
    if let Some(d) = diags.first() {
        anyhow::bail!("{d}");
    }
    let config = site
        .editions
        .iter()
        .find(|e| e.slug == name || e.source == EditionSource::Tag(name.to_string()))
        .ok_or_else(|| {
            let known: Vec<&str> = site.editions.iter().map(|e| e.slug.as_str()).collect();
            anyhow::anyhow!(
                "`{name}` is not an edition of {} (editions in shinchoku.yaml: {})",
                dir.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )
        })?;
    match &config.source {
        EditionSource::Tag(tag) => Ok(EditionRoot::Snapshot(
            git::snapshot(dir, tag)
                .with_context(|| format!("shinchoku.yaml: editions: the edition `{tag}`"))?,
        )),
        EditionSource::Dir(path) => Ok(EditionRoot::Dir(dir.join(path))),
    }
}

/// Loads every earlier edition that `latest` lists.
fn load_earlier(dir: &Path, latest: &Project) -> anyhow::Result<Vec<Earlier>> {
    let mut out = Vec::new();
    for config in &latest.site.editions {
        let (root, snapshot, date, commit): (PathBuf, _, _, _) = match &config.source {
            EditionSource::Tag(tag) => {
                let snap = git::snapshot(dir, tag)
                    .with_context(|| format!("shinchoku.yaml: editions: the edition `{tag}`"))?;
                let date = git::change_date_at(dir, &snap.commit, &["content"]);
                let commit = snap.commit.clone();
                (snap.path().to_path_buf(), Some(snap), date, Some(commit))
            }
            EditionSource::Dir(path) => (dir.join(path), None, None, None),
        };
        let mut project = load::load(&root).map_err(|problems| {
            anyhow::anyhow!(
                "{problems}\nin the edition {} ({}): an earlier edition is built as it was published; fix it there (or remove it from editions in shinchoku.yaml)",
                config.slug,
                describe(&config.source),
            )
        })?;
        // Published under the latest's address; its own list of editions is not followed.
        let here = folder(&config.slug);
        project.site.base_path = latest.site.base_path.as_ref().map(|b| format!("{b}{here}"));
        project.site.base_url = latest
            .site
            .base_url
            .as_ref()
            .map(|u| format!("{u}/{}", here.trim_end_matches('/')));
        project.site.editions.clear();
        let label = config
            .label
            .clone()
            .unwrap_or_else(|| default_label(&project));
        let entry = EditionEntry {
            label,
            folder: here,
            report_year: project.plan.report_year.long_label_in(project.site.lang),
            date,
            commit,
        };
        out.push(Earlier {
            config: config.clone(),
            project,
            entry,
            _snapshot: snapshot,
        });
    }
    Ok(out)
}

fn describe(source: &EditionSource) -> String {
    match source {
        EditionSource::Tag(tag) => format!("git tag {tag}"),
        EditionSource::Dir(dir) => format!("folder {}", dir.display()),
    }
}

/// `令和5年度版`: an edition is named by its report year unless the settings label it.
fn default_label(project: &Project) -> String {
    let lang = project.site.lang;
    let year = project.plan.report_year.label_in(lang);
    shinchoku::render::locale::Strings::shipped(lang).fill("edition.label", &[("year", &year)])
}

/// Renders the latest edition at the root of `sink` and each earlier one in its folder;
/// gives the latest's summary and how many editions there are.
pub fn render(
    dir: &Path,
    mut latest: Project,
    theme: &Theme,
    sink: &dyn write::Sink,
) -> anyhow::Result<(String, usize)> {
    let mut earlier = load_earlier(dir, &latest)?;
    let latest_entry = EditionEntry {
        label: latest_label(&latest),
        folder: String::new(),
        report_year: latest.plan.report_year.long_label_in(latest.site.lang),
        date: git::last_change_date(dir, &["content"]),
        commit: None,
    };
    let mut all: Vec<EditionEntry> = earlier.iter().map(|e| e.entry.clone()).collect();
    all.push(latest_entry.clone());

    let mut assessed = Vec::new();
    for e in &earlier {
        let a = assess::assess(&e.project);
        for (no, kpi) in past_kpis(&e.project, &e.entry.folder, &e.entry.label) {
            latest
                .site
                .edition_links
                .past_figures
                .entry(no)
                .or_default()
                .push(kpi);
        }
        assessed.push(a);
    }
    latest.site.edition_links.all = all.clone();
    let latest_assessment = assess::assess(&latest);
    let latest_pages = page_paths(&latest, &latest_assessment, theme);

    for (e, a) in earlier.iter_mut().zip(&assessed) {
        e.project.site.edition_links.all = all.clone();
        e.project.site.edition_links.banner = Some(Banner {
            label: e.entry.label.clone(),
            latest_label: latest_entry.label.clone(),
            latest_base: latest.site.base_path.clone(),
            latest_pages: latest_pages.clone(),
        });
        let folder = write::InFolder {
            sink,
            folder: e.entry.folder.clone(),
        };
        render::render_to(&e.project, a, &folder).with_context(|| {
            format!(
                "building the edition {} ({})",
                e.config.slug,
                describe(&e.config.source)
            )
        })?;
    }
    render::render_with(&latest, &latest_assessment, theme, sink).context("building the site")?;
    Ok((
        super::check::summary_text(&latest, &latest_assessment),
        all.len(),
    ))
}

/// The latest edition's label: `edition_label` in shinchoku.yaml, else its report year.
fn latest_label(latest: &Project) -> String {
    latest
        .site
        .edition_label
        .clone()
        .unwrap_or_else(|| default_label(latest))
}
