//! What the preview watches: the project folder itself, not recursively (never `output/`,
//! where a `build` would echo back, nor `target/`), and `content/` and `themes/` with
//! everything in them.
//!
//! A watch belongs to a folder, not to its name: when `content/` is removed and put back
//! (`git checkout`, `git stash`) the old watch is gone. The project folder's watch sees the new
//! one appear, and [`Watch::renew`] watches it again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::settle::Step;

/// The folders watched with everything in them, when they exist.
const FOLDERS: [&str; 2] = ["content", "themes"];

pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
}

impl Watch {
    /// Starts watching `root`; each change sends the paths it touched to `changes`.
    pub fn start(root: &Path, changes: Sender<Step>) -> notify::Result<Watch> {
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if let Ok(event) = event
                    && let Some(step) = step(event)
                {
                    let _ = changes.send(step);
                }
            })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
        };
        for folder in FOLDERS {
            if root.join(folder).is_dir() {
                watch
                    .watcher
                    .watch(&root.join(folder), RecursiveMode::Recursive)?;
            }
        }
        Ok(watch)
    }

    /// Whether the watcher says when a writer closes a file ([`Step::Closed`]): inotify does.
    pub fn reports_closes() -> bool {
        cfg!(any(target_os = "linux", target_os = "android"))
    }

    /// Watches again each of `content/` and `themes/` that `changed` names and that exists
    /// (it appeared, or was replaced). Call before re-reading the changed files: what is saved
    /// in the folder from then on is seen, and what was saved before is read by that re-read.
    pub fn renew(&mut self, changed: &[PathBuf]) {
        for folder in FOLDERS {
            let path = self.root.join(folder);
            if changed.contains(&path)
                && path.is_dir()
                && let Err(e) = self.watcher.watch(&path, RecursiveMode::Recursive)
            {
                eprintln!(
                    "cannot watch {} ({e}); restart serve to see edits there",
                    path.display()
                );
            }
        }
    }
}

/// What an event says of a save; `None` for reading a file (or every rebuild, reading the
/// files, would trigger the next).
fn step(event: notify::Event) -> Option<Step> {
    Some(match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Step::Closed(event.paths),
        EventKind::Access(_) => return None,
        EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
            Step::Written(event.paths)
        }
        _ => Step::Changed(event.paths),
    })
}
