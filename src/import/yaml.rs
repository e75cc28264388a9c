//! YAML in and out. Reading as Python does: a key given twice keeps its last value (real
//! repositories have such files, and PyYAML reads them), into JSON-like values, with the
//! position of every field for messages. Writing by hand, safely: every string
//! double-quoted with JSON-style escapes, so no name can turn into a number (`1.2`), a
//! boolean (`no`), a comment or a new key.

use std::collections::HashMap;
use std::fmt::Write;

use serde::Deserialize;
use serde::de::{Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Value};
use serde_saphyr::granit_parser::{Event, Parser};

/// Parses YAML into a value; a repeated key keeps its last value, and keys are text.
pub fn parse_lenient(text: &str) -> Result<Value, serde_saphyr::Error> {
    let options = serde_saphyr::options! {
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::LastWins,
        // YAML 1.2: `true` and `false` only (`y`, `no` stay text).
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options::<Lenient>(text, options).map(|l| l.0)
}

/// Where a syntax error is, 1-based (line, column), when the reader says.
pub fn error_position(e: &serde_saphyr::Error) -> Option<(usize, usize)> {
    let l = e.location()?;
    Some((
        usize::try_from(l.line()).ok()?,
        usize::try_from(l.column()).ok()?,
    ))
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
        // JSON has no infinity: such a number is no figure anyway.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
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
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((Lenient(k), Lenient(v))) = map.next_entry()? {
            let key = match k {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
    /// A tagged value (`!include x`): the value without its tag.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_, variant) = data.variant::<Lenient>()?;
        variant.newtype_variant::<Lenient>().map(|l| l.0)
    }
}

/// Every field's 1-based (line, column) in a YAML text, by path (`options[1].target`): a
/// mapping key's position, or a list item's; the first when a key is repeated.
pub fn positions(text: &str) -> HashMap<String, (usize, usize)> {
    enum Frame {
        /// The mapping's path, and the entry whose value comes next (none: a key is next).
        Map(String, Option<String>),
        /// The list's path and its next item's index.
        Seq(String, usize),
    }
    let child = |parent: &str, key: &str| {
        if parent.is_empty() {
            key.to_string()
        } else {
            format!("{parent}.{key}")
        }
    };
    let mut found = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut parser = Parser::new_from_str(text);
    while let Some(Ok((event, span))) = parser.next_event() {
        let pos = (span.start.line(), span.start.col() + 1);
        if let (Event::Scalar(key, ..), Some(Frame::Map(path, entry @ None))) =
            (&event, stack.last_mut())
        {
            let field = child(path, key);
            found.entry(field.clone()).or_insert(pos);
            *entry = Some(field);
            continue;
        }
        match event {
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                continue;
            }
            Event::Scalar(..)
            | Event::Alias(..)
            | Event::MappingStart(..)
            | Event::SequenceStart(..) => {}
            _ => continue,
        }
        // A value starts here: its path (a list item is placed where it starts).
        let path = match stack.last_mut() {
            Some(Frame::Map(_, entry)) => entry.take().unwrap_or_default(),
            Some(Frame::Seq(path, next)) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                found.entry(item.clone()).or_insert(pos);
                item
            }
            None => String::new(),
        };
        match event {
            Event::MappingStart(..) => stack.push(Frame::Map(path, None)),
            Event::SequenceStart(..) => stack.push(Frame::Seq(path, 0)),
            _ => {}
        }
    }
    found
}

/// The position of `path`, or of its nearest ancestor that has one.
pub fn locate(positions: &HashMap<String, (usize, usize)>, path: &str) -> Option<(usize, usize)> {
    let mut path = path;
    loop {
        if let Some(p) = positions.get(path) {
            return Some(*p);
        }
        path = &path[..path.rfind(['.', '['])?];
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
        let v = parse_lenient("a: 1\nb: [x, {c: 2, c: 3}]\na: 4\n2015: y\n").unwrap();
        assert_eq!(v["a"], Value::Number(4.into()));
        assert_eq!(v["b"][1]["c"], Value::Number(3.into()));
        assert_eq!(v["2015"], Value::String("y".into()));
    }

    #[test]
    fn fields_are_located_by_path() {
        let text = "a: 1\nopts:\n- direction: positive\n  target: 5\n- {series: x}\n";
        let p = positions(text);
        assert_eq!(locate(&p, "a"), Some((1, 1)));
        assert_eq!(locate(&p, "opts[0].target"), Some((4, 3)));
        assert_eq!(locate(&p, "opts[1].series"), Some((5, 4)));
        assert_eq!(locate(&p, "opts[1].unit"), Some((5, 3)));
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
            let read = parse_lenient(&yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
            assert_eq!(read["key"], Value::String(s.into()), "{yaml}");
        }
    }
}
