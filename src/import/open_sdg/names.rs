//! Where an indicator hangs (its goal and target) and the English names of all three, from
//! its metadata or the repository's translations; names the repository does not hold (they
//! live in sdg-translations) are left out rather than guessed.

use super::repo::{Metadata, Repository};
use crate::diagnostic::Diagnostic;
use crate::tr;

/// A node of the hierarchy: its ID and, when known, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub name: Option<String>,
}

/// An indicator's number, name, place and unit of computation.
#[derive(Debug, Clone)]
pub struct Place {
    /// `1.2.1`.
    pub number: String,
    pub name: String,
    pub goal: Node,
    /// `None` when the number has no target part (`1.2` hangs on goal 1).
    pub target: Option<Node>,
    pub units: Option<String>,
}

pub fn place(repository: &Repository, meta: &Metadata, diags: &mut Vec<Diagnostic>) -> Place {
    let t = &repository.translations;
    // A number in YAML (`indicator_number: 17.10`) may have lost a digit: use the file's ID.
    let number = match meta.get("indicator_number") {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        _ => meta.id.replace('-', "."),
    };
    let parts: Vec<&str> = number.split('.').collect();
    let goal_id = meta
        .text("sdg_goal")
        .unwrap_or_else(|| parts[0].to_string());
    let target_id = meta
        .text("target_id")
        .or_else(|| (parts.len() > 2).then(|| parts[..2].join(".")));
    for (field, id) in [
        ("indicator_number", Some(&number)),
        ("sdg_goal", Some(&goal_id)),
        ("target_id", target_id.as_ref()),
    ] {
        if let Some(id) = id
            && (id.is_empty() || id.contains(['/', '\\']) || id.contains(".."))
        {
            diags.push(
                meta.error(
                    field,
                    tr!("`{id}` is not an ID: IDs are not empty and contain no /, \\ or ..", "`{id}` は ID になりません。ID は空にできず、/、\\、.. を含められません"),
                )
                .help(
                    tr!("write the number as the SDG framework does, e.g. 1.2.1 (target 1.2, goal 1)", "番号は SDG の枠組みどおりに書いてください（例: 1.2.1。ターゲット 1.2、ゴール 1）"),
                ),
            );
        }
    }
    let dashed = |id: &str| id.replace('.', "-");
    let goal = Node {
        name: t
            .get("global_goals", &format!("{}-short", dashed(&goal_id)))
            .or_else(|| t.get("global_goals", &format!("{}-title", dashed(&goal_id))))
            .map(plain),
        id: goal_id,
    };
    let target = target_id.map(|id| Node {
        name: meta
            .text("target_name")
            .and_then(|n| t.resolve(&n))
            .or_else(|| {
                t.get("global_targets", &format!("{}-title", dashed(&id)))
                    .map(str::to_string)
            })
            .map(|n| plain(&n)),
        id,
    });
    let name = meta
        .text("indicator_name")
        .and_then(|n| t.resolve(&n))
        .or_else(|| {
            t.get("global_indicators", &format!("{}-title", meta.id))
                .map(str::to_string)
        })
        .or_else(|| meta.text("graph_title").and_then(|n| t.resolve(&n)))
        .map_or_else(|| format!("Indicator {number}"), |n| plain(&n));
    let units = meta
        .text("computation_units")
        .and_then(|u| t.resolve(&u))
        .map(|u| plain(&u));
    Place {
        number,
        name,
        goal,
        target,
        units,
    }
}

/// Text without HTML tags (some translations carry `<p>`, `<br>`), on one line. A `<` that
/// starts no tag (`< 1.25 $`) stays.
pub fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        match after.find('>') {
            Some(end) if tag => {
                out.push(' ');
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A unit as shown after a figure: the usual words for per cent become `%`.
pub fn unit(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "percentage" | "percent" | "per cent" | "percentage (%)" | "percent (%)" | "%" => {
            "%".into()
        }
        _ => text.trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_html_and_line_breaks() {
        assert_eq!(
            plain("<p><strong>Target</strong> - By 2030,\n  halve it</p>"),
            "Target - By 2030, halve it"
        );
        assert_eq!(plain("No poverty"), "No poverty");
        assert_eq!(plain("below < 1.25 $ a day"), "below < 1.25 $ a day");
    }

    #[test]
    fn per_cent_in_words_becomes_a_sign() {
        assert_eq!(unit("Percentage (%)"), "%");
        assert_eq!(unit("Percentage"), "%");
        assert_eq!(
            unit("Rate per 1,000 population"),
            "Rate per 1,000 population"
        );
    }
}
