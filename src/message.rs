//! Text a user reads, in both languages the command line speaks (see [`Lang`]): city staff
//! fix their YAML from these messages, in Japanese or in English.

use std::fmt;

pub use crate::model::Lang;

/// One message in English and in Japanese; which one is shown is chosen when it is printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    /// Both languages must say something: an empty one would print a bare `error:`.
    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        let (en, ja) = (en.into(), ja.into());
        debug_assert!(
            !en.trim().is_empty() && !ja.trim().is_empty(),
            "a message needs both languages: en {en:?}, ja {ja:?}"
        );
        Text { en, ja }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }

    /// Each language's text changed by `f` (e.g. to make control characters visible).
    pub fn map(&self, f: impl Fn(&str) -> String) -> Text {
        Text::new(f(&self.en), f(&self.ja))
    }
}

/// English, as library users and existing logs expect.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}

/// A [`Text`] from an English and a Japanese format string, each formatted with the same
/// arguments: `tr!("no unit policy {id} exists", "単位施策 {id} はありません")`.
#[macro_export]
macro_rules! tr {
    ($en:literal, $ja:literal $(,)?) => {
        $crate::message::Text::new(format!($en), format!($ja))
    };
    ($en:literal, $ja:literal, $($arg:tt)*) => {
        $crate::message::Text::new(format!($en, $($arg)*), format!($ja, $($arg)*))
    };
}

/// An error of the command line that is not about one file's content (no such folder, a
/// locked output folder), said in both languages; `main` prints it in the user's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError(pub Text);

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_formats_both_languages_with_the_same_arguments() {
        let id = "I-1";
        let t = tr!("no unit policy {id} exists", "単位施策 {id} はありません");
        assert_eq!(t.get(Lang::En), "no unit policy I-1 exists");
        assert_eq!(t.get(Lang::Ja), "単位施策 I-1 はありません");
        let t = tr!("{} of {}", "{1} 中 {0}", 1, 2);
        assert_eq!((t.en.as_str(), t.ja.as_str()), ("1 of 2", "2 中 1"));
    }

    #[test]
    #[should_panic(expected = "needs both languages")]
    fn a_text_without_japanese_is_refused() {
        let _ = Text::new("file not found", "");
    }

    #[test]
    #[should_panic(expected = "needs both languages")]
    fn a_text_without_english_is_refused() {
        let _ = Text::new(" ", "ファイルがありません");
    }
}
