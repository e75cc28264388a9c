//! A publisher's own files in an output folder, and how to tell them from shinchoku's.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::time::{Duration, SystemTime};

use shinchoku::write::{MANIFEST, STAGING, Site};

use super::output::{Entry, Kind, running_as_root, snapshot, stderr};

/// The publisher's own files, of every kind a build might mishandle: a `.htaccess`, a photo
/// with its own mode, owner and time and a hard link to it, a symbolic link to one of our
/// pages, an empty folder, a private folder. With `in_our_folders`, also files put into
/// folders a previous build made.
pub fn add_foreign_files(out: &Path, in_our_folders: bool) {
    fs::create_dir_all(out.join("cms")).unwrap();
    fs::write(out.join(".htaccess"), "Options -Indexes\n").unwrap();
    let photo = out.join("cms/photo.jpg");
    fs::write(&photo, b"\xff\xd8 a photo").unwrap();
    fs::set_permissions(&photo, fs::Permissions::from_mode(0o600)).unwrap();
    let an_old_time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    fs::File::options()
        .write(true)
        .open(&photo)
        .unwrap()
        .set_modified(an_old_time)
        .unwrap();
    if running_as_root(out) {
        std::os::unix::fs::chown(&photo, Some(65534), Some(65534)).unwrap();
    }
    fs::hard_link(&photo, out.join("cms/photo-link.jpg")).unwrap();
    symlink("index.html", out.join("latest.html")).unwrap();
    fs::create_dir(out.join("empty")).unwrap();
    fs::create_dir(out.join("private")).unwrap();
    fs::write(out.join("private/notes.txt"), "not for the web").unwrap();
    fs::set_permissions(out.join("private"), fs::Permissions::from_mode(0o700)).unwrap();
    if in_our_folders {
        fs::write(out.join("units/notes.txt"), "the city's note").unwrap();
        fs::write(out.join("gone/keep.txt"), "the city's file").unwrap();
    }
}

/// The publisher's entries in `out`: everything but the manifest and the files and folders it
/// lists.
pub fn publishers_entries(out: &Path) -> BTreeMap<String, Entry> {
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap_or_default();
    let ours: BTreeSet<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.trim_end_matches('/'))
        .collect();
    snapshot(out)
        .into_iter()
        .filter(|(rel, _)| rel != MANIFEST && !ours.contains(rel.as_str()))
        .collect()
}

pub fn assert_built(o: &std::process::Output) {
    assert!(o.status.success(), "{}", stderr(o));
}

/// Folders a site's files are in.
pub fn folders(site: &Site) -> BTreeSet<String> {
    site.keys()
        .flat_map(|rel| {
            rel.match_indices('/')
                .map(|(i, _)| rel[..i].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The entries in `out` that are not shinchoku's: the manifest, the files of `ours` and their
/// folders are left out.
pub fn foreign_entries(out: &Path, ours: &Site) -> BTreeMap<String, Entry> {
    let our_folders = folders(ours);
    snapshot(out)
        .into_iter()
        .filter(|(rel, _)| rel != MANIFEST && !ours.contains_key(rel) && !our_folders.contains(rel))
        .collect()
}

/// Every foreign entry is exactly as it was; every other file is one of the `allowed` sites'
/// version of it (or the manifest, or staging); folders hold files of those. Returns what is
/// wrong.
pub fn check_output(
    out: &Path,
    foreign: &BTreeMap<String, Entry>,
    allowed: &[&Site],
) -> Vec<String> {
    let mut wrong = Vec::new();
    let now = snapshot(out);
    for (rel, entry) in foreign {
        if now.get(rel) != Some(entry) {
            wrong.push(format!("{rel}: was {entry:?}, now {:?}", now.get(rel)));
        }
    }
    let mut holding: BTreeSet<String> = allowed.iter().flat_map(|s| folders(s)).collect();
    for rel in foreign.keys() {
        holding.extend(rel.match_indices('/').map(|(i, _)| rel[..i].to_string()));
    }
    for (rel, entry) in &now {
        if foreign.contains_key(rel) || rel == MANIFEST || rel.starts_with(STAGING) {
            continue;
        }
        let fine = match &entry.kind {
            Kind::Folder => holding.contains(rel),
            Kind::File(bytes) => allowed.iter().any(|s| s.get(rel) == Some(bytes)),
            Kind::Link(_) => false,
        };
        if !fine {
            wrong.push(format!("{rel}: unexpected {:?}", entry.kind));
        }
    }
    wrong
}

/// After a finished build of `built`: the publisher's entries as they were, exactly that
/// site's files, a manifest naming them, no staging folder.
pub fn assert_finished(out: &Path, foreign: &BTreeMap<String, Entry>, built: &Site, when: &str) {
    let wrong = check_output(out, foreign, &[built]);
    assert!(wrong.is_empty(), "{when}: {wrong:#?}");
    for (rel, bytes) in built {
        assert_eq!(&fs::read(out.join(rel)).unwrap(), bytes, "{when}: {rel}");
    }
    let manifest = fs::read_to_string(out.join(MANIFEST)).unwrap();
    let listed: BTreeSet<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.ends_with('/'))
        .collect();
    assert_eq!(listed, built.keys().map(String::as_str).collect(), "{when}");
    assert!(!out.join(STAGING).exists(), "{when}: staging left behind");
}
