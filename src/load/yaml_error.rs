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
use crate::diagnostic::{Diagnostic, Text};
use crate::tr;

fn see_format() -> Text {
    tr!(
        "see `shinchoku help format` for the expected form of this field",
        "この項目の書き方は `shinchoku help format` を参照してください"
    )
}

fn check_syntax() -> Text {
    tr!(
        "check the YAML syntax around this line (indentation, a missing colon, unbalanced quotes or brackets)",
        "この行の前後の YAML の書き方（字下げ、コロンの抜け、引用符や括弧の閉じ忘れ）を確認してください"
    )
}

/// A message of the YAML reader itself, which speaks only English.
fn reader_says(msg: impl Into<String>) -> Text {
    let msg = msg.into();
    let ja = format!("YAML を読み取れません（{msg}）");
    Text::new(msg, ja)
}

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
    message: Text,
    help: Text,
    /// Where to point instead of the reader's position (e.g. at an unclosed bracket).
    at: Option<Pos>,
}

impl Problem {
    fn new(message: Text, help: Text) -> Problem {
        Problem {
            field: None,
            message,
            help,
            at: None,
        }
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
    let mut d = Diagnostic::new(&src.path, problem.message.map(visible)).help(problem.help);
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
            _ => Problem::new(
                reader_says(UserMessageFormatter.format_message(e)),
                check_syntax(),
            ),
        },
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            let message = if expected.is_empty() {
                tr!(
                    "unknown field `{field}`, this entry has no fields",
                    "`{field}` という項目はありません。ここには項目を書けません"
                )
            } else {
                let list = backticked(expected, ", ");
                tr!(
                    "unknown field `{field}`, expected one of {list}",
                    "`{field}` という項目はありません。書けるのは {list} のいずれかです"
                )
            };
            let help = match suggest(field, expected.iter().copied()) {
                Some(s) => tr!("did you mean `{s}`?", "`{s}` の書き間違いではありませんか"),
                None => tr!(
                    "remove `{field}`; allowed fields are listed in `shinchoku help format`",
                    "`{field}` を削除してください。書ける項目は `shinchoku help format` にあります"
                ),
            };
            Problem::new(message, help).field(key_parent)
        }
        Error::SerdeMissingField { field, .. } => {
            // Reported at the mapping's last key (or at an empty mapping): point at the mapping.
            let mapping = key_parent.or(value_field).unwrap_or_default();
            let mut p = Problem::new(
                tr!("missing field `{field}`", "`{field}` がありません"),
                tr!(
                    "add `{field}:` (see `shinchoku help format`)",
                    "`{field}:` を書き足してください（`shinchoku help format` を参照）"
                ),
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
                [one] => tr!("`{one}`", "`{one}`"),
                [a, b] => tr!("`{a}` or `{b}`", "`{a}` か `{b}`"),
                more => {
                    let more = backticked(more, ", ");
                    tr!("one of {more}", "{more} のいずれか")
                }
            };
            let Text { en, ja } = list;
            Problem::new(
                tr!(
                    "unknown variant `{variant}`, expected {en}",
                    "`{variant}` は使えません。{ja}を書いてください"
                ),
                see_format(),
            )
            .field(value_field)
        }
        Error::DuplicateMappingKey { key: name, .. } => {
            let message = match name {
                Some(name) => tr!("`{name}` is given twice", "`{name}` が 2 回書かれています"),
                None => tr!("`this key` is given twice", "この項目が 2 回書かれています"),
            };
            let name = name.as_deref().unwrap_or("this key");
            Problem::new(
                message,
                tr!(
                    "remove one of the two `{name}:` lines (YAML allows each key once per mapping)",
                    "2 つある `{name}:` の行の一方を削除してください（YAML では同じ項目は 1 回しか書けません）"
                ),
            )
            .field(key_parent)
        }
        Error::Unexpected { expected, .. } => {
            let expected = match *expected {
                "string scalar" | "scalar" => tr!(
                    "a single value (text or a number)",
                    "値を 1 つ（文字か数値）"
                ),
                "sequence start" => tr!("a list", "リスト"),
                "mapping start" => tr!("`key: value` lines", "`項目: 値` の行"),
                other => Text::new(other, other),
            };
            Problem::new(expected_found(expected, found(shown)), see_format()).field(value_field)
        }
        Error::InvalidScalar { ty, .. } => {
            let expected = match *ty {
                "bool" => tr!("true or false", "true か false"),
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => {
                    tr!("a whole number (0, 1, 2, …)", "0 以上の整数（0, 1, 2, …）")
                }
                t if t.starts_with('i') => tr!("a whole number", "整数"),
                _ => tr!("a number", "数値"),
            };
            Problem::new(expected_found(expected, found(shown)), see_format()).field(value_field)
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
            tr!(
                "invalid type: {unexpected}, expected {expected}",
                "値の種類が違います（{unexpected} があり、{expected} が必要です）"
            ),
            see_format(),
        )
        .field(value_field),
        Error::NullIntoString { .. } => Problem::new(
            tr!("no value after the colon", "コロンの後に値がありません"),
            tr!(
                "write the value after the colon, or remove the line if the field is optional",
                "コロンの後に値を書いてください。省略できる項目なら行ごと削除してください"
            ),
        )
        .field(value_field),
        Error::InvalidBooleanStrict { .. } => Problem::new(
            expected_found(tr!("true or false", "true か false"), found(shown)),
            see_format(),
        )
        .field(value_field),
        Error::MultipleDocuments { .. } => two_documents(src, pos),
        Error::UnknownAnchor { .. } => unknown_anchor(),
        Error::Budget { breach, .. } => budget(breach),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. } => Problem::new(
            tr!(
                "the file's `*aliases` expand to too much",
                "ファイルの `*エイリアス` を展開すると大きくなりすぎます"
            ),
            write_out_aliases(),
        ),
        Error::Message { msg, .. } => {
            Problem::new(reader_says(msg.clone()), see_format()).field(value_field)
        }
        _ => Problem::new(
            reader_says(UserMessageFormatter.format_message(e)),
            check_syntax(),
        )
        .field(value_field),
    }
}

/// What the file has where the error is, in the words of "invalid type: ..., expected ...".
fn found(value: Option<&&Start>) -> Text {
    match value.map(|s| &s.node) {
        Some(Node::Mapping) => tr!(
            "a mapping (`key: value` lines)",
            "マッピング（`項目: 値` の行）"
        ),
        Some(Node::Sequence) => tr!("a list", "リスト"),
        Some(Node::Scalar(text)) => tr!("`{text}`", "`{text}`"),
        Some(Node::Alias) => tr!("an alias", "エイリアス"),
        Some(Node::Key) | None => tr!("this value", "この値"),
    }
}

/// "expected a number, found `1O`".
fn expected_found(expected: Text, found: Text) -> Text {
    let (e, f) = (expected, found);
    Text::new(
        format!("expected {}, found {}", e.en, f.en),
        format!("{} が必要ですが、{} が書かれています", e.ja, f.ja),
    )
}

fn write_out_aliases() -> Text {
    tr!(
        "write values out instead of repeating them with `&anchor` and `*alias`",
        "`&アンカー` と `*エイリアス` で繰り返さず、値をそのまま書いてください"
    )
}

fn split_or_trim() -> Text {
    tr!(
        "a content file holds one unit policy or indicator; split or trim it",
        "1 つのファイルには単位施策か成果指標を 1 件だけ書きます。分けるか、短くしてください"
    )
}

fn more_than_one_document() -> Text {
    tr!(
        "the file holds more than one YAML document",
        "ファイルに YAML の文書が 2 つ以上あります"
    )
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
            tr!(
                "with its `*aliases` expanded, the file's text is over {MAX_EXPANDED_BYTES} bytes",
                "`*エイリアス` を展開すると、ファイルの文字が {MAX_EXPANDED_BYTES} バイトを超えます"
            ),
            tr!(
                "write values out instead of repeating a long one with `&anchor` and `*alias`",
                "長い値を `&アンカー` と `*エイリアス` で繰り返さず、そのまま書いてください"
            ),
        ),
        BudgetBreach::Aliases { .. } | BudgetBreach::AliasAnchorRatio { .. } => Problem::new(
            tr!(
                "more than {MAX_ALIASES} `*aliases`, or many for few anchors",
                "`*エイリアス` が {MAX_ALIASES} 個を超えているか、アンカーの数に比べて多すぎます"
            ),
            write_out_aliases(),
        ),
        BudgetBreach::Documents { .. } => Problem::new(
            more_than_one_document(),
            tr!(
                "a file holds one entry: remove the `---` lines after the first entry, or move each entry into its own file",
                "1 つのファイルには 1 件だけ書きます。最初の 1 件の後の `---` の行を削除するか、1 件ずつ別のファイルに移してください"
            ),
        ),
        other => Problem::new(
            tr!(
                "the file is too large or complex to read ({other:?})",
                "ファイルが大きすぎるか複雑すぎて読み込めません（{other:?}）"
            ),
            split_or_trim(),
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
        ErrorKind::UnclosedQuotedScalar => Some(Problem::new(
            tr!(
                "the quote that starts here is not closed",
                "ここで始まる引用符が閉じられていません"
            ),
            tr!(
                "close the quote that starts here (or remove it)",
                "ここで始まる引用符を閉じてください（または削除してください）"
            ),
        )),
        ErrorKind::SimpleKeyExpected | ErrorKind::InvalidSimpleKey => Some(Problem::new(
            tr!(
                "no `:` after the key that starts here",
                "ここで始まる項目名の後に `:` がありません"
            ),
            tr!(
                "a key needs a colon and a space after it, e.g. `unit: 件`",
                "項目名の後にはコロンと空白が必要です（例: `unit: 件`）"
            ),
        )),
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
    let mut p = Problem::new(reader_says(scan.kind().to_string()), check_syntax());
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
        let (line, Text { en, ja }) = (at.0, p.message);
        p.message = tr!(
            "{en} (line {line}), inside the `{open}` that starts here",
            "{ja}（{line} 行目）。ここで始まる `{open}` の中です"
        );
        p.help = tr!(
            "close the `{open}` that starts here with `{close}`; {parts} are separated by commas",
            "ここで始まる `{open}` を `{close}` で閉じてください。要素はコンマで区切ります"
        );
        p.at = Some(opener);
    }
    p
}

fn tab() -> Problem {
    Problem::new(
        tr!("a tab in the indentation", "字下げにタブが使われています"),
        tr!(
            "indent with spaces: YAML does not allow tabs in indentation",
            "字下げは空白で行ってください。YAML では字下げにタブを使えません"
        ),
    )
}

fn too_deep() -> Problem {
    Problem::new(
        tr!(
            "nested more than {MAX_DEPTH} levels deep",
            "入れ子が {MAX_DEPTH} 段を超えています"
        ),
        tr!(
            "content files nest a few levels at most; check the brackets and indentation here",
            "入れ子はせいぜい数段です。ここの括弧と字下げを確認してください"
        ),
    )
}

fn unknown_anchor() -> Problem {
    Problem::new(
        tr!(
            "unknown anchor: no `&name` earlier in the file marks a value for this `*name`",
            "アンカーがありません。この `*name` が指す `&name` がファイルのこれより前にありません"
        ),
        tr!(
            "`*name` repeats a value marked `&name` earlier in the file, and there is none: write the value itself (quote it if it starts with * or &)",
            "`*name` は前に `&name` を付けた値を繰り返す書き方ですが、その値がありません。値そのものを書いてください（* や & で始まる値は引用符で囲みます）"
        ),
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
        more_than_one_document(),
        tr!(
            "a file holds one entry: remove this `---` line and what follows, or move that part into its own file",
            "1 つのファイルには 1 件だけ書きます。この `---` の行から後を削除するか、その部分を別のファイルに移してください"
        ),
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
        assert_eq!(d.message.en, "expected a list, found `創業`");
    }

    #[test]
    fn a_missing_field_points_at_its_mapping() {
        let mut diags = Vec::new();
        let text = "no: 1\nname: a\nunit: 件\nunit_policies: []\nyears:\n  R3: {actual: 1}\ntarget:\n  value: 2\n";
        Source::new("i.yaml", text).parse::<IndicatorFile>(&mut diags);
        let d = &diags[0];
        assert_eq!((d.line, d.field.as_deref()), (Some(7), Some("target")));
        assert_eq!(d.message.en, "missing field `year`");
    }

    #[test]
    fn an_unknown_field_shows_invisible_characters_and_suggests_the_field() {
        let d = unit_problem("id: x\nna\u{200B}me: a\n");
        assert_eq!(d.line, Some(2));
        assert!(
            d.message.en.starts_with("unknown field `na<U+200B>me`"),
            "{}",
            d.message
        );
        assert_eq!(
            d.help.as_ref().map(|h| h.en.as_str()),
            Some("did you mean `name`?")
        );
    }

    #[test]
    fn a_key_given_twice_is_located_at_the_second() {
        let d = unit_problem("id: x\nname: a\nnarratives:\n  R5: {}\n  R5: {}\n");
        assert_eq!((d.line, d.field.as_deref()), (Some(5), Some("narratives")));
        assert_eq!(d.message.en, "`R5` is given twice");
    }

    #[test]
    fn only_true_and_false_are_booleans() {
        let mut diags = Vec::new();
        let text = "city: a\nplan: b\ntitle: c\nreport_year: R5\nfiscal_years: []\nbaseline_year: R4\nassessment:\n  classes:\n    - {label: x, on_track: yes, symbol: y}\ngoals: []\n";
        Source::new("p.yaml", text).parse::<super::super::files::PlanFile>(&mut diags);
        assert_eq!(diags[0].message.en, "expected true or false, found `yes`");
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
        assert_eq!(d.message.en, "nested more than 32 levels deep");
    }
}
