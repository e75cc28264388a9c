//! `serve`: the site kept in memory and rebuilt as content changes, for previewing locally.
//!
//! [`Preview`] holds every content file as read (with its parsed YAML, so an edit re-parses
//! one file), the last good project, its assessment and its charts. After an edit it validates
//! the whole project again (cheap once parsing is cached), then re-renders only the pages the
//! edit can reach:
//!
//! - an edited unit policy: its page, the pages of its indicators, the goal pages it is filed
//!   under, the index (the summary may change);
//! - an edited indicator: its page and chart, the pages of the unit policies it measures, their
//!   goal pages, the overview page its row is on, the index;
//! - anything that changes the set or order of pages (a file added, deleted or renamed, an ID
//!   changed), the plan, the site settings or the theme: everything.
//!
//! Data files (`data/*`) are rebuilt after the pages are published ([`Preview::refresh_data`]),
//! so they never delay the page being edited. A broken edit keeps the last good site and
//! reports the error, which the browser shows over the page (see [`http`]).
//!
//! The HTTP side: [`server`] (connections and their limits), [`host`] (which `Host` headers
//! are answered), [`http`] (what is answered), [`events`] (the reload channel); [`watch`] says
//! which files are watched, and [`settle`] when a save is over.

mod edit;
pub mod events;
mod goal;
pub mod host;
pub mod http;
pub mod server;
pub mod settle;
pub mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::assess::{self, Assessment};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Source};
use crate::model::{Project, SiteConfig};
use crate::render::pages::CommonContexts;
use crate::render::{self, PageKind, Pages, theme};
use crate::write::Site;
pub use edit::affects_site;
use edit::{Before, Edited, Kind, Reach, Shown, classify, same_shape};

/// What the HTTP side reads: the site and the current build error. Written only by the
/// rebuilding thread, in short critical sections.
#[derive(Default)]
pub struct Served {
    pub files: RwLock<Site>,
    /// The last build's error, shown over every page until a build succeeds.
    pub error: RwLock<Option<String>>,
}

/// The result of one rebuild.
#[derive(Debug)]
pub enum Rebuilt {
    /// Pages whose bytes changed (`*` when everything was rebuilt), and the time it took.
    Pages {
        changed: Vec<String>,
        rendered: usize,
        elapsed: Duration,
        /// Where the time went: validating, assessing, rendering.
        stages: [(&'static str, Duration); 3],
    },
    /// The content does not validate; the last good site is still served.
    Failed(String),
}

struct Good {
    project: Project,
    assessment: Assessment,
    charts: Vec<String>,
    /// The plan's text: an edit to it rebuilds everything.
    plan_text: String,
    /// The contexts its pages started with (the site view, the interface text).
    contexts: CommonContexts,
}

/// What a rebuild keeps of the last good one when the site has the same pages.
struct Kept {
    charts: Vec<String>,
    contexts: CommonContexts,
    /// Whether the summary counted items reported without a judgement (the tables by place
    /// then have a column for them).
    reported: bool,
    plan_text: String,
}

pub struct Preview {
    root: PathBuf,
    site: SiteConfig,
    site_problems: Vec<Diagnostic>,
    theme: Result<theme::Theme, String>,
    plan: Option<Source>,
    units: Vec<Source>,
    indicators: Vec<Source>,
    /// Problems met while reading files (missing folder, not UTF-8, ...), by file.
    read_problems: BTreeMap<PathBuf, Vec<Diagnostic>>,
    good: Option<Good>,
    /// Files changed since the last good build: after a failed build, the next good one must
    /// also redo what the failed one could not.
    pending: BTreeSet<PathBuf>,
    /// Whether the plan was read since the last good build (its text is then compared).
    plan_read: bool,
    /// Where the sections of the served goal pages are, for the next splice.
    goal_layouts: goal::Layouts,
    pub served: Arc<Served>,
}

impl Preview {
    /// Reads the project in `root` and builds it.
    pub fn new(root: &Path) -> (Preview, Rebuilt) {
        let mut p = Preview {
            root: root.to_path_buf(),
            site: SiteConfig::default(),
            site_problems: Vec::new(),
            theme: Err(String::new()),
            plan: None,
            units: Vec::new(),
            indicators: Vec::new(),
            read_problems: BTreeMap::new(),
            good: None,
            pending: BTreeSet::new(),
            plan_read: true,
            goal_layouts: goal::Layouts::new(),
            served: Arc::default(),
        };
        p.rescan();
        let r = p.rebuild(true);
        p.refresh_data();
        (p, r)
    }

    /// Applies changed paths (absolute, or relative to the project root) and rebuilds.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Rebuilt {
        let rel: BTreeSet<PathBuf> = changed
            .iter()
            .map(|p| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf())
            .collect();
        self.pending.extend(
            rel.iter()
                .filter(|p| !matches!(classify(p), Kind::Other))
                .cloned(),
        );
        let full = rel.iter().any(|p| matches!(classify(p), Kind::Settings));
        let content: Vec<&PathBuf> = rel
            .iter()
            .filter(|p| matches!(classify(p), Kind::Plan | Kind::Content))
            .collect();
        let folder = content.iter().any(|p| {
            let full_path = self.root.join(p);
            full_path.is_dir() || p.extension().is_none()
        });
        if full || folder {
            // Settings or theme changed, or a folder moved: read everything again (files
            // whose text is unchanged keep their parsed form, so this is mostly file reads).
            self.rescan();
        } else {
            for path in content {
                self.reread(path);
            }
        }
        self.rebuild(full)
    }

    /// Re-reads settings, theme and every content file.
    fn rescan(&mut self) {
        let root = self.root.clone();
        let mut problems = Vec::new();
        self.site = load::load_site(&root, &mut problems);
        // A preview is served from the root of its own server: links start at `/` whatever the
        // settings say, so pages (the 404 page above all) work at any depth.
        self.site.base_path = Some("/".into());
        self.site_problems = problems;
        self.theme =
            theme::load(&root, &self.site.theme, self.site.lang).map_err(|e| format!("{e:#}"));
        let mut problems = Vec::new();
        let plan = load::read(&root, Path::new(load::PLAN_FILE), &mut problems);
        let remember =
            |v: Vec<Source>| -> Vec<Source> { v.into_iter().map(Source::remembering).collect() };
        let units = remember(load::optional_sources(
            &root,
            load::UNITS_DIR,
            &mut problems,
        ));
        let indicators = remember(load::sources(&root, load::INDICATORS_DIR, &mut problems));
        self.plan = plan;
        self.plan_read = true;
        self.units = keep_parsed(std::mem::take(&mut self.units), units, &mut self.pending);
        self.indicators = keep_parsed(
            std::mem::take(&mut self.indicators),
            indicators,
            &mut self.pending,
        );
        self.read_problems.clear();
        for d in problems {
            self.read_problems
                .entry(d.file.clone())
                .or_default()
                .push(d);
        }
    }

    /// Re-reads one content file (or notes that it is gone).
    fn reread(&mut self, rel: &Path) {
        self.read_problems.remove(rel);
        let exists = self.root.join(rel).exists();
        let mut problems = Vec::new();
        let source = exists
            .then(|| load::read(&self.root, rel, &mut problems))
            .flatten()
            .map(Source::remembering);
        if !problems.is_empty() {
            self.read_problems.insert(rel.to_path_buf(), problems);
        }
        if rel == Path::new(load::PLAN_FILE) {
            if !exists {
                let mut d = Vec::new();
                load::read(&self.root, rel, &mut d);
                self.read_problems.insert(rel.to_path_buf(), d);
            }
            self.plan = source;
            self.plan_read = true;
            return;
        }
        let list = if rel.starts_with(load::UNITS_DIR) {
            &mut self.units
        } else {
            &mut self.indicators
        };
        match (list.binary_search_by(|s| s.path.as_path().cmp(rel)), source) {
            (Ok(i), Some(s)) => list[i] = s,
            (Ok(i), None) => {
                list.remove(i);
            }
            (Err(i), Some(s)) => list.insert(i, s),
            (Err(_), None) => {}
        }
    }

    fn rebuild(&mut self, full: bool) -> Rebuilt {
        let start = Instant::now();
        if let Err(e) = &self.theme {
            let e = e.clone();
            return self.fail(e);
        }
        // Compared only when the plan was read again, and before it is copied: a large
        // plan's text is long (200 KB at 10,000 policies), and seldom changed.
        let plan_text = self.plan.as_ref().map_or("", |s| s.text.as_str());
        // Taken, not borrowed: the old build's charts and assessment move into the new one
        // rather than being copied (tens of megabytes at 10,000 policies).
        let mut old = self
            .good
            .take()
            .filter(|g| !full && (!self.plan_read || g.plan_text == plan_text));
        let plan_text = old.is_none().then(|| plan_text.to_string());
        let mut before = None;
        let fast = old.take_if(|g| {
            let edited: Option<Vec<&Source>> = self
                .pending
                .iter()
                .map(|p| find(&self.units, p).or_else(|| find(&self.indicators, p)))
                .collect();
            edited.is_some_and(|e| {
                if e.is_empty() {
                    return false;
                }
                before = Some(Before::of(&g.project, &e));
                load::patch(&mut g.project, &e)
            })
        });
        // The fast path carries the previous assessment (to update), charts (to redraw where
        // needed) and the contexts pages start with; the full check keeps the charts and
        // contexts, and only if the pages stayed.
        let (project, previous, kept) = if let Some(g) = fast {
            // Only edited files were checked again; IDs and references are as they were.
            let kept = Kept {
                charts: g.charts,
                contexts: g.contexts,
                reported: g.assessment.summary.units.reported > 0,
                plan_text: g.plan_text,
            };
            (g.project, Some(g.assessment), Some(kept))
        } else {
            let mut diags = self.site_problems.clone();
            diags.extend(self.read_problems.values().flatten().cloned());
            let project = match load::assemble(
                &self.root,
                self.site.clone(),
                self.plan.as_ref(),
                &self.units,
                &self.indicators,
                diags,
            ) {
                Ok(p) => p,
                Err(d) => {
                    self.good = old;
                    // The build's closing line says nothing was written; here the last good
                    // build stays on screen.
                    let text = d.to_string().replace(
                        "nothing was written.",
                        "the preview shows the last good build.",
                    );
                    return self.fail(text);
                }
            };
            // Anything may have changed: no edit is told apart (see `Reach::all`).
            before = None;
            let kept = old
                .filter(|g| same_shape(&g.project, &project))
                .map(|g| Kept {
                    charts: g.charts,
                    contexts: g.contexts,
                    reported: g.assessment.summary.units.reported > 0,
                    plan_text: g.plan_text,
                });
            (project, None, kept)
        };
        let loaded = start.elapsed();
        let edited = Edited::of(&project, &self.pending);
        let (assessment, shown_before) = match previous {
            Some(p) => {
                let shown = Shown::of(&project, &p, &edited);
                (
                    assess::reassess(&project, p, &edited.indicators),
                    Some(shown),
                )
            }
            None => (assess::assess(&project), None),
        };
        let assessed = start.elapsed();
        let theme = self.theme.as_ref().expect("checked above");
        let (old_charts, contexts, plan_text) = match kept {
            Some(k) => {
                let reach = match (&before, &shown_before) {
                    (Some(b), Some(s)) => {
                        Reach::of(&project, b, s, &Shown::of(&project, &assessment, &edited))
                    }
                    _ => Reach::all(
                        &edited,
                        k.reported != (assessment.summary.units.reported > 0),
                    ),
                };
                (
                    Some((k.charts, reach)),
                    Some(k.contexts),
                    plan_text.unwrap_or(k.plan_text),
                )
            }
            None => (None, None, plan_text.unwrap_or_else(|| self.plan_text())),
        };
        let mut everything = old_charts.is_none();
        let (charts, reach) = match old_charts {
            Some((charts, reach)) => (
                edited.redraw(charts, &project, &assessment, &theme.strings),
                Some(reach),
            ),
            None => (
                render::pages::indicator_charts(&project, &assessment, &theme.strings),
                None,
            ),
        };
        let mut pages = Pages::new(&project, &assessment, theme, &charts);
        if let Some(contexts) = contexts {
            // The site view (on every page) depends on the indicators only through the
            // methods they use: kept while no edited indicator changed its method, else
            // made again, and every page rendered again if it changed.
            let methods_kept = before.as_ref().is_some_and(|b| b.same_methods(&project));
            if methods_kept {
                pages = pages.with_common_contexts(contexts);
            } else if !pages.same_site_view(&contexts) {
                everything = true;
            }
        }
        let result = if everything {
            let site = Mutex::new(Site::new());
            render::render_pages(&project, &pages, &site)
                .map(|()| site.into_inner().expect("no panics while rendering"))
                .map(|mut site| {
                    let n = site.len();
                    let mut files = self.served.files.write().expect("no panics");
                    // Keep serving the data files until `refresh_data` replaces them.
                    for (path, bytes) in files.iter().filter(|(p, _)| p.starts_with("data/")) {
                        site.insert(path.clone(), bytes.clone());
                    }
                    *files = site;
                    self.goal_layouts.clear();
                    (vec!["*".to_string()], n)
                })
        } else {
            let reach = reach.expect("kept with the charts");
            let (reached, goals) = edited.reached(&project, &pages, &reach);
            let jobs: Vec<goal::Job> = reached
                .into_iter()
                .map(goal::Job::Page)
                .chain(
                    goals
                        .into_iter()
                        .map(|(g, places)| goal::Job::Goal { g, places }),
                )
                .collect();
            // Goal pages are spliced from the pages served, read in place: only this thread
            // writes them.
            let rendered = goal::render(
                &project,
                &pages,
                &jobs,
                &self.served.files.read().expect("no panics"),
                &self.goal_layouts,
            );
            rendered.map(|rendered| {
                let n = rendered.len();
                let mut files = self.served.files.write().expect("no panics");
                let mut changed = Vec::new();
                for r in rendered {
                    match r.layout {
                        Some((g, Some(layout))) => {
                            self.goal_layouts.insert(g, layout);
                        }
                        Some((g, None)) => {
                            self.goal_layouts.remove(&g);
                        }
                        None => {}
                    }
                    if files.get(&r.path) != Some(&r.html) {
                        changed.push(r.path.clone());
                        files.insert(r.path, r.html);
                    }
                }
                (changed, n)
            })
        };
        let (changed, rendered) = match result {
            Ok(r) => r,
            Err(e) => return self.fail(format!("{e:#}")),
        };
        let contexts = pages.common_contexts();
        drop(pages);
        *self.served.error.write().expect("no panics") = None;
        self.pending.clear();
        self.plan_read = false;
        self.good = Some(Good {
            project,
            assessment,
            charts,
            plan_text,
            contexts,
        });
        let elapsed = start.elapsed();
        Rebuilt::Pages {
            changed,
            rendered,
            elapsed,
            stages: [
                ("load", loaded),
                ("assess", assessed - loaded),
                ("render", elapsed - assessed),
            ],
        }
    }

    fn plan_text(&self) -> String {
        self.plan
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    fn fail(&mut self, message: String) -> Rebuilt {
        *self.served.error.write().expect("no panics") = Some(message.clone());
        Rebuilt::Failed(message)
    }

    /// Rebuilds the data files from the last good build, and the downloads page that lists
    /// their sizes.
    pub fn refresh_data(&self) {
        if let Some(g) = &self.good {
            let files = render::data::files(&g.project, &g.assessment);
            let mut served = self.served.files.write().expect("no panics");
            for file in &files {
                served.insert(file.path.clone(), file.bytes.clone());
            }
            if let Ok(theme) = &self.theme {
                let pages = Pages::new(&g.project, &g.assessment, theme, &g.charts)
                    .with_common_contexts(g.contexts.clone());
                pages.set_data_files(files);
                if let Ok(html) = pages.render(PageKind::Downloads) {
                    served.insert(pages.path(PageKind::Downloads), html.into_bytes());
                }
            }
        }
    }
}

fn find<'a>(sources: &'a [Source], path: &Path) -> Option<&'a Source> {
    sources
        .binary_search_by(|s| s.path.as_path().cmp(path))
        .ok()
        .map(|i| &sources[i])
}

/// New sources, keeping the old `Source` (and its parsed YAML) where the text is unchanged;
/// the paths of the others (new, changed, gone) are added to `changed`.
fn keep_parsed(old: Vec<Source>, new: Vec<Source>, changed: &mut BTreeSet<PathBuf>) -> Vec<Source> {
    let mut old: BTreeMap<PathBuf, Source> = old.into_iter().map(|s| (s.path.clone(), s)).collect();
    let kept = new
        .into_iter()
        .map(|s| match old.remove(&s.path) {
            Some(o) if o.text == s.text => o,
            _ => {
                changed.insert(s.path.clone());
                s
            }
        })
        .collect();
    changed.extend(old.into_keys());
    kept
}
