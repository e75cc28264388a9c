//! YAML in and out. Writing by hand, safely: every string double-quoted with JSON-style
//! escapes, so no name can turn into a number (`1.2`), a boolean (`no`), a comment or a new
//! key. Reading as Python does: a key given twice keeps its last value (real repositories
//! have such files, and PyYAML reads them).

use std::fmt::Write;

use serde::Deserialize;
use serde::de::{Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::{Mapping, Value};

/// Parses YAML into a value; a repeated key keeps its last value.
pub fn parse_lenient(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Lenient>(text).map(|l| l.0)
}

struct Lenient(Value);

impl<'de> Deserialize<'de> for Lenient {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LenientVisitor).map(Lenient)
    }
}

struct LenientVisitor;

impl<'de> Visitor<'de> for LenientVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Lenient(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Mapping::new();
        while let Some((Lenient(k), Lenient(v))) = map.next_entry()? {
            out.insert(k, v);
        }
        Ok(Value::Mapping(out))
    }
    /// A tagged value (`!include x`): the value without its tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant) = data.variant::<Lenient>()?;
        variant.newtype_variant::<Lenient>().map(|l| l.0)
    }
}

/// `s` as a YAML double-quoted scalar. Besides `"` and `\`, escapes every character YAML
/// does not allow raw in a quoted scalar, or may read as a line break (C0 and C1 controls,
/// U+2028, U+2029, the byte order mark and the non-characters U+FFFE and U+FFFF).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let v = parse_lenient("a: 1\nb: [x, {c: 2, c: 3}]\na: 4\n").unwrap();
        assert_eq!(v["a"], Value::Number(4.into()));
        assert_eq!(v["b"][1]["c"], Value::Number(3.into()));
    }

    #[test]
    fn quoted_strings_read_back_as_the_same_text() {
        for s in [
            "1.2",
            "no",
            "null",
            "~",
            "- item",
            "a: b # c",
            "Rate per 1,000 population",
            "\"quoted\" and \\back\\slashed",
            "line\nbreak\ttab\r",
            "\u{85}next line\u{2028}separator\u{feff}",
            "女性の就業率 — 2030",
            "",
        ] {
            let yaml = format!("key: {}\n", quote(s));
            let read: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(read["key"], s, "{yaml}");
        }
    }
}
