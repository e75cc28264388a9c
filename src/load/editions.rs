//! `editions` in shinchoku.yaml: the earlier editions published beside the latest.

use std::path::{Path, PathBuf};

use super::files::EditionFile;
use super::source::Source;
use crate::diagnostic::{Diagnostic, Text};
use crate::model::{EditionConfig, EditionSource, is_safe_slug};
use crate::tr;

fn slug_help() -> Text {
    tr!(
        "give the edition a `slug:` of lower-case letters a–z, digits, - and _: it names its folder editions/<slug>/ in the site",
        "版に英小文字 a–z、数字、- と _ からなる `slug:` を付けてください。サイトでのフォルダ名 editions/<slug>/ になります"
    )
}

/// The editions as listed, each checked: a tag or a folder (not both), a folder name of its
/// own. Whether a tag exists is checked when the build unpacks it.
pub fn editions(
    root: &Path,
    src: &Source,
    entries: Option<&[EditionFile]>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<EditionConfig> {
    let mut out: Vec<EditionConfig> = Vec::new();
    for (i, entry) in entries.unwrap_or_default().iter().enumerate() {
        let field = format!("editions[{i}]");
        let source = match (&entry.tag, &entry.dir) {
            (Some(tag), None) if !tag.trim().is_empty() && !tag.starts_with('-') => {
                EditionSource::Tag(tag.clone())
            }
            (None, Some(dir)) if !dir.trim().is_empty() => {
                let path = PathBuf::from(dir);
                if !root.join(&path).join("content").is_dir() {
                    diags.push(
                        src.error(&format!("{field}.dir"), tr!("there is no {dir}/content", "{dir}/content がありません"))
                            .help(tr!("the folder holds the project as that edition published it: its shinchoku.yaml and content/", "このフォルダには、その版を公開したときのプロジェクト（shinchoku.yaml と content/）を置きます")),
                    );
                    continue;
                }
                EditionSource::Dir(path)
            }
            _ => {
                diags.push(
                    src.error(&field, tr!("an edition needs either `tag` or `dir`", "版には `tag` か `dir` のどちらかが必要です"))
                        .help(tr!("write `tag: r4-report` (a git tag of this repository) or `dir: editions/r4` (a folder holding that edition's project)", "`tag: r4-report`（このリポジトリの git タグ）か `dir: editions/r4`（その版のプロジェクトを置いたフォルダ）と書いてください")),
                );
                continue;
            }
        };
        let slug = entry.slug.clone().unwrap_or_else(|| default_slug(&source));
        if !is_safe_slug(&slug) {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "`{slug}` cannot name the edition's folder",
                        "`{slug}` は版のフォルダ名に使えません"
                    ),
                )
                .help(slug_help()),
            );
            continue;
        }
        if out.iter().any(|e| e.slug == slug) {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "two editions would share the folder editions/{slug}/",
                        "2 つの版が同じフォルダ editions/{slug}/ を使うことになります"
                    ),
                )
                .help(tr!(
                    "list each edition once, or give one of them a `slug:` of its own",
                    "版は 1 回ずつ書くか、どちらかに別の `slug:` を付けてください"
                )),
            );
            continue;
        }
        out.push(EditionConfig {
            source,
            slug,
            label: entry.label.clone().filter(|l| !l.trim().is_empty()),
        });
    }
    out
}

/// A tag names its folder; a folder, its last part.
fn default_slug(source: &EditionSource) -> String {
    match source {
        EditionSource::Tag(tag) => tag.clone(),
        EditionSource::Dir(dir) => dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}
