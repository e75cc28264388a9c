//! The plan's hierarchy: 1 to 5 named levels (基本目標 → 基本方針 → 基本施策 → 単位施策, or
//! Goal → Target), with IDs in the publisher's own syntax (`I-1-(1)-①`, `1.2.1`, `11204`).

use std::collections::HashMap;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

/// The most levels a plan may declare.
pub const MAX_LEVELS: usize = 5;

/// A place in the hierarchy above the unit policies: a goal, a policy, a measure, a target.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The full ID as the publisher writes it: `I`, `I-1`, `I-1-(1)`, `1.2`.
    pub id: String,
    /// What is printed before the name at its level: `1`, `(1)`; the ID unless given.
    pub label: String,
    pub name: Option<String>,
    /// File and URL name; unique across the plan's nodes.
    pub slug: String,
    /// 0 for the top level.
    pub level: usize,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

/// The levels' names and the nodes, in document order (each node before its children).
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    pub levels: Vec<String>,
    pub nodes: Vec<Node>,
    /// Every node's [`id_key`] to its index.
    pub index: HashMap<String, usize>,
}

impl Hierarchy {
    /// The top-level nodes (goals), each with a page of its own.
    pub fn tops(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.nodes.len()).filter(|&n| self.nodes[n].parent.is_none())
    }

    /// `n` and the nodes above it, top first.
    pub fn path(&self, n: usize) -> Vec<usize> {
        let mut path = vec![n];
        let mut at = n;
        while let Some(p) = self.nodes[at].parent {
            path.push(p);
            at = p;
        }
        path.reverse();
        path
    }

    pub fn top_of(&self, n: usize) -> usize {
        self.path(n)[0]
    }

    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(&id_key(id)).copied()
    }

    /// The name of the unit-policy level: the last one declared.
    pub fn unit_level(&self) -> &str {
        self.levels.last().map_or("", String::as_str)
    }

    /// The level the unit policies hang under (one above the last), if the plan has units.
    pub fn unit_parent_level(&self) -> Option<usize> {
        self.levels.len().checked_sub(2)
    }
}

/// How IDs are compared: NFKC (so `Ⅱ` is `II` and `①` is `1`), without white space, with
/// ASCII letters in upper case. `I-1-(1)-①` and `i-1-(1)-1` are the same policy.
pub fn id_key(id: &str) -> String {
    id.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A file- and URL-safe name from an ID: ASCII letters and digits, lower case, other runs
/// as one `-`: `I-1-(1)-①` → `i-1-1-1`, `1.2.1` → `1-2-1`. Empty when the ID has no ASCII
/// letter or digit (the node then needs an explicit `slug`).
pub fn slug_of(id: &str) -> String {
    let mut slug = String::new();
    for c in id_key(id).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// Whether `slug` is safe as a file name in a URL: what [`slug_of`] makes, or a hand-written
/// one of the same alphabet.
pub fn is_safe_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= 100
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        && !slug.starts_with('-')
}

/// Orders IDs as people read them: digit runs by value, so `I-2` comes before `I-10`.
pub fn natural_key(id: &str) -> Vec<(u8, u64, String)> {
    let key = id_key(id);
    let mut parts = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    let flush_text = |text: &mut String, parts: &mut Vec<(u8, u64, String)>| {
        if !text.is_empty() {
            parts.push((1, 0, std::mem::take(text)));
        }
    };
    for c in key.chars() {
        if c.is_ascii_digit() {
            flush_text(&mut text, &mut parts);
            digits.push(c);
        } else {
            if !digits.is_empty() {
                parts.push((
                    0,
                    digits.parse().unwrap_or(u64::MAX),
                    std::mem::take(&mut digits),
                ));
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        parts.push((0, digits.parse().unwrap_or(u64::MAX), digits));
    }
    flush_text(&mut text, &mut parts);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_compare_as_people_write_them() {
        assert_eq!(id_key("I-1-(1)-①"), id_key("i-1-(1)-1"));
        assert_eq!(id_key("Ⅲ-2-(1)-②"), id_key("III-2-(1)-2"));
        assert_ne!(id_key("1.1.1"), id_key("1.1.2"));
    }

    #[test]
    fn slugs_are_safe_and_keep_atsugis_urls() {
        assert_eq!(slug_of("I-1-(1)-①"), "i-1-1-1");
        assert_eq!(slug_of("II-4-(3)-②"), "ii-4-3-2");
        assert_eq!(slug_of("Ⅱ"), "ii");
        assert_eq!(slug_of("1.a.1"), "1-a-1");
        assert_eq!(slug_of("11204"), "11204");
        assert_eq!(slug_of("../etc/passwd"), "etc-passwd");
        assert_eq!(slug_of("基本目標"), "");
        assert!(is_safe_slug("kihon-1"));
        assert!(!is_safe_slug("../x"));
        assert!(!is_safe_slug(""));
    }

    #[test]
    fn natural_order_reads_numbers_as_numbers() {
        let mut ids = vec!["I-10", "I-2", "II-1", "I-1-(1)-②", "I-1-(1)-①"];
        ids.sort_by_key(|s| natural_key(s));
        assert_eq!(ids, ["I-1-(1)-①", "I-1-(1)-②", "I-2", "I-10", "II-1"]);
    }
}
