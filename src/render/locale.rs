//! The site's interface text in the site's language: `themes/default/locales/<lang>.yaml`,
//! compiled into the binary, with a project's `themes/<name>/locales/<lang>.yaml` replacing
//! any of its keys. Keys are flat (`nav.home: トップ`); templates read them nested
//! (`{{ ui.nav.home }}`), Rust through [`Strings::get`] and [`Strings::fill`].

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, bail};
use tera::Value;

use crate::model::Lang;

const JA: &str = include_str!("../../themes/default/locales/ja.yaml");
const EN: &str = include_str!("../../themes/default/locales/en.yaml");

/// The shipped locale file of `lang`, as text.
pub fn shipped(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => JA,
        Lang::En => EN,
    }
}

/// The shipped Japanese text, for outputs that are Japanese whatever the site's language.
pub fn japanese() -> &'static Strings {
    static JAPANESE: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
    JAPANESE.get_or_init(|| Strings::shipped(Lang::Ja))
}

/// Interface text, key → text, in one language.
pub struct Strings {
    lang: Lang,
    map: BTreeMap<String, String>,
    /// The same text as one nested value for templates, made once per build.
    ui: Value,
}

impl Strings {
    /// The shipped text of `lang` with the project's overrides from `themes/<theme>/locales/`.
    pub fn load(root: &Path, theme: &str, lang: Lang) -> anyhow::Result<Strings> {
        let mut map = parse(shipped(lang))
            .with_context(|| format!("the built-in locale {}.yaml", lang.tag()))?;
        let rel = Path::new("themes")
            .join(theme)
            .join("locales")
            .join(format!("{}.yaml", lang.tag()));
        let file = root.join(&rel);
        if file.is_file() {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", rel.display()))?;
            let overrides = parse(&text).with_context(|| format!("{}", rel.display()))?;
            for (key, text) in overrides {
                if !map.contains_key(&key) {
                    let help = match nearest(&key, map.keys().map(String::as_str)) {
                        Some(near) => format!(" (did you mean `{near}`?)"),
                        None => String::new(),
                    };
                    bail!(
                        "{}: `{key}` is not a key of the interface text{help}; a locale file overrides only the keys of themes/default/locales/{}.yaml",
                        rel.display(),
                        lang.tag()
                    );
                }
                map.insert(key, text);
            }
        }
        Strings::new(lang, map)
    }

    /// The shipped text of `lang` alone (unit tests, callers without a project).
    pub fn shipped(lang: Lang) -> Strings {
        Strings::new(
            lang,
            parse(shipped(lang)).expect("the shipped locale parses"),
        )
        .expect("the shipped locale nests")
    }

    fn new(lang: Lang, map: BTreeMap<String, String>) -> anyhow::Result<Strings> {
        let ui = nested(&map)?;
        Ok(Strings { lang, map, ui })
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// The text of `key`. Every key Rust asks for is in both shipped files (a test), so a
    /// missing one is a bug in shinchoku, not in a project.
    pub fn get(&self, key: &str) -> &str {
        match self.map.get(key) {
            Some(text) => text,
            None => panic!(
                "the interface text has no key `{key}` (themes/default/locales/{}.yaml)",
                self.lang.tag()
            ),
        }
    }

    /// The text of `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        match fill(self.get(key), |name| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }) {
            Ok(text) => text,
            Err(name) => panic!("the interface text `{key}` needs a value for {{{name}}}"),
        }
    }

    /// The nested value templates read as `ui`.
    pub fn ui(&self) -> &Value {
        &self.ui
    }
}

fn parse(text: &str) -> anyhow::Result<BTreeMap<String, String>> {
    if text.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    let map: BTreeMap<String, String> = serde_saphyr::from_str(text)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("expected `key: text` lines")?;
    Ok(map)
}

/// `nav.home` → `{nav: {home: …}}`. A key that is also another key's prefix cannot nest.
fn nested(map: &BTreeMap<String, String>) -> anyhow::Result<Value> {
    let mut root = tera::Map::new();
    for (key, text) in map {
        let mut parts: Vec<&str> = key.split('.').collect();
        let last = parts.pop().expect("split yields one part");
        let mut node = &mut root;
        for part in parts {
            let entry = node
                .entry(part)
                .or_insert_with(|| Value::Object(tera::Map::new()));
            node = match entry {
                Value::Object(m) => m,
                _ => bail!("`{key}`: `{part}` is a key of its own, so it cannot hold keys"),
            };
        }
        if node
            .insert(last.to_string(), Value::String(text.clone()))
            .is_some()
        {
            bail!("`{key}` holds keys, so it cannot be a text of its own");
        }
    }
    Ok(Value::Object(root))
}

/// The closest key to `word`, if it is close enough to be a likely typo.
fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Replaces each `{name}` in `text` by `value(name)`; the first name without a value is the
/// error.
fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        out.push_str(&value(name).ok_or_else(|| name.to_string())?);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The tera filter `fill(name=value, ...)`: `{{ ui.index.summary | fill(year=site.report_year) }}`.
pub fn fill_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .ok_or_else(|| tera::Error::msg("fill: applies to a text of the locale"))?;
    let filled = fill(text, |name| {
        args.get(name).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    })
    .map_err(|name| {
        tera::Error::msg(format!(
            "fill: `{text}` needs a value for {{{name}}}: add `{name}=...` to the filter"
        ))
    })?;
    Ok(Value::String(filled))
}

/// A tera error about a missing `ui.` variable, rewritten to name the locale file to edit.
pub fn explain_missing(message: &str, lang: Lang) -> Option<String> {
    let start = message.find("Variable `ui.")?;
    let key = message[start + "Variable `ui.".len()..].split('`').next()?;
    Some(format!(
        "the template asks for the interface text `{key}`, which is not in themes/default/locales/{}.yaml: add `{key}: ...` to themes/<theme>/locales/{}.yaml only if shinchoku has it, or fix the key in the template",
        lang.tag(),
        lang.tag()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_names_and_names_the_missing_one() {
        let v = |n: &str| (n == "year").then(|| "2023".to_string());
        assert_eq!(fill("in {year}.", v).unwrap(), "in 2023.");
        assert_eq!(fill("{year} {count}", v).unwrap_err(), "count");
    }

    #[test]
    fn keys_nest_for_templates() {
        let s = Strings::shipped(Lang::En);
        assert_eq!(
            s.ui()["nav"]["home"],
            Value::String(s.get("nav.home").into())
        );
    }

    #[test]
    fn a_key_cannot_be_both_text_and_group() {
        let map = BTreeMap::from([
            ("a".to_string(), "x".into()),
            ("a.b".to_string(), "y".into()),
        ]);
        assert!(nested(&map).is_err());
    }
}
