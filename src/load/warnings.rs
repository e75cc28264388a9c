//! What `check` and `build` point out without stopping: the site builds, but probably not as
//! the publisher meant it to.

use crate::diagnostic::Diagnostic;
use crate::model::Project;

/// Every warning for a loaded project, located in its files.
pub fn warnings(project: &Project) -> Vec<Diagnostic> {
    let year = project.plan.report_year;
    let mut out = Vec::new();
    for unit in &project.units {
        // A policy that tells its story for other years but not the report year's shows no
        // 計画と実績 for the year the report is about: almost always a forgotten entry or a
        // year key typed wrong (`R4` for `R5`).
        let has_report_year = unit.narratives.iter().any(|(y, _)| *y == year);
        if unit.narratives.is_empty() || has_report_year || unit.is_abolished_in(year) {
            continue;
        }
        let written: Vec<String> = unit.narratives.iter().map(|(y, _)| y.to_string()).collect();
        out.push(
            super::error_in_file(
                &project.root,
                &unit.source,
                "narratives",
                crate::tr!(
                    "unit policy {} has narratives for {} but none for {year}, the report year: its page shows no narrative for {year}",
                    "単位施策 {} には {} の計画と実績がありますが、報告年度の {year} がありません。ページに {year} の計画と実績が載りません",
                    unit.id,
                    written.join(", ")
                ),
            )
            .help(crate::tr!(
                "add `{year}:` under `narratives:` with `plan:` and `actual:`, or ignore this if the report says nothing of {year} for this policy",
                "`narratives:` の下に `{year}:` と `plan:`・`actual:` を書き足してください。報告書にこの年度の記載がないなら、このままでかまいません"
            )),
        );
    }
    out
}
