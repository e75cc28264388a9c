//! The diff as Markdown, to post as a pull-request comment: a heading, the headline before and
//! after, tables of changed figures and results, lists of what was added, removed or renamed.

use std::fmt::Write;

use super::Changes;
use super::words::words;

/// A table cell: pipes and line breaks would break the table.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(c: &Changes) -> String {
    let w = words(c.lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## shinchoku diff: `{}` → `{}`\n",
        cell(&c.old_name),
        cell(&c.new_name)
    );
    if c.is_empty() {
        let _ = writeln!(out, "{}", w.nothing);
        return out;
    }
    let (a, b) = &c.headline;
    let _ = writeln!(
        out,
        "### {}\n\n| | {} ({}) | {} ({}) |\n|---|---:|---:|",
        w.headline,
        w.before,
        a.year.label(),
        w.after,
        b.year.label()
    );
    for (label, before, after) in w.headline_rows(&c.headline) {
        // Bold what moved, so the eye finds it.
        if before == after {
            let _ = writeln!(out, "| {label} | {before} | {after} |");
        } else {
            let _ = writeln!(out, "| **{label}** | {before} | **{after}** |");
        }
    }
    if !c.figures.is_empty() {
        let _ = writeln!(
            out,
            "\n### {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|",
            w.figures, w.kpi, w.year, w.field, w.before, w.after
        );
        for f in &c.figures {
            let (at, field) = &f.what;
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} | {} |",
                at.no,
                cell(&at.name),
                at.year.label(),
                w.field(*field),
                cell(&f.old),
                cell(&f.new)
            );
        }
    }
    if !c.results.is_empty() {
        let _ = writeln!(
            out,
            "\n### {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
            w.results, w.kpi, w.year, w.before, w.after
        );
        for r in &c.results {
            let at = &r.what;
            let _ = writeln!(
                out,
                "| {} {} | {} | {} | {} |",
                at.no,
                cell(&at.name),
                at.year.label(),
                cell(&r.old),
                cell(&r.new)
            );
        }
    }
    if !c.units.is_empty() {
        let _ = writeln!(
            out,
            "\n### {}\n\n| {} | {} | {} |\n|---|---|---|",
            w.units, w.unit, w.before, w.after
        );
        for u in &c.units {
            let _ = writeln!(
                out,
                "| {} {} | {} | {} |",
                cell(&u.what.id),
                cell(&u.what.name),
                cell(&u.old),
                cell(&u.new)
            );
        }
    }
    for (heading, lines) in w.membership(c, "→") {
        let _ = writeln!(out, "\n### {heading}\n");
        for line in lines {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}
