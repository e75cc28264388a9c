//! Symbolic links: followed while they stay inside the project, refused when they leave it.
//!
//! Git keeps symbolic links, so a cloned repository can carry `static -> /etc` or
//! `zz.yaml -> /etc/passwd`; following one would publish a file from outside the project, or
//! echo its text in an error message (on CI, for anyone to read). A link whose target stays
//! inside the project is followed like the file or folder it points to. A link that leaves
//! the project, is broken or loops is an error naming the link, and its target is never read.

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::tr;

fn help_outside() -> Text {
    tr!(
        "links may only point inside the project folder: copy what it points to into the project, or remove the link",
        "リンクはプロジェクトのフォルダの中だけを指せます。リンク先をプロジェクトにコピーするか、リンクを削除してください"
    )
}
fn help_broken() -> Text {
    tr!(
        "remove the link or point it at a real file or folder",
        "リンクを削除するか、実在するファイルかフォルダを指すようにしてください"
    )
}

/// The error for `rel` (relative to the project `root`) passing through a symbolic link that
/// leaves the project, is broken or loops; `None` if it does not. A path that does not exist
/// passes: the reader reports it in its own words. One `lstat` per component when no link is
/// involved.
pub fn problem(root: &Path, rel: &Path) -> Option<Diagnostic> {
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        // Not a path this program makes (`..`, absolute): judge where it ends up as a whole.
        return match std::fs::canonicalize(root.join(rel)) {
            Ok(real) if !inside(root, &real) => Some(outside(root, rel)),
            _ => None,
        };
    }
    let mut at = root.to_path_buf();
    let mut link = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        link.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => match std::fs::canonicalize(&at) {
                // Inside: the rest of the path is checked on from the link's target.
                Ok(real) if inside(root, &real) => {}
                Ok(_) => return Some(outside(root, &link)),
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    let target = std::fs::read_link(&at).unwrap_or_default();
                    return Some(
                        Diagnostic::new(
                            &link,
                            tr!(
                                "broken symbolic link to {}",
                                "{} へのシンボリックリンクが切れています",
                                target.display()
                            ),
                        )
                        .help(help_broken()),
                    );
                }
                Err(_) => return Some(looping(&link)),
            },
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

/// The error for a link that loops back on itself or an ancestor folder.
pub fn looping(link: &Path) -> Diagnostic {
    Diagnostic::new(
        link,
        tr!("symbolic link loop", "シンボリックリンクが循環しています"),
    )
    .help(help_broken())
}

/// Every regular file under `dir` (relative to `root`) whose name `wanted` accepts, as paths
/// relative to `root`, sorted. Links are followed as [`problem`] allows; a folder link that
/// leaves the project is not entered; every link on the way to a file returned is checked.
/// Problems go to `diags`, naming the path.
pub fn files(
    root: &Path,
    dir: &Path,
    wanted: impl Fn(&str) -> bool,
    diags: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    if let Some(d) = problem(root, dir) {
        // A link above `dir` (`content` itself) is met again for the next folder: once is enough.
        if !diags.contains(&d) {
            diags.push(d);
        }
        return Vec::new();
    }
    let base = root.join(dir);
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let mut found = Vec::new();
    let mut walk = walkdir::WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = relative(e.path().unwrap_or(&base));
                let d = match problem(root, &rel) {
                    Some(d) => d,
                    None if e.loop_ancestor().is_some() => looping(&rel),
                    // walkdir's own message repeats the full path; the diagnostic has it already.
                    None => Diagnostic::new(
                        &rel,
                        tr!(
                            "cannot read: {}",
                            "読み込めません: {}",
                            e.io_error().map_or(e.to_string(), |io| io.to_string())
                        ),
                    )
                    .help(tr!(
                        "check the folder's permissions",
                        "フォルダのアクセス権を確認してください"
                    )),
                };
                diags.push(d);
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        let wanted_file =
            entry.file_type().is_file() && wanted(&entry.file_name().to_string_lossy());
        if !is_dir && !wanted_file {
            continue;
        }
        let rel = relative(entry.path());
        if entry.path_is_symlink()
            && let Some(d) = problem(root, &rel)
        {
            diags.push(d);
            if is_dir {
                walk.skip_current_dir();
            }
            continue;
        }
        if !is_dir {
            found.push(rel);
        }
    }
    found
}

fn outside(root: &Path, link: &Path) -> Diagnostic {
    let target = std::fs::read_link(root.join(link))
        .map(|t| format!(" to {}", t.display()))
        .unwrap_or_default();
    Diagnostic::new(
        link,
        tr!(
            "symbolic link{target} leads outside the project; it is not followed",
            "シンボリックリンク{target}はプロジェクトの外を指しているため、たどりません"
        ),
    )
    .help(help_outside())
}

/// Whether the resolved path `real` lies inside the project folder.
fn inside(root: &Path, real: &Path) -> bool {
    std::fs::canonicalize(root).is_ok_and(|root| real.starts_with(root))
}
