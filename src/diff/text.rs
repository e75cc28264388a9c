//! The diff for a terminal: one line per change, grouped.

use std::fmt::Write;

use super::words::words;
use super::{Changes, Item};

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
    let lists: [(&str, &str, &[Item]); 4] = [
        (w.added, w.unit, &c.added_units),
        (w.removed, w.unit, &c.removed_units),
        (w.added, w.kpi, &c.added_kpis),
        (w.removed, w.kpi, &c.removed_kpis),
    ];
    for (verb, kind, items) in lists {
        if !items.is_empty() {
            let _ = writeln!(out, "\n{verb}: {kind}");
            for i in items {
                let _ = writeln!(out, "  {} {}", i.id, i.name);
            }
        }
    }
    for (kind, renamed) in [(w.unit, &c.renamed_units), (w.kpi, &c.renamed_kpis)] {
        if !renamed.is_empty() {
            let _ = writeln!(out, "\n{}: {kind}", w.renamed);
            for r in renamed {
                let _ = writeln!(out, "  {}: {} -> {}", r.what, r.old, r.new);
            }
        }
    }
    out
}
