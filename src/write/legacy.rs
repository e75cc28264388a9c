//! Folders left next to the output by earlier versions, which swapped whole folders:
//! `<output>.shinchoku-tmp` (the next site, being written) and `<output>.shinchoku-old` (the
//! previous site, with the publisher's own files, during the swap). A crash between the two
//! renames left no output and the only copy of the publisher's files in `-old`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{WriteError, io_err};

fn sibling(output: &Path, suffix: &str) -> Option<PathBuf> {
    let name = output.file_name()?.to_string_lossy().into_owned();
    Some(output.with_file_name(format!("{name}.{suffix}")))
}

/// Puts a previous site left in `-old` back as the output if there is no output; otherwise
/// leaves it alone and says so. Removes `-tmp`: it held only our files and copies of the
/// publisher's. Returns notes for the build to print.
pub fn recover(output: &Path) -> Result<Vec<String>, WriteError> {
    let (Some(old), Some(tmp)) = (
        sibling(output, "shinchoku-old"),
        sibling(output, "shinchoku-tmp"),
    ) else {
        return Ok(Vec::new());
    };
    let mut notes = Vec::new();
    if old.is_dir() {
        match fs::symlink_metadata(output) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(&old, output).map_err(io_err(&old))?;
                notes.push(format!(
                    "put {} back as {}: an interrupted build of an earlier shinchoku version left the previous site there",
                    old.display(),
                    output.display()
                ));
            }
            _ => notes.push(format!(
                "{} was left by an interrupted build of an earlier shinchoku version and may hold files of yours; shinchoku no longer uses it: look through it, then delete it",
                old.display()
            )),
        }
    }
    if tmp.is_dir() {
        fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
    }
    Ok(notes)
}
