//! Moving a complete staging folder into place, and finishing a build that was stopped while
//! doing so. Every step can be repeated, so an interrupted install is finished by running it
//! again from the start.

use std::cmp::Reverse;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;

use super::manifest::{MANIFEST, Manifest};
use super::{WriteError, check_site_path, folders_of, io_err, stop};

/// The new manifest inside the staging folder. Its presence means the staging folder holds a
/// complete site that is to be moved in: it is the build's commit point.
pub const PENDING: &str = "manifest";

/// Which staged file goes where (written before [`PENDING`]).
pub const MOVES: &str = "moves";

/// A staged file (named by a number) and its path in the site.
#[derive(Debug, Clone)]
pub struct Move {
    pub staged: String,
    pub to: String,
}

/// One move a line: `<staged> <path>`.
pub fn moves_text(moves: &[Move]) -> String {
    let mut text = String::new();
    for m in moves {
        text.push_str(&m.staged);
        text.push(' ');
        text.push_str(&m.to);
        text.push('\n');
    }
    text
}

fn read_moves(path: &Path) -> Result<Vec<Move>, WriteError> {
    let text = fs::read_to_string(path).map_err(io_err(path))?;
    let mut moves = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let parsed = line.split_once(' ').filter(|(staged, to)| {
            staged.bytes().all(|b| b.is_ascii_digit()) && check_site_path(to).is_ok()
        });
        let Some((staged, to)) = parsed else {
            return Err(WriteError::BadManifest {
                path: path.to_path_buf(),
                line: i + 1,
                entry: line.to_string(),
            });
        };
        moves.push(Move {
            staged: staged.to_string(),
            to: to.to_string(),
        });
    }
    Ok(moves)
}

/// Deals with a staging folder left by a build that was stopped: finishes moving it in if it
/// was complete, otherwise removes it (the output is then as that build found it). Returns a
/// note for the publisher if there was something to do.
pub fn recover(output: &Path, root: &Path) -> Result<Option<String>, WriteError> {
    let entries: Vec<String> = match fs::read_dir(root) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<_>>()
            .map_err(io_err(root))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_err(root)(e)),
    };
    if entries.iter().any(|e| e == PENDING) {
        let previous = Manifest::read(&output.join(MANIFEST))?;
        let next = Manifest::read(&root.join(PENDING))?;
        let moves = read_moves(&root.join(MOVES))?;
        install(output, root, &previous, &next, &moves)?;
        return Ok(Some(format!(
            "an earlier build was interrupted while moving its site into {}; it has been finished first",
            output.display()
        )));
    }
    fs::remove_dir_all(root).map_err(io_err(root))?;
    stop::step();
    // With only the list of moves left, the build was done but for removing it.
    let was_done = entries.iter().all(|e| e == MOVES);
    Ok((!was_done).then(|| {
        format!(
            "an earlier build was interrupted before its site was complete; its files were removed and {} was left as it was",
            output.display()
        )
    }))
}

/// Moves the staged files into `output`, removes what `previous` listed and `next` does not,
/// then moves the manifest in and removes `root`.
pub fn install(
    output: &Path,
    root: &Path,
    previous: &Manifest,
    next: &Manifest,
    moves: &[Move],
) -> Result<(), WriteError> {
    // Deepest first, the index last: while files move, pages mostly link to ones already in.
    let mut order: Vec<&Move> = moves.iter().collect();
    order.sort_by_key(|m| (Reverse(m.to.matches('/').count()), m.to.as_str()));
    let mut folders = Folders {
        output,
        previous,
        known: HashSet::new(),
    };
    for m in order {
        let from = root.join(&m.staged);
        match fs::symlink_metadata(&from) {
            Ok(_) => {}
            // Moved in before the build was stopped.
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_err(&from)(e)),
        }
        let to = output.join(&m.to);
        // Checked when the file was written too; checked again in case the publisher put a
        // file there since (while an interrupted build waited to be finished, say).
        match fs::symlink_metadata(&to) {
            Ok(meta) if meta.is_dir() => return Err(WriteError::FolderInTheWay(to)),
            Ok(_) if !previous.files.contains(&m.to) => {
                return Err(WriteError::WouldOverwrite(to));
            }
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(io_err(&to)(e)),
        }
        folders.make_for(&m.to)?;
        fs::rename(&from, &to).map_err(io_err(&to))?;
        stop::step();
    }
    for rel in previous.files.difference(&next.files) {
        let path = output.join(rel);
        match fs::symlink_metadata(&path) {
            Ok(meta) if !meta.is_dir() => {
                already_gone_is_fine(fs::remove_file(&path)).map_err(io_err(&path))?;
                stop::step();
            }
            // Gone already, or the publisher put a folder there: nothing of ours is left.
            _ => {}
        }
    }
    let mut unused: Vec<&String> = previous.folders.difference(&next.folders).collect();
    unused.sort_by_key(|folder| Reverse(folder.matches('/').count()));
    for folder in unused {
        // Only when empty: a folder still holding the publisher's files stays (as theirs).
        if fs::remove_dir(output.join(folder)).is_ok() {
            stop::step();
        }
    }
    let manifest = output.join(MANIFEST);
    fs::rename(root.join(PENDING), &manifest).map_err(io_err(&manifest))?;
    stop::step();
    // Only the list of moves is left.
    fs::remove_dir_all(root).map_err(io_err(root))?;
    stop::step();
    Ok(())
}

/// A removal repeated after an interruption finds nothing to remove.
fn already_gone_is_fine(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Creates the folders a file needs in the output, replacing a file of ours where a folder
/// now goes.
struct Folders<'a> {
    output: &'a Path,
    previous: &'a Manifest,
    known: HashSet<String>,
}

impl Folders<'_> {
    fn make_for(&mut self, rel: &str) -> Result<(), WriteError> {
        for folder in folders_of(rel) {
            if self.known.contains(folder) {
                continue;
            }
            let path = self.output.join(folder);
            match fs::symlink_metadata(&path) {
                Ok(_) if path.is_dir() => {}
                Ok(_) if self.previous.files.contains(folder) => {
                    fs::remove_file(&path).map_err(io_err(&path))?;
                    stop::step();
                    fs::create_dir(&path).map_err(io_err(&path))?;
                    stop::step();
                }
                Ok(_) => return Err(WriteError::WouldOverwrite(path)),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    fs::create_dir(&path).map_err(io_err(&path))?;
                    stop::step();
                }
                Err(e) => return Err(io_err(&path)(e)),
            }
            self.known.insert(folder.to_string());
        }
        Ok(())
    }
}
