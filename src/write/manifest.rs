//! The manifest: which files and folders in the output folder shinchoku wrote. Everything else
//! there is the publisher's and is never touched.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::Path;

use super::{WriteError, check_site_path, io_err};

pub const MANIFEST: &str = ".shinchoku-manifest";

const HEADER: &str = "# Files and folders written by shinchoku; others here are left alone.\n";

/// Relative paths with `/`. Folders are listed only if shinchoku created them, so one the
/// publisher made (and put our files in) is never removed. Manifests written before folders
/// were listed hold files only; their folders then count as the publisher's.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Manifest {
    pub files: BTreeSet<String>,
    pub folders: BTreeSet<String>,
}

impl Manifest {
    /// The manifest at `path`; an empty one if there is none (a folder shinchoku never wrote
    /// to is entirely someone else's).
    pub fn read(path: &Path) -> Result<Manifest, WriteError> {
        match fs::read_to_string(path) {
            Ok(text) => Manifest::parse(path, &text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Manifest::default()),
            Err(e) => Err(io_err(path)(e)),
        }
    }

    fn parse(path: &Path, text: &str) -> Result<Manifest, WriteError> {
        let mut manifest = Manifest::default();
        for (i, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (entry, set) = match line.strip_suffix('/') {
                Some(folder) => (folder, &mut manifest.folders),
                None => (line, &mut manifest.files),
            };
            // Files listed here get replaced and deleted: an entry must not reach outside.
            if check_site_path(entry).is_err() {
                return Err(WriteError::BadManifest {
                    path: path.to_path_buf(),
                    line: i + 1,
                    entry: line.to_string(),
                });
            }
            set.insert(entry.to_string());
        }
        Ok(manifest)
    }

    /// One entry a line, sorted, folders ending in `/`.
    pub fn text(&self) -> String {
        let mut entries: Vec<String> = self.files.iter().cloned().collect();
        entries.extend(self.folders.iter().map(|f| format!("{f}/")));
        entries.sort_unstable();
        let mut text = String::from(HEADER);
        for entry in entries {
            text.push_str(&entry);
            text.push('\n');
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_what_it_writes() {
        let manifest = Manifest {
            files: ["index.html", "units/a.html"].map(String::from).into(),
            folders: ["units".to_string()].into(),
        };
        let text = manifest.text();
        assert_eq!(
            text,
            format!("{HEADER}index.html\nunits/\nunits/a.html\n"),
            "sorted, folders marked"
        );
        assert_eq!(Manifest::parse(Path::new("m"), &text).unwrap(), manifest);
    }

    #[test]
    fn reads_a_manifest_of_files_only() {
        let old =
            "# Files written by shinchoku; others here are left alone.\nindex.html\nunits/a.html\n";
        let manifest = Manifest::parse(Path::new("m"), old).unwrap();
        assert_eq!(manifest.files.len(), 2);
        assert!(manifest.folders.is_empty());
    }

    #[test]
    fn an_entry_outside_the_folder_is_an_error() {
        let err = Manifest::parse(Path::new("m"), "# x\nok.html\n../../etc/passwd\n").unwrap_err();
        assert!(err.to_string().starts_with("m:3: "), "{err}");
    }
}
