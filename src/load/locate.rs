//! Finds the line of a field in a YAML text, for errors found after deserialising.
//!
//! serde_yaml reports positions only for syntax and type errors; checks that span files
//! (duplicate IDs, dangling references) know the field path but not the line. We re-read the
//! text with yaml-rust2's event parser, which carries positions, only when an error is reported,
//! so the happy path pays nothing.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// Returns the 1-based (line, column) of the node at `path` (e.g. `years.R5.target` or
/// `unit_policies[1]`): a mapping key's position, or a sequence item's. Falls back to the
/// deepest ancestor found.
pub fn locate(source: &str, path: &str) -> Option<(usize, usize)> {
    walk(source, path, false)
}

/// Like [`locate`], but when a key occurs more than once in a mapping (YAML forbids it; serde
/// reports it without a useful position) returns the last occurrence: the duplicate.
pub fn locate_last(source: &str, path: &str) -> Option<(usize, usize)> {
    walk(source, path, true)
}

fn walk(source: &str, path: &str, last: bool) -> Option<(usize, usize)> {
    let wanted: Vec<&str> = path
        .split(['.', '[', ']'])
        .filter(|s| !s.is_empty())
        .collect();
    let mut walker = Walker {
        wanted,
        stack: Vec::new(),
        best: None,
        last,
    };
    // A syntax error cannot happen here: the text already parsed once.
    let _ = Parser::new_from_str(source).load(&mut walker, false);
    walker.best.map(|(_, line, col)| (line, col + 1))
}

enum Frame {
    /// Inside a mapping: are we expecting a key next, and the last key seen.
    Map {
        expect_key: bool,
        key: Option<String>,
    },
    /// Inside a sequence: index of the next item.
    Seq { next: usize },
}

struct Walker<'a> {
    wanted: Vec<&'a str>,
    stack: Vec<Frame>,
    /// (depth matched, line, col) of the deepest match so far.
    best: Option<(usize, usize, usize)>,
    /// Whether a later match of the same depth replaces an earlier one.
    last: bool,
}

impl Walker<'_> {
    /// The path of the node about to start, as far as it matches `wanted`; `None` if it left
    /// the wanted path.
    fn matched_depth(&self) -> Option<usize> {
        let mut depth = 0;
        for frame in &self.stack {
            let seg = match frame {
                Frame::Map { key: Some(k), .. } => k.clone(),
                Frame::Map { key: None, .. } => return None,
                Frame::Seq { next } => next.to_string(),
            };
            if self.wanted.get(depth) != Some(&seg.as_str()) {
                return None;
            }
            depth += 1;
        }
        Some(depth)
    }

    fn record(&mut self, depth: usize, mark: Marker) {
        if self
            .best
            .is_none_or(|(d, _, _)| depth > d || (self.last && depth == d))
        {
            self.best = Some((depth, mark.line(), mark.col()));
        }
    }

    /// Called before a value node (scalar, mapping or sequence) begins.
    fn value_starts(&mut self, mark: Marker) {
        if let Some(Frame::Seq { .. }) = self.stack.last()
            && let Some(depth) = self.matched_depth()
        {
            self.record(depth, mark);
        }
    }

    /// Called after a value node ends: the parent moves on.
    fn value_ends(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { expect_key, key }) => {
                *expect_key = true;
                *key = None;
            }
            Some(Frame::Seq { next }) => *next += 1,
            None => {}
        }
    }
}

impl MarkedEventReceiver for Walker<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(text, ..) => {
                if let Some(Frame::Map {
                    expect_key: true, ..
                }) = self.stack.last()
                {
                    if let Some(Frame::Map { expect_key, key }) = self.stack.last_mut() {
                        *expect_key = false;
                        *key = Some(text);
                    }
                    if let Some(depth) = self.matched_depth() {
                        self.record(depth, mark);
                    }
                } else {
                    self.value_starts(mark);
                    self.value_ends();
                }
            }
            Event::Alias(_) => {
                self.value_starts(mark);
                self.value_ends();
            }
            Event::MappingStart(..) => {
                self.value_starts(mark);
                self.stack.push(Frame::Map {
                    expect_key: true,
                    key: None,
                });
            }
            Event::SequenceStart(..) => {
                self.value_starts(mark);
                self.stack.push(Frame::Seq { next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_ends();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{locate, locate_last};

    const SRC: &str = "no: 1\nname: x\nunit_policies:\n  - I-1-(1)-①\n  - I-9-(9)-①\nyears:\n  R3: {target: 1, actual: 2}\n  R5:\n    target: 0\n";

    #[test]
    fn finds_keys_items_and_flow_fields() {
        assert_eq!(locate(SRC, "name"), Some((2, 1)));
        assert_eq!(locate(SRC, "unit_policies[1]"), Some((5, 5)));
        assert_eq!(locate(SRC, "years.R3.actual"), Some((7, 19)));
        assert_eq!(locate(SRC, "years.R5.target"), Some((9, 5)));
    }

    #[test]
    fn finds_the_second_of_a_repeated_key() {
        let src = "id: x\nname: a\nyears:\n  R4: {target: 1}\n  R4: {target: 2}\nname: b\n";
        assert_eq!(locate_last(src, "name"), Some((6, 1)));
        assert_eq!(locate_last(src, "years.R4"), Some((5, 3)));
        assert_eq!(locate(src, "years.R4"), Some((4, 3)));
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor() {
        assert_eq!(locate(SRC, "years.R4.target"), Some((6, 1)));
        assert_eq!(locate(SRC, "nothing"), None);
    }
}
