//! Bounds on what one content file may cost to read, whatever it holds.
//!
//! Content files are a few kilobytes, nested a handful of levels, with no or few aliases. The
//! limits sit far above that and far below what hurts: a 1 MB string repeated through 10,000
//! aliases would ask for 10 GB, 100,000 nested brackets would take the parser minutes, and a
//! file with thousands of mistakes would print thousands of lines no one reads.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::tr;

/// Nesting of mappings and lists (plan.yaml's goals → policies → measures is 7 deep).
pub const MAX_DEPTH: usize = 32;
/// Text in a file after every alias is expanded: four times the largest file.
pub const MAX_EXPANDED_BYTES: usize = 4 * super::MAX_FILE_BYTES as usize;
/// `*alias` uses in a file.
pub const MAX_ALIASES: usize = 1_000;
/// Problems reported per file; the rest are counted.
pub const MAX_ERRORS_PER_FILE: usize = 100;

/// The YAML reader's settings: the budgets above, and one document per file.
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            flow_nesting_limit: MAX_DEPTH,
            max_total_scalar_bytes: MAX_EXPANDED_BYTES,
            max_aliases: MAX_ALIASES,
        },
        // serde's maps keep the last of two equal keys, which would silently drop a year.
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        // `true`/`false` only, as YAML 1.2 and serde_yaml had it: `on_track: no` stays an error.
        strict_booleans: true,
        // Errors are located with the file's index; no need to keep source snippets.
        with_snippet: false,
    }
}

/// Keeps the first [`MAX_ERRORS_PER_FILE`] problems of each file in `diags` (in order) and
/// replaces the rest of that file's with one line saying how many there were.
pub fn cap_per_file(diags: &mut Vec<Diagnostic>) {
    if diags.len() <= MAX_ERRORS_PER_FILE {
        return;
    }
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(MAX_ERRORS_PER_FILE + 1);
    let mut dropped: Vec<(&Path, usize)> = Vec::new();
    let mut seen: std::collections::HashMap<&Path, usize> = std::collections::HashMap::new();
    for d in diags.iter() {
        let count = seen.entry(&d.file).or_default();
        *count += 1;
        if *count <= MAX_ERRORS_PER_FILE {
            kept.push(d.clone());
        } else if let Some(entry) = dropped.iter_mut().find(|(f, _)| *f == d.file) {
            entry.1 += 1;
        } else {
            dropped.push((&d.file, 1));
        }
    }
    for (file, n) in dropped {
        kept.push(
            Diagnostic::new(
                file,
                tr!(
                    "… and {n} more problems in this file",
                    "…このファイルには、ほかに {n} 件の問題があります"
                ),
            )
            .help(tr!(
                "fix the first {MAX_ERRORS_PER_FILE} above and run the check again to see the rest",
                "上の {MAX_ERRORS_PER_FILE} 件を直してから、もう一度チェックすると残りが表示されます"
            )),
        );
    }
    *diags = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_reports_its_first_problems_and_counts_the_rest() {
        let mut diags: Vec<Diagnostic> = (0..250)
            .map(|i| Diagnostic::new(Path::new("a.yaml"), tr!("problem {i}", "問題 {i}")))
            .collect();
        diags.insert(
            3,
            Diagnostic::new(Path::new("b.yaml"), tr!("other", "その他")),
        );
        cap_per_file(&mut diags);
        assert_eq!(diags.len(), MAX_ERRORS_PER_FILE + 2);
        assert_eq!(diags[3].message.en, "other");
        assert_eq!(diags[MAX_ERRORS_PER_FILE].message.en, "problem 99");
        let last = diags.last().unwrap();
        assert_eq!(last.file, Path::new("a.yaml"));
        assert_eq!(last.message.en, "… and 150 more problems in this file");
        assert!(last.help.is_some());
    }
}
