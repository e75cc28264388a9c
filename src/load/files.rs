//! The on-disk format, exactly as `docs/content-format.md` describes it.
//!
//! These structs only mirror the YAML; `load::validate` turns them into the model. Every struct
//! rejects unknown fields so that a typo is an error, not silently lost data.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

// Keywords (methods, directions, year forms) are the model's own enums: the file names them
// exactly as the model does.
mod publisher;
pub use publisher::*;

use crate::model::{Direction, Lang, Method, PathSteps, UnitPosition, YearForm, YearStatus};

/// A number as written: `1600`, `29.3`, `1,600`, `１，６００`, `▲2,000`, ...
/// Kept as the text in the file, never through a float, so that the validator reads it exactly
/// and can report exactly what was wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Num(pub String);

impl JsonSchema for Num {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["number", "string"],
            "description": "数値（1600、29.3、1,600、▲2,000）/ A number as written: 1600, 29.3, 1,600, ▲2,000"
        })
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The YAML reader hands over any scalar (`1e-400`, `0x10`, `true`) as its text.
        String::deserialize(d).map(Num)
    }
}

/// A year as written: `R5`, or `2023` (which YAML reads as a number), kept as text for the
/// loader to parse in the plan's year form.
pub type YearText = Num;

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "shinchoku.yaml: サイトの設定 / site settings")]
pub struct SiteFile {
    /// すべてのリンクの前に付けるパス（例 /sangyo/shinchoku/）。省略時は相対リンク / Prefix of every link, e.g. /sangyo/shinchoku/; relative links when omitted.
    pub base_path: Option<String>,
    /// 公開先のURL（末尾の / なし）。sitemap.xml と404ページに必要 / The address the site is published at (no trailing slash); needed for sitemap.xml and the 404 page.
    pub base_url: Option<String>,
    /// themes/ の下のテーマのフォルダ名（既定 default） / A theme folder under themes/ (default: default).
    pub theme: Option<String>,
    /// サイトの書き出し先（既定 output） / Where the site is written (default: output).
    pub output_dir: Option<String>,
    /// 一覧表の1ページあたりの成果指標の数（既定 100） / Indicator rows per overview page (default 100).
    pub overview_page_size: Option<usize>,
    /// 複数の計画を1つのサイトにするとき、content/ の下の計画のフォルダ名 / Several plans in one site: their folders under content/.
    pub plans: Option<Vec<String>>,
    /// サイトの言語: ja（既定）または en / The site's language: ja (default) or en.
    pub lang: Option<Lang>,
    /// 過去の年度版（古い順）。git のタグかフォルダ / The earlier editions, oldest first: a git tag or a folder each.
    pub editions: Option<Vec<EditionFile>>,
    /// 最新版の名称（既定: 報告年度＋版） / The latest edition's label (default: its report year + 版).
    pub edition_label: Option<String>,
}

/// One earlier edition: a git tag (or any revision), or a folder holding the project as it was.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "過去の版: git のタグ、または当時のプロジェクトのフォルダ / An earlier edition: a git tag, or a folder holding the project as it was"
)]
pub struct EditionFile {
    /// その版の git タグ（またはリビジョン） / The edition's git tag (or any revision).
    pub tag: Option<String>,
    /// その版のプロジェクトのフォルダ（tag の代わり） / A folder holding the project as it was (instead of tag).
    pub dir: Option<String>,
    /// 版の名称（既定: 報告年度＋版） / The edition's label (default: its report year + 版).
    pub label: Option<String>,
    /// 版のフォルダ名 editions/<slug>/ / Its folder name, editions/<slug>/.
    pub slug: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "content/plan.yaml: 計画 / the plan")]
pub struct PlanFile {
    /// 公表する団体（市町村名など） / The publisher (the city).
    pub city: String,
    /// 計画の名称 / The plan's name.
    pub plan: String,
    /// 報告書の表題（例 令和5年度取組状況） / The report's title.
    pub title: String,
    /// 年度の書き方: era（和暦、既定）、fiscal（西暦の年度）、calendar（暦年） / How years are written: era (default), fiscal or calendar.
    #[serde(default)]
    pub year_form: YearForm,
    /// 年度の始まりの月（fiscal・era、既定 4） / The month the fiscal year starts (default 4).
    pub fiscal_year_start: Option<u8>,
    /// 集計する年度（例 R5、2023） / The year the summary counts (R5, 2023).
    pub report_year: YearText,
    /// 計画の年度（古い順、それぞれ1回） / The plan's years, oldest first, once each.
    pub fiscal_years: Vec<FiscalYearEntry>,
    /// 現状値の既定の年度 / The default year of a baseline (現状値).
    pub baseline_year: YearText,
    /// 体系の階層の名称（上から）。リスト、または goal/policy/measure/unit / The hierarchy's level names, top first: a list, or goal/policy/measure/unit.
    pub levels: Option<LevelsEntry>,
    /// 判定の方法と区分 / How results are judged, and the classes.
    pub assessment: AssessmentEntry,
    /// 計画の期間（前期・後期など、順に） / The plan's periods (前期・後期), in order.
    pub periods: Option<Vec<PeriodEntry>>,
    /// 番号付きの体系（基本目標→基本方針→基本施策） / The hierarchy in numbered form: goals → policies → measures.
    #[serde(default)]
    pub goals: Vec<GoalEntry>,
    /// 任意の形の体系（独自のIDの節） / The hierarchy in any shape: nodes with the publisher's own IDs.
    #[serde(default)]
    pub hierarchy: Vec<NodeEntry>,
    /// この報告独自の見出し（commentary、notes） / Headings in the report's own words (commentary, notes).
    pub wording: Option<WordingEntry>,
    /// 公表者の情報（担当課、問い合わせ先、ホームページ、原資料、ライセンス、公表日） / Who publishes the report: department, contact, site, source documents, licence, date.
    pub publisher: Option<PublisherEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "この報告の見出し / Headings of this report's own")]
pub struct WordingEntry {
    /// 各指標の「次にどうするか」の見出し（例 後期実施計画(案)への反映） / The heading of each indicator's what-changes-next text.
    pub commentary: Option<String>,
    /// 編集注記の見出し（例 編集注記） / The heading of editorial notes.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FiscalYearEntry {
    /// 年度（例 R5、2023） / The year (R5, 2023).
    pub year: YearText,
    /// 実績の状態: confirmed（確定値）または estimate（見込値） / confirmed (確定値) or estimate (見込値).
    pub status: YearStatus,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedLevels {
    /// 第1階層の名称（例 基本目標） / The top level's name (基本目標).
    pub goal: String,
    /// 第2階層の名称（例 基本方針） / The second level's name (基本方針).
    pub policy: String,
    /// 第3階層の名称（例 基本施策） / The third level's name (基本施策).
    pub measure: String,
    /// 単位施策の階層の名称（例 単位施策） / The unit policies' level name (単位施策).
    pub unit: String,
}

/// Level names: a list, top first (`[Goal, Target]`), or Atsugi's four named levels.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(
    description = "階層の名称: 上からのリスト、または goal/policy/measure/unit / Level names: a list, top first, or goal/policy/measure/unit"
)]
pub enum LevelsEntry {
    List(Vec<String>),
    Named(NamedLevels),
}

/// An ID as written: text, or a whole number (`11204`). A decimal such as `8.10` is refused,
/// because YAML reads it as the number 8.1 and the ID would silently change.
#[derive(Debug, Clone, PartialEq)]
pub struct IdText(pub String);

impl JsonSchema for IdText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": ["string", "integer"],
            "description": "ID（報告書のとおり。1.2 や 8.10 は引用符で '8.10'）/ An ID as printed; quote decimals such as '8.10'"
        })
    }
}

impl<'de> Deserialize<'de> for IdText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IdText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an ID such as I-1-(1)-① or '1.2'")
            }
            fn visit_i64<E>(self, v: i64) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<IdText, E> {
                Err(E::custom(format_args!(
                    "this ID was read as the number {v}; write IDs like 1.2 or 8.10 in quotes ('8.10'), as the report prints them"
                )))
            }
            fn visit_str<E>(self, v: &str) -> Result<IdText, E> {
                Ok(IdText(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NodeEntry {
    /// 節のID（報告書のとおり） / The node's ID, as the report prints it.
    pub id: IdText,
    /// 節の名称 / The node's name.
    pub name: Option<String>,
    /// 名称の前に表示する見出し（既定: ID） / Printed before the name (default: the ID).
    pub label: Option<String>,
    /// ページ名・アンカー名 / Its page or anchor name.
    pub slug: Option<String>,
    /// この節の下の節 / The nodes below it.
    #[serde(default)]
    pub children: Vec<NodeEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentEntry {
    /// 判定の方法: ratio（達成率、既定）、progress、path、trend、grade、milestone、none / The method: ratio (default), progress, path, trend, grade, milestone, none.
    #[serde(default)]
    pub method: Method,
    /// path のみ: interpolated（既定）または stepwise / path only: interpolated (default) or stepwise.
    #[serde(default)]
    pub path_steps: PathSteps,
    /// 率の小数点以下の桁数（四捨五入、既定 1） / Decimals printed for rates (half-up; default 1).
    #[serde(default = "default_decimals")]
    pub decimals: u32,
    /// 見込値の年度の結果に付ける語（既定 見込み、英語のサイトでは " (estimate)"） / Appended to a result in an estimate year (default 見込み; " (estimate)" on an English site).
    pub estimate_suffix: Option<String>,
    /// 判定の区分（良い順） / The result classes, best first.
    #[serde(default)]
    pub classes: Vec<ClassEntry>,
    /// 実績がないところに表示する記号（既定 －、英語のサイトでは –） / Shown where there is no figure (default －; – on an English site).
    pub pending_symbol: Option<String>,
}

fn default_decimals() -> u32 {
    1
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassEntry {
    /// 区分のキー（report.json と grade で使う。既定: label） / The class's key in report.json and for grade: (default: its label).
    pub key: Option<String>,
    /// 区分の名称（例 達成） / The class's label (達成).
    pub label: String,
    /// この率以上でこの区分（100.0 を含む） / From this printed rate up (100.0 is in).
    pub min_rate: Option<Num>,
    /// この率を超えるとこの区分（0.0 を含まない） / Strictly above this rate (0.0 is out).
    pub above_rate: Option<Num>,
    /// 色の段階 0（良）〜4（悪）。既定は順位から / The colour step, 0 (best) to 4 (worst); by default from the rank.
    pub tone: Option<u8>,
    /// 集計で「順調」に数えるか / Whether it counts as on track in the summary.
    pub on_track: bool,
    /// 結果とともに表示する記号（例 ◎） / The symbol shown with it (◎).
    pub symbol: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalEntry {
    /// 基本目標の番号（例 I） / The goal's number (I).
    pub id: String,
    /// 基本目標の名称 / The goal's name.
    pub name: String,
    /// 基本方針 / Its policies.
    pub policies: Vec<PolicyEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyEntry {
    /// 基本方針の番号 / The policy's number.
    pub no: u16,
    /// 基本方針の名称 / The policy's name.
    pub name: String,
    /// 基本施策 / Its measures.
    pub measures: Vec<MeasureEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureEntry {
    /// 基本施策の番号 / The measure's number.
    pub no: u16,
    /// 基本施策の名称（原資料にない場合は省略） / The measure's name (omit when the source has none).
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "content/units/*.yaml: 単位施策 / a unit policy")]
pub struct UnitFile {
    /// 単位施策のID（報告書のとおり、例 I-1-(1)-①） / The unit policy's ID as printed (I-1-(1)-①).
    pub id: IdText,
    /// 属する節のID（既定: IDの前方が一致する節） / The node it is filed under (default: the one whose ID starts its own).
    pub parent: Option<IdText>,
    /// ページ名 units/<slug>.html / Its page name, units/<slug>.html.
    pub slug: Option<String>,
    /// ほかの施策の下にも属するときのID / Other IDs under which the same policy is filed.
    #[serde(default)]
    pub also_filed_as: Vec<IdText>,
    /// 単位施策の名称 / The unit policy's name.
    pub name: String,
    /// 関連事業（資料の順） / Related projects (関連事業), in document order.
    #[serde(default)]
    pub related_projects: Vec<String>,
    /// 廃止された最初の年度 / The first year the policy no longer runs.
    pub abolished_from: Option<YearText>,
    /// 年度ごとの計画と実績（Markdown） / Plan and actual per year (Markdown).
    #[serde(default)]
    pub narratives: BTreeMap<String, NarrativeEntry>,
    /// 編集注記（原資料との違いなど） / Editorial notes (differences from the source etc.).
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NarrativeEntry {
    /// 計画（Markdown） / The plan for the year (Markdown).
    pub plan: Option<String>,
    /// 実績（Markdown） / What was done (Markdown).
    pub actual: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "content/indicators/*.yaml: 成果指標 / an indicator (KPI)")]
pub struct IndicatorFile {
    /// 成果指標の番号（総括表の行番号、重複不可） / The indicator's number (the summary table's row); unique.
    pub no: u32,
    /// 成果指標の名称 / The indicator's name.
    pub name: String,
    /// 計画の途中で指標が変わったとき: その年度からの名称 / Redefined mid-plan: the name from a year on.
    #[serde(default)]
    pub renamed: Vec<RenameEntry>,
    /// 次の期間にこの指標を引き継ぐ成果指標の番号 / The number of the indicator that replaces it in the next period.
    pub successor: Option<u32>,
    /// 単位（例 件、%） / The unit (件, %).
    pub unit: String,
    /// 単位の位置: suffix（1,600件、既定）または prefix（$14.5） / suffix (1,600件, default) or prefix ($14.5).
    #[serde(default)]
    pub unit_position: UnitPosition,
    /// 目標値・実績値の小数点以下の桁数（0〜6） / Decimals printed for targets and actuals (0 to 6).
    #[serde(default)]
    pub decimals: u32,
    /// 望ましい方向: higher_is_better、lower_is_better、maintain_at_least、maintain_at_most / Which way is better.
    pub direction: Option<Direction>,
    /// この指標の判定の方法（計画と異なるとき） / This indicator's method, if not the plan's.
    pub method: Option<Method>,
    /// 累計の指標か / Whether it is a running total (累計).
    #[serde(default)]
    pub cumulative: bool,
    /// この指標が測る単位施策のID / IDs of the unit policies it measures.
    #[serde(default)]
    pub unit_policies: Vec<IdText>,
    /// この指標が直接属する体系の節（SDGのターゲットなど） / Places in the hierarchy it hangs on directly (an SDG target).
    #[serde(default)]
    pub under: Vec<IdText>,
    /// 現状値（ないときは空のリスト） / The baseline (現状値); an empty list when there is none.
    #[serde(default)]
    pub baseline: Vec<BaselineEntry>,
    /// 現状値とともに（または代わりに）表示する文 / Text shown with, or instead of, the baseline.
    pub baseline_note: Option<String>,
    /// 年度ごとの目標値・実績値 / Targets and actuals per year.
    pub years: BTreeMap<String, YearEntry>,
    /// 最終目標（計画の年度の外にあるとき） / The final target, when its year is not one of the plan's.
    pub target: Option<TargetEntry>,
    /// データが遅れるとき、判定する年度 / The year it is judged at, when its data lag the plan's.
    pub report_year: Option<YearText>,
    /// 対応する Open SDG の指標とシリーズ / The Open SDG indicator (and series) it reports.
    pub open_sdg: Option<OpenSdgEntry>,
    /// milestone のみ: 段階（最初から順に） / milestone only: the stages, first first.
    #[serde(default)]
    pub states: Vec<StateEntry>,
    /// trend のみ: Open SDG の計算の設定 / trend only: Open SDG's calculation options.
    pub trend: Option<TrendEntry>,
    /// 次の計画への反映など（Markdown） / What changes next (Markdown).
    pub reflection: Option<String>,
    /// 編集注記 / Editorial notes.
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenameEntry {
    /// 新しい名称の最初の年度 / The first year of the new name.
    pub from: YearText,
    /// 新しい名称 / The new name.
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineEntry {
    /// 現状値 / The baseline value.
    pub value: Num,
    /// 現状値の年度（既定: baseline_year） / Its year (default: the plan's baseline_year).
    pub year: Option<YearText>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct YearEntry {
    /// 目標値 / The target for the year.
    pub target: Option<Num>,
    /// 実績値（milestone では段階の名称） / The actual (a stage's name for milestone).
    pub actual: Option<Num>,
    /// 年度途中の実績の日付（例 2023-09-30） / The day a within-year actual was taken.
    pub as_of: Option<String>,
    /// 年度末の見込み / The year-end estimate.
    pub estimate: Option<Num>,
    /// grade のみ: 公表者の評価（区分のキーまたは名称） / grade only: the publisher's grade (a class key or label).
    pub grade: Option<String>,
    /// 実績がないときの理由（例 集計中） / Why there is no figure yet (集計中).
    pub pending: Option<String>,
    /// 実績とともに表示する注記 / A note shown next to the actual.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    /// 最終目標の年度 / The final target's year.
    pub year: YearText,
    /// 最終目標の値 / The final target's value.
    pub value: Num,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenSdgEntry {
    /// SDG指標の番号（例 "8.a.1"） / The SDG indicator's number ("8.a.1").
    pub indicator: IdText,
    /// シリーズ（複数あるとき） / The series, when it has several.
    pub series: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateEntry {
    /// 段階の名称 / The stage's name.
    pub value: String,
    /// この段階をいつも判定する区分 / The class this stage is always judged as.
    pub class: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrendEntry {
    /// 基準年（既定: baseline_year） / The base year (default: the plan's baseline_year).
    pub base_year: Option<YearText>,
    /// 目標がないときの上限・下限（例 100） / Without a target: a bound the value cannot pass (100).
    pub limit: Option<Num>,
    /// 判定の閾値（high / med / low） / The thresholds (high / med / low).
    pub thresholds: Option<TrendThresholdsEntry>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TrendThresholdsEntry {
    /// high の閾値 / The high threshold.
    pub high: Option<Num>,
    /// med の閾値 / The medium threshold.
    pub med: Option<Num>,
    /// low の閾値 / The low threshold.
    pub low: Option<Num>,
}

/// One period of a plan: `{name: 後期実施計画, years: R6-R8}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "計画の期間（例 {name: 後期実施計画, years: R6-R8}）/ One period of the plan"
)]
pub struct PeriodEntry {
    /// 期間の名称（例 後期実施計画） / The period's name (後期実施計画).
    pub name: String,
    /// 期間の年度（例 R6-R8） / Its years (R6-R8).
    pub years: String,
}
