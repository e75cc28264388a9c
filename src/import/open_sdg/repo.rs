//! An Open SDG data repository as sdg-build reads it: `config_data.yml` (which columns are not
//! disaggregations), each indicator's metadata (`meta/<id>.md` front matter, `meta/<id>.yml`,
//! `indicator-config/<id>.yml`, later files overriding earlier keys), its data file
//! (`data/indicator_<id>.csv`) and the English translations (`translations/en/*.yml`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::table::{self, Table};
use super::translate::{self, Translations};
use crate::diagnostic::Diagnostic;
use crate::import::yaml;
use crate::load::links;
use crate::message::Text;
use crate::model::natural_key;
use crate::tr;

pub const CONFIG_FILE: &str = "config_data.yml";
/// Metadata files are small; anything this big is not one.
const MAX_META_BYTES: u64 = 16 * 1024 * 1024;

/// The columns sdg-build treats specially (`indicator_options` in config_data.yml).
#[derive(Debug, Clone)]
pub struct Columns {
    /// Not disaggregations: left out when looking for the headline.
    pub non_disaggregation: Vec<String>,
    /// Notes on single values (`COMMENT_OBS`): dropped before the calculation.
    pub observation_attributes: Vec<String>,
    pub series: String,
    pub unit: String,
    /// A column whose values, where given, the calculation uses instead of `Value`.
    pub progress: String,
}

impl Default for Columns {
    /// sdg-build's `open_sdg_indicator_options_defaults`.
    fn default() -> Self {
        let names = |l: &[&str]| l.iter().map(|s| (*s).to_string()).collect();
        Columns {
            non_disaggregation: names(&[
                "Year",
                "Value",
                "Units",
                "Series",
                "GeoCode",
                "Observation status",
                "Unit multiplier",
                "Unit measure",
                "UNIT_MEASURE",
                "SERIES",
                "COMMENT_TS",
                "DATA_LAST_UPDATE",
            ]),
            observation_attributes: names(&["COMMENT_OBS", "SOURCE_DETAIL"]),
            series: "Series".into(),
            unit: "Units".into(),
            progress: "Progress".into(),
        }
    }
}

/// One metadata file's text, for locating a field in messages.
struct MetaFile {
    shown: PathBuf,
    text: String,
    /// Lines before the YAML starts (the `---` of front matter).
    offset: usize,
}

/// An indicator's metadata, merged from its files.
pub struct Metadata {
    /// The ID in file names: `1-2-1`.
    pub id: String,
    files: Vec<MetaFile>,
    fields: Map<String, Value>,
    /// Which file gave each top-level key (an index into `files`).
    origin: HashMap<String, usize>,
}

impl Metadata {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.fields.get(key).filter(|v| !v.is_null())
    }

    /// A text field, or a number written where text was meant (`sdg_goal: 1`).
    pub fn text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// sdg-build's test: `true`, or the text `true` in any case.
    pub fn is_on(&self, key: &str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }

    /// The file that gave `field`'s top-level key, and the line of the field in it.
    fn place(&self, field: &str) -> (&Path, Option<(usize, usize)>) {
        let top = field.split(['.', '[']).next().unwrap_or_default();
        let file = &self.files[self.origin.get(top).copied().unwrap_or(0)];
        let at =
            yaml::locate(&yaml::positions(&file.text), field).map(|(l, c)| (l + file.offset, c));
        (&file.shown, at)
    }

    pub fn error(&self, field: &str, message: impl Into<Text>) -> Diagnostic {
        let (path, at) = self.place(field);
        let d = Diagnostic::new(path, message).field(field);
        match at {
            Some((l, c)) => d.at(l, c),
            None => d,
        }
    }

    /// `meta/1-2-1.md:12`: where `field` is, for warnings.
    pub fn shown(&self, field: &str) -> String {
        let (path, at) = self.place(field);
        match at {
            Some((l, _)) => format!("{}:{l}", path.display()),
            None => path.display().to_string(),
        }
    }

    /// The file that holds the progress options (for messages about the whole indicator).
    pub fn main_file(&self) -> &Path {
        self.place("progress_calculation_options").0
    }
}

pub struct Repository {
    /// The repository folder as given on the command line.
    pub root: PathBuf,
    pub columns: Columns,
    /// By ID, as people read them (1-2-1 before 1-10-1).
    pub metadata: Vec<Metadata>,
    /// ID → the data file, relative to `root`.
    pub data: HashMap<String, PathBuf>,
    pub translations: Translations,
}

/// Reads everything but the data files (read one at a time later); problems go to `diags`.
pub fn read(root: &Path, diags: &mut Vec<Diagnostic>) -> Repository {
    let columns = read_config(root, diags);
    let mut merged: BTreeMap<String, Metadata> = BTreeMap::new();
    // sdg-build's inputs in the usual order; a later file's keys replace an earlier one's.
    for (dir, ext) in [
        ("meta", ".md"),
        ("meta", ".yml"),
        ("meta", ".yaml"),
        ("indicator-config", ".yml"),
    ] {
        for rel in listed(root, dir, ext, diags) {
            let id = stem(&rel, ext);
            let Some((fields, file)) = read_meta(root, &rel, ext == ".md", diags) else {
                continue;
            };
            let meta = merged.entry(id.clone()).or_insert_with(|| Metadata {
                id,
                files: Vec::new(),
                fields: Map::new(),
                origin: HashMap::new(),
            });
            let index = meta.files.len();
            meta.files.push(file);
            for (k, v) in fields {
                meta.origin.insert(k.clone(), index);
                meta.fields.insert(k, v);
            }
        }
    }
    let mut metadata: Vec<Metadata> = merged.into_values().collect();
    metadata.sort_by_cached_key(|m| natural_key(&m.id));
    let data = listed(root, "data", ".csv", diags)
        .into_iter()
        .map(|rel| (stem(&rel, ".csv").replace("indicator_", ""), rel))
        .collect();
    let translations = translate::read(root, diags);
    Repository {
        root: root.to_path_buf(),
        columns,
        metadata,
        data,
        translations,
    }
}

/// The files `dir/*-*<ext>` (sdg-build's path patterns), not those in subfolders (`meta/fr/`).
fn listed(root: &Path, dir: &str, ext: &str, diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    if !root.join(dir).is_dir() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for rel in links::files(
        root,
        Path::new(dir),
        |n| n.ends_with(ext) && n.contains('-'),
        &mut problems,
    ) {
        if rel.parent() == Some(Path::new(dir)) {
            found.push(rel);
        }
    }
    diags.extend(problems.into_iter().map(|d| located(root, d)));
    found
}

pub fn stem(rel: &Path, ext: &str) -> String {
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    name.strip_suffix(ext).unwrap_or(&name).to_string()
}

/// A diagnostic about a path relative to the repository, shown under the repository folder.
pub fn located(root: &Path, mut d: Diagnostic) -> Diagnostic {
    d.file = root.join(&d.file);
    d
}

/// A file's text, after the symbolic-link check; `None` with a diagnostic if unreadable.
pub fn read_text(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    if let Some(d) = links::problem(root, rel) {
        diags.push(located(root, d));
        return None;
    }
    let shown = root.join(rel);
    let fail = |diags: &mut Vec<Diagnostic>, msg: Text| {
        diags.push(Diagnostic::new(&shown, msg).help(tr!(
            "check the file (its permissions, its encoding: UTF-8)",
            "ファイルを確認してください（アクセス権と、文字コードが UTF-8 か）"
        )));
        None
    };
    match std::fs::metadata(&shown) {
        Ok(m) if m.len() > MAX_META_BYTES => {
            return fail(
                diags,
                tr!(
                    "file is {} bytes, over the {MAX_META_BYTES}-byte limit",
                    "ファイルが {} バイトあり、上限の {MAX_META_BYTES} バイトを超えています",
                    m.len()
                ),
            );
        }
        Err(e) => return fail(diags, tr!("cannot read: {e}", "読み込めません: {e}")),
        Ok(_) => {}
    }
    match std::fs::read(&shown).map(String::from_utf8) {
        Ok(Ok(text)) => Some(text.trim_start_matches('\u{feff}').to_string()),
        Ok(Err(_)) => fail(diags, tr!("not valid UTF-8", "UTF-8 として読めません")),
        Err(e) => fail(diags, tr!("cannot read: {e}", "読み込めません: {e}")),
    }
}

/// An indicator's data file, after the symbolic-link check.
pub fn read_table(
    repository: &Repository,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let root = &repository.root;
    if let Some(d) = links::problem(root, rel) {
        diags.push(located(root, d));
        return None;
    }
    table::read(&root.join(rel), diags)
}

/// Parses YAML text that starts `offset` lines into the file `shown`.
pub fn parse_yaml(
    text: &str,
    shown: &Path,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Value> {
    match yaml::parse_lenient(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let mut message = e.to_string();
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            let mut d = Diagnostic::new(shown, tr!("not valid YAML: {message}", "YAML として読めません: {message}"))
                .help(tr!("fix the YAML syntax (a `key: value` per line; quote text with a `: ` or a leading `-` in it)", "YAML の書き方を直してください（1 行に `項目: 値` を 1 つ。`: ` を含む文字や `-` で始まる文字は引用符で囲みます）"));
            if let Some((line, column)) = yaml::error_position(&e) {
                d = d.at(line + offset, column);
            }
            diags.push(d);
            None
        }
    }
}

/// One metadata file's top-level mapping: YAML, or the front matter of a `.md` file.
fn read_meta(
    root: &Path,
    rel: &Path,
    front_matter: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Map<String, Value>, MetaFile)> {
    let text = read_text(root, rel, diags)?;
    let shown = root.join(rel);
    let (yaml, offset) = if front_matter {
        let Some(yaml) = split_front_matter(&text) else {
            diags.push(
                Diagnostic::new(&shown, tr!("no YAML front matter: the file must start with a `---` line, then the metadata, then another `---` line", "YAML のフロントマターがありません。ファイルは `---` の行、メタデータ、もう 1 つの `---` の行の順で始まる必要があります"))
                    .at(1, 1)
                    .help(tr!("put the indicator's metadata (indicator_number, auto_progress_calculation, ...) between two `---` lines at the top", "指標のメタデータ（indicator_number、auto_progress_calculation など）を先頭の 2 つの `---` の行の間に書いてください")),
            );
            return None;
        };
        (yaml.to_string(), 1)
    } else {
        (text, 0)
    };
    let fields = match parse_yaml(&yaml, &shown, offset, diags)? {
        Value::Object(m) => m,
        Value::Null => Map::new(),
        _ => {
            diags.push(
                Diagnostic::new(
                    &shown,
                    tr!(
                        "the metadata must be `key: value` lines",
                        "メタデータは `項目: 値` の行で書く必要があります"
                    ),
                )
                .at(1 + offset, 1)
                .help(tr!(
                    "write one field per line, e.g. `indicator_number: 1.2.1`",
                    "1 行に 1 項目ずつ書いてください（例: `indicator_number: 1.2.1`）"
                )),
            );
            return None;
        }
    };
    Some((
        fields,
        MetaFile {
            shown,
            text: yaml,
            offset,
        },
    ))
}

/// The YAML between a first line `---` and the next `---` line.
fn split_front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(&rest[..at]);
        }
        at += line.len();
    }
    None
}

/// `config_data.yml`'s `indicator_options`, or sdg-build's defaults. Given, they replace the
/// defaults (sdg-build keeps only `Year` and `Value` of its own).
fn read_config(root: &Path, diags: &mut Vec<Diagnostic>) -> Columns {
    let rel = Path::new(CONFIG_FILE);
    if !root.join(rel).exists() {
        return Columns::default();
    }
    let shown = root.join(rel);
    let Some(text) = read_text(root, rel, diags) else {
        return Columns::default();
    };
    let Some(Value::Object(config)) = parse_yaml(&text, &shown, 0, diags) else {
        return Columns::default();
    };
    let Some(Value::Object(options)) = config.get("indicator_options") else {
        return Columns::default();
    };
    let mut bad = |field: &str| {
        let at = yaml::locate(
            &yaml::positions(&text),
            &format!("indicator_options.{field}"),
        )
        .unwrap_or((1, 1));
        diags.push(
            Diagnostic::new(
                &shown,
                tr!(
                    "must be a list of column names",
                    "列名のリストにしてください"
                ),
            )
            .field(format!("indicator_options.{field}"))
            .at(at.0, at.1)
            .help(tr!(
                "list the columns, e.g. [Year, Units, Series, Value, GeoCode]",
                "列を並べて書いてください（例: [Year, Units, Series, Value, GeoCode]）"
            )),
        );
    };
    let mut names = |field: &str| -> Vec<String> {
        match options.get(field) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(s)) if s.iter().all(Value::is_string) => s
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(_) => {
                bad(field);
                Vec::new()
            }
        }
    };
    let mut non_disaggregation = vec!["Year".to_string(), "Value".to_string()];
    for c in names("non_disaggregation_columns") {
        if !non_disaggregation.contains(&c) {
            non_disaggregation.push(c);
        }
    }
    let observation_attributes = names("observation_attributes");
    let column = |field: &str, default: &str| {
        options
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_string()
    };
    Columns {
        non_disaggregation,
        observation_attributes,
        series: column("series_column", "Series"),
        unit: column("unit_column", "Units"),
        progress: column("progress_column", "Progress"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_the_yaml_between_the_first_two_rulers() {
        assert_eq!(split_front_matter("---\na: 1\n---\ntext\n"), Some("a: 1\n"));
        assert_eq!(
            split_front_matter("---\r\na: 1\r\n---\r\n"),
            Some("a: 1\r\n")
        );
        assert_eq!(split_front_matter("a: 1\n"), None);
        assert_eq!(split_front_matter("---\na: 1\n"), None);
    }
}
