//! Stage 1: read a project folder into a validated [`Project`].
//!
//! Parsing (`files`) and checking are separate: serde reports syntax, type and unknown-field
//! errors with their position; the checks here report everything that needs more than one
//! field or file (hierarchy, references, duplicates, year coverage). All problems are
//! collected, so one run lists everything to fix.

mod files;
mod locate;

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::*;
pub use locate::locate;

/// The site settings file at the project root; optional.
pub const SITE_FILE: &str = "shinchoku.yaml";
pub const PLAN_FILE: &str = "content/plan.yaml";
pub const UNITS_DIR: &str = "content/units";
pub const INDICATORS_DIR: &str = "content/indicators";
/// Content files are a few kilobytes; anything this big is a mistake (or an attack).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Loads and validates the project in `root`.
pub fn load(root: &Path) -> Result<Project, Diagnostics> {
    let mut diags = Vec::new();
    let site = load_site(root, &mut diags);
    let plan = read(root, Path::new(PLAN_FILE), &mut diags);
    let units = sources(root, UNITS_DIR, &mut diags);
    let indicators = sources(root, INDICATORS_DIR, &mut diags);
    assemble(root, site, plan.as_ref(), &units, &indicators, diags)
}

/// Validates already-read sources into a project: the part of [`load`] that touches no disk,
/// used by `serve` (which re-reads only changed files) and by the fuzz target.
/// `diags` carries problems found while reading.
pub fn assemble(
    root: &Path,
    site: SiteConfig,
    plan_source: Option<&Source>,
    unit_sources: &[Source],
    indicator_sources: &[Source],
    mut diags: Vec<Diagnostic>,
) -> Result<Project, Diagnostics> {
    // Unit files that could not be read (not UTF-8, too big, ...) are reported already.
    let units_unreadable = diags.iter().any(|d| d.file.starts_with(UNITS_DIR));
    let plan = plan_source.and_then(|src| check_plan(src, &mut diags));
    let Some(plan) = plan else {
        return Err(Diagnostics(diags));
    };
    let mut units = par_check(unit_sources, &mut diags, |src, d| check_unit(src, &plan, d));
    units.sort_by_key(|u| u.id);
    let unit_index = index_units(&units, unit_sources, &mut diags);
    // A unit file that failed to load makes references to it look dangling.
    let units_failed = units_unreadable || units.len() < unit_sources.len();
    let mut indicators = par_check(indicator_sources, &mut diags, |src, d| {
        check_indicator(src, &plan, &units, &unit_index, units_failed, d)
    });
    indicators.sort_by_key(|i| i.no);
    check_indicator_numbers(&indicators, indicator_sources, &mut diags);
    // An indicator that failed to load would make its units look unmeasured: report only causes.
    if indicators.len() == indicator_sources.len() {
        check_every_unit_measured(&units, &indicators, &unit_index, unit_sources, &mut diags);
    }
    if !diags.is_empty() {
        return Err(Diagnostics(diags));
    }
    let unit_indicators = Project::index_indicators(units.len(), &indicators);
    Ok(Project {
        root: root.to_path_buf(),
        site,
        plan,
        units,
        indicators,
        unit_index,
        unit_indicators,
    })
}

/// Re-checks edited unit policy and indicator files into an already validated project: the
/// fast path of `serve`. It applies only when the edits keep every ID, number, reference and
/// abolition year, so that no check across files can change; it returns `false` (leaving the
/// project as it was) otherwise, or when an edited file has any problem, and the caller runs
/// [`assemble`] for the whole picture.
pub fn patch(project: &mut Project, edited: &[&Source]) -> bool {
    let mut units = Vec::new();
    let mut indicators = Vec::new();
    for src in edited {
        let mut d = Vec::new();
        if let Some(u) = project.units.iter().position(|x| x.source == src.path) {
            let old = &project.units[u];
            match check_unit(src, &project.plan, &mut d) {
                Some(new)
                    if d.is_empty()
                        && new.id == old.id
                        && new.also_filed_as == old.also_filed_as
                        && new.abolished_from == old.abolished_from =>
                {
                    units.push((u, new));
                }
                _ => return false,
            }
        } else if let Some(i) = project.indicators.iter().position(|x| x.source == src.path) {
            let old = &project.indicators[i];
            let checked = check_indicator(
                src,
                &project.plan,
                &project.units,
                &project.unit_index,
                false,
                &mut d,
            );
            match checked {
                Some(new) if d.is_empty() && new.no == old.no && new.units == old.units => {
                    indicators.push((i, new));
                }
                _ => return false,
            }
        } else {
            return false;
        }
    }
    for (u, new) in units {
        project.units[u] = new;
    }
    for (i, new) in indicators {
        project.indicators[i] = new;
    }
    true
}

/// Runs `check` on every item in parallel; results and diagnostics keep the items' order, so
/// output does not depend on scheduling.
fn par_check<I: Sync, T: Send>(
    items: &[I],
    diags: &mut Vec<Diagnostic>,
    check: impl Fn(&I, &mut Vec<Diagnostic>) -> Option<T> + Sync,
) -> Vec<T> {
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = items
        .par_iter()
        .map(|src| {
            let mut d = Vec::new();
            (check(src, &mut d), d)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (item, d) in results {
        diags.extend(d);
        out.extend(item);
    }
    out
}

/// A file's text with the path it is reported under (relative to the project root).
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// The file as parsed, kept (when `remember` is set) so that `serve`, which holds on to
    /// its sources, re-parses only the files that changed: YAML parsing is most of the cost of
    /// loading. A one-off build does not pay for the copy this takes.
    parsed: OnceLock<Arc<dyn Any + Send + Sync>>,
    remember: bool,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            parsed: OnceLock::new(),
            remember: false,
        }
    }

    /// Keeps the parsed form of this file for the next check (see `parsed`).
    pub fn remembering(mut self) -> Source {
        self.remember = true;
        self
    }

    /// A diagnostic for `field` in this file, located by re-reading the YAML.
    fn error(&self, field: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(&self.path, message).field(field);
        match locate(&self.text, field) {
            Some((line, col)) => d.at(line, col),
            None => d,
        }
    }

    fn parse<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        if let Some(done) = self.parsed.get().and_then(|p| p.downcast_ref::<T>()) {
            return Some(done.clone());
        }
        // Only blank and comment lines: as empty as a file with nothing in it.
        let blank = |l: &str| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        };
        if self.text.lines().all(blank) {
            let what = if self.text.trim().is_empty() {
                "the file is empty"
            } else {
                "the file has only comments"
            };
            diags.push(
                Diagnostic::new(&self.path, what)
                    .help("fill it in as docs/content-format.md describes, or delete it"),
            );
            return None;
        }
        let value: T = serde_yaml::from_str(&self.text)
            .map_err(|e| diags.push(yaml_error(&self.path, &self.text, &e)))
            .ok()?;
        if self.remember {
            let _ = self.parsed.set(Arc::new(value.clone()));
        }
        Some(value)
    }
}

/// Reads `rel` under `root`; `None` (with a diagnostic) if missing, too big or not UTF-8.
pub fn read(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let full = root.join(rel);
    let fail = |diags: &mut Vec<Diagnostic>, msg: String, help: &str| {
        diags.push(Diagnostic::new(rel, msg).help(help));
        None
    };
    match std::fs::metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                diags,
                "file not found".into(),
                "is this a shinchoku project folder? It needs content/plan.yaml (see docs/content-format.md)",
            );
        }
        Err(e) => {
            return fail(
                diags,
                format!("cannot read: {e}"),
                "check the file's permissions",
            );
        }
        Ok(m) if m.is_dir() => {
            return fail(
                diags,
                "is a folder, not a file".into(),
                "move the folder away; this path must be a YAML file (see docs/content-format.md)",
            );
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return fail(
                diags,
                format!(
                    "file is {} bytes, over the {MAX_FILE_BYTES}-byte limit",
                    m.len()
                ),
                "a content file holds one unit policy or indicator; split or trim it",
            );
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                diags,
                format!("cannot read: {e}"),
                "check the file's permissions",
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(Source::new(
            rel,
            text.strip_prefix('\u{feff}')
                .map(str::to_owned)
                .unwrap_or(text),
        )),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            // The valid prefix is UTF-8: count lines and characters in it.
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diags.push(
                Diagnostic::new(rel, format!("not valid UTF-8 (byte {offset})"))
                    .at(line, column)
                    .help("save the file as UTF-8 (Shift_JIS is not supported)"),
            );
            None
        }
    }
}

/// Whether a file of this name in a content folder is content: `*.yaml`/`*.yml`, not hidden.
/// Editors leave hidden backup and lock files (`.#x.yaml`); they are not content.
pub fn is_content_file(name: &str) -> bool {
    (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.starts_with('.')
}

/// Every `*.yaml`/`*.yml` file under `dir`, sorted by path so output is deterministic.
pub fn sources(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    let base = root.join(dir);
    if !base.is_dir() {
        diags.push(
            Diagnostic::new(Path::new(dir), "folder not found").help(
                "create it and put one YAML file per entry in it (see docs/content-format.md)",
            ),
        );
        return Vec::new();
    }
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e.path().unwrap_or(&base);
                let rel = at.strip_prefix(root).unwrap_or(at);
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else if let Ok(target) = std::fs::read_link(at)
                    && !at.exists()
                {
                    format!("broken symbolic link to {}", target.display())
                } else if let Some(io) = e.io_error() {
                    // walkdir's own message repeats the full path; the diagnostic has it already.
                    format!("cannot read: {io}")
                } else {
                    format!("cannot read: {e}")
                };
                diags.push(
                    Diagnostic::new(rel, msg)
                        .help("remove the link or point it at a real file or folder"),
                );
                continue;
            }
        };
        if entry.file_type().is_file() && is_content_file(&entry.file_name().to_string_lossy()) {
            paths.push(
                entry
                    .path()
                    .strip_prefix(root)
                    .unwrap_or(entry.path())
                    .to_path_buf(),
            );
        }
    }
    par_check(&paths, diags, |p, d| read(root, p, d))
}

pub fn load_site(root: &Path, diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut site = SiteConfig::default();
    if !root.join(SITE_FILE).exists() {
        return site;
    }
    let Some(src) = read(root, Path::new(SITE_FILE), diags) else {
        return site;
    };
    // An empty settings file means "all defaults".
    if src.text.trim().is_empty() {
        return site;
    }
    let Some(file) = src.parse::<files::SiteFile>(diags) else {
        return site;
    };
    if let Some(base) = file.base_path {
        if !base.starts_with('/') || base.contains("..") || base.contains('\\') {
            diags.push(src.error("base_path", format!("`{base}` is not an absolute URL path")).help(
                "write it like /sangyo/shinchoku/ (leading slash, no ..), or remove it for relative links",
            ));
        } else {
            site.base_path = Some(format!("{}/", base.trim_end_matches('/')));
        }
    }
    if let Some(url) = file.base_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            site.base_url = Some(url.trim_end_matches('/').to_string());
        } else {
            diags.push(
                src.error("base_url", format!("`{url}` is not an absolute http(s) URL"))
                    .help("write the published address, e.g. https://www.city.example.lg.jp/sangyo/shinchoku"),
            );
        }
    }
    if let Some(n) = file.overview_page_size {
        if n == 0 {
            diags.push(
                src.error("overview_page_size", "must be at least 1")
                    .help("the number of indicator rows per overview page; the default is 100"),
            );
        } else {
            site.overview_page_size = n;
        }
    }
    if let Some(theme) = file.theme {
        if theme.is_empty()
            || !theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diags.push(
                src.error("theme", format!("`{theme}` is not a theme name"))
                    .help("use the name of a folder under themes/ (letters, digits, - and _)"),
            );
        } else if theme != "default" && !root.join("themes").join(&theme).is_dir() {
            // The default theme is built in; any other must exist, or only `build` would notice.
            diags.push(
                src.error("theme", format!("theme `{theme}` not found: there is no folder themes/{theme}"))
                    .help("create the folder (templates/ and static/ inside override the default theme), or remove `theme` to use the default"),
            );
        } else {
            site.theme = theme;
        }
    }
    if let Some(out) = file.output_dir {
        // The build replaces the output folder wholesale: it must not be (or hold) the project,
        // nor sit inside its content or themes.
        if out.trim().is_empty() || output_clashes(root, &root.join(&out)) {
            diags.push(
                src.error(
                    "output_dir",
                    format!("`{out}` would put the site over the project's own files"),
                )
                .help("use a folder of its own, e.g. output (the default) or ../public"),
            );
        } else {
            site.output_dir = out.into();
        }
    }
    site
}

/// Whether building into `output` would put the site over the project's own files: the build
/// replaces the output folder wholesale, so it must not be (or hold) the project, nor sit
/// inside its content or themes.
pub fn output_clashes(root: &Path, output: &Path) -> bool {
    let resolve = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.into()));
    let (project, target) = (resolve(root), resolve(output));
    project.starts_with(&target)
        || ["content", "themes"]
            .iter()
            .any(|d| target.starts_with(project.join(d)))
}

/// `path` with `.` and `..` resolved without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// NFKC-normalises and parses a year code, reporting `field` on failure.
fn year(src: &Source, field: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Year> {
    let norm: String = text.nfkc().collect();
    let y = Year::parse(&norm);
    if y.is_none() {
        diags.push(
            src.error(field, format!("`{text}` is not a fiscal year"))
                .help("write the era letter and number, e.g. R5 for 令和5年度 (H for 平成)"),
        );
    }
    y
}

/// A plan fiscal year, or a diagnostic naming the allowed ones.
fn plan_year(
    src: &Source,
    field: &str,
    text: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<Year> {
    let y = year(src, field, text, diags)?;
    if plan.year_status(y).is_none() {
        diags.push(
            src.error(field, format!("{y} is not a fiscal year of the plan"))
                .help(format!(
                    "use one of {} (fiscal_years in {PLAN_FILE})",
                    list(plan.fiscal_years.iter().map(|f| f.year))
                )),
        );
        return None;
    }
    Some(y)
}

fn list<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// Parses a number as documented: YAML number, or a string that is one after NFKC
/// normalisation and removal of thousands separators.
pub fn parse_number(text: &str) -> Option<Decimal> {
    parse_number_checked(text).ok()
}

/// Why a text is not a number: not numeric at all, or numeric but beyond `Decimal`'s range
/// (about 28 significant digits).
enum NumberError {
    Invalid,
    OutOfRange,
}

fn parse_number_checked(text: &str) -> Result<Decimal, NumberError> {
    let spaced: String = text.nfkc().filter(|c| !c.is_whitespace()).collect();
    let plain = spaced.strip_prefix('-').unwrap_or(&spaced);
    // Commas only as thousands separators: "1,600" is 1600, but "52,3" (a decimal comma) is
    // rejected rather than silently read as 523.
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    if let Some((lead, rest)) = int.split_once(',')
        && !((1..=3).contains(&lead.len()) && rest.split(',').all(|g| g.len() == 3))
    {
        return Err(NumberError::Invalid);
    }
    if frac.contains(',') {
        return Err(NumberError::Invalid);
    }
    let norm: String = spaced.chars().filter(|c| *c != ',').collect();
    let plain = norm.strip_prefix('-').unwrap_or(&norm);
    let digits_ok = !plain.is_empty()
        && plain.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && plain.bytes().filter(|&b| b == b'.').count() <= 1
        && !plain.starts_with('.')
        && !plain.ends_with('.');
    if !digits_ok {
        return Err(NumberError::Invalid);
    }
    norm.parse::<Decimal>()
        .map(|d| d.normalize())
        .map_err(|_| NumberError::OutOfRange)
}

fn number(
    src: &Source,
    field: &str,
    n: &files::Num,
    diags: &mut Vec<Diagnostic>,
) -> Option<Decimal> {
    match parse_number_checked(&n.0) {
        Ok(v) => Some(v),
        Err(NumberError::Invalid) => {
            diags.push(src.error(field, format!("`{}` is not a number", n.0)).help(
                "write digits only, e.g. 1600 or 29.3; the unit belongs in the indicator's `unit`, and a missing figure is written as `pending: <reason>`",
            ));
            None
        }
        Err(NumberError::OutOfRange) => {
            diags.push(
                src.error(field, format!("`{}` is too large or too precise", n.0))
                    .help("figures are limited to 28 significant digits; check the figure (a unit such as 千円 keeps numbers short)"),
            );
            None
        }
    }
}

fn non_empty(src: &Source, field: &str, s: &str, diags: &mut Vec<Diagnostic>) {
    if s.trim().is_empty() {
        diags.push(
            src.error(field, "must not be empty")
                .help("write the text, or remove the line if the field is optional"),
        );
    }
}

fn check_plan(src: &Source, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let raw: files::PlanFile = src.parse(diags)?;
    let before = diags.len();
    for (field, v) in [
        ("city", &raw.city),
        ("plan", &raw.plan),
        ("title", &raw.title),
    ] {
        non_empty(src, field, v, diags);
    }
    let mut fiscal_years: Vec<FiscalYear> = Vec::new();
    for (i, fy) in raw.fiscal_years.iter().enumerate() {
        let field = format!("fiscal_years[{i}].year");
        let Some(y) = year(src, &field, &fy.year, diags) else {
            continue;
        };
        if fiscal_years.last().is_some_and(|last| last.year >= y) {
            diags.push(
                src.error(&field, format!("{y} is out of order or repeated"))
                    .help("list the plan's fiscal years once each, oldest first"),
            );
        }
        let status = match fy.status {
            files::StatusEntry::Confirmed => YearStatus::Confirmed,
            files::StatusEntry::Estimate => YearStatus::Estimate,
        };
        fiscal_years.push(FiscalYear { year: y, status });
    }
    if raw.fiscal_years.is_empty() {
        diags.push(
            src.error("fiscal_years", "the plan needs at least one fiscal year")
                .help("list them oldest first, e.g. - {year: R5, status: estimate}"),
        );
    }
    let report_year = year(src, "report_year", &raw.report_year, diags);
    // With no fiscal years at all, that is the one problem to report.
    if let Some(y) = report_year
        && !fiscal_years.is_empty()
        && !fiscal_years.iter().any(|f| f.year == y)
    {
        diags.push(
            src.error("report_year", format!("{y} is not one of the fiscal_years"))
                .help(format!(
                    "use one of {}",
                    list(fiscal_years.iter().map(|f| f.year))
                )),
        );
    }
    let baseline_year = year(src, "baseline_year", &raw.baseline_year, diags);
    let rules = check_rules(src, &raw.assessment, diags);
    let goals = check_goals(src, &raw.goals, diags);
    let levels = raw.levels.map_or_else(
        || Levels {
            goal: "基本目標".into(),
            policy: "基本方針".into(),
            measure: "基本施策".into(),
            unit: "単位施策".into(),
        },
        |l| Levels {
            goal: l.goal,
            policy: l.policy,
            measure: l.measure,
            unit: l.unit,
        },
    );
    if diags.len() > before {
        return None;
    }
    Some(Plan {
        city: raw.city,
        plan: raw.plan,
        title: raw.title,
        report_year: report_year?,
        fiscal_years,
        baseline_year: baseline_year?,
        levels,
        rules,
        goals,
    })
}

fn check_rules(src: &Source, raw: &files::AssessmentEntry, diags: &mut Vec<Diagnostic>) -> Rules {
    if raw.decimals > 6 {
        diags.push(
            src.error("assessment.decimals", "at most 6 decimals are supported")
                .help("use a number from 0 to 6"),
        );
    }
    let mut classes = Vec::new();
    let n = raw.classes.len();
    for (i, c) in raw.classes.iter().enumerate() {
        let field = format!("assessment.classes[{i}]");
        non_empty(src, &format!("{field}.label"), &c.label, diags);
        let min_rate = c
            .min_rate
            .as_ref()
            .and_then(|m| number(src, &format!("{field}.min_rate"), m, diags));
        let last = i + 1 == n;
        if last && c.min_rate.is_some() {
            diags.push(
                src.error(
                    &format!("{field}.min_rate"),
                    "the last class is the fallback and has no min_rate",
                )
                .help("remove min_rate from the last class, or add a class without one after it"),
            );
        }
        if !last && c.min_rate.is_none() {
            diags.push(
                src.error(&field, "only the last class may omit min_rate")
                    .help("give every class but the last a min_rate, highest first"),
            );
        }
        if let (Some(prev), Some(cur)) = (
            classes.last().and_then(|p: &ClassRule| p.min_rate),
            min_rate,
        ) && cur >= prev
        {
            diags.push(
                src.error(
                    &format!("{field}.min_rate"),
                    format!("{cur} is not below the previous class's {prev}"),
                )
                .help("order classes from the highest min_rate down"),
            );
        }
        classes.push(ClassRule {
            label: c.label.clone(),
            min_rate,
            on_track: c.on_track,
            symbol: c.symbol.clone(),
        });
    }
    if n == 0 {
        diags.push(
            src.error("assessment.classes", "at least one class is needed")
                .help("e.g. - {label: 達成, min_rate: 100, on_track: true, symbol: ◎}"),
        );
    }
    Rules {
        decimals: raw.decimals,
        estimate_suffix: raw.estimate_suffix.clone(),
        classes,
        pending_symbol: raw.pending_symbol.clone(),
    }
}

fn check_goals(src: &Source, raw: &[files::GoalEntry], diags: &mut Vec<Diagnostic>) -> Vec<Goal> {
    let mut goals: Vec<Goal> = Vec::new();
    for (gi, g) in raw.iter().enumerate() {
        let field = format!("goals[{gi}]");
        let norm: String = g.id.nfkc().collect();
        let Some(id) = parse_roman(norm.trim()) else {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("`{}` is not a Roman numeral", g.id),
                )
                .help("write I, II, III, ..."),
            );
            continue;
        };
        if goals.iter().any(|x| x.id == id) {
            diags.push(
                src.error(
                    &format!("{field}.id"),
                    format!("goal {} is defined twice", roman(id)),
                )
                .help("merge the two entries, or correct the ID"),
            );
        }
        non_empty(src, &format!("{field}.name"), &g.name, diags);
        let mut policies: Vec<BasicPolicy> = Vec::new();
        for (pi, p) in g.policies.iter().enumerate() {
            let pfield = format!("{field}.policies[{pi}]");
            if p.no == 0 || policies.iter().any(|x| x.no == p.no) {
                diags.push(
                    src.error(
                        &format!("{pfield}.no"),
                        format!(
                            "policy number {} is zero or repeated in goal {}",
                            p.no,
                            roman(id)
                        ),
                    )
                    .help("number the policies of a goal 1, 2, 3, ... once each"),
                );
            }
            let mut measures: Vec<Measure> = Vec::new();
            for (mi, m) in p.measures.iter().enumerate() {
                if m.no == 0 || measures.iter().any(|x| x.no == m.no) {
                    diags.push(
                        src.error(
                            &format!("{pfield}.measures[{mi}].no"),
                            format!("measure number {} is zero or repeated", m.no),
                        )
                        .help("number the measures of a policy 1, 2, 3, ... once each"),
                    );
                }
                measures.push(Measure {
                    no: m.no,
                    name: m.name.clone(),
                });
            }
            policies.push(BasicPolicy {
                no: p.no,
                name: p.name.clone(),
                measures,
            });
        }
        goals.push(Goal {
            id,
            name: g.name.clone(),
            policies,
        });
    }
    goals
}

/// Parses a unit ID and checks that its goal, policy and measure exist in the plan.
fn unit_id(
    src: &Source,
    field: &str,
    text: &str,
    plan: &Plan,
    diags: &mut Vec<Diagnostic>,
) -> Option<UnitId> {
    let norm: String = text.nfkc().collect();
    let Some(id) = UnitId::parse(norm.trim()) else {
        diags.push(src.error(field, format!("`{text}` is not a unit policy ID")).help(
            "write it like I-1-(1)-①: goal (I, II, III), policy number, measure number in parentheses, unit number",
        ));
        return None;
    };
    let goal = plan.goal(id.goal);
    let policy = goal.and_then(|g| g.policy(id.policy));
    let measure = policy.and_then(|p| p.measure(id.measure));
    let missing = match (goal, policy, measure) {
        (None, _, _) => Some(format!("goal {}", roman(id.goal))),
        (_, None, _) => Some(format!("policy {}-{}", roman(id.goal), id.policy)),
        (_, _, None) => Some(format!(
            "measure {}-{}-({})",
            roman(id.goal),
            id.policy,
            id.measure
        )),
        _ => None,
    };
    if let Some(what) = missing {
        diags.push(
            src.error(
                field,
                format!("{id}: {what} is not in the plan's hierarchy"),
            )
            .help(format!(
                "add it under goals in {PLAN_FILE}, or correct the ID"
            )),
        );
        return None;
    }
    Some(id)
}

fn check_unit(src: &Source, plan: &Plan, diags: &mut Vec<Diagnostic>) -> Option<UnitPolicy> {
    let raw: files::UnitFile = src.parse(diags)?;
    let before = diags.len();
    let id = unit_id(src, "id", &raw.id, plan, diags);
    let also: Vec<UnitId> = raw
        .also_filed_as
        .iter()
        .enumerate()
        .filter_map(|(i, s)| unit_id(src, &format!("also_filed_as[{i}]"), s, plan, diags))
        .collect();
    non_empty(src, "name", &raw.name, diags);
    let abolished_from = raw
        .abolished_from
        .as_deref()
        .and_then(|s| year(src, "abolished_from", s, diags));
    let mut narratives = Vec::new();
    for (key, n) in raw.narratives {
        let field = format!("narratives.{key}");
        if let Some(y) = plan_year(src, &field, &key, plan, diags) {
            narratives.push((
                y,
                Narrative {
                    plan: n.plan,
                    actual: n.actual,
                },
            ));
        }
    }
    narratives.sort_by_key(|(y, _)| *y);
    if diags.len() > before {
        return None;
    }
    Some(UnitPolicy {
        id: id?,
        also_filed_as: also,
        name: raw.name,
        related_projects: raw.related_projects,
        abolished_from,
        narratives,
        notes: raw.notes,
        source: src.path.clone(),
    })
}

/// Maps every ID to its unit, reporting IDs filed twice.
fn index_units(
    units: &[UnitPolicy],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) -> HashMap<UnitId, usize> {
    let mut index: HashMap<UnitId, usize> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        for (k, id) in u.ids().enumerate() {
            if let Some(&other) = index.get(&id) {
                let field = if k == 0 {
                    "id".to_string()
                } else {
                    format!("also_filed_as[{}]", k - 1)
                };
                let src = source_of(sources, &u.source);
                diags.push(
                    src.error(
                        &field,
                        format!(
                            "unit policy {id} is already defined in {}",
                            units[other].source.display()
                        ),
                    )
                    .help("each ID belongs to one file: remove or renumber one of them"),
                );
            } else {
                index.insert(id, i);
            }
        }
    }
    index
}

fn source_of<'a>(sources: &'a [Source], path: &Path) -> &'a Source {
    sources
        .iter()
        .find(|s| s.path == path)
        .expect("every model item comes from a source")
}

fn check_indicator(
    src: &Source,
    plan: &Plan,
    units: &[UnitPolicy],
    index: &HashMap<UnitId, usize>,
    units_failed: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Indicator> {
    let raw: files::IndicatorFile = src.parse(diags)?;
    let before = diags.len();
    non_empty(src, "name", &raw.name, diags);
    if raw.no == 0 {
        diags.push(
            src.error("no", "the number must be 1 or more")
                .help("use the KPI's row number in the report's summary table"),
        );
    }
    if raw.decimals > 6 {
        diags.push(
            src.error("decimals", "at most 6 decimals are supported")
                .help("use a number from 0 to 6"),
        );
    }
    let mut linked: Vec<usize> = Vec::new();
    for (i, s) in raw.unit_policies.iter().enumerate() {
        let field = format!("unit_policies[{i}]");
        let Some(id) = unit_id(src, &field, s, plan, diags) else {
            continue;
        };
        match index.get(&id) {
            // Listing two IDs of one policy (filed twice) is how the report prints it: keep one.
            Some(&u) if !linked.contains(&u) => linked.push(u),
            Some(_) => {}
            None => {
                let hint = if units_failed {
                    format!(
                        "if it is in a unit policy file reported above, fix that file first; otherwise add a file for it under {UNITS_DIR}/"
                    )
                } else {
                    // Sorted: equally close candidates must give the same suggestion every run.
                    let mut known: Vec<String> = index.keys().map(|k| k.to_string()).collect();
                    known.sort();
                    suggest(&id.to_string(), known.iter().map(String::as_str)).map_or_else(
                        || format!("add a file for it under {UNITS_DIR}/"),
                        |s| {
                            format!(
                                "did you mean {s}? Otherwise add a file for it under {UNITS_DIR}/"
                            )
                        },
                    )
                };
                diags.push(
                    src.error(&field, format!("no unit policy {id} exists"))
                        .help(hint),
                );
            }
        }
    }
    if raw.unit_policies.is_empty() {
        diags.push(
            src.error(
                "unit_policies",
                "an indicator must measure at least one unit policy",
            )
            .help("list the IDs, e.g. [I-1-(1)-①]"),
        );
    }
    let mut renamed = Vec::new();
    for (i, r) in raw.renamed.iter().enumerate() {
        if let Some(from) = plan_year(src, &format!("renamed[{i}].from"), &r.from, plan, diags) {
            renamed.push(Rename {
                from,
                name: r.name.clone(),
            });
        }
    }
    renamed.sort_by_key(|r| r.from);
    let mut baseline = Vec::new();
    for (i, b) in raw.baseline.iter().enumerate() {
        let field = format!("baseline[{i}]");
        let y = match &b.year {
            Some(s) => year(src, &format!("{field}.year"), s, diags),
            None => Some(plan.baseline_year),
        };
        let v = number(src, &format!("{field}.value"), &b.value, diags);
        if let (Some(year), Some(value)) = (y, v) {
            baseline.push(Baseline { year, value });
        }
    }
    let mut figures = Vec::new();
    let mut seen = HashSet::new();
    for (key, e) in &raw.years {
        let field = format!("years.{key}");
        let Some(y) = plan_year(src, &field, key, plan, diags) else {
            continue;
        };
        if !seen.insert(y) {
            diags.push(
                src.error(&field, format!("{y} is given twice"))
                    .help("keep one entry per year"),
            );
            continue;
        }
        if let Some(f) = check_figure(src, &field, y, e, &linked, units, diags) {
            figures.push(f);
        }
    }
    for fy in &plan.fiscal_years {
        if !seen.contains(&fy.year) {
            diags.push(src.error("years", format!("no entry for {}", fy.year)).help(format!(
                "add `{}: {{target: ..., actual: ...}}` (or `pending: <reason>` when there is no figure yet)",
                fy.year
            )));
        }
    }
    figures.sort_by_key(|f| f.year);
    let direction = match raw.direction {
        Some(files::DirectionEntry::LowerIsBetter) => Direction::LowerIsBetter,
        _ => Direction::HigherIsBetter,
    };
    if diags.len() > before {
        return None;
    }
    Some(Indicator {
        no: raw.no,
        name: raw.name,
        renamed,
        unit: raw.unit,
        decimals: raw.decimals,
        direction,
        units: linked,
        baseline,
        baseline_note: raw.baseline_note,
        figures,
        reflection: raw.reflection,
        notes: raw.notes,
        source: src.path.clone(),
    })
}

fn check_figure(
    src: &Source,
    field: &str,
    year: Year,
    e: &files::YearEntry,
    linked: &[usize],
    units: &[UnitPolicy],
    diags: &mut Vec<Diagnostic>,
) -> Option<Figure> {
    let before = diags.len();
    let target = number(src, &format!("{field}.target"), &e.target, diags);
    if target.is_some_and(|t| t <= Decimal::ZERO) {
        diags.push(
            src.error(
                &format!("{field}.target"),
                "the target must be greater than zero",
            )
            .help("the achievement rate divides by the target; correct the figure"),
        );
    }
    let abolished = !linked.is_empty() && linked.iter().all(|&u| units[u].is_abolished_in(year));
    let actual = match (&e.actual, &e.pending) {
        (Some(_), Some(_)) => {
            diags.push(
                src.error(
                    &format!("{field}.pending"),
                    "an actual and a pending reason are both given",
                )
                .help("keep `actual` when the figure is known, `pending` when it is not"),
            );
            None
        }
        (Some(a), None) => number(src, &format!("{field}.actual"), a, diags).map(Actual::Value),
        (None, Some(p)) if p.trim().is_empty() => {
            diags.push(
                src.error(&format!("{field}.pending"), "the pending reason is empty")
                    .help("say why there is no figure, e.g. 集計中 or 年度末に調査"),
            );
            None
        }
        (None, Some(p)) => Some(Actual::Pending(p.trim().to_string())),
        (None, None) if abolished => Some(Actual::Abolished),
        (None, None) => {
            diags.push(src.error(field, "neither an actual nor a pending reason").help("add `actual: <number>`, or `pending: <reason>` (e.g. 集計中) when the figure is not known yet"));
            None
        }
    };
    if diags.len() > before {
        return None;
    }
    Some(Figure {
        year,
        target: target?,
        actual: actual?,
        note: e.note.clone(),
    })
}

fn check_indicator_numbers(
    indicators: &[Indicator],
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    for pair in indicators.windows(2) {
        if pair[0].no == pair[1].no {
            let src = source_of(sources, &pair[1].source);
            diags.push(
                src.error(
                    "no",
                    format!(
                        "indicator number {} is also used by {}",
                        pair[1].no,
                        pair[0].source.display()
                    ),
                )
                .help("give each indicator its own number"),
            );
        }
    }
}

fn check_every_unit_measured(
    units: &[UnitPolicy],
    indicators: &[Indicator],
    index: &HashMap<UnitId, usize>,
    sources: &[Source],
    diags: &mut Vec<Diagnostic>,
) {
    let measured: HashSet<usize> = indicators
        .iter()
        .flat_map(|i| i.units.iter().copied())
        .collect();
    for (i, u) in units.iter().enumerate() {
        // A unit whose ID is already taken was reported as a duplicate; nothing can link it.
        if !measured.contains(&i) && index.get(&u.id) == Some(&i) {
            let src = source_of(sources, &u.source);
            diags.push(
                src.error(
                    "id",
                    format!("unit policy {} is measured by no indicator", u.id),
                )
                .help(format!(
                    "list {} in the unit_policies of a file under {INDICATORS_DIR}/",
                    u.id
                )),
            );
        }
    }
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Turns a serde_yaml error into a diagnostic with position, field and advice. `text` is the
/// file's content, used to place errors that serde_yaml reports without a useful position.
fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    // libyaml adds what it was doing: "..., while scanning a quoted scalar at line 2 column 7".
    let (problem, context) = match full.rsplit_once(", while ") {
        Some((p, c)) => match c.split_once(" at line ") {
            Some((what, at)) if line_col(at).is_some() => (p, Some((what, at))),
            _ => (full.as_str(), None),
        },
        None => (full.as_str(), None),
    };
    let mut msg = problem.to_string();
    // serde_yaml appends " at line L column C"; we print the position ourselves.
    if let Some(i) = msg.find(" at line ") {
        msg.truncate(i);
    }
    // Nested errors come as "years.R5.target: invalid type ..."; split off the field.
    let (field, msg) = match msg.split_once(": ") {
        Some((f, rest)) if !f.contains(' ') => (Some(f.to_string()), rest.to_string()),
        _ => (None, msg),
    };
    // Rust type names mean nothing to the people who edit these files.
    let mut msg = msg
        .replace("expected u32", "expected a whole number")
        .replace("expected u16", "expected a whole number");
    if let Some(i) = msg.find("expected struct ") {
        msg.truncate(i);
        msg.push_str("expected `key: value` lines");
    }
    let mut pos = e.location().map(|l| (l.line(), l.column()));
    let mut help = None;
    // An unclosed quote or bracket is found where the file (or line) ends; point at the opener.
    if let Some((what, at)) = context
        && let Some(opener) = line_col(at)
    {
        let close = if what.contains("simple key") {
            Some("a key needs a colon and a space after it, e.g. `unit: 件`")
        } else if what.contains("quoted scalar") {
            Some("close the quote that starts here (or remove it)")
        } else if what.contains("flow sequence") {
            Some("close the `[` that starts here with `]`; items are separated by commas")
        } else if what.contains("flow mapping") {
            Some("close the `{` that starts here with `}`; entries are separated by commas")
        } else {
            None
        };
        if let Some(close) = close {
            if let Some((line, _)) = pos {
                msg = format!("{msg} (line {line}), while {what} that starts here");
            }
            pos = Some(opener);
            help = Some(close.to_string());
        }
    }
    if let Some(key) = msg
        .strip_prefix("duplicate field `")
        .or_else(|| msg.strip_prefix("duplicate entry `"))
        .map(|k| k.trim_end_matches('`').to_string())
    {
        let at = field.as_ref().map_or(key.clone(), |f| format!("{f}.{key}"));
        pos = locate::locate_last(text, &at).or(pos);
        msg = format!("`{key}` is given twice");
        help = Some(format!(
            "remove one of the two `{key}:` lines (YAML allows each key once per mapping)"
        ));
    }
    if msg.contains("more than one document") {
        // The second document starts at a `---` line after some content.
        let mut seen_content = false;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if t.starts_with("---") && seen_content {
                pos = Some((i + 1, 1));
                break;
            }
            seen_content |= !(t.is_empty() || t.starts_with('#') || t.starts_with("---"));
        }
        msg = "the file holds more than one YAML document".into();
        help = Some(
            "a file holds one entry: remove this `---` line and what follows, or move that part into its own file".into(),
        );
    }
    let mut d = Diagnostic::new(path, msg.clone());
    if let Some((line, col)) = pos {
        d = d.at(line, col);
    }
    if let Some(f) = field {
        d = d.field(f);
    }
    let tab_indented = pos
        .and_then(|(line, _)| text.lines().nth(line.wrapping_sub(1)))
        .is_some_and(|l| {
            l.chars()
                .take_while(|c| c.is_whitespace())
                .any(|c| c == '\t')
        });
    let help = help.unwrap_or_else(|| {
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            match suggest(name, candidates.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "remove `{name}`; allowed fields are listed in docs/content-format.md"
                ),
            }
        } else if let Some(rest) = msg.strip_prefix("missing field `") {
            format!(
                "add `{}:` (see docs/content-format.md)",
                rest.trim_end_matches('`')
            )
        } else if msg.contains("invalid type") || msg.contains("unknown variant") {
            "see docs/content-format.md for the expected form of this field".to_string()
        } else if tab_indented {
            "indent with spaces: YAML does not allow tabs in indentation".to_string()
        } else if msg == "unknown anchor" {
            "`*name` repeats a value marked `&name` earlier in the file, and there is none: write the value itself (quote it if it starts with * or &)".to_string()
        } else if msg.contains("recursion limit") {
            "the value is nested too deeply; see docs/content-format.md for the expected form"
                .to_string()
        } else {
            "check the YAML syntax around this line (indentation, a missing colon, unbalanced quotes or brackets)".to_string()
        }
    });
    d.help(help)
}

/// Parses libyaml's "2 column 7" (what follows " at line ") into (line, column).
fn line_col(at: &str) -> Option<(usize, usize)> {
    let (line, col) = at.split_once(" column ")?;
    Some((line.trim().parse().ok()?, col.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> (PathBuf, Project) {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let project = load(&root).expect("the fixture is valid");
        (root, project)
    }

    fn edited(root: &Path, rel: &str, from: &str, to: &str) -> Source {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        assert!(text.contains(from), "{from} in {rel}");
        Source::new(rel, text.replace(from, to))
    }

    #[test]
    fn patch_takes_edits_that_keep_ids_and_references() {
        let (root, mut project) = minimal();
        let src = edited(
            &root,
            "content/units/I-1-1-2.yaml",
            "name: 創業の支援",
            "name: 創業支援",
        );
        assert!(patch(&mut project, &[&src]));
        let u = project.units.iter().find(|u| u.source == src.path).unwrap();
        assert_eq!(u.name, "創業支援");
        let src = edited(
            &root,
            "content/indicators/02.yaml",
            "actual: 52.3",
            "actual: 54.0",
        );
        assert!(patch(&mut project, &[&src]));
        assert_eq!(
            project.indicators[1].figures[1].actual,
            Actual::Value(Decimal::new(540, 1))
        );
    }

    #[test]
    fn patch_leaves_the_project_alone_when_an_edit_needs_a_full_check() {
        let (root, project) = minimal();
        let cases = [
            // A changed ID: references elsewhere must be checked again.
            edited(
                &root,
                "content/units/I-1-1-2.yaml",
                "id: I-1-(1)-②",
                "id: I-1-(1)-③",
            ),
            // A problem in the edited file: the full check reports it with everything else.
            edited(
                &root,
                "content/units/I-1-1-2.yaml",
                "name: 創業の支援",
                "name: ''",
            ),
            // A changed reference.
            edited(
                &root,
                "content/indicators/02.yaml",
                "unit_policies: [I-1-(2)-①]",
                "unit_policies: [I-1-(1)-②]",
            ),
            // A file the project does not know (a new file).
            Source::new("content/units/new.yaml", "id: I-1-(2)-②\n"),
        ];
        for src in &cases {
            let mut p = project.clone();
            assert!(!patch(&mut p, &[src]), "{}", src.text);
            assert_eq!(format!("{:?}", p.units), format!("{:?}", project.units));
            assert_eq!(
                format!("{:?}", p.indicators),
                format!("{:?}", project.indicators)
            );
        }
    }
}
