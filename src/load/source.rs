//! Reading project files: a file's text with its path, and the content folders' files.

use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;

use super::locate::Index;
use super::text_check::{self, visible};
use super::yaml_error::yaml_error;
use super::{MAX_FILE_BYTES, limits, links, par_check};
use crate::diagnostic::{Diagnostic, Text};
use crate::tr;

/// A file's text with the path it is reported under (relative to the project root).
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// The file as parsed, kept (when `remember` is set) so that `serve`, which holds on to
    /// its sources, re-parses only the files that changed: YAML parsing is most of the cost of
    /// loading. A one-off build does not pay for the copy this takes.
    parsed: OnceLock<Arc<dyn Any + Send + Sync>>,
    remember: bool,
    /// Where each field is, read once on the first problem that needs a position.
    index: OnceLock<Index>,
}

impl Source {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Source {
        Source {
            path: path.into(),
            text: text.into(),
            parsed: OnceLock::new(),
            remember: false,
            index: OnceLock::new(),
        }
    }

    /// Keeps the parsed form of this file for the next check (see `parsed`).
    pub fn remembering(mut self) -> Source {
        self.remember = true;
        self
    }

    /// A diagnostic for `field` in this file, located with the file's index.
    pub(super) fn error(&self, field: &str, message: impl Into<Text>) -> Diagnostic {
        let d = Diagnostic::new(&self.path, message).field(field);
        match self.index().locate(field) {
            Some((line, col)) => d.at(line, col),
            None => d,
        }
    }

    /// Where each field of this file is; read on first use.
    pub(super) fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.text))
    }

    pub(super) fn parse<T: DeserializeOwned + Clone + Send + Sync + 'static>(
        &self,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        if let Some(done) = self.parsed.get().and_then(|p| p.downcast_ref::<T>()) {
            return Some(done.clone());
        }
        // Text given directly (by `serve` or the fuzzer) has not been through `read`'s check.
        if self.text.len() as u64 > MAX_FILE_BYTES {
            diags.push(
                Diagnostic::new(&self.path, too_big(self.text.len() as u64)).help(too_big_help()),
            );
            return None;
        }
        // Only blank and comment lines: as empty as a file with nothing in it.
        let blank = |l: &str| {
            let t = l.trim();
            t.is_empty() || t.starts_with('#')
        };
        if self.text.lines().all(blank) {
            let what = if self.text.trim().is_empty() {
                tr!("the file is empty", "ファイルが空です")
            } else {
                tr!(
                    "the file has only comments",
                    "ファイルにコメントしかありません"
                )
            };
            diags.push(Diagnostic::new(&self.path, what).help(tr!(
                "fill it in as `shinchoku help format` describes, or delete it",
                "`shinchoku help format` の説明どおりに記入するか、ファイルを削除してください"
            )));
            return None;
        }
        // Control characters come from escapes as well as raw: look at the decoded text, in
        // the few files that can hold any.
        if text_check::suspicious(&self.text) && !self.index().unsafe_text.is_empty() {
            for u in &self.index().unsafe_text {
                let mut d = Diagnostic::new(&self.path, u.problem.message())
                    .at(u.pos.0, u.pos.1)
                    .help(u.problem.help());
                if !u.path.is_empty() {
                    d = d.field(visible(&u.path));
                }
                diags.push(d);
            }
            return None;
        }
        let value: T = serde_saphyr::from_str_with_options(&self.text, limits::yaml_options())
            .map_err(|e| diags.push(yaml_error(self, &e)))
            .ok()?;
        if self.remember {
            let _ = self.parsed.set(Arc::new(value.clone()));
        }
        Some(value)
    }
}

/// Reads `rel` under `root`; `None` (with a diagnostic) if missing, too big or not UTF-8.
/// A symbolic link on the way that leaves the project is refused before anything is read.
pub fn read(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    if let Some(d) = links::problem(root, rel) {
        diags.push(d);
        return None;
    }
    read_checked(root, rel, diags)
}

/// [`read`] for a path whose links are checked already (by `links::files`, which knows them
/// from the folder listing): checking each file again would triple the `stat` calls of a load.
fn read_checked(root: &Path, rel: &Path, diags: &mut Vec<Diagnostic>) -> Option<Source> {
    let full = root.join(rel);
    let fail = |diags: &mut Vec<Diagnostic>, msg: Text, help: Text| {
        diags.push(Diagnostic::new(rel, msg).help(help));
        None
    };
    match std::fs::metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fail(
                diags,
                tr!("file not found", "ファイルがありません"),
                tr!(
                    "is this a shinchoku project folder? It needs content/plan.yaml (see `shinchoku help format`)",
                    "shinchoku のプロジェクトのフォルダか確認してください。content/plan.yaml が必要です（`shinchoku help format` を参照）"
                ),
            );
        }
        Err(e) => {
            return fail(
                diags,
                tr!("cannot read: {e}", "読み込めません: {e}"),
                tr!(
                    "check the file's permissions",
                    "ファイルのアクセス権を確認してください"
                ),
            );
        }
        Ok(m) if m.is_dir() => {
            return fail(
                diags,
                tr!("is a folder, not a file", "ファイルではなくフォルダです"),
                tr!(
                    "move the folder away; this path must be a YAML file (see `shinchoku help format`)",
                    "フォルダを移動してください。ここには YAML ファイルを置きます（`shinchoku help format` を参照）"
                ),
            );
        }
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            return fail(diags, too_big(m.len()), too_big_help());
        }
        Ok(_) => {}
    }
    let bytes = match std::fs::read(&full) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                diags,
                tr!("cannot read: {e}", "読み込めません: {e}"),
                tr!(
                    "check the file's permissions",
                    "ファイルのアクセス権を確認してください"
                ),
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Some(Source::new(
            rel,
            text.strip_prefix('\u{feff}')
                .map(str::to_owned)
                .unwrap_or(text),
        )),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            // The valid prefix is UTF-8: count lines and characters in it.
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            diags.push(
                Diagnostic::new(
                    rel,
                    tr!(
                        "not valid UTF-8 (byte {offset})",
                        "UTF-8 として読めません（{offset} バイト目）"
                    ),
                )
                .at(line, column)
                .help(tr!(
                    "save the file as UTF-8 (Shift_JIS is not supported)",
                    "UTF-8 で保存し直してください（Shift_JIS には対応していません）"
                )),
            );
            None
        }
    }
}

fn too_big(bytes: u64) -> Text {
    tr!(
        "file is {bytes} bytes, over the {MAX_FILE_BYTES}-byte limit",
        "ファイルが {bytes} バイトあり、上限の {MAX_FILE_BYTES} バイトを超えています"
    )
}

fn too_big_help() -> Text {
    tr!(
        "a content file holds one unit policy or indicator; split or trim it",
        "1 つのファイルには単位施策か成果指標を 1 件だけ書きます。分けるか、短くしてください"
    )
}

/// Whether a file of this name in a content folder is content: `*.yaml`/`*.yml`, not hidden.
/// Editors leave hidden backup and lock files (`.#x.yaml`); they are not content.
pub fn is_content_file(name: &str) -> bool {
    (name.ends_with(".yaml") || name.ends_with(".yml")) && !name.starts_with('.')
}

/// Every `*.yaml`/`*.yml` file under `dir`, sorted by path so output is deterministic.
/// Symbolic links are followed only while they stay inside the project (see `links`).
/// [`sources`] of a folder a project may leave out: a plan whose indicators hang on its
/// hierarchy directly has no unit policy files.
pub fn optional_sources(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    if root.join(dir).exists() || std::fs::symlink_metadata(root.join(dir)).is_ok() {
        sources(root, dir, diags)
    } else {
        Vec::new()
    }
}

pub fn sources(root: &Path, dir: &str, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    if !root.join(dir).is_dir() {
        diags.push(
            Diagnostic::new(
                Path::new(dir),
                tr!("folder not found", "フォルダがありません"),
            )
            .help(tr!(
                "create it and put one YAML file per entry in it (see `shinchoku help format`)",
                "フォルダを作り、1 件につき 1 つの YAML ファイルを置いてください（`shinchoku help format` を参照）"
            )),
        );
        return Vec::new();
    }
    let paths = links::files(root, Path::new(dir), is_content_file, diags);
    par_check(&paths, diags, |p, d| read_checked(root, p, d))
}
