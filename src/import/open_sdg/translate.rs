//! English translations (`translations/en/<group>.yml`), and what sdg-build translates with
//! them before it measures progress: its English build translates the data's disaggregation
//! columns and text cells, and the metadata's text (the options' series and values among it),
//! so `data.Both sexes` in a CSV meets `Both sexes` in the options. Keys that live only in
//! sdg-translations, which is not in the repository, stay as they are.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::options::{Scalar, SeriesOption};
use super::repo::{Columns, located, parse_yaml, read_text, stem};
use super::table::{Table, VALUE, YEAR};
use crate::diagnostic::Diagnostic;
use crate::load::links;

/// `translations/en/<group>.yml`: `group.key` → text.
#[derive(Default)]
pub struct Translations(HashMap<String, HashMap<String, String>>);

impl Translations {
    /// sdg-build's `TranslationHelper.translate`: `text` when it is a key, else the first of
    /// `group.text` for `groups` that is one; `None` when none is.
    pub fn translate(&self, text: &str, groups: &[&str]) -> Option<&str> {
        let lookup = |key: &str| {
            let (group, rest) = key.split_once('.')?;
            self.0.get(group)?.get(rest).map(String::as_str)
        };
        lookup(text).or_else(|| groups.iter().find_map(|g| lookup(&format!("{g}.{text}"))))
    }

    pub fn get(&self, group: &str, key: &str) -> Option<&str> {
        self.0
            .get(group)?
            .get(key)
            .map(String::as_str)
            .filter(|t| !t.trim().is_empty())
    }

    /// `text`, or its translation when it is a key such as `global_indicators.1-2-1-title`;
    /// `None` for a key with no English text here (it lives in sdg-translations).
    pub fn resolve(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        match t.split_once('.') {
            Some((group, key))
                if !t.contains(char::is_whitespace)
                    && !group.is_empty()
                    && group
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-') =>
            {
                self.get(group, key).map(str::to_string)
            }
            _ => Some(t.to_string()),
        }
    }
}

/// Translates `table` as sdg-build's English build does: text cells by their column (or the
/// `data` group), then the names of the columns that are not special.
pub fn table(t: &Translations, table: &mut Table, columns: &Columns) {
    if t.0.is_empty() {
        return;
    }
    for c in 0..table.columns.len() {
        let name = table.columns[c].clone();
        // pandas holds a column of numbers as numbers, which it does not translate.
        if name == YEAR || name == VALUE || table.is_numeric(c) {
            continue;
        }
        for row in &mut table.rows {
            if let Some(cell) = &row.cells[c]
                && let Some(english) = t.translate(cell, &[&name, "data"])
            {
                row.cells[c] = Some(english.to_string());
            }
        }
    }
    for name in &mut table.columns {
        if columns.non_disaggregation.contains(name) || name == "COMPOSITE_BREAKDOWN" {
            continue;
        }
        if let Some(english) = t.translate(name, &[name.as_str(), "data"]) {
            *name = english.to_string();
        }
    }
}

/// Translates the text an option filters by, as sdg-build translates all metadata text.
pub fn option(t: &Translations, option: &mut SeriesOption) {
    let text = |s: &mut String| {
        if let Some(english) = t.translate(s, &["data"]) {
            *s = english.to_string();
        }
    };
    for scalar in [&mut option.series, &mut option.unit].into_iter().flatten() {
        if let Scalar::Text(s) = scalar {
            text(s);
        }
    }
    for (field, value) in &mut option.disaggregation {
        text(field);
        if let Scalar::Text(s) = value {
            text(s);
        }
    }
}

/// `translations/en/*.yml`, nested keys joined with dots.
pub fn read(root: &Path, diags: &mut Vec<Diagnostic>) -> Translations {
    let dir = "translations/en";
    let mut groups = HashMap::new();
    if !root.join(dir).is_dir() {
        return Translations(groups);
    }
    let mut problems = Vec::new();
    for rel in links::files(root, Path::new(dir), |n| n.ends_with(".yml"), &mut problems) {
        if rel.parent() != Some(Path::new(dir)) {
            continue;
        }
        let Some(text) = read_text(root, &rel, diags) else {
            continue;
        };
        let Some(value) = parse_yaml(&text, &root.join(&rel), 0, diags) else {
            continue;
        };
        let mut texts = HashMap::new();
        flatten("", &value, &mut texts);
        groups.insert(stem(&rel, ".yml"), texts);
    }
    diags.extend(problems.into_iter().map(|d| located(root, d)));
    Translations(groups)
}

fn flatten(prefix: &str, value: &Value, out: &mut HashMap<String, String>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out);
            }
        }
        Value::String(s) => {
            out.insert(prefix.to_string(), s.clone());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_keys_resolve_and_plain_text_stays() {
        let mut t = Translations::default();
        t.0.insert(
            "global_indicators".into(),
            HashMap::from([("1-2-1-title".to_string(), "Poverty".to_string())]),
        );
        assert_eq!(
            t.resolve("global_indicators.1-2-1-title").as_deref(),
            Some("Poverty")
        );
        assert_eq!(t.resolve("global_indicators.9-9-9-title"), None);
        assert_eq!(
            t.resolve("Rate per 1,000 population").as_deref(),
            Some("Rate per 1,000 population")
        );
        assert_eq!(t.resolve("1.2.1").as_deref(), Some("1.2.1"));
    }

    #[test]
    fn data_translates_as_sdg_build_translates_it() {
        let mut t = Translations::default();
        t.0.insert(
            "data".into(),
            HashMap::from([("All ages".to_string(), "All ages (total)".to_string())]),
        );
        assert_eq!(t.translate("data.All ages", &[]), Some("All ages (total)"));
        assert_eq!(
            t.translate("All ages", &["Age", "data"]),
            Some("All ages (total)")
        );
        assert_eq!(t.translate("Female", &["Sex", "data"]), None);
    }
}
