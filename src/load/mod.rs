//! Stage 1: read a project folder into a validated [`Project`].
//!
//! Parsing (`files`) and checking are separate: serde reports syntax, type and unknown-field
//! errors with their position; the checks here report everything that needs more than one
//! field or file (hierarchy, references, duplicates, year coverage). All problems are
//! collected, so one run lists everything to fix.

mod editions;
mod figures;
mod files;
mod hierarchy;
mod indicators;
mod limits;
pub mod links;
mod locate;
mod numbers;
mod periods;
mod plan;
mod publisher;
mod rules;
mod schema;
mod settings;
mod source;
mod text_check;
mod units;
mod warnings;
mod yaml_error;

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::*;
use crate::tr;
use indicators::{check_indicator, check_indicator_numbers};
pub use locate::error_in_file;
pub use numbers::parse_number;
use plan::check_plan;
pub use schema::schemas;
pub use settings::{BASE_PATH_HELP, base_path, load_site, output_clashes};
pub use source::{Source, is_content_file, optional_sources, read, sources};
use units::{check_unit, index_units};
pub use warnings::warnings;
pub use yaml_error::suggest;

/// The site settings file at the project root; optional.
pub const SITE_FILE: &str = "shinchoku.yaml";
pub const PLAN_FILE: &str = "content/plan.yaml";
pub const UNITS_DIR: &str = "content/units";
pub const INDICATORS_DIR: &str = "content/indicators";
/// Content files are a few kilobytes; anything this big is a mistake (or an attack).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Loads and validates the project of one plan in `root` (`content/plan.yaml`).
pub fn load(root: &Path) -> Result<Project, Diagnostics> {
    let mut diags = Vec::new();
    let site = load_site(root, &mut diags);
    load_plan(root, Path::new("content"), site, diags)
}

/// Every plan of the project in `root`, each with the name of its folder: one plan with an
/// empty name (`content/plan.yaml`), or the plans `shinchoku.yaml` lists (`content/<plan>/`).
pub fn load_all(root: &Path) -> Result<Vec<(String, Project)>, Diagnostics> {
    load_all_with(root, |_| ()).map(|(plans, ())| plans)
}

/// [`load_all`], running `alongside` on the site's settings while the plans load: a build
/// reads its theme meanwhile, which for a small report is as long as loading it.
pub fn load_all_with<T: Send>(
    root: &Path,
    alongside: impl FnOnce(&SiteConfig) -> T + Send,
) -> Result<(Vec<(String, Project)>, T), Diagnostics> {
    if let Some(problem) = not_a_project(root) {
        return Err(Diagnostics(vec![problem]));
    }
    let mut diags = Vec::new();
    let site = load_site(root, &mut diags);
    let (plans, along) = rayon::join(
        || load_plans(root, site.clone(), diags),
        || alongside(&site),
    );
    plans.map(|plans| (plans, along))
}

/// The plans of the project whose settings are `site`; `diags` holds the settings' problems.
fn load_plans(
    root: &Path,
    site: SiteConfig,
    mut diags: Vec<Diagnostic>,
) -> Result<Vec<(String, Project)>, Diagnostics> {
    stray_plans(root, &site, &mut diags);
    if site.plans.is_empty() {
        return load_plan(root, Path::new("content"), site, diags)
            .map(|p| vec![(String::new(), p)]);
    }
    let mut plans = Vec::new();
    for name in site.plans.clone() {
        let content = Path::new("content").join(&name);
        match load_plan(root, &content, site.clone(), Vec::new()) {
            Ok(project) => plans.push((name, project)),
            Err(problems) => diags.extend(problems.0),
        }
    }
    if diags.is_empty() {
        Ok(plans)
    } else {
        Err(Diagnostics(diags).with_source_lines(root))
    }
}

/// A folder that is missing, or holds no project at all, is one message: listing every file
/// a project would have says less than "there is no project here".
fn not_a_project(root: &Path) -> Option<Diagnostic> {
    let init = format!("`shinchoku init {}`", root.display());
    if !root.is_dir() {
        return Some(
            Diagnostic::new(root, tr!("no such folder", "フォルダがありません")).help(tr!(
                "check the path, or start a project there with {init}",
                "パスを確認するか、{init} でそこに新しいプロジェクトを作ってください"
            )),
        );
    }
    let empty = !root.join("content").exists() && !root.join(SITE_FILE).exists();
    empty.then(|| {
        Diagnostic::new(
            root,
            tr!(
                "not a shinchoku project: there is no content/plan.yaml",
                "shinchoku のプロジェクトではありません。content/plan.yaml がありません"
            ),
        )
        .help(tr!(
            "give the folder that holds content/plan.yaml, or start a project here with {init}",
            "content/plan.yaml のあるフォルダを指定するか、{init} でここに新しいプロジェクトを作ってください"
        ))
    })
}

/// A plan file that no setting refers to would be left out without a word: it is an error.
fn stray_plans(root: &Path, site: &SiteConfig, diags: &mut Vec<Diagnostic>) {
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return;
    };
    let mut folders: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("plan.yaml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    for name in folders.iter().filter(|n| !site.plans.contains(n)) {
        diags.push(
            Diagnostic::new(
                &Path::new("content").join(name).join("plan.yaml"),
                tr!(
                    "no setting refers to this plan, so it would not be published",
                    "この計画はどの設定からも参照されていないため、公開されません"
                ),
            )
            .help(tr!(
                "list it in {SITE_FILE} under `plans:` (with every other plan of the project), or move it out of content/",
                "{SITE_FILE} の `plans:` に（プロジェクトのほかの計画と並べて）書くか、content/ の外に移してください"
            )),
        );
    }
    if !site.plans.is_empty() && root.join(PLAN_FILE).exists() {
        diags.push(
            Diagnostic::new(
                Path::new(PLAN_FILE),
                tr!(
                    "a project with `plans:` keeps each plan in a folder of its own",
                    "`plans:` のあるプロジェクトでは、計画ごとにフォルダを分けます"
                ),
            )
            .help(tr!(
                "move it, with units/ and indicators/, into content/<plan>/ and list that plan under `plans:` in {SITE_FILE}",
                "units/ と indicators/ とともに content/<計画>/ に移し、その計画を {SITE_FILE} の `plans:` に書いてください"
            )),
        );
    }
}

/// Loads the plan in `content` (a folder relative to `root`).
fn load_plan(
    root: &Path,
    content: &Path,
    site: SiteConfig,
    mut diags: Vec<Diagnostic>,
) -> Result<Project, Diagnostics> {
    let plan = read(root, &content.join("plan.yaml"), &mut diags);
    let folder = |name: &str| content.join(name).to_string_lossy().into_owned();
    let units = optional_sources(root, &folder("units"), &mut diags);
    let indicators = sources(root, &folder("indicators"), &mut diags);
    let mut project = assemble(root, site, plan.as_ref(), &units, &indicators, diags)?;
    // An edition's date, unless the plan gives it: the last commit that changed its content,
    // so a build of one commit always says the same.
    let publisher = &mut project.plan.publisher;
    if publisher.date.is_none() {
        publisher.date = crate::git::last_change_date(root, &[&content.to_string_lossy()]);
    }
    Ok(project)
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
    let units_unreadable = diags
        .iter()
        .any(|d| d.file.iter().any(|part| part == "units"));
    let plan = plan_source.and_then(|src| check_plan(src, site.lang, &mut diags));
    let Some(plan) = plan else {
        return Err(Diagnostics(diags).with_source_lines(root));
    };
    let mut units = par_check(unit_sources, &mut diags, |src, d| check_unit(src, &plan, d));
    // Hierarchy order: by the node a unit is filed under first, then as its ID reads.
    units.sort_by_cached_key(|u| (u.placements.first().copied(), natural_key(&u.id)));
    let unit_index = index_units(&units, unit_sources, &mut diags);
    // A unit file that failed to load makes references to it look dangling.
    let units_failed = units_unreadable || units.len() < unit_sources.len();
    let mut indicators = par_check(indicator_sources, &mut diags, |src, d| {
        check_indicator(src, &plan, &units, &unit_index, units_failed, d)
    });
    indicators.sort_by_key(|i| i.no);
    check_indicator_numbers(&indicators, indicator_sources, &mut diags);
    if !diags.is_empty() {
        return Err(Diagnostics(diags).with_source_lines(root));
    }
    let unit_indicators = Project::index_indicators(units.len(), &indicators);
    let under = Under::of(plan.hierarchy.nodes.len(), &units, &indicators);
    let by_source = by_source(&units, &indicators);
    Ok(Project {
        root: root.to_path_buf(),
        site,
        plan,
        units,
        indicators,
        unit_index,
        unit_indicators,
        under,
        by_source,
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
        let item = project.by_source.get(&src.path).copied();
        if let Some(Item::Unit(u)) = item {
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
        } else if let Some(Item::Indicator(i)) = item {
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
                // Moving an indicator between places, or between Open SDG indicators, changes
                // pages and groups beyond its own, and a successor must be another indicator's
                // number: a full check.
                Some(new)
                    if d.is_empty()
                        && new.no == old.no
                        && new.units == old.units
                        && new.nodes == old.nodes
                        && new.open_sdg == old.open_sdg
                        && new.successor == old.successor =>
                {
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
pub(super) fn par_check<I: Sync, T: Send>(
    items: &[I],
    diags: &mut Vec<Diagnostic>,
    check: impl Fn(&I, &mut Vec<Diagnostic>) -> Option<T> + Sync,
) -> Vec<T> {
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = items
        .par_iter()
        .map(|src| {
            let mut d = Vec::new();
            let checked = check(src, &mut d);
            limits::cap_per_file(&mut d);
            (checked, d)
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for (item, d) in results {
        diags.extend(d);
        out.extend(item);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use rust_decimal::Decimal;

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
    fn a_changed_successor_is_checked_against_every_indicator() {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/periods");
        let mut project = load(&root).expect("the fixture is valid");
        let src = edited(
            &root,
            "content/indicators/02.yaml",
            "successor: 3",
            "successor: 9",
        );
        assert!(!patch(&mut project, &[&src]), "No.9 does not exist");
        assert_eq!(project.indicators[1].successor, Some(3));
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
