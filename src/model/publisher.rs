//! Who publishes a report, how to reach them, where it was published and on what terms.

/// What every municipal page carries about its publisher (plan.yaml `publisher:`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Publisher {
    /// The responsible department (産業振興部 産業振興課).
    pub department: Option<String>,
    /// The publisher's own site, linked from every page's header.
    pub url: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// An enquiry form's address.
    pub form: Option<String>,
    /// The documents the report was published as (PDF, Excel, a committee's minutes).
    pub sources: Vec<SourceDocument>,
    pub licence: Option<Licence>,
    /// The date of this edition (ISO 8601): configured, or the last commit touching content/.
    pub date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDocument {
    pub title: String,
    pub url: String,
}

/// The terms the data may be reused on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Licence {
    /// `pdl-1.0`, `cc-by-4.0`, or none for a licence of the publisher's own.
    pub key: Option<String>,
    pub name: String,
    pub url: String,
}

impl Licence {
    /// The licences known by key: デジタル庁's 公共データ利用規約 (PDL 1.0) and CC BY 4.0.
    pub fn known(key: &str) -> Option<Licence> {
        let (name, url) = match key {
            "pdl-1.0" => (
                "公共データ利用規約（第1.0版）",
                "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
            ),
            "cc-by-4.0" => ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"),
            _ => return None,
        };
        Some(Licence {
            key: Some(key.to_string()),
            name: name.to_string(),
            url: url.to_string(),
        })
    }
}

/// Headings that belong to one report (plan.yaml `wording:`); `None` takes the locale's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Wording {
    /// The heading of an indicator's "what changes next" text (Atsugi: 後期実施計画(案)への反映).
    pub commentary: Option<String>,
    /// The heading of editorial notes (Atsugi: 編集注記).
    pub notes: Option<String>,
}
