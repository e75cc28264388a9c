//! The diff for a terminal: one line per change, grouped.

use std::fmt::Write;

use super::Changes;
use super::words::words;

pub fn text(c: &Changes) -> String {
    let w = words(c.lang);
    let mut out = String::new();
    if c.is_empty() {
        let _ = writeln!(out, "{} ({} -> {})", w.nothing, c.old_name, c.new_name);
        return out;
    }
    let _ = writeln!(out, "{} -> {}", c.old_name, c.new_name);
    let (a, b) = &c.headline;
    let _ = writeln!(
        out,
        "\n{} ({} -> {})",
        w.headline,
        a.year.label(),
        b.year.label()
    );
    for (label, before, after) in w.headline_rows(&c.headline) {
        let mark = if before == after { "" } else { "  *" };
        let _ = writeln!(out, "  {label}: {before} -> {after}{mark}");
    }
    if !c.figures.is_empty() {
        let _ = writeln!(out, "\n{}", w.figures);
        for f in &c.figures {
            let (at, field) = &f.what;
            let _ = writeln!(
                out,
                "  {} {} {} {} {}: {} -> {}",
                w.kpi,
                at.no,
                at.name,
                at.year.label(),
                w.field(*field),
                f.old,
                f.new
            );
        }
    }
    if !c.results.is_empty() {
        let _ = writeln!(out, "\n{}", w.results);
        for r in &c.results {
            let at = &r.what;
            let _ = writeln!(
                out,
                "  {} {} {} {}: {} -> {}",
                w.kpi,
                at.no,
                at.name,
                at.year.label(),
                r.old,
                r.new
            );
        }
    }
    if !c.units.is_empty() {
        let _ = writeln!(out, "\n{}", w.units);
        for u in &c.units {
            let _ = writeln!(
                out,
                "  {} {}: {} -> {}",
                u.what.id, u.what.name, u.old, u.new
            );
        }
    }
    for (heading, lines) in w.membership(c, "->") {
        let _ = writeln!(out, "\n{heading}");
        for line in lines {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}
