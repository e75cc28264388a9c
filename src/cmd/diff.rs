//! `shinchoku diff [REV_A] [REV_B]`: what changed between two versions of the content, in
//! report terms. Default HEAD vs the working tree; REV_A alone: REV_A vs the working tree.

use std::path::Path;

use anyhow::{Result, anyhow};
use shinchoku::diagnostic::Style;
use shinchoku::{assess, diff, git, load, model::Project};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Markdown,
}

/// What the reader calls the uncommitted files.
const WORKING_TREE: &str = "working tree";

pub fn run(dir: &Path, rev_a: Option<&str>, rev_b: Option<&str>, format: Format) -> Result<()> {
    let rev_a = rev_a.unwrap_or("HEAD");
    // The snapshots (temporary folders) are removed when dropped: keep them until both loads end.
    let snap_a = git::snapshot(dir, rev_a)?;
    let snap_b = rev_b.map(|r| git::snapshot(dir, r)).transpose()?;
    let (root_b, name_b) = match (&snap_b, rev_b) {
        (Some(s), Some(r)) => (s.path(), r),
        _ => (dir, WORKING_TREE),
    };
    let old = load_side(snap_a.path(), rev_a);
    let new = load_side(root_b, name_b);
    let (old, new) = match (old, new) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            // Report every side that failed, each named by its revision.
            let errors: Vec<String> = [o.err(), n.err()].into_iter().flatten().collect();
            return Err(anyhow!("{}", errors.join("\n\n")));
        }
    };
    let mut out = String::new();
    for (plan, new_project) in &new {
        let Some((_, old_project)) = old.iter().find(|(p, _)| p == plan) else {
            continue;
        };
        let (name_a, name_b) = if plan.is_empty() {
            (rev_a.to_string(), name_b.to_string())
        } else {
            (format!("{rev_a} {plan}"), format!("{name_b} {plan}"))
        };
        let a = assess::assess(old_project);
        let b = assess::assess(new_project);
        let changes = diff::compare(
            &diff::Side {
                name: &name_a,
                project: old_project,
                assessment: &a,
            },
            &diff::Side {
                name: &name_b,
                project: new_project,
                assessment: &b,
            },
        );
        out.push_str(&match format {
            Format::Text => diff::text(&changes),
            Format::Markdown => diff::markdown(&changes),
        });
    }
    print!("{out}");
    Ok(())
}

/// Every plan at `root`, or its problems as text headed by the side's name ("HEAD: ...").
/// The problems come with their source lines already (`load_all` reads them on failure).
fn load_side(root: &Path, name: &str) -> Result<Vec<(String, Project)>, String> {
    load::load_all(root).map_err(|problems| {
        format!(
            "{name}: the content does not load\n{}",
            problems.render(Style::for_stderr(), shinchoku::message::Lang::En)
        )
    })
}
