//! When a save is over, so that a rebuild never reads a file between an editor's steps.
//!
//! Editors save in steps: write the file in place (open, write, close), write a temporary file
//! and rename it over the old one, or move the old one aside, write the new one and delete the
//! backup. A rebuild between the steps reads a file half written, or misses it (and rebuilds
//! the whole site for a file deleted). A fixed quiet time after every burst of events covers
//! these, but puts that wait into every edit; where the watcher says when a writer closes a
//! file (inotify, on Linux), [`Settle`] waits by what it has seen instead:
//!
//! - a site file written and not closed yet: until it is closed (or [`OPEN`] of quiet, for a
//!   writer that keeps it open);
//! - a site file gone (moved aside, deleted): [`QUIET`], as it may be coming back;
//! - else [`SETTLE`], for the next step of a save of several files.
//!
//! Elsewhere every burst waits [`QUIET`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The wait when the watcher cannot say whether a save is over, or when a file is gone.
pub const QUIET: Duration = Duration::from_millis(15);
/// The wait once every file written is closed: the next step of the same save (the rename of
/// a temporary file, the next file of a checkout) follows within microseconds, or a few
/// milliseconds on a busy machine. (A step later still is rebuilt for again.)
pub const SETTLE: Duration = Duration::from_millis(5);
/// The wait while a file is open for writing; a writer that keeps its file open is rebuilt
/// for this long after its last write.
pub const OPEN: Duration = Duration::from_secs(2);

/// One event from the watcher, by what it says of a save.
#[derive(Debug)]
pub enum Step {
    /// Data written, or a file created: its writer may still be writing.
    Written(Vec<PathBuf>),
    /// The writer closed the file.
    Closed(Vec<PathBuf>),
    /// Renamed, removed, or its metadata changed: done at once.
    Changed(Vec<PathBuf>),
}

/// The events of one save, gathered until it is over.
pub struct Settle {
    /// Whether the watcher reports closes ([`Step::Closed`]).
    closes: bool,
    /// Says which paths are site files (editors' swap files, held open for a whole session,
    /// must not hold the rebuild up).
    counts: Box<dyn Fn(&Path) -> bool>,
    /// Site files written and not closed yet.
    open: BTreeSet<PathBuf>,
    changed: Vec<PathBuf>,
}

impl Settle {
    pub fn new(closes: bool, counts: impl Fn(&Path) -> bool + 'static) -> Settle {
        Settle {
            closes,
            counts: Box::new(counts),
            open: BTreeSet::new(),
            changed: Vec::new(),
        }
    }

    pub fn add(&mut self, step: Step) {
        match step {
            Step::Written(paths) => {
                let counted = paths.iter().filter(|p| (self.counts)(p)).cloned();
                self.open.extend(counted);
                self.changed.extend(paths);
            }
            Step::Closed(paths) => {
                for p in &paths {
                    self.open.remove(p);
                }
            }
            Step::Changed(paths) => self.changed.extend(paths),
        }
    }

    /// How long to wait for another event before the save counts as over; `exists` says
    /// whether a file is there now.
    pub fn wait(&self, exists: impl Fn(&Path) -> bool) -> Duration {
        if !self.closes {
            QUIET
        } else if self.open.iter().any(|p| exists(p)) {
            // (A file deleted while open may never be reported closed: it is gone, below.)
            OPEN
        } else if self.changed.iter().any(|p| (self.counts)(p) && !exists(p)) {
            QUIET
        } else {
            SETTLE
        }
    }

    /// The paths the save changed, each once, and a fresh start for the next one.
    pub fn take(&mut self) -> Vec<PathBuf> {
        self.open.clear();
        let mut seen = BTreeSet::new();
        std::mem::take(&mut self.changed)
            .into_iter()
            .filter(|p| seen.insert(p.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(p: &Path) -> bool {
        p.extension().is_some_and(|e| e == "yaml")
    }

    fn paths(names: &[&str]) -> Vec<PathBuf> {
        names.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_file_written_waits_until_it_is_closed() {
        let mut s = Settle::new(true, yaml);
        s.add(Step::Written(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| true), OPEN);
        // A second write of the same save, still open.
        s.add(Step::Written(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| true), OPEN);
        s.add(Step::Closed(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| true), SETTLE);
        assert_eq!(s.take(), paths(&["a.yaml"]));
    }

    #[test]
    fn a_file_deleted_while_open_waits_as_a_file_gone() {
        let mut s = Settle::new(true, yaml);
        s.add(Step::Written(paths(&["a.yaml"])));
        s.add(Step::Changed(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| false), QUIET);
    }

    #[test]
    fn a_file_moved_aside_waits_for_it_to_come_back() {
        let mut s = Settle::new(true, yaml);
        s.add(Step::Changed(paths(&["a.yaml", "a.yaml~"])));
        assert_eq!(s.wait(|p| p != Path::new("a.yaml")), QUIET);
        assert_eq!(s.wait(|_| true), SETTLE);
    }

    #[test]
    fn other_files_held_open_do_not_hold_the_rebuild_up() {
        let mut s = Settle::new(true, yaml);
        s.add(Step::Written(paths(&[".a.yaml.swp", "a.yaml"])));
        s.add(Step::Closed(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| true), SETTLE);
        assert_eq!(s.take(), paths(&[".a.yaml.swp", "a.yaml"]));
        assert!(s.take().is_empty());
    }

    #[test]
    fn without_close_events_every_save_waits_the_quiet_time() {
        let mut s = Settle::new(false, yaml);
        s.add(Step::Written(paths(&["a.yaml"])));
        assert_eq!(s.wait(|_| true), QUIET);
    }
}
