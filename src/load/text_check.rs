//! Characters that must not reach a page or a terminal, and showing invisible ones in messages.
//!
//! A control character in a value (`city: "\e]0;PWNED\a"` sets the terminal's title when the
//! value is printed) or a bidi override left open (it reverses the text after it on the page)
//! is rejected where it is written. Invisible characters that are allowed (a zero-width space,
//! a no-break space) are shown as `<U+200B>` when a message quotes the text, so that
//! "`I-1-(1)-①` is not a unit policy ID" does not read as nonsense.

use crate::message::Text;
use crate::tr;

/// Why a text may not be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    /// A control character other than tab and line feed.
    Control(char),
    /// A bidi embedding, override or isolate that is not closed in the same text.
    OpenBidi(char),
}

impl Unsafe {
    pub fn message(self) -> Text {
        match self {
            Unsafe::Control(c) => {
                let c = name(c);
                tr!(
                    "holds the control character {c}",
                    "制御文字 {c} が含まれています"
                )
            }
            Unsafe::OpenBidi(c) => {
                let c = name(c);
                tr!("{c} is not closed", "{c} が閉じられていません")
            }
        }
    }

    pub fn help(self) -> Text {
        match self {
            Unsafe::Control(_) => tr!(
                "remove it: control characters have no place on a page, and printed to a terminal they can change what it shows (in double quotes, escapes such as \\e, \\a, \\0 and \\x1b write them)",
                "削除してください。制御文字はページには不要で、端末に表示すると画面の内容を変えてしまうことがあります（二重引用符の中では \\e、\\a、\\0、\\x1b などのエスケープが制御文字になります）"
            ),
            Unsafe::OpenBidi(c) if is_isolate(c) => tr!(
                "close it with U+2069 (pop directional isolate) in the same text, or remove it: left open it reorders the text after it",
                "同じテキストの中で U+2069（pop directional isolate）で閉じるか、削除してください。閉じないと後ろの文字の並びが入れ替わります"
            ),
            Unsafe::OpenBidi(_) => tr!(
                "close it with U+202C (pop directional formatting) in the same text, or remove it: left open it reorders the text after it",
                "同じテキストの中で U+202C（pop directional formatting）で閉じるか、削除してください。閉じないと後ろの文字の並びが入れ替わります"
            ),
        }
    }
}

/// Whether `text` may hold anything [`find_unsafe`] rejects once YAML escapes are decoded: a
/// cheap test so that files without a backslash, control or bidi character skip the scan.
pub fn suspicious(text: &str) -> bool {
    // A raw carriage return is a line break to YAML, never part of a value.
    text.chars()
        .any(|c| c == '\\' || (is_forbidden_control(c) && c != '\r') || is_bidi(c))
}

/// The first reason a decoded value may not be used, if any.
pub fn find_unsafe(text: &str) -> Option<Unsafe> {
    // Open embeddings/overrides (closed by PDF) and isolates (closed by PDI), innermost last.
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        if is_forbidden_control(c) {
            return Some(Unsafe::Control(c));
        }
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' | '\u{2066}'..='\u{2068}' => {
                open.push(c)
            }
            // PDF closes the innermost embedding unless an isolate is nearer.
            '\u{202C}' if open.last().is_some_and(|&o| !is_isolate(o)) => {
                open.pop();
            }
            // PDI closes the innermost isolate and every embedding inside it.
            '\u{2069}' => {
                if let Some(i) = open.iter().rposition(|&o| is_isolate(o)) {
                    open.truncate(i);
                }
            }
            _ => {}
        }
    }
    open.first().map(|&c| Unsafe::OpenBidi(c))
}

/// `text` with every invisible or control character written as `<U+XXXX>`, for messages that
/// quote what the file says.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_forbidden_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn is_isolate(c: char) -> bool {
    matches!(c, '\u{2066}'..='\u{2069}')
}

pub fn is_invisible(c: char) -> bool {
    (c.is_whitespace() && c != ' ')
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// `U+001B (escape)`: the code point, and a name for the common ones.
fn name(c: char) -> String {
    let what = match c {
        '\0' => "null",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\u{B}' => "vertical tab",
        '\u{C}' => "form feed",
        '\r' => "carriage return",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{85}' => "next line",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        _ => "",
    };
    if what.is_empty() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("U+{:04X} ({what})", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_unsafe_but_tab_and_line_feed_are_not() {
        assert_eq!(find_unsafe("a\tb\nc"), None);
        for c in ['\0', '\u{7}', '\r', '\u{1B}', '\u{7F}', '\u{85}', '\u{9B}'] {
            assert_eq!(
                find_unsafe(&format!("x{c}y")),
                Some(Unsafe::Control(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn bidi_controls_must_be_closed_in_the_same_text() {
        assert_eq!(find_unsafe("abc\u{202E}def\u{202C}ghi"), None);
        assert_eq!(find_unsafe("\u{2067}عربي\u{2069}"), None);
        // An isolate's PDI also closes embeddings opened inside it.
        assert_eq!(find_unsafe("\u{2066}\u{202B}x\u{2069}"), None);
        assert_eq!(
            find_unsafe("abc\u{202E}def"),
            Some(Unsafe::OpenBidi('\u{202E}'))
        );
        // A PDF cannot close an isolate.
        assert_eq!(
            find_unsafe("\u{2067}x\u{202C}"),
            Some(Unsafe::OpenBidi('\u{2067}'))
        );
        // A closer without an opener reorders nothing.
        assert_eq!(find_unsafe("x\u{202C}\u{2069}"), None);
    }

    #[test]
    fn a_file_without_backslash_control_or_bidi_characters_needs_no_scan() {
        assert!(!suspicious("city: 厚木市\r\nname: 'a\tb'\n"));
        assert!(suspicious("city: \"\\e]0;PWNED\\a\"\n"));
        assert!(suspicious("city: a\u{1B}b\n"));
        assert!(suspicious("city: a\u{202E}b\n"));
        assert!(suspicious("city: a\u{2069}b\n"));
        assert!(suspicious("city: a\u{9B}b\n"));
        assert!(suspicious("city: a\u{7F}b\n"));
        // Neighbours of those code points are ordinary text.
        assert!(!suspicious("city: \u{2029}\u{2070}\u{A0}…「」\n"));
        // Every character find_unsafe rejects makes a text suspicious, but a raw carriage
        // return: YAML reads it as a line break, so only the escape `\r` puts one in a value.
        for c in (0..0x2100)
            .filter_map(char::from_u32)
            .filter(|&c| c != '\r')
        {
            let text = format!("x{c}y");
            if find_unsafe(&text).is_some() {
                assert!(suspicious(&text), "{c:?}");
            }
        }
    }

    #[test]
    fn invisible_characters_are_shown_by_code_point() {
        assert_eq!(visible("I-1-(1)-①\u{200B}"), "I-1-(1)-①<U+200B>");
        assert_eq!(visible("R5\u{3000}"), "R5<U+3000>");
        assert_eq!(visible("a\u{1B}]0;x\u{7}"), "a<U+001B>]0;x<U+0007>");
        assert_eq!(visible("厚木市 産業"), "厚木市 産業");
    }
}
