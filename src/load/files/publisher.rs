//! plan.yaml `publisher:` as written.

use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "公表者の情報 / The publisher's details")]
pub struct PublisherEntry {
    /// 担当の部署（例 産業振興部 産業振興課） / The responsible department.
    pub department: Option<String>,
    /// 公表者のホームページ（各ページの見出しからリンク） / The publisher's own site, linked from every page's header.
    pub url: Option<String>,
    /// 問い合わせ先の電話番号 / The contact telephone number.
    pub phone: Option<String>,
    /// 問い合わせ先のメールアドレス / The contact e-mail address.
    pub email: Option<String>,
    /// 問い合わせフォームのURL / The address of an enquiry form.
    pub form: Option<String>,
    /// 報告書として公表した資料（PDF、Excel など） / The documents the report was published as (PDF, Excel).
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    /// データのライセンス: pdl-1.0（公共データ利用規約 第1.0版）、cc-by-4.0、または {name, url} / The data's licence: pdl-1.0, cc-by-4.0, or {name, url}.
    pub licence: Option<LicenceEntry>,
    /// この版の日付（例 2024-03-15。省略時は content/ を最後に変更した git のコミットの日付） / The date of this edition (default: the last commit that changed content/).
    pub date: Option<String>,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "原資料 / A source document")]
pub struct SourceEntry {
    /// 資料の名称（例 令和5年度取組状況（PDF）） / The document's title.
    pub title: String,
    /// 資料のURL / Its address.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
#[schemars(
    description = "ライセンス: pdl-1.0、cc-by-4.0、または {name, url} / A licence: pdl-1.0, cc-by-4.0, or {name, url}"
)]
pub enum LicenceEntry {
    Known(String),
    Custom {
        /// ライセンスの名称 / The licence's name.
        name: String,
        /// ライセンスの条文のURL / The address of its terms.
        url: String,
    },
}
