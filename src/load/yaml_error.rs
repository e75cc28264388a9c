//! serde_yaml's errors turned into diagnostics people can act on.

use std::path::Path;

use super::locate;
use crate::diagnostic::Diagnostic;

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
pub(super) fn yaml_error(path: &Path, text: &str, e: &serde_yaml::Error) -> Diagnostic {
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
