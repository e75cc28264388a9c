//! plan.yaml `publisher:`: the department, contact, site, source documents, licence and date
//! that every page carries, checked so that a page never links to a typo.

use super::files::{LicenceEntry, PublisherEntry};
use super::numbers::non_empty;
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Licence, Publisher, SourceDocument};

pub(super) fn check_publisher(
    src: &Source,
    raw: Option<PublisherEntry>,
    diags: &mut Vec<Diagnostic>,
) -> Publisher {
    let Some(raw) = raw else {
        return Publisher::default();
    };
    let url = |field: &str, value: &str, diags: &mut Vec<Diagnostic>| {
        let ok = (value.starts_with("https://") || value.starts_with("http://"))
            && !value.contains(char::is_whitespace);
        if !ok {
            diags.push(
                src.error(
                    field,
                    crate::message::Text::new(
                        format!("`{value}` is not an absolute http(s) URL"),
                        format!("`{value}` は http(s) で始まるURLではありません"),
                    ),
                )
                .help(crate::message::Text::new(
                    "write the whole address, e.g. https://www.city.example.lg.jp/",
                    "https://www.city.example.lg.jp/ のように、URLをすべて書いてください",
                )),
            );
        }
    };
    for (field, value) in [
        ("publisher.department", &raw.department),
        ("publisher.phone", &raw.phone),
    ] {
        if let Some(v) = value {
            non_empty(src, field, v, diags);
        }
    }
    for (field, value) in [("publisher.url", &raw.url), ("publisher.form", &raw.form)] {
        if let Some(v) = value {
            url(field, v, diags);
        }
    }
    if let Some(email) = &raw.email {
        let ok = email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(char::is_whitespace)
        });
        if !ok {
            diags.push(
                src.error(
                    "publisher.email",
                    crate::message::Text::new(
                        format!("`{email}` is not an e-mail address"),
                        format!("`{email}` はメールアドレスとして読めません"),
                    ),
                )
                .help(crate::message::Text::new(
                    "write the address, e.g. sangyo@city.example.lg.jp",
                    "sangyo@city.example.lg.jp のように書いてください",
                )),
            );
        }
    }
    let mut sources = Vec::new();
    for (i, s) in raw.sources.into_iter().enumerate() {
        non_empty(
            src,
            &format!("publisher.sources[{i}].title"),
            &s.title,
            diags,
        );
        url(&format!("publisher.sources[{i}].url"), &s.url, diags);
        sources.push(SourceDocument {
            title: s.title,
            url: s.url,
        });
    }
    let licence = match raw.licence {
        None => None,
        Some(LicenceEntry::Known(key)) => {
            let known = Licence::known(&key);
            if known.is_none() {
                diags.push(
                    src.error("publisher.licence", crate::message::Text::new(format!("`{key}` is not a licence shinchoku knows"), format!("`{key}` というライセンスはありません")))
                        .help(crate::message::Text::new("write pdl-1.0 (デジタル庁「公共データ利用規約（第1.0版）」) or cc-by-4.0, or a licence of your own as {name: ..., url: ...}", "pdl-1.0（デジタル庁「公共データ利用規約（第1.0版）」）か cc-by-4.0 と書くか、独自のライセンスを {name: ..., url: ...} で書いてください")),
                );
            }
            known
        }
        Some(LicenceEntry::Custom { name, url: address }) => {
            non_empty(src, "publisher.licence.name", &name, diags);
            url("publisher.licence.url", &address, diags);
            Some(Licence {
                key: None,
                name,
                url: address,
            })
        }
    };
    if let Some(date) = &raw.date
        && Date::parse(date).is_none()
    {
        diags.push(
            src.error(
                "publisher.date",
                crate::message::Text::new(
                    format!("`{date}` is not a date"),
                    format!("`{date}` は日付として読めません"),
                ),
            )
            .help(crate::message::Text::new(
                "write the date as 2024-03-15",
                "2024-03-15 のように書いてください",
            )),
        );
    }
    Publisher {
        department: raw.department,
        url: raw.url,
        phone: raw.phone,
        email: raw.email,
        form: raw.form,
        sources,
        licence,
        date: raw.date,
    }
}
