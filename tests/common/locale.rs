//! Helpers of the interface-language tests (`locale.rs`): building a project into a folder,
//! and finding Japanese text in what a build wrote.

use std::path::Path;
use std::process::{Command, Output};

/// `shinchoku build <project> --output <out>`.
pub fn build(project: &Path, out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("build")
        .arg(project)
        .arg("--output")
        .arg(out)
        .output()
        .expect("the shinchoku binary runs")
}

/// Han, Hiragana, Katakana, CJK punctuation (、。「」) and fullwidth forms (（）｜－).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' // Han
        | '\u{FF00}'..='\u{FFEF}' // fullwidth and halfwidth forms
    )
}

/// Every line of every file under `dir` that holds a CJK character not in `allowed`, as
/// `path: line`.
pub fn cjk_lines(dir: &Path, allowed: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in super::snapshot(dir) {
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            if line.chars().any(|c| is_cjk(c) && !allowed.contains(c)) {
                let short: String = line.chars().take(160).collect();
                found.push(format!("{path}: {short}"));
            }
        }
    }
    found
}

/// The text of every file under `dir` (a project's content), as one string.
pub fn all_text(dir: &Path) -> String {
    super::snapshot(dir)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect()
}
