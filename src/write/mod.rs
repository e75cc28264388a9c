//! Stage 4: put a rendered site into the output folder without ever losing a file.
//!
//! The publisher's files are never moved, copied or changed: only shinchoku's own files are,
//! and the manifest (`.shinchoku-manifest`) says which those are. A build streams its files
//! into `<output>/.shinchoku-staging/` ([`Staging`]); when every file is written it records the
//! new manifest there (the commit point), renames each file into place (atomic per file),
//! removes files and folders the previous build wrote that this one does not, and moves the
//! manifest into place last. A build stopped before the commit point left the output as it was;
//! one stopped after it is finished by the next build before that build starts. One build at a
//! time: a build holds a lock on the output folder.
//!
//! Because the output folder itself is never renamed, it may be a symbolic link or a mount
//! point, and everything in it that shinchoku did not write keeps its owner, mode, times and
//! links. A foreign file that the new site would overwrite stops the build.

mod install;
mod legacy;
mod lock;
mod manifest;
mod staging;
pub mod stop;

use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

pub use lock::locked_message;
pub use manifest::MANIFEST;
pub use staging::{STAGING, Staging, WriteStats};

/// A complete site: relative path (with `/`) → bytes. Sorted, so writes are deterministic.
pub type Site = BTreeMap<String, Vec<u8>>;

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    // The OS error is part of the message, not a `source`: the CLI prints the whole chain, and
    // a source would repeat it ("No space left on device: No space left on device").
    #[error("{path}: {error}")]
    Io { path: PathBuf, error: io::Error },
    #[error("{0}: a site path must stay inside the output folder")]
    UnsafePath(String),
    #[error("{0}: names starting with .shinchoku- are kept for shinchoku's own bookkeeping")]
    ReservedPath(String),
    #[error(
        "{0} was not created by shinchoku and the new site has a file of the same name; move or rename it, then build again"
    )]
    WouldOverwrite(PathBuf),
    #[error(
        "{0} is a folder and the new site has a file of the same name; move or rename the folder, then build again"
    )]
    FolderInTheWay(PathBuf),
    #[error("{0} is not a folder")]
    NotADirectory(PathBuf),
    #[error(
        "{link} is a symbolic link to {target}, which does not exist; create that folder or point the link at one, then build again"
    )]
    DanglingLink { link: PathBuf, target: PathBuf },
    #[error(
        "{0}: another shinchoku build is writing into this folder (it holds the lock on the folder); wait for it to finish, then build again"
    )]
    Locked(PathBuf),
    #[error(
        "{path}:{line}: {entry:?} is not a path inside the output folder; the manifest lists what shinchoku wrote and should not be edited: restore it, then build again"
    )]
    BadManifest {
        path: PathBuf,
        line: usize,
        entry: String,
    },
    #[error(
        "{cause}; the new site is complete in {staging} and the next build moves the rest of it into place"
    )]
    Unfinished {
        cause: Box<WriteError>,
        staging: PathBuf,
    },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |error| WriteError::Io {
        path: path.to_path_buf(),
        error,
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

/// [`check_path`], and also a name the manifest can hold (one line) that is not one of our
/// bookkeeping names.
fn check_site_path(rel: &str) -> Result<(), WriteError> {
    check_path(rel)?;
    if rel.contains(['\n', '\r']) {
        return Err(WriteError::UnsafePath(rel.to_string()));
    }
    if rel.starts_with(".shinchoku-") {
        return Err(WriteError::ReservedPath(rel.to_string()));
    }
    Ok(())
}

/// Where rendered files go, one at a time and from many threads: a [`Staging`] folder (build)
/// or memory (`Mutex<Site>`: serve and tests). Streaming keeps a build's memory flat however
/// large the site.
/// What makes a streamed file: writes its bytes, piece by piece, into the writer it is given.
pub type MakeFile<'a> = &'a mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>;

pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError>;

    /// Puts the file that `make` writes, piece by piece, and returns its size: a file too
    /// large to hold whole (open data of 100,000 policies) goes straight to disk. This default
    /// collects it first, for sinks that keep files in memory anyway.
    fn put_stream(&self, rel: &str, make: MakeFile) -> Result<usize, WriteError> {
        let mut bytes = Vec::new();
        make(&mut bytes).map_err(io_err(Path::new(rel)))?;
        self.put(rel, &bytes)?;
        Ok(bytes.len())
    }
}

/// A sink that keeps nothing: `check` renders the whole site into it, so that a theme or
/// content problem that would stop `build` stops `check`, without touching the output.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, rel: &str, _bytes: &[u8]) -> Result<(), WriteError> {
        // The same path checks as a real build, so a page `build` would refuse fails here too.
        check_site_path(rel)
    }

    fn put_stream(&self, rel: &str, make: MakeFile) -> Result<usize, WriteError> {
        check_site_path(rel)?;
        let mut counted = Counted::new(io::sink());
        make(&mut counted).map_err(io_err(Path::new(rel)))?;
        Ok(counted.bytes)
    }
}

/// A writer that counts what passes through it.
pub(crate) struct Counted<W> {
    inner: W,
    pub bytes: usize,
}

impl<W> Counted<W> {
    pub fn new(inner: W) -> Counted<W> {
        Counted { inner, bytes: 0 }
    }

    pub fn into_inner(self) -> W {
        self.inner
    }
}

impl<W: io::Write> io::Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A sink that puts every file under a folder of another: one plan's site in a site of
/// several.
pub struct InFolder<'a> {
    pub sink: &'a dyn Sink,
    /// `sangyo/`: the folder, with its slash.
    pub folder: String,
}

impl Sink for InFolder<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
        self.sink.put(&format!("{}{rel}", self.folder), bytes)
    }

    fn put_stream(&self, rel: &str, make: MakeFile) -> Result<usize, WriteError> {
        self.sink.put_stream(&format!("{}{rel}", self.folder), make)
    }
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

/// Writes a whole in-memory `site` into `output` (see the module docs).
pub fn write_site(site: &Site, output: &Path) -> Result<(), WriteError> {
    // Check every path first, so a bad one writes nothing at all.
    for rel in site.keys() {
        check_site_path(rel)?;
    }
    let staging = Staging::begin(output)?;
    for (rel, bytes) in site {
        staging.put(rel, bytes)?;
    }
    staging.commit()
}

/// `a/b/c.html` → `["a", "a/b"]`: the folders a site path needs, outermost first.
fn folders_of(rel: &str) -> impl Iterator<Item = &str> {
    rel.match_indices('/').map(move |(i, _)| &rel[..i])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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
    fn rejects_bookkeeping_names_and_line_breaks() {
        for bad in [
            ".shinchoku-manifest",
            ".shinchoku-staging/x",
            "a\nb",
            "a\rb",
        ] {
            assert!(check_site_path(bad).is_err(), "{bad:?}");
        }
        assert!(check_site_path("units/.shinchoku-x").is_ok());
    }

    #[test]
    fn folders_of_a_path_outermost_first() {
        assert_eq!(folders_of("a/b/c.html").collect::<Vec<_>>(), ["a", "a/b"]);
        assert_eq!(folders_of("index.html").count(), 0);
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
        assert!(!out.join("old").exists(), "a folder only we used goes too");
        assert!(!out.join(STAGING).exists());
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
        assert!(!out.join(STAGING).exists());
    }

    #[test]
    fn refuses_to_write_into_a_foreign_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("units"), "the city's own").unwrap();
        let err = write_site(&site(&[("units/a.html", "ours")]), &out).unwrap_err();
        assert!(
            matches!(&err, WriteError::WouldOverwrite(p) if p == &out.join("units")),
            "{err}"
        );
    }

    #[test]
    fn a_file_of_ours_may_become_a_folder_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        write_site(&site(&[("x", "file")]), &out).unwrap();
        write_site(&site(&[("x/y.html", "in a folder")]), &out).unwrap();
        assert_eq!(
            fs::read_to_string(out.join("x/y.html")).unwrap(),
            "in a folder"
        );
        write_site(&site(&[("z.html", "1")]), &out).unwrap();
        assert!(!out.join("x").exists());
    }

    #[test]
    fn a_path_written_twice_keeps_the_later_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let staging = Staging::begin(&out).unwrap();
        staging.put("a.html", b"first").unwrap();
        staging.put("a.html", b"second").unwrap();
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "second");
        assert!(!out.join(STAGING).exists());
    }

    #[test]
    fn an_unsafe_path_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        assert!(write_site(&site(&[("ok.html", "1"), ("../evil", "x")]), &out).is_err());
        assert!(!out.exists());
        assert!(!dir.path().join("evil").exists());
    }

    #[test]
    fn a_failed_first_build_leaves_no_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let staging = Staging::begin(&out).unwrap();
        staging.put("a.html", b"1").unwrap();
        drop(staging);
        assert!(!out.exists());
    }
}
