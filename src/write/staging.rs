//! A build in progress: files stream into `<output>/.shinchoku-staging/` from many threads;
//! [`Staging::commit`] records the new manifest and moves them into place.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::install::{self, Move};
use super::manifest::{MANIFEST, Manifest};
use super::{Sink, WriteError, check_site_path, folders_of, io_err, legacy, lock, stop};

/// The staging folder, inside the output folder: a rename into place needs the same file
/// system, and the output folder may be a mount point. Files are staged side by side under
/// numbers, not in their folders: removing a folder costs milliseconds on some disks.
pub const STAGING: &str = ".shinchoku-staging";

pub struct Staging {
    output: PathBuf,
    /// `<output>/.shinchoku-staging`.
    root: PathBuf,
    /// What the previous build wrote.
    previous: Manifest,
    written: Mutex<Vec<Move>>,
    /// The name of the next staged file.
    next_number: AtomicU64,
    /// Time spent in file system calls, summed over threads (for `build --timings`).
    io_nanos: AtomicU64,
    bytes: AtomicU64,
    /// Set once the new manifest is recorded: from then on the staging folder must stay, for
    /// the next build to finish moving it in.
    committed: bool,
    /// The output folder did not exist: a build that fails removes it again.
    created_output: bool,
    notes: Vec<String>,
    _lock: File,
}

/// Counts for the build's report.
pub struct WriteStats {
    pub files: usize,
    /// HTML files.
    pub pages: usize,
    pub bytes: u64,
}

impl Staging {
    /// Checks `output` (creating it if need be), locks it, finishes or clears what an
    /// interrupted build left, and starts an empty staging folder.
    pub fn begin(output: &Path) -> Result<Staging, WriteError> {
        let mut notes = legacy::recover(output)?;
        let created_output = match fs::symlink_metadata(output) {
            Ok(meta) if meta.is_symlink() && !output.exists() => {
                return Err(WriteError::DanglingLink {
                    link: output.to_path_buf(),
                    target: fs::read_link(output).map_err(io_err(output))?,
                });
            }
            Ok(_) if !output.is_dir() => {
                return Err(WriteError::NotADirectory(output.to_path_buf()));
            }
            Ok(_) => false,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(output).map_err(io_err(output))?;
                stop::step();
                true
            }
            Err(e) => return Err(io_err(output)(e)),
        };
        let lock = lock::lock(output)?;
        let root = output.join(STAGING);
        if let Some(note) = install::recover(output, &root)? {
            notes.push(note);
        }
        let previous = Manifest::read(&output.join(MANIFEST))?;
        fs::create_dir(&root).map_err(io_err(&root))?;
        stop::step();
        Ok(Staging {
            output: output.to_path_buf(),
            root,
            previous,
            written: Mutex::new(Vec::new()),
            next_number: AtomicU64::new(0),
            io_nanos: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
            created_output,
            notes,
            _lock: lock,
        })
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        let written = self.written.lock().expect("no panics");
        WriteStats {
            files: written.len(),
            pages: written.iter().filter(|m| m.to.ends_with(".html")).count(),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// Time spent writing files so far, summed over all writing threads.
    pub fn io_time(&self) -> Duration {
        Duration::from_nanos(self.io_nanos.load(Ordering::Relaxed))
    }

    /// What the build should tell the publisher about leftovers it found (one line each).
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Records the new manifest (from here on the build completes, now or at the next build),
    /// then moves the files into place. An error after that point is
    /// [`WriteError::Unfinished`].
    pub fn commit(mut self) -> Result<(), WriteError> {
        let written = std::mem::take(&mut *self.written.lock().expect("no panics"));
        // A path written twice: the later file wins, as a second write would (the earlier one
        // is removed with the staging folder).
        let mut seen = HashSet::new();
        let moves: Vec<Move> = written
            .into_iter()
            .rev()
            .filter(|m| seen.insert(m.to.clone()))
            .collect();
        let next = Manifest {
            folders: self.folders_we_own(&moves),
            files: moves.iter().map(|m| m.to.clone()).collect(),
        };
        let journal = self.root.join(install::MOVES);
        fs::write(&journal, install::moves_text(&moves)).map_err(io_err(&journal))?;
        stop::step();
        let (pending, temporary) = (
            self.root.join(install::PENDING),
            self.root.join("manifest.tmp"),
        );
        fs::write(&temporary, next.text()).map_err(io_err(&temporary))?;
        stop::step();
        fs::rename(&temporary, &pending).map_err(io_err(&pending))?;
        self.committed = true;
        stop::step();
        let done = install::install(&self.output, &self.root, &self.previous, &next, &moves);
        done.map_err(|cause| WriteError::Unfinished {
            cause: Box::new(cause),
            staging: self.root.clone(),
        })
    }

    /// The folders the new site needs that are ours: listed in the previous manifest, or not
    /// there yet (the move creates them). One that exists and is not listed is the publisher's.
    fn folders_we_own(&self, moves: &[Move]) -> BTreeSet<String> {
        let mut seen: HashMap<&str, bool> = HashMap::new();
        for m in moves {
            for folder in folders_of(&m.to) {
                seen.entry(folder).or_insert_with(|| {
                    self.previous.folders.contains(folder) || !self.output.join(folder).is_dir()
                });
            }
        }
        seen.into_iter()
            .filter(|(_, ours)| *ours)
            .map(|(folder, _)| folder.to_string())
            .collect()
    }

    /// Stops the build if `rel` would replace something that is not ours: a file or folder
    /// of that name, or a file where one of its folders goes.
    fn check_not_foreign(&self, rel: &str) -> Result<(), WriteError> {
        let target = self.output.join(rel);
        match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => Err(WriteError::FolderInTheWay(target)),
            Ok(_) if !self.previous.files.contains(rel) => Err(WriteError::WouldOverwrite(target)),
            Ok(_) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::NotADirectory => {
                // The outermost part of the path that is not a folder is what is in the way;
                // a file of ours there is replaced by a folder when the site moves in.
                for folder in folders_of(rel) {
                    let path = self.output.join(folder);
                    if !path.is_dir() {
                        return if self.previous.files.contains(folder) {
                            Ok(())
                        } else {
                            Err(WriteError::WouldOverwrite(path))
                        };
                    }
                }
                Ok(())
            }
            Err(e) => Err(io_err(&target)(e)),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.root);
            if self.created_output {
                // Only if empty: nothing can have been put there but by us, but be sure.
                let _ = fs::remove_dir(&self.output);
            }
        }
    }
}

impl Staging {
    /// Stages the file for `rel` as `write` writes it into the staged path, and records it:
    /// what [`Sink::put`] and [`Sink::put_stream`] share. `write` returns the size written
    /// and the time it spent in file system calls.
    fn stage(
        &self,
        rel: &str,
        write: impl FnOnce(&Path) -> io::Result<(usize, Duration)>,
    ) -> Result<usize, WriteError> {
        check_site_path(rel)?;
        self.check_not_foreign(rel)?;
        let staged = self.next_number.fetch_add(1, Ordering::Relaxed).to_string();
        let path = self.root.join(&staged);
        let (size, io_time) = write(&path).map_err(io_err(&path))?;
        stop::step();
        self.written.lock().expect("no panics").push(Move {
            staged,
            to: rel.to_string(),
        });
        self.bytes.fetch_add(size as u64, Ordering::Relaxed);
        self.io_nanos
            .fetch_add(io_time.as_nanos() as u64, Ordering::Relaxed);
        Ok(size)
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.stage(rel, |path| {
            let start = Instant::now();
            fs::write(path, bytes)?;
            Ok((bytes.len(), start.elapsed()))
        })?;
        Ok(())
    }

    /// Writes through a buffer straight into the staged file.
    fn put_stream(&self, rel: &str, make: super::MakeFile) -> Result<usize, WriteError> {
        self.stage(rel, |path| {
            let start = Instant::now();
            let file = Timed {
                file: File::create(path)?,
                time: start.elapsed(),
            };
            let mut out = super::Counted::new(io::BufWriter::with_capacity(1 << 16, file));
            make(&mut out)?;
            let size = out.bytes;
            let file = out.into_inner().into_inner().map_err(|e| e.into_error())?;
            Ok((size, file.time))
        })
    }
}

/// A file that adds up the time its writes take: making the bytes of a streamed file is not
/// counted as writing it.
struct Timed {
    file: File,
    time: Duration,
}

impl io::Write for Timed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let start = Instant::now();
        let n = self.file.write(buf);
        self.time += start.elapsed();
        n
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
