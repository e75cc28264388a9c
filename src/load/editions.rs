//! `editions` in shinchoku.yaml: the earlier editions published beside the latest.

use std::path::{Path, PathBuf};

use super::files::EditionFile;
use super::source::Source;
use crate::diagnostic::Diagnostic;
use crate::model::{EditionConfig, EditionSource, is_safe_slug};

const SLUG_HELP: &str = "give the edition a `slug:` of lower-case letters a–z, digits, - and _: it names its folder editions/<slug>/ in the site";

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
                        src.error(&format!("{field}.dir"), format!("there is no {dir}/content"))
                            .help("the folder holds the project as that edition published it: its shinchoku.yaml and content/"),
                    );
                    continue;
                }
                EditionSource::Dir(path)
            }
            _ => {
                diags.push(
                    src.error(&field, "an edition needs either `tag` or `dir`")
                        .help("write `tag: r4-report` (a git tag of this repository) or `dir: editions/r4` (a folder holding that edition's project)"),
                );
                continue;
            }
        };
        let slug = entry.slug.clone().unwrap_or_else(|| default_slug(&source));
        if !is_safe_slug(&slug) {
            diags.push(
                src.error(&field, format!("`{slug}` cannot name the edition's folder"))
                    .help(SLUG_HELP),
            );
            continue;
        }
        if out.iter().any(|e| e.slug == slug) {
            diags.push(
                src.error(
                    &field,
                    format!("two editions would share the folder editions/{slug}/"),
                )
                .help("list each edition once, or give one of them a `slug:` of its own"),
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
