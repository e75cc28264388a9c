//! Stage 4: put a rendered site into the output folder, all or nothing.
//!
//! The site is written into a staging folder next to the output folder and swapped in by
//! renaming only when every file is written, so a failed build never leaves a half-written
//! site. A manifest (`.shinchoku-manifest`) lists what we wrote; files in the output folder
//! that are not on it (a `.htaccess`, a CMS's own files) were not created by us and are carried
//! over untouched. A foreign file that the new site would overwrite stops the build.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

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

/// Writes `site` into `output` atomically (see the module docs).
pub fn write_site(site: &Site, output: &Path) -> Result<(), WriteError> {
    for rel in site.keys() {
        check_path(rel)?;
    }
    if output.exists() && !output.is_dir() {
        return Err(WriteError::NotADirectory(output.to_path_buf()));
    }
    let staging = sibling(output, "shinchoku-tmp");
    let old = sibling(output, "shinchoku-old");
    // Leftovers of an interrupted build are ours by name: safe to clear.
    for leftover in [&staging, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(io_err(leftover))?;
        }
    }
    let foreign = if output.exists() {
        foreign_files(output)?
    } else {
        Vec::new()
    };
    for f in &foreign {
        if site.contains_key(&slash(f)) {
            return Err(WriteError::WouldOverwrite(output.join(f)));
        }
    }
    let result = stage(site, output, &staging, &foreign);
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
        return result;
    }
    if output.exists() {
        fs::rename(output, &old).map_err(io_err(output))?;
        if let Err(e) = fs::rename(&staging, output) {
            // Put the previous site back rather than leave no site at all.
            let _ = fs::rename(&old, output);
            let _ = fs::remove_dir_all(&staging);
            return Err(io_err(output)(e));
        }
        // `old` now holds only files we wrote last time (foreign ones were copied across).
        fs::remove_dir_all(&old).map_err(io_err(&old))?;
    } else if let Err(e) = fs::rename(&staging, output) {
        let _ = fs::remove_dir_all(&staging);
        return Err(io_err(output)(e));
    }
    Ok(())
}

fn stage(
    site: &Site,
    output: &Path,
    staging: &Path,
    foreign: &[PathBuf],
) -> Result<(), WriteError> {
    fs::create_dir_all(staging).map_err(io_err(staging))?;
    for (rel, bytes) in site {
        let path = staging.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::write(&path, bytes).map_err(io_err(&path))?;
    }
    for f in foreign {
        let (from, to) = (output.join(f), staging.join(f));
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        fs::copy(&from, &to).map_err(io_err(&from))?;
    }
    let mut manifest = String::from("# Files written by shinchoku; others here are left alone.\n");
    for rel in site.keys() {
        manifest.push_str(rel);
        manifest.push('\n');
    }
    let path = staging.join(MANIFEST);
    fs::write(&path, manifest).map_err(io_err(&path))
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
    let ours: std::collections::HashSet<String> = match fs::read_to_string(&manifest_path) {
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
