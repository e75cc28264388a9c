//! `progress_calculation_options`: one entry per series whose progress Open SDG measures,
//! with sdg-build's defaults (base year 2015, target year 2030, direction negative unless
//! `positive`).

use serde_json::{Map, Value};

use super::repo::Metadata;
use super::table::{parse_float, plain_number};
use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::tr;

/// sdg-build's defaults (`SeriesProgress.__init__`).
pub const DEFAULT_BASE_YEAR: u16 = 2015;
pub const DEFAULT_TARGET_YEAR: u16 = 2030;

/// A value a column is filtered by, compared as pandas compares it: numbers with a column of
/// numbers, text with a column of text.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    /// The number and the text it was written as.
    Number(f64, String),
    /// `value:` left empty: the rows where the column is empty. (sdg-build at commit 139fede
    /// would stop on it; the versions that wrote the published Canadian files select these
    /// rows and name the series `None`.)
    Empty,
}

impl Scalar {
    fn from_yaml(v: &Value) -> Option<Scalar> {
        match v {
            Value::String(s) => Some(Scalar::Text(s.clone())),
            Value::Bool(b) => Some(Scalar::Text(if *b { "True" } else { "False" }.into())),
            Value::Number(n) => n.as_f64().map(|f| Scalar::Number(f, n.to_string())),
            Value::Null => Some(Scalar::Empty),
            _ => None,
        }
    }

    /// Whether a cell equals this value (no value equals nothing); `numeric` says whether
    /// pandas reads the cell's column as numbers.
    pub fn matches(&self, cell: Option<&str>, numeric: bool) -> bool {
        match (self, cell) {
            (Scalar::Empty, c) => c.is_none(),
            (_, None) => false,
            (Scalar::Number(n, _), Some(c)) => numeric && parse_float(c) == Some(*n),
            (Scalar::Text(t), Some(c)) => !numeric && c == t,
        }
    }

    /// As written in the options.
    pub fn text(&self) -> &str {
        match self {
            Scalar::Text(t) | Scalar::Number(_, t) => t,
            Scalar::Empty => "None",
        }
    }

    pub fn shown(&self) -> String {
        format!("`{}`", self.text())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Thresholds {
    pub high: Option<f64>,
    pub med: Option<f64>,
    pub low: Option<f64>,
}

/// One entry of `progress_calculation_options`.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesOption {
    pub series: Option<Scalar>,
    pub unit: Option<Scalar>,
    /// (column, value) pairs; empty: the headline.
    pub disaggregation: Vec<(String, Scalar)>,
    /// As configured; sdg-build's default applies when absent.
    pub base_year: Option<u16>,
    pub target: Option<f64>,
    pub target_year: u16,
    /// `direction: positive`; anything else is negative, as in sdg-build.
    pub positive: bool,
    pub limit: Option<f64>,
    pub thresholds: Thresholds,
}

impl SeriesOption {
    /// What sdg-build adds to the indicator's ID to name the series (`Physical violence`,
    /// `Percentage / Female`); `None` for the headline.
    pub fn label(&self) -> Option<String> {
        let parts: Vec<&str> = self
            .series
            .iter()
            .chain(&self.unit)
            .chain(self.disaggregation.iter().map(|(_, v)| v))
            .map(Scalar::text)
            .collect();
        (!parts.is_empty()).then(|| parts.join(" / "))
    }
}

/// What the options ask for.
pub enum Options {
    Series(Vec<SeriesOption>),
    /// Nested `group:` entries, which this importer does not read.
    Grouped,
}

/// The options in `meta`; problems go to `diags`, remarks to `warnings`.
pub fn read(meta: &Metadata, diags: &mut Vec<Diagnostic>, warnings: &mut Vec<String>) -> Options {
    const KEY: &str = "progress_calculation_options";
    let entries: Vec<&Value> = match meta.get(KEY) {
        // Python's truth: no options, an empty list or an empty value is one default series.
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(s)) => s.iter().collect(),
        Some(Value::String(s)) if s.is_empty() => Vec::new(),
        Some(_) => {
            diags.push(
                meta.error(
                    KEY,
                    tr!(
                        "must be a list of options, one per series",
                        "系列ごとに 1 つずつの設定のリストにしてください"
                    ),
                )
                .help(tr!(
                    "write `- direction: positive` (and target, series, ...) for each series",
                    "系列ごとに `- direction: positive`（と target、series など）を書いてください"
                )),
            );
            return Options::Series(Vec::new());
        }
    };
    if entries.is_empty() {
        return Options::Series(vec![SeriesOption {
            series: None,
            unit: None,
            disaggregation: Vec::new(),
            base_year: None,
            target: None,
            target_year: DEFAULT_TARGET_YEAR,
            positive: false,
            limit: None,
            thresholds: Thresholds::default(),
        }]);
    }
    let mut options = Vec::new();
    for (i, entry) in entries.into_iter().enumerate() {
        let field = format!("{KEY}[{i}]");
        let Value::Object(map) = entry else {
            diags.push(
                meta.error(
                    &field,
                    tr!(
                        "must be a mapping (`direction: positive`, `target: 10`, ...)",
                        "マッピング（`direction: positive`、`target: 10` など）にしてください"
                    ),
                )
                .help(tr!(
                    "write each option as `key: value` lines under a `- `",
                    "各設定は `- ` の下に `項目: 値` の行で書いてください"
                )),
            );
            continue;
        };
        if map.contains_key("group") {
            return Options::Grouped;
        }
        let mut reader = Reader {
            meta,
            field: &field,
            map,
            diags,
        };
        let direction = reader.text("direction");
        if let Some(d) = &direction
            && d != "positive"
            && d != "negative"
        {
            warnings.push(format!(
                "{}: `{field}.direction` is `{d}`, which Open SDG reads as negative (only `positive` is positive)",
                meta.shown(&field)
            ));
        }
        let option = SeriesOption {
            series: reader.scalar("series"),
            unit: reader.scalar("unit"),
            disaggregation: reader.disaggregation(),
            base_year: reader.year("base_year"),
            target: reader.number("target"),
            target_year: reader.year("target_year").unwrap_or(DEFAULT_TARGET_YEAR),
            positive: direction.as_deref() == Some("positive"),
            limit: reader.number("limit"),
            thresholds: reader.thresholds(),
        };
        options.push(option);
    }
    Options::Series(options)
}

/// Reads the fields of one option entry.
struct Reader<'a> {
    meta: &'a Metadata,
    field: &'a str,
    map: &'a Map<String, Value>,
    diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn fail(&mut self, key: &str, message: Text, help: Text) {
        let field = format!("{}.{key}", self.field);
        self.diags.push(self.meta.error(&field, message).help(help));
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.fail(
                    key,
                    tr!("must be text", "文字にしてください"),
                    tr!(
                        "write `direction: positive` or `direction: negative`",
                        "`direction: positive` か `direction: negative` と書いてください"
                    ),
                );
                None
            }
        }
    }

    fn scalar(&mut self, key: &str) -> Option<Scalar> {
        let v = self.get(key)?;
        let s = Scalar::from_yaml(v);
        if s.is_none() {
            self.fail(
                key,
                tr!("must be a single value", "値を 1 つにしてください"),
                tr!("write the value as the data file has it, e.g. `series: Physical violence`", "データファイルにあるとおりに値を書いてください（例: `series: Physical violence`）"),
            );
        }
        s
    }

    fn number(&mut self, key: &str) -> Option<f64> {
        match self.get(key)? {
            Value::Number(n) => {
                let v = n
                    .as_f64()
                    .filter(|f| plain_number(&f.to_string(), *f).is_some());
                if v.is_none() {
                    self.fail(
                        key,
                        tr!(
                            "is not a number shinchoku can hold (28 significant digits)",
                            "は shinchoku で扱える数値（有効数字 28 桁）ではありません"
                        ),
                        tr!("round the number", "数値を丸めてください"),
                    );
                }
                v
            }
            _ => {
                self.fail(
                    key,
                    tr!("must be a number", "数値にしてください"),
                    tr!(
                        "write it without quotes or units, e.g. `target: 7.25`",
                        "引用符や単位を付けずに書いてください（例: `target: 7.25`）"
                    ),
                );
                None
            }
        }
    }

    fn year(&mut self, key: &str) -> Option<u16> {
        let year = self
            .get(key)?
            .as_f64()
            .filter(|y| y.fract() == 0.0 && (1900.0..=2200.0).contains(y));
        match year {
            // Whole and within 1900–2200, so the conversion is exact.
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(y) => Some(y as u16),
            None => {
                self.fail(
                    key,
                    tr!(
                        "must be a year from 1900 to 2200",
                        "1900 から 2200 までの年にしてください"
                    ),
                    tr!(
                        "write the year in four digits, e.g. 2015",
                        "年を 4 桁で書いてください（例: 2015）"
                    ),
                );
                None
            }
        }
    }

    fn disaggregation(&mut self) -> Vec<(String, Scalar)> {
        let help = tr!(
            "list the columns and values, e.g. `disaggregation: [{{field: Sex, value: Female}}]`",
            "列と値を書いてください（例: `disaggregation: [{{field: Sex, value: Female}}]`）"
        );
        let Some(v) = self.get("disaggregation") else {
            return Vec::new();
        };
        let Value::Array(items) = v else {
            self.fail(
                "disaggregation",
                tr!(
                    "must be a list of `field` and `value` pairs",
                    "`field` と `value` の組のリストにしてください"
                ),
                help,
            );
            return Vec::new();
        };
        let mut pairs = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = item.get("field").and_then(Value::as_str);
            let value = item
                .get("value")
                .map_or(Some(Scalar::Empty), Scalar::from_yaml);
            match (field, value) {
                (Some(f), Some(v)) => pairs.push((f.to_string(), v)),
                _ => self.fail(
                    &format!("disaggregation[{i}]"),
                    tr!(
                        "needs a `field` (a column of the data file) and a `value`",
                        "`field`（データファイルの列）と `value` が必要です"
                    ),
                    help.clone(),
                ),
            }
        }
        pairs
    }

    fn thresholds(&mut self) -> Thresholds {
        let key = "progress_thresholds";
        let Some(v) = self.get(key) else {
            return Thresholds::default();
        };
        let Value::Object(map) = v else {
            self.fail(
                key,
                tr!(
                    "must be a mapping of high, med and low",
                    "high、med、low のマッピングにしてください"
                ),
                tr!(
                    "e.g. `progress_thresholds: {{high: 0.9, med: 0.5}}`",
                    "例: `progress_thresholds: {{high: 0.9, med: 0.5}}`"
                ),
            );
            return Thresholds::default();
        };
        let mut get = |name: &str| match map.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|f| plain_number(&f.to_string(), *f).is_some()),
            Some(_) => {
                self.fail(
                    &format!("{key}.{name}"),
                    tr!("must be a number", "数値にしてください"),
                    tr!("e.g. `high: 0.9`", "例: `high: 0.9`"),
                );
                None
            }
        };
        Thresholds {
            high: get("high"),
            med: get("med"),
            low: get("low"),
        }
    }
}
