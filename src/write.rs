//! Stage 4: put a rendered site into the output folder, all or nothing.
//!
//! The site is written into a staging folder next to the output folder and swapped in by
//! renaming only when every file is written, so a failed build never leaves a half-written
//! site. A manifest (`.shinchoku-manifest`) lists what we wrote; files in the output folder
//! that are not on it (a `.htaccess`, a CMS's own files) were not created by us and are carried
//! over untouched. A foreign file that the new site would overwrite stops the build.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub const MANIFEST: &str = ".shinchoku-manifest";

/// A complete site: relative path (with `/`) → bytes. Sorted, so writes are deterministic.
pub type Site = BTreeMap<String, Vec<u8>>;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{0}: a site path must stay inside the output folder")]
    UnsafePath(String),
    #[error(
        "{0} was not created by shinchoku and the new site has a file of the same name; move or rename it, then build again"
    )]
    WouldOverwrite(PathBuf),
    #[error("{0} is not a folder")]
    NotADirectory(PathBuf),
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Rejects absolute paths, `..`, and anything else that could leave the output folder.
pub fn check_path(rel: &str) -> Result<(), WriteError> {
    let p = Path::new(rel);
    let ok = !rel.is_empty()
        && !rel.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(WriteError::UnsafePath(rel.to_string()))
    }
}

/// Sibling paths used during the swap: `<output>.shinchoku-tmp`, `<output>.shinchoku-old`.
fn sibling(output: &Path, suffix: &str) -> PathBuf {
    let name = output
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    output.with_file_name(format!("{name}.{suffix}"))
}

/// Where rendered files go, one at a time and from many threads: a [`Staging`] folder (build)
/// or memory (`Mutex<Site>`: serve and tests). Streaming keeps a build's memory flat however
/// large the site.
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError>;
}

impl Sink for Mutex<Site> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        check_path(rel)?;
        self.lock()
            .expect("no panics while holding the lock")
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A build in progress: files go into `<output>.shinchoku-tmp`; [`Staging::commit`] carries
/// foreign files over, writes the manifest and swaps the folder in. Dropped without a commit,
/// it removes the staging folder and the output is as it was.
pub struct Staging {
    output: PathBuf,
    staging: PathBuf,
    foreign: Vec<PathBuf>,
    foreign_names: HashSet<String>,
    written: Mutex<Vec<String>>,
    /// Folders already created, so each file costs one `create` and one `write`.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Time spent in file system calls, summed over threads (for `build --timings`).
    io_nanos: AtomicU64,
    bytes: AtomicU64,
    committed: bool,
}

/// Counts for the build's report.
pub struct WriteStats {
    pub files: usize,
    /// HTML files.
    pub pages: usize,
    pub bytes: u64,
}

impl Staging {
    /// Checks `output` and starts an empty staging folder next to it.
    pub fn begin(output: &Path) -> Result<Staging, WriteError> {
        if output.exists() && !output.is_dir() {
            return Err(WriteError::NotADirectory(output.to_path_buf()));
        }
        let staging = sibling(output, "shinchoku-tmp");
        // Leftovers of an interrupted build are ours by name: safe to clear.
        for leftover in [&staging, &sibling(output, "shinchoku-old")] {
            if leftover.exists() {
                fs::remove_dir_all(leftover).map_err(io_err(leftover))?;
            }
        }
        let foreign = if output.exists() {
            foreign_files(output)?
        } else {
            Vec::new()
        };
        fs::create_dir_all(&staging).map_err(io_err(&staging))?;
        Ok(Staging {
            output: output.to_path_buf(),
            foreign_names: foreign.iter().map(|f| slash(f)).collect(),
            foreign,
            dirs: Mutex::new(HashSet::from([staging.clone()])),
            staging,
            written: Mutex::new(Vec::new()),
            io_nanos: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            committed: false,
        })
    }

    /// What has been written so far.
    pub fn stats(&self) -> WriteStats {
        let written = self.written.lock().expect("no panics");
        WriteStats {
            files: written.len(),
            pages: written.iter().filter(|f| f.ends_with(".html")).count(),
            bytes: self.bytes.load(Ordering::Relaxed),
        }
    }

    /// Time spent writing files so far, summed over all writing threads.
    pub fn io_time(&self) -> Duration {
        Duration::from_nanos(self.io_nanos.load(Ordering::Relaxed))
    }

    /// Carries foreign files over, writes the manifest and swaps the staging folder in.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let output = self.output.clone();
        let old = sibling(&output, "shinchoku-old");
        for f in &self.foreign {
            let (from, to) = (output.join(f), self.staging.join(f));
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
            }
            fs::copy(&from, &to).map_err(io_err(&from))?;
        }
        let mut written = std::mem::take(&mut *self.written.lock().expect("no panics"));
        written.sort_unstable();
        let mut manifest =
            String::from("# Files written by shinchoku; others here are left alone.\n");
        for rel in &written {
            manifest.push_str(rel);
            manifest.push('\n');
        }
        let path = self.staging.join(MANIFEST);
        fs::write(&path, manifest).map_err(io_err(&path))?;
        if output.exists() {
            fs::rename(&output, &old).map_err(io_err(&output))?;
            if let Err(e) = fs::rename(&self.staging, &output) {
                // Put the previous site back rather than leave no site at all.
                let _ = fs::rename(&old, &output);
                return Err(io_err(&output)(e));
            }
            self.committed = true;
            // `old` now holds only files we wrote last time (foreign ones were copied across).
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        } else {
            fs::rename(&self.staging, &output).map_err(io_err(&output))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

impl Sink for Staging {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        check_path(rel)?;
        if self.foreign_names.contains(rel) {
            return Err(WriteError::WouldOverwrite(self.output.join(rel)));
        }
        let start = Instant::now();
        let path = self.staging.join(rel);
        if let Some(parent) = path.parent() {
            // Checked, then created, then recorded: a thread that finds a folder recorded
            // can rely on it existing (two threads may both create it; that is harmless).
            let known = self.dirs.lock().expect("no panics").contains(parent);
            if !known {
                fs::create_dir_all(parent).map_err(io_err(parent))?;
                self.dirs
                    .lock()
                    .expect("no panics")
                    .insert(parent.to_path_buf());
            }
        }
        fs::write(&path, bytes).map_err(io_err(&path))?;
        self.written
            .lock()
            .expect("no panics")
            .push(rel.to_string());
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.io_nanos
            .fetch_add(start.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// Writes a whole in-memory `site` into `output` atomically (see the module docs).
pub fn write_site(site: &Site, output: &Path) -> Result<(), WriteError> {
    // Check every path first, so a bad one writes nothing at all.
    for rel in site.keys() {
        check_path(rel)?;
    }
    let staging = Staging::begin(output)?;
    for (rel, bytes) in site {
        staging.put(rel, bytes)?;
    }
    staging.commit()
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Files under `output` that the previous manifest does not list (all of them, when there is
/// no manifest: a folder we never wrote to is entirely someone else's).
fn foreign_files(output: &Path) -> Result<Vec<PathBuf>, WriteError> {
    let manifest_path = output.join(MANIFEST);
    let ours: HashSet<String> = match fs::read_to_string(&manifest_path) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Default::default(),
        Err(e) => return Err(io_err(&manifest_path)(e)),
    };
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| WriteError::Io {
            path: e.path().unwrap_or(output).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| io::Error::other("symbolic link loop")),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .expect("walk stays under output")
            .to_path_buf();
        let name = slash(&rel);
        if name != MANIFEST && !ours.contains(&name) {
            foreign.push(rel);
        }
    }
    Ok(foreign)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn rejects_paths_that_leave_the_output() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path("units/i-1-1-1.html").is_ok());
    }

    #[test]
    fn replaces_our_files_and_keeps_foreign_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&site(&[("a.html", "1"), ("old/gone.html", "x")]), &out).unwrap();
        fs::write(out.join(".htaccess"), "keep me").unwrap();
        write_site(&site(&[("a.html", "2"), ("b/c.html", "3")]), &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "2");
        assert_eq!(fs::read_to_string(out.join("b/c.html")).unwrap(), "3");
        assert_eq!(
            fs::read_to_string(out.join(".htaccess")).unwrap(),
            "keep me"
        );
        assert!(!out.join("old/gone.html").exists());
        let siblings: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(siblings, vec![std::ffi::OsString::from("output")]);
    }

    #[test]
    fn refuses_to_overwrite_a_foreign_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("index.html"), "the city's own").unwrap();
        let err = write_site(&site(&[("index.html", "ours")]), &out).unwrap_err();
        assert!(matches!(err, WriteError::WouldOverwrite(_)), "{err}");
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "the city's own"
        );
        assert!(!dir.path().join("output.shinchoku-tmp").exists());
    }

    #[test]
    fn an_unsafe_path_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        assert!(write_site(&site(&[("ok.html", "1"), ("../evil", "x")]), &out).is_err());
        assert!(!out.exists());
        assert!(!dir.path().join("evil").exists());
    }
}
