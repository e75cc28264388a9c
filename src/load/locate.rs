//! Where each field of a YAML text is, for errors found after deserialising.
//!
//! Checks that span fields or files (duplicate IDs, dangling references) know a field's path but
//! not its line. An [`Index`] reads the text once with the YAML event parser and maps every path
//! to its positions, and every node's start back to its path (for the deserialiser's errors,
//! which come with a position but no path). It is built only when a file has a problem, once
//! however many problems it has, so the happy path pays nothing and many errors cost linear time.

use std::collections::HashMap;

use serde_saphyr::granit_parser::{Event, Parser, Span, StructureStyle};

use super::text_check::{self, Unsafe};

/// A problem found after loading (by `render` or a warning) at `field` of `file`, a path
/// relative to the project `root`: the file is read again to give the line, when it can be.
pub fn error_in_file(
    root: &std::path::Path,
    file: &std::path::Path,
    field: &str,
    message: crate::message::Text,
) -> crate::diagnostic::Diagnostic {
    let d = crate::diagnostic::Diagnostic::new(file, message).field(field);
    let Ok(text) = std::fs::read_to_string(root.join(file)) else {
        return d;
    };
    match Index::build(&text).locate(field) {
        Some((line, column)) => d.at(line, column),
        None => d,
    }
}

/// 1-based line and column (in characters).
pub type Pos = (usize, usize);

/// What starts at a position: a mapping key, or a value of some kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Key,
    Scalar(String),
    Sequence,
    Mapping,
    Alias,
}

/// A node's start: where, which field, what.
#[derive(Debug, Clone)]
pub struct Start {
    pub byte: usize,
    pub pos: Pos,
    pub path: String,
    pub node: Node,
}

/// A scalar holding a character that must not reach a page or a terminal.
#[derive(Debug, Clone)]
pub struct UnsafeText {
    pub path: String,
    pub pos: Pos,
    pub problem: Unsafe,
}

#[derive(Debug, Default)]
pub struct Index {
    /// Field path → position of its key (or sequence item); the first if a key is repeated.
    fields: HashMap<String, Pos>,
    /// Every node's start in document order (so sorted by byte offset).
    starts: Vec<Start>,
    /// Scalars (keys and values) holding control characters or unbalanced bidi controls.
    pub unsafe_text: Vec<UnsafeText>,
}

impl Index {
    /// Reads `source` as far as it is valid YAML.
    pub fn build(source: &str) -> Index {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(source);
        while let Some(Ok((event, span))) = parser.next_event() {
            walker.on_event(event, span);
        }
        walker.index
    }

    /// The position of the node at `path` (e.g. `years.R5.target` or `unit_policies[1]`): a
    /// mapping key's position, or a sequence item's. Falls back to the deepest ancestor found.
    pub fn locate(&self, path: &str) -> Option<Pos> {
        let mut path = path;
        loop {
            if let Some(pos) = self.fields.get(path) {
                return Some(*pos);
            }
            path = &path[..path.rfind(['.', '['])?];
        }
    }

    /// The position of the file's top-level node.
    pub fn first_node(&self) -> Option<Pos> {
        self.starts.first().map(|s| s.pos)
    }

    /// The path of the last key that starts on `line`, if any.
    pub fn key_on_line(&self, line: usize) -> Option<&str> {
        self.starts
            .iter()
            .rev()
            .find(|s| s.pos.0 == line && s.node == Node::Key)
            .map(|s| s.path.as_str())
    }

    /// The nodes that start at byte `offset`, outermost first (a block mapping starts where
    /// its first key does).
    pub fn starting_at(&self, offset: usize) -> &[Start] {
        let from = self.starts.partition_point(|s| s.byte < offset);
        let to = self.starts.partition_point(|s| s.byte <= offset);
        &self.starts[from..to]
    }

    /// The nodes that start at a line and column, outermost first.
    pub fn starting_at_pos(&self, pos: Pos) -> Vec<&Start> {
        self.starts.iter().filter(|s| s.pos == pos).collect()
    }
}

/// For a text that is not valid YAML: the flow collection (`{` or `[`) the reader was inside
/// when it gave up, with the opener's position, if the innermost open collection is one.
pub fn open_flow_collection(source: &str) -> Option<(char, Pos)> {
    let mut open: Vec<Option<(char, Pos)>> = Vec::new();
    let mut parser = Parser::new_from_str(source);
    while let Some(Ok((event, span))) = parser.next_event() {
        let pos = (span.start.line(), span.start.col() + 1);
        match event {
            Event::MappingStart(style, ..) => {
                open.push((style == StructureStyle::Flow).then_some(('{', pos)))
            }
            Event::SequenceStart(style, ..) => {
                open.push((style == StructureStyle::Flow).then_some(('[', pos)))
            }
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop().flatten()
}

/// The path of a mapping's entry or a sequence's item.
fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

enum Frame {
    /// Inside a mapping: its path, and the path of the entry whose value comes next (none
    /// while a key is expected).
    Map { path: String, entry: Option<String> },
    /// Inside a sequence: its path and the index of the next item.
    Seq { path: String, next: usize },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    index: Index,
}

impl Walker {
    fn on_event(&mut self, event: Event<'_>, span: Span) {
        let pos = (span.start.line(), span.start.col() + 1);
        let byte = span.start.byte_offset().unwrap_or(0);
        match event {
            Event::Scalar(text, ..) => {
                let path = self.leaf(byte, pos, Node::Scalar(text.to_string()));
                if let Some(problem) = text_check::find_unsafe(&text) {
                    self.index
                        .unsafe_text
                        .push(UnsafeText { path, pos, problem });
                }
            }
            Event::Alias(_) => {
                self.leaf(byte, pos, Node::Alias);
            }
            Event::MappingStart(..) => {
                let path = self.node_starts_as(byte, pos, Node::Mapping);
                self.stack.push(Frame::Map { path, entry: None });
            }
            Event::SequenceStart(..) => {
                let path = self.node_starts_as(byte, pos, Node::Sequence);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_ends();
            }
            _ => {}
        }
    }

    /// A scalar or alias: a mapping key, or a value. Returns the path of its field.
    fn leaf(&mut self, byte: usize, pos: Pos, node: Node) -> String {
        if let Some(Frame::Map { path, entry: None }) = self.stack.last() {
            // A key: the entry's position is its key's.
            let key = match &node {
                Node::Scalar(text) => text.as_str(),
                _ => "*",
            };
            let entry = child(path, key);
            self.index.fields.entry(entry.clone()).or_insert(pos);
            self.record(byte, pos, entry.clone(), Node::Key);
            if let Some(Frame::Map { entry: slot, .. }) = self.stack.last_mut() {
                *slot = Some(entry.clone());
            }
            return entry;
        }
        let path = self.node_starts_as(byte, pos, node);
        self.value_ends();
        path
    }

    /// A value node starts: records it and returns its path.
    fn node_starts_as(&mut self, byte: usize, pos: Pos, node: Node) -> String {
        let path = match self.stack.last() {
            None => String::new(),
            Some(Frame::Map { path, entry: None }) => child(path, "?"),
            Some(Frame::Map { entry: Some(e), .. }) => e.clone(),
            Some(Frame::Seq { path, next }) => {
                let item = format!("{path}[{next}]");
                self.index.fields.entry(item.clone()).or_insert(pos);
                item
            }
        };
        self.record(byte, pos, path.clone(), node);
        path
    }

    fn record(&mut self, byte: usize, pos: Pos, path: String, node: Node) {
        self.index.starts.push(Start {
            byte,
            pos,
            path,
            node,
        });
    }

    /// A value ended: its mapping expects a key next, or its sequence the next item.
    fn value_ends(&mut self) {
        match self.stack.last_mut() {
            Some(Frame::Map { entry, .. }) => *entry = None,
            Some(Frame::Seq { next, .. }) => *next += 1,
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Index, Node};

    const SRC: &str = "no: 1\nname: x\nunit_policies:\n  - I-1-(1)-①\n  - I-9-(9)-①\nyears:\n  R3: {target: 1, actual: 2}\n  R5:\n    target: 0\n";

    #[test]
    fn finds_keys_items_and_flow_fields() {
        let index = Index::build(SRC);
        assert_eq!(index.locate("name"), Some((2, 1)));
        assert_eq!(index.locate("unit_policies[1]"), Some((5, 5)));
        assert_eq!(index.locate("years.R3.actual"), Some((7, 19)));
        assert_eq!(index.locate("years.R5.target"), Some((9, 5)));
    }

    #[test]
    fn finds_the_first_of_a_repeated_key() {
        let index = Index::build("id: x\nyears:\n  R4: {target: 1}\n  R4: {target: 2}\n");
        assert_eq!(index.locate("years.R4"), Some((3, 3)));
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor() {
        let index = Index::build(SRC);
        assert_eq!(index.locate("years.R4.target"), Some((6, 1)));
        assert_eq!(index.locate("nothing"), None);
    }

    #[test]
    fn maps_a_position_back_to_its_field() {
        let index = Index::build(SRC);
        let at = |line: usize, col: usize| {
            index
                .starting_at_pos((line, col))
                .iter()
                .map(|s| (s.path.clone(), s.node.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(at(2, 7), [("name".into(), Node::Scalar("x".into()))]);
        assert_eq!(at(7, 7), [("years.R3".into(), Node::Mapping)]);
        // A block mapping starts where its first key does.
        assert_eq!(
            at(9, 5),
            [
                ("years.R5".into(), Node::Mapping),
                ("years.R5.target".into(), Node::Key)
            ]
        );
        let offset = SRC.find("{target").unwrap();
        assert_eq!(index.starting_at(offset)[0].path, "years.R3");
    }

    #[test]
    fn finds_the_flow_collection_left_open() {
        let src = "no: 1\nunit_policies: [I-1-(1)-①, I-1-(1)-②\nbaseline:\n  - {value: 1}\n";
        assert_eq!(super::open_flow_collection(src), Some(('[', (2, 16))));
        let src = "years:\n  R4: {target: 55, actual: 52.3\n  R5: {target: 60}\n";
        assert_eq!(super::open_flow_collection(src), Some(('{', (2, 7))));
        assert_eq!(super::open_flow_collection("a: [1]\nb c\nd: 2\n"), None);
    }

    #[test]
    fn reads_as_far_as_the_text_is_valid() {
        let index = Index::build("name: x\nyears: [a, b\nno: 1\n");
        assert_eq!(index.locate("name"), Some((1, 1)));
        assert_eq!(index.locate("years[0]"), Some((2, 9)));
    }
}
