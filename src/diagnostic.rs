//! Errors a user can act on: which file, which line, which field, what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::message::{Lang, Text};

/// One problem in the input, located as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based.
    pub line: Option<usize>,
    /// 1-based.
    pub column: Option<usize>,
    /// Dotted path of the field, e.g. `years.R5.target`.
    pub field: Option<String>,
    pub message: Text,
    /// What to do about it.
    pub help: Option<Text>,
    /// The text of line `line` of the file, shown under the message with a caret at the
    /// column; filled in once loading has failed ([`Diagnostics::with_source_lines`]).
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &Path, message: impl Into<Text>) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.render(Style::PLAIN, Lang::En))
    }
}

impl Diagnostic {
    /// The message as printed: location, field, message; the source line with a caret under
    /// the column (as rustc and just show it); then what to do.
    fn render(&self, style: Style, lang: Lang) -> String {
        let mut out = String::new();
        self.write_to(&mut out, style, lang)
            .expect("writing to a String");
        out
    }

    fn write_to(&self, f: &mut String, style: Style, lang: Lang) -> fmt::Result {
        use fmt::Write;
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        f.push_str(self.message.get(lang));
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let (shown, caret_at) = snippet(text, self.column.unwrap_or(1));
            let number = line.to_string();
            let gutter = " ".repeat(number.len());
            let (blue, red, reset) = (style.gutter, style.caret, style.reset);
            write!(f, "\n{gutter} {blue}|{reset}")?;
            write!(f, "\n{blue}{number} |{reset} {shown}")?;
            write!(
                f,
                "\n{gutter} {blue}|{reset} {}{red}^{reset}",
                " ".repeat(caret_at)
            )?;
        }
        if let Some(help) = &self.help {
            let label = Framing::of(lang).help;
            let help = help.get(lang);
            write!(f, "\n  {}{label}{}: {help}", style.help, style.reset)?;
        }
        Ok(())
    }
}

/// The words around every message: its label, the label of its help, and the last line.
struct Framing {
    error: &'static str,
    help: &'static str,
    closing: fn(usize) -> String,
}

impl Framing {
    fn of(lang: Lang) -> Framing {
        match lang {
            Lang::En => Framing {
                error: "error",
                help: "help",
                closing: |n| {
                    let s = if n == 1 { "" } else { "s" };
                    format!("{n} error{s} found; nothing was written.")
                },
            },
            Lang::Ja => Framing {
                error: "エラー",
                help: "対処",
                closing: |n| format!("{n} 件のエラーがあります。何も書き込んでいません。"),
            },
        }
    }
}

/// Terminal colours for a message, or none (`PLAIN`: files, pipes, `NO_COLOR`).
#[derive(Clone, Copy)]
pub struct Style {
    label: &'static str,
    warning: &'static str,
    gutter: &'static str,
    caret: &'static str,
    help: &'static str,
    reset: &'static str,
}

impl Style {
    pub const PLAIN: Style = Style {
        label: "",
        warning: "",
        gutter: "",
        caret: "",
        help: "",
        reset: "",
    };
    const COLOUR: Style = Style {
        label: "\x1b[1;31m",
        warning: "\x1b[1;33m",
        gutter: "\x1b[1;34m",
        caret: "\x1b[1;31m",
        help: "\x1b[1;36m",
        reset: "\x1b[0m",
    };

    /// Colour when standard error is a terminal and `NO_COLOR` (no-color.org) is unset or
    /// empty.
    pub fn for_stderr() -> Style {
        use std::io::IsTerminal;
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        if std::io::stderr().is_terminal() && !no_color {
            Style::COLOUR
        } else {
            Style::PLAIN
        }
    }
}

/// Longest stretch of a source line shown, in terminal columns; a longer line is cut to a
/// window around the column, marked with `…`.
const SNIPPET_WIDTH: usize = 100;

/// The line as shown (tabs as one space each so the caret lines up; a window around the
/// column of a long line) and how many terminal columns precede the caret. Japanese and
/// other wide characters take two columns, as terminals draw them.
fn snippet(line: &str, column: usize) -> (String, usize) {
    use unicode_width::UnicodeWidthChar;
    let chars: Vec<char> = line
        .trim_end_matches(['\r', '\n'])
        .chars()
        .map(|c| if c == '\t' || c.is_control() { ' ' } else { c })
        .collect();
    let width = |c: &char| c.width().unwrap_or(0);
    let at = column.saturating_sub(1).min(chars.len());
    // Start far enough left that the caret sits at most two thirds of the way along.
    let mut start = 0;
    let mut before: usize = chars[..at].iter().map(width).sum();
    while before > SNIPPET_WIDTH * 2 / 3 {
        before -= width(&chars[start]);
        start += 1;
    }
    let mut shown = String::new();
    let mut used = 0;
    if start > 0 {
        shown.push('…');
        used += 1;
    }
    let caret_at = used + before;
    let mut end = start;
    while end < chars.len() && used + width(&chars[end]) <= SNIPPET_WIDTH {
        used += width(&chars[end]);
        shown.push(chars[end]);
        end += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret_at)
}

/// All problems found in one load; the loader keeps going after the first so that one run
/// shows everything to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Reads, for each located problem, its line from the file under `root`, so the message
    /// can show it. Done once loading has failed: a file is read again only then.
    pub fn with_source_lines(mut self, root: &Path) -> Self {
        let mut files: std::collections::HashMap<PathBuf, Option<String>> = Default::default();
        for d in &mut self.0 {
            let Some(line) = d.line else { continue };
            let text = files
                .entry(d.file.clone())
                .or_insert_with(|| std::fs::read_to_string(root.join(&d.file)).ok());
            d.source_line = text
                .as_deref()
                .and_then(|t| t.lines().nth(line - 1))
                .map(str::to_string);
        }
        self
    }

    /// Every message in `lang`, in colour for a terminal (see [`Style::for_stderr`]).
    pub fn render(&self, style: Style, lang: Lang) -> String {
        let words = Framing::of(lang);
        let mut out = String::new();
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&format!("{}{}{}: ", style.label, words.error, style.reset));
            out.push_str(&d.render(style, lang));
        }
        let n = self.0.len();
        out.push('\n');
        out.push_str(&(words.closing)(n));
        out
    }
}

/// Things worth fixing that did not stop the command, each as `warning: …` (警告).
pub fn render_warnings(warnings: &[Diagnostic], style: Style, lang: Lang) -> String {
    let word = match lang {
        Lang::En => "warning",
        Lang::Ja => "警告",
    };
    let mut out = String::new();
    for d in warnings {
        out.push_str(&format!("{}{word}{}: ", style.warning, style.reset));
        out.push_str(&d.render(style, lang));
        out.push('\n');
    }
    out
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Style::PLAIN, Lang::En))
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tr;

    fn shown(line: &str, column: usize) -> String {
        let d = Diagnostic {
            source_line: Some(line.to_string()),
            ..Diagnostic::new(Path::new("content/units/a.yaml"), tr!("bad", "不正です"))
                .at(3, column)
        };
        d.to_string()
    }

    #[test]
    fn the_caret_sits_under_the_column() {
        assert_eq!(
            shown("name: abc", 7),
            "content/units/a.yaml:3:7: bad\n  |\n3 | name: abc\n  |       ^"
        );
    }

    #[test]
    fn japanese_characters_take_two_terminal_columns() {
        // Column 7 is X: four wide characters and two narrow ones before it, 10 columns.
        let out = shown("名前: 成果X", 7);
        assert!(out.ends_with("3 | 名前: 成果X\n  |           ^"), "{out}");
    }

    #[test]
    fn tabs_show_as_one_space_so_the_caret_lines_up() {
        let out = shown("\tx: 1", 2);
        assert!(out.ends_with("3 |  x: 1\n  |  ^"), "{out}");
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_column() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let out = shown(&line, 301);
        let snippet = out.lines().nth(2).unwrap();
        let caret = out.lines().nth(3).unwrap();
        assert!(
            snippet.starts_with("3 | …") && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(snippet.chars().count() <= SNIPPET_WIDTH + 8);
        let caret_col = caret.chars().count() - 1;
        assert_eq!(snippet.chars().nth(caret_col), Some('X'));
    }

    #[test]
    fn without_a_source_line_the_message_is_one_line_and_help() {
        let d = Diagnostic::new(Path::new("content/plan.yaml"), tr!("bad", "不正です"))
            .at(1, 1)
            .help(tr!("fix it", "直してください"));
        assert_eq!(d.to_string(), "content/plan.yaml:1:1: bad\n  help: fix it");
    }
}

#[cfg(test)]
mod framing_tests {
    use super::*;
    use crate::tr;

    fn two_problems() -> Diagnostics {
        let d = Diagnostic::new(Path::new("content/plan.yaml"), tr!("bad", "不正です"))
            .help(tr!("fix it", "直してください"));
        Diagnostics(vec![d.clone(), d])
    }

    #[test]
    fn english_frames_each_message_with_error_and_help() {
        assert_eq!(
            two_problems().render(Style::PLAIN, Lang::En),
            "error: content/plan.yaml: bad\n  help: fix it\n\
             error: content/plan.yaml: bad\n  help: fix it\n\
             2 errors found; nothing was written."
        );
    }

    #[test]
    fn japanese_frames_each_message_in_japanese() {
        assert_eq!(
            two_problems().render(Style::PLAIN, Lang::Ja),
            "エラー: content/plan.yaml: 不正です\n  対処: 直してください\n\
             エラー: content/plan.yaml: 不正です\n  対処: 直してください\n\
             2 件のエラーがあります。何も書き込んでいません。"
        );
    }

    #[test]
    fn display_stays_english() {
        assert!(
            two_problems()
                .to_string()
                .ends_with("2 errors found; nothing was written.")
        );
    }
}
