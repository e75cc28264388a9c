//! Edits a KPI file's text in place: each changed figure replaces just its scalar's text, so
//! comments, key order and layout stay, and the git diff shows only the changed figures.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, Span, StructureStyle};

use crate::model::{Year, YearForm};

/// A year's field to set, and the field it replaces if that is there instead (an actual
/// replaces a pending reason, and the other way round).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub year: Year,
    pub key: &'static str,
    /// The value as YAML text.
    pub value: String,
    pub replaces: Option<&'static str>,
}

/// Where one entry of a mapping is in the text.
#[derive(Debug, Clone, Copy)]
struct Entry {
    key_start: usize,
    /// 0-based column of its key.
    key_col: usize,
    value_start: usize,
    /// The end of the last scalar inside the value (the value itself, if it is a scalar).
    value_end: usize,
    flow: bool,
}

/// Every mapping entry of a text by its path (`years.R5.actual`), as far as it is valid YAML.
fn entries(source: &str) -> HashMap<String, Entry> {
    enum Frame {
        Map {
            path: String,
            key: Option<(String, usize, usize)>,
        },
        Seq {
            path: String,
            next: usize,
        },
    }
    let mut found: HashMap<String, Entry> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // The paths of the entries whose values are open, to extend their end.
    let mut open: Vec<String> = Vec::new();
    let offset = |span: &Span| {
        (
            span.start.byte_offset().unwrap_or(0),
            span.end.byte_offset().unwrap_or(0),
        )
    };
    let join = |parent: &str, key: &str| {
        if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        }
    };
    let mut parser = Parser::new_from_str(source);
    while let Some(Ok((event, span))) = parser.next_event() {
        let (start, end) = offset(&span);
        // A value starts: the path it is the value of.
        let value_path = |stack: &mut Vec<Frame>| -> Option<(String, usize, usize)> {
            match stack.last_mut() {
                Some(Frame::Map { key, .. }) => key.take(),
                Some(Frame::Seq { path, next }) => {
                    let item = format!("{path}[{next}]");
                    *next += 1;
                    Some((item, start, span.start.col()))
                }
                None => None,
            }
        };
        match event {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    path,
                    key: key @ None,
                }) = stack.last_mut()
                {
                    *key = Some((join(path, &text), start, span.start.col()));
                    continue;
                }
                if let Some((path, key_start, key_col)) = value_path(&mut stack) {
                    found.insert(
                        path,
                        Entry {
                            key_start,
                            key_col,
                            value_start: start,
                            value_end: end,
                            flow: false,
                        },
                    );
                }
                for path in &open {
                    if let Some(entry) = found.get_mut(path) {
                        entry.value_end = end;
                    }
                }
            }
            Event::MappingStart(style, ..) | Event::SequenceStart(style, ..) => {
                let is_map = matches!(event, Event::MappingStart(..));
                let path = match value_path(&mut stack) {
                    Some((path, key_start, key_col)) => {
                        found.insert(
                            path.clone(),
                            Entry {
                                key_start,
                                key_col,
                                value_start: start,
                                value_end: start,
                                flow: style == StructureStyle::Flow,
                            },
                        );
                        open.push(path.clone());
                        path
                    }
                    None => String::new(),
                };
                stack.push(if is_map {
                    Frame::Map { path, key: None }
                } else {
                    Frame::Seq { path, next: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) = stack.pop()
                    && !path.is_empty()
                {
                    open.retain(|p| *p != path);
                }
            }
            _ => {}
        }
    }
    found
}

/// The text with every edit made; `None` if the file's `years` is not a mapping to edit.
pub fn apply(source: &str, form: YearForm, edits: &[Edit]) -> Option<String> {
    let entries = entries(source);
    let years = entries.get("years")?;
    // The year entries as written (the code may be written R5 or Ｒ５).
    let year_entry = |year: Year| {
        entries.iter().find_map(|(path, entry)| {
            let code = path.strip_prefix("years.")?;
            (!code.contains('.') && parse_year(code, form) == Some(year))
                .then(|| (path.clone(), *entry))
        })
    };
    // (byte range to replace, new text), applied from the end so offsets stay right.
    let mut splices: Vec<(usize, usize, String)> = Vec::new();
    let mut new_years: Vec<(Year, Vec<&Edit>)> = Vec::new();
    for edit in edits {
        let Some((path, entry)) = year_entry(edit.year) else {
            match new_years.iter_mut().find(|(y, _)| *y == edit.year) {
                Some((_, list)) => list.push(edit),
                None => new_years.push((edit.year, vec![edit])),
            }
            continue;
        };
        let field = |key: &str| entries.get(&format!("{path}.{key}")).copied();
        if let Some(own) = field(edit.key) {
            splices.push((own.value_start, own.value_end, edit.value.clone()));
        } else if let Some(other) = edit.replaces.and_then(field) {
            let text = format!("{}: {}", edit.key, edit.value);
            splices.push((other.key_start, other.value_end, text));
        } else if entry.flow {
            let text = format!(", {}: {}", edit.key, edit.value);
            splices.push((entry.value_end, entry.value_end, text));
        } else {
            let column = entries
                .iter()
                .filter(|(p, _)| p.starts_with(&format!("{path}.")))
                .map(|(_, e)| e.key_col)
                .min()
                .unwrap_or(entry.key_col + 2);
            let at = line_end(source, entry.value_end);
            let text = format!("\n{}{}: {}", " ".repeat(column), edit.key, edit.value);
            splices.push((at, at, text));
        }
    }
    if !new_years.is_empty() {
        // New years go after the last one, in the style of the file's other years.
        let siblings: Vec<&Entry> = entries
            .iter()
            .filter(|(p, _)| p.strip_prefix("years.").is_some_and(|c| !c.contains('.')))
            .map(|(_, e)| e)
            .collect();
        let column = siblings.iter().map(|e| e.key_col).min().unwrap_or(2);
        let flow = siblings.iter().all(|e| e.flow);
        if years.flow {
            return None;
        }
        let at = line_end(source, years.value_end);
        let mut text = String::new();
        new_years.sort_by_key(|(y, _)| *y);
        for (year, fields) in new_years {
            let indent = " ".repeat(column);
            if flow {
                let inner: Vec<String> = fields
                    .iter()
                    .map(|e| format!("{}: {}", e.key, e.value))
                    .collect();
                text.push_str(&format!("\n{indent}{year}: {{{}}}", inner.join(", ")));
            } else {
                text.push_str(&format!("\n{indent}{year}:"));
                for e in fields {
                    text.push_str(&format!("\n{indent}  {}: {}", e.key, e.value));
                }
            }
        }
        splices.push((at, at, text));
    }
    splices.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    let mut out = source.to_string();
    for (start, end, text) in splices {
        out.replace_range(start..end, &text);
    }
    Some(out)
}

fn parse_year(code: &str, form: YearForm) -> Option<Year> {
    let folded: String = unicode_normalization::UnicodeNormalization::nfkc(code).collect();
    Year::parse_in(&folded, form)
}

/// The end of the line `at` is on (before its line break), past any closing brace or comment.
fn line_end(source: &str, at: usize) -> usize {
    source[at..].find('\n').map_or(source.len(), |i| at + i)
}

/// A text as a YAML scalar: plain where YAML reads it back as the same string, else quoted.
pub fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !text.contains([':', '#', ',', '[', ']', '{', '}', '\n'])
        && crate::load::parse_number(text).is_none()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "null" | "~" | "true" | "false" | "yes" | "no" | "on" | "off"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(year: &str, key: &'static str, value: &str, replaces: Option<&'static str>) -> Edit {
        Edit {
            year: Year::parse(year).unwrap(),
            key,
            value: value.into(),
            replaces,
        }
    }

    const KPI: &str = "no: 5\n# figures\nyears:\n  R3: {target: 20, actual: 34}  # 確定\n  R4: {target: 25, pending: 集計中}\n  R5:\n    target: 30\nreflection: x\n";

    #[test]
    fn replaces_only_the_scalar() {
        let out = apply(KPI, YearForm::Era, &[edit("R3", "actual", "35", None)]).unwrap();
        assert_eq!(out, KPI.replace("actual: 34", "actual: 35"));
    }

    #[test]
    fn an_actual_takes_the_place_of_a_pending_reason() {
        let out = apply(
            KPI,
            YearForm::Era,
            &[edit("R4", "actual", "26", Some("pending"))],
        );
        assert_eq!(out.unwrap(), KPI.replace("pending: 集計中", "actual: 26"));
    }

    #[test]
    fn adds_a_field_in_the_entry_s_own_style() {
        let out = apply(
            KPI,
            YearForm::Era,
            &[edit("R5", "actual", "31", Some("pending"))],
        );
        assert_eq!(
            out.unwrap(),
            KPI.replace("    target: 30\n", "    target: 30\n    actual: 31\n")
        );
        let out = apply(KPI, YearForm::Era, &[edit("R3", "note", "中止", None)]);
        assert_eq!(
            out.unwrap(),
            KPI.replace("actual: 34}", "actual: 34, note: 中止}")
        );
    }

    #[test]
    fn adds_a_year_after_the_last() {
        let src = "years:\n  R3: {target: 1, actual: 2}\nreflection: x\n";
        let out = apply(src, YearForm::Era, &[edit("R4", "target", "3", None)]).unwrap();
        assert_eq!(
            out,
            "years:\n  R3: {target: 1, actual: 2}\n  R4: {target: 3}\nreflection: x\n"
        );
    }

    #[test]
    fn quotes_what_would_not_read_back() {
        assert_eq!(yaml_string("年度末に調査"), "年度末に調査");
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("123"), "\"123\"");
    }
}
