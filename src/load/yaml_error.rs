//! The YAML reader's errors turned into diagnostics people can act on.
//!
//! serde-saphyr reports what went wrong as data, with a position but without the field's path;
//! the file's [`Index`](super::locate::Index) maps the position back to the field.

use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::{ErrorKind, ScanError};
use serde_saphyr::{Error, MessageFormatter, UserMessageFormatter};

use super::limits::{MAX_ALIASES, MAX_DEPTH, MAX_EXPANDED_BYTES};
use super::locate::{Node, Pos, Start, open_flow_collection};
use super::source::Source;
use super::text_check::{find_unsafe, visible};
use crate::diagnostic::Diagnostic;

const SEE_FORMAT: &str = "see `shinchoku help format` for the expected form of this field";
const SEE_FORMAT_JA: &str = "この項目の書き方は `shinchoku help format` を見てください";
const CHECK_SYNTAX: &str = "check the YAML syntax around this line (indentation, a missing colon, unbalanced quotes or brackets)";
const CHECK_SYNTAX_JA: &str =
    "この行の前後のYAMLの書き方（字下げ、コロンの抜け、引用符や括弧の閉じ忘れ）を確かめてください";

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A problem's message, the field it concerns (if known) and what to do.
struct Problem {
    field: Option<String>,
    message: String,
    help: String,
    /// The message and help in Japanese.
    ja: Option<(String, String)>,
    /// Where to point instead of the reader's position (e.g. at an unclosed bracket).
    at: Option<Pos>,
}

impl Problem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem {
            field: None,
            message: message.into(),
            help: help.into(),
            ja: None,
            at: None,
        }
    }

    fn ja(mut self, message: impl Into<String>, help: impl Into<String>) -> Problem {
        self.ja = Some((message.into(), help.into()));
        self
    }

    fn field(mut self, field: Option<String>) -> Problem {
        self.field = field.filter(|f| !f.is_empty());
        self
    }
}

/// Turns a serde-saphyr error into a diagnostic with position, field and advice.
pub(super) fn yaml_error(src: &Source, e: &Error) -> Diagnostic {
    let location = e.location();
    let pos = location.map(|l| (l.line() as usize, l.column() as usize));
    let byte = location.and_then(|l| l.span().byte_offset());
    // The nodes starting where the error is, outermost first.
    let starts: Vec<&Start> = match (byte, pos) {
        (Some(b), _) => src.index().starting_at(b as usize).iter().collect(),
        (None, Some(p)) => src.index().starting_at_pos(p),
        _ => Vec::new(),
    };
    // For a value reached through an alias, what the anchor marks (to say what was found).
    let anchored: Vec<&Start> = alias_target(e)
        .map(|b| src.index().starting_at(b).iter().collect())
        .unwrap_or_default();
    let problem = describe(src, innermost(e), &starts, &anchored, pos);
    let mut d = Diagnostic::new(&src.path, visible(&problem.message)).help(problem.help);
    if let Some((message, help)) = problem.ja {
        d = d.ja(visible(&message)).ja_help(help);
    }
    if let Some((line, col)) = problem.at.or(pos) {
        d = d.at(line, col);
    }
    if let Some(f) = problem.field {
        d = d.field(visible(&f));
    }
    d
}

/// The byte where the anchor of the alias the error went through starts, if it did.
fn alias_target(mut e: &Error) -> Option<usize> {
    loop {
        match e {
            Error::WithSnippet { error, .. } => e = error,
            Error::AliasError { locations, .. } => {
                return locations
                    .defined_location
                    .span()
                    .byte_offset()
                    .map(|b| b as usize);
            }
            _ => return None,
        }
    }
}

/// The error itself, without the wrappers that only add context the diagnostic has anyway.
fn innermost(mut e: &Error) -> &Error {
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = e {
        e = error;
    }
    e
}

fn describe(
    src: &Source,
    e: &Error,
    starts: &[&Start],
    anchored: &[&Start],
    pos: Option<Pos>,
) -> Problem {
    // The value at the error's position, and the key there (for errors about a key).
    let value = starts.iter().find(|s| s.node != Node::Key);
    // What the value is: through an alias, the value its anchor marks.
    let shown = match value.map(|s| &s.node) {
        Some(Node::Alias) => anchored.iter().find(|s| s.node != Node::Key).or(value),
        _ => value,
    };
    let key = starts.iter().find(|s| s.node == Node::Key);
    let value_field = value.map(|s| s.path.clone());
    let key_parent = key.map(|s| parent(&s.path).to_string());
    match e {
        Error::ExternalMessage { source, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => syntax(src, scan),
            _ => Problem::new(UserMessageFormatter.format_message(e), CHECK_SYNTAX)
                .ja(UserMessageFormatter.format_message(e), CHECK_SYNTAX_JA),
        },
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let (list, list_ja) = if expected.is_empty() {
                (
                    "this entry has no fields".to_string(),
                    "ここには項目を書けません".to_string(),
                )
            } else {
                let names = backticked(expected, ", ");
                (
                    format!("expected one of {names}"),
                    format!("書ける項目は {names} です"),
                )
            };
            let (help, help_ja) = match suggest(field, expected.iter().copied()) {
                Some(s) => (
                    format!("did you mean `{s}`?"),
                    format!("`{s}` の書き間違いではありませんか"),
                ),
                None => (
                    format!(
                        "remove `{field}`; allowed fields are listed in `shinchoku help format`"
                    ),
                    format!(
                        "`{field}` を消してください。書ける項目は `shinchoku help format` にあります"
                    ),
                ),
            };
            Problem::new(format!("unknown field `{field}`, {list}"), help)
                .ja(
                    format!("`{field}` という項目はありません。{list_ja}"),
                    help_ja,
                )
                .field(key_parent)
        }
        Error::SerdeMissingField { field, .. } => {
            // Reported at the mapping's last key (or at an empty mapping): point at the mapping.
            let mapping = key_parent.or(value_field).unwrap_or_default();
            let mut p = Problem::new(
                format!("missing field `{field}`"),
                format!("add `{field}:` (see `shinchoku help format`)"),
            )
            .ja(
                format!("`{field}` がありません"),
                format!("`{field}:` を書き足してください（`shinchoku help format` を参照）"),
            );
            p.at = if mapping.is_empty() {
                src.index().first_node()
            } else {
                src.index().locate(&mapping)
            };
            p.field(Some(mapping))
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let list = match expected.as_slice() {
                [one] => format!("`{one}`"),
                [a, b] => format!("`{a}` or `{b}`"),
                more => format!("one of {}", backticked(more, ", ")),
            };
            let list_ja = backticked(expected, "、");
            Problem::new(
                format!("unknown variant `{variant}`, expected {list}"),
                SEE_FORMAT,
            )
            .ja(
                format!("`{variant}` は使えません。{list_ja} のどれかを書いてください"),
                SEE_FORMAT_JA,
            )
            .field(value_field)
        }
        Error::DuplicateMappingKey { key: name, .. } => {
            let name = name.clone().unwrap_or_else(|| "this key".into());
            Problem::new(
                format!("`{name}` is given twice"),
                format!(
                    "remove one of the two `{name}:` lines (YAML allows each key once per mapping)"
                ),
            )
            .ja(
                format!("`{name}` が2回書かれています"),
                format!("2つある `{name}:` の行の一方を消してください（YAMLでは同じ階層に同じ項目は1回だけです）"),
            )
            .field(key_parent)
        }
        Error::Unexpected { expected, .. } => {
            let (expected, expected_ja) = match *expected {
                "string scalar" | "scalar" => {
                    ("a single value (text or a number)", "1つの値（文字か数値）")
                }
                "sequence start" => ("a list", "リスト"),
                "mapping start" => ("`key: value` lines", "`項目: 値` の行"),
                other => (other, other),
            };
            Problem::new(
                format!("expected {expected}, found {}", found(shown)),
                SEE_FORMAT,
            )
            .ja(
                format!(
                    "ここには{expected_ja}を書きます（書かれているのは {}）",
                    found(shown)
                ),
                SEE_FORMAT_JA,
            )
            .field(value_field)
        }
        Error::InvalidScalar { ty, .. } => {
            let (expected, expected_ja) = match *ty {
                "bool" => ("true or false", "true か false"),
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
                    ("a whole number (0, 1, 2, …)", "0以上の整数（0、1、2、…）")
                }
                t if t.starts_with('i') => ("a whole number", "整数"),
                _ => ("a number", "数値"),
            };
            Problem::new(
                format!("expected {expected}, found {}", found(shown)),
                SEE_FORMAT,
            )
            .ja(
                format!(
                    "ここには{expected_ja}を書きます（書かれているのは {}）",
                    found(shown)
                ),
                SEE_FORMAT_JA,
            )
            .field(value_field)
        }
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => Problem::new(
            format!("invalid type: {unexpected}, expected {expected}"),
            SEE_FORMAT,
        )
        .field(value_field),
        Error::NullIntoString { .. } => Problem::new(
            "no value after the colon",
            "write the value after the colon, or remove the line if the field is optional",
        )
        .ja(
            "コロンの後に値がありません",
            "コロンの後に値を書くか、省略できる項目ならその行を消してください",
        )
        .field(value_field),
        Error::InvalidBooleanStrict { .. } => Problem::new(
            format!("expected true or false, found {}", found(shown)),
            SEE_FORMAT,
        )
        .field(value_field),
        Error::MultipleDocuments { .. } => two_documents(src, pos),
        Error::UnknownAnchor { .. } => unknown_anchor(),
        Error::Budget { breach, .. } => budget(breach),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Problem::new(
            "the file's `*aliases` expand to too much",
            "write values out instead of repeating them with `&anchor` and `*alias`",
        ),
        Error::Message { msg, .. } => Problem::new(msg.clone(), SEE_FORMAT).field(value_field),
        _ => Problem::new(UserMessageFormatter.format_message(e), CHECK_SYNTAX).field(value_field),
    }
}

/// What the file has where the error is, in the words of "invalid type: ..., expected ...".
fn found(value: Option<&&Start>) -> String {
    match value.map(|s| &s.node) {
        Some(Node::Mapping) => "a mapping (`key: value` lines)".into(),
        Some(Node::Sequence) => "a list".into(),
        Some(Node::Scalar(text)) => format!("`{text}`"),
        Some(Node::Alias) => "an alias".into(),
        Some(Node::Key) | None => "this value".into(),
    }
}

fn backticked(items: &[&str], sep: &str) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(sep)
}

/// `years.R4` → `years`; `goals[0]` → `goals`; `name` → ``.
fn parent(path: &str) -> &str {
    path.rfind(['.', '[']).map_or("", |i| &path[..i])
}

fn budget(breach: &BudgetBreach) -> Problem {
    match breach {
        BudgetBreach::Depth { .. } => too_deep(),
        BudgetBreach::ScalarBytes { .. } => Problem::new(
            format!(
                "with its `*aliases` expanded, the file's text is over {MAX_EXPANDED_BYTES} bytes"
            ),
            "write values out instead of repeating a long one with `&anchor` and `*alias`",
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => Problem::new(
            format!("more than {MAX_ALIASES} `*aliases`, or many for few anchors"),
            "write values out instead of repeating them with `&anchor` and `*alias`",
        ),
        BudgetBreach::Documents { .. } => Problem::new(
            "the file holds more than one YAML document",
            "a file holds one entry: remove the `---` lines after the first entry, or move each entry into its own file",
        ),
        other => Problem::new(
            format!("the file is too large or complex to read ({other:?})"),
            "a content file holds one unit policy or indicator; split or trim it",
        ),
    }
}

/// A syntax error, pointing where the reader gave up or, for an unclosed quote or bracket,
/// at the opener.
fn syntax(src: &Source, scan: &ScanError) -> Problem {
    let mark = scan.marker();
    let at = (mark.line(), mark.col() + 1);
    let tab_indented = src.text.lines().nth(at.0.wrapping_sub(1)).is_some_and(|l| {
        l.chars()
            .take_while(|c| c.is_whitespace())
            .any(|c| c == '\t')
    });
    let specific = match scan.kind() {
        ErrorKind::UnknownAnchor => Some(unknown_anchor()),
        ErrorKind::RecursionLimitExceeded => Some(too_deep()),
        ErrorKind::UnclosedQuotedScalar => Some(
            Problem::new(
                "the quote that starts here is not closed",
                "close the quote that starts here (or remove it)",
            )
            .ja(
                "ここで始まる引用符が閉じていません",
                "ここで始まる引用符を閉じてください（または消してください）",
            ),
        ),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => Some(
            Problem::new(
                "no `:` after the key that starts here",
                "a key needs a colon and a space after it, e.g. `unit: 件`",
            )
            .ja(
                "ここで始まる項目名の後に `:` がありません",
                "項目名の後にはコロンと空白が要ります（例 `unit: 件`）",
            ),
        ),
        ErrorKind::UnexpectedCharacter { character } => {
            find_unsafe(&character.to_string()).map(|u| {
                // The reader stops at the character; the key on its line names the field.
                let field = src.index().key_on_line(at.0).map(str::to_string);
                Problem::new(u.message(), u.help()).field(field)
            })
        }
        ErrorKind::TabInIndentation
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabAtBlockScalarStart
        | ErrorKind::TabNotAllowed
        | ErrorKind::TabInPlainScalar => Some(tab()),
        _ if tab_indented => Some(tab()),
        _ => None,
    };
    if let Some(mut p) = specific {
        p.at = Some(at);
        return p;
    }
    let mut p = Problem::new(scan.kind().to_string(), CHECK_SYNTAX).ja(
        format!("YAMLとして読めません（{}）", scan.kind()),
        CHECK_SYNTAX_JA,
    );
    p.at = Some(at);
    // Inside a `{` or `[` opened on an earlier line, the reader gives up where the file stops
    // making sense, often lines after the bracket that was never closed: point at the bracket.
    if let Some((open, opener)) = open_flow_collection(&src.text)
        && opener.0 < at.0
    {
        let (close, parts) = if open == '[' {
            (']', "items")
        } else {
            ('}', "entries")
        };
        p.message = format!(
            "{} (line {}), inside the `{open}` that starts here",
            p.message, at.0
        );
        p.help = format!(
            "close the `{open}` that starts here with `{close}`; {parts} are separated by commas"
        );
        p.ja = Some((
            format!(
                "{}行目で読めなくなりました。ここで始まる `{open}` の中です",
                at.0
            ),
            format!(
                "ここで始まる `{open}` を `{close}` で閉じてください。要素はコンマで区切ります"
            ),
        ));
        p.at = Some(opener);
    }
    p
}

fn tab() -> Problem {
    Problem::new(
        "a tab in the indentation",
        "indent with spaces: YAML does not allow tabs in indentation",
    )
    .ja(
        "字下げにタブがあります",
        "字下げは空白で行ってください（YAMLでは字下げにタブを使えません）",
    )
}

fn too_deep() -> Problem {
    Problem::new(
        format!("nested more than {MAX_DEPTH} levels deep"),
        "content files nest a few levels at most; check the brackets and indentation here",
    )
}

fn unknown_anchor() -> Problem {
    Problem::new(
        "unknown anchor: no `&name` earlier in the file marks a value for this `*name`",
        "`*name` repeats a value marked `&name` earlier in the file, and there is none: write the value itself (quote it if it starts with * or &)",
    )
}

/// Points at the `---` line that starts the second document.
fn two_documents(src: &Source, pos: Option<Pos>) -> Problem {
    let mut at = pos;
    let mut seen_content = false;
    for (i, line) in src.text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with("---") && seen_content {
            at = Some((i + 1, 1));
            break;
        }
        seen_content |= !(t.is_empty() || t.starts_with('#') || t.starts_with("---"));
    }
    let mut p = Problem::new(
        "the file holds more than one YAML document",
        "a file holds one entry: remove this `---` line and what follows, or move that part into its own file",
    )
    .ja(
        "1つのファイルに複数のYAML文書があります",
        "1つのファイルには1件だけ書きます。この `---` の行から後を消すか、別のファイルに移してください",
    );
    p.at = at;
    p
}

#[cfg(test)]
mod tests {
    use super::super::files::{IndicatorFile, UnitFile};
    use super::super::source::Source;
    use crate::diagnostic::Diagnostic;

    /// The one problem reading `text` as a unit file gives.
    fn unit_problem(text: &str) -> Diagnostic {
        let mut diags = Vec::new();
        let parsed = Source::new("u.yaml", text).parse::<UnitFile>(&mut diags);
        assert!(parsed.is_none(), "{text}");
        assert_eq!(diags.len(), 1, "{diags:?}");
        diags.remove(0)
    }

    #[test]
    fn a_value_through_an_alias_is_described_by_what_its_anchor_marks() {
        let d = unit_problem("id: x\nname: &n 創業\nrelated_projects: *n\n");
        assert_eq!(
            (d.line, d.field.as_deref()),
            (Some(3), Some("related_projects"))
        );
        assert_eq!(d.message, "expected a list, found `創業`");
    }

    #[test]
    fn a_missing_field_points_at_its_mapping() {
        let mut diags = Vec::new();
        let text = "no: 1\nname: a\nunit: 件\nunit_policies: []\nyears:\n  R3: {actual: 1}\ntarget:\n  value: 2\n";
        Source::new("i.yaml", text).parse::<IndicatorFile>(&mut diags);
        let d = &diags[0];
        assert_eq!((d.line, d.field.as_deref()), (Some(7), Some("target")));
        assert_eq!(d.message, "missing field `year`");
    }

    #[test]
    fn an_unknown_field_shows_invisible_characters_and_suggests_the_field() {
        let d = unit_problem("id: x\nna\u{200B}me: a\n");
        assert_eq!(d.line, Some(2));
        assert!(
            d.message.starts_with("unknown field `na<U+200B>me`"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
    }

    #[test]
    fn a_key_given_twice_is_located_at_the_second() {
        let d = unit_problem("id: x\nname: a\nnarratives:\n  R5: {}\n  R5: {}\n");
        assert_eq!((d.line, d.field.as_deref()), (Some(5), Some("narratives")));
        assert_eq!(d.message, "`R5` is given twice");
    }

    #[test]
    fn only_true_and_false_are_booleans() {
        let mut diags = Vec::new();
        let text = "city: a\nplan: b\ntitle: c\nreport_year: R5\nfiscal_years: []\nbaseline_year: R4\nassessment:\n  classes:\n    - {label: x, on_track: yes, symbol: y}\ngoals: []\n";
        Source::new("p.yaml", text).parse::<super::super::files::PlanFile>(&mut diags);
        assert_eq!(diags[0].message, "expected true or false, found `yes`");
        assert_eq!(
            diags[0].field.as_deref(),
            Some("assessment.classes[0].on_track")
        );
    }

    #[test]
    fn nesting_beyond_the_budget_is_refused() {
        let d = unit_problem(&format!(
            "id: x\nname: a\nrelated_projects: {}{}\n",
            "[".repeat(1000),
            "]".repeat(1000)
        ));
        assert_eq!(d.line, Some(3));
        assert_eq!(d.message, "nested more than 32 levels deep");
    }
}
