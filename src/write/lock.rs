//! One build at a time per output folder: a build holds an exclusive lock (`flock`) on the
//! folder itself, so no lock file is left among the site's files. The lock goes when the build
//! ends, however it ends. A second build does not wait (a stuck first one would hang it): it
//! stops with a message.

use std::fs::{File, TryLockError};
use std::path::Path;

use super::{WriteError, io_err};
use crate::message::Text;
use crate::tr;

/// What [`WriteError::Locked`] says, in both languages (its `Display` is the English).
pub fn locked_message(output: &Path) -> Text {
    let output = output.display();
    tr!(
        "{output}: another shinchoku build is writing into this folder (it holds the lock on the folder); wait for it to finish, then build again",
        "{output}: 別の shinchoku のビルドがこのフォルダに書き込んでいます（フォルダをロックしています）。終わるのを待ってから、もう一度ビルドしてください"
    )
}

/// Locks `output` (an existing folder) for as long as the returned file is open.
pub fn lock(output: &Path) -> Result<File, WriteError> {
    let file = open(output).map_err(io_err(output))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(TryLockError::WouldBlock) => Err(WriteError::Locked(output.to_path_buf())),
        Err(TryLockError::Error(e)) => Err(io_err(output)(e)),
    }
}

#[cfg(unix)]
fn open(output: &Path) -> std::io::Result<File> {
    File::open(output)
}

/// Elsewhere a folder cannot be opened as a file: a lock file in it stands in.
#[cfg(not(unix))]
fn open(output: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(output.join(".shinchoku-lock"))
}
