//! Helpers of the output-folder tests (`output_safety.rs`): builds of the minimal project, and
//! snapshots that compare every entry's bytes, mode, owner, time and links.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use super::repo;
use std::process::{Command, Output};

/// The smallest valid project (the base of the bad-input corpus): quick to build.
pub fn minimal_project() -> PathBuf {
    repo().join("tests/fixtures/minimal")
}

/// Runs the `shinchoku` binary.
pub fn shinchoku<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .args(super::IN_ENGLISH)
        .output()
        .expect("the shinchoku binary runs")
}

/// `shinchoku build <minimal project> --output <out>`.
pub fn build_minimal_into(out: &Path) -> Output {
    let project = minimal_project();
    shinchoku([
        "build".as_ref(),
        project.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ])
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a publisher could notice about an entry of a folder: what it is (with its bytes or
/// link target), mode, owner, modification time, inode and link count. Equal entries mean
/// the entry was neither replaced (the inode would change), copied, nor altered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub mtime: (i64, i64),
    pub inode: u64,
    pub links: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    File(Vec<u8>),
    Folder,
    Link(PathBuf),
}

/// Every entry under `root` (not following symbolic links), by path relative to `root`.
pub fn snapshot(root: &Path) -> BTreeMap<String, Entry> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Entry>) {
        for e in fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let kind = if meta.is_symlink() {
                Kind::Link(fs::read_link(&path).unwrap())
            } else if meta.is_dir() {
                walk(root, &path, out);
                Kind::Folder
            } else {
                Kind::File(fs::read(&path).unwrap())
            };
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let entry = Entry {
                kind,
                mode: meta.mode(),
                uid: meta.uid(),
                gid: meta.gid(),
                mtime: (meta.mtime(), meta.mtime_nsec()),
                inode: meta.ino(),
                links: meta.nlink(),
            };
            out.insert(rel, entry);
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Names in `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether this process may do what only root may (then file modes do not stop it).
pub fn running_as_root(scratch: &Path) -> bool {
    let probe = scratch.join(".uid-probe");
    fs::write(&probe, "").unwrap();
    let uid = fs::metadata(&probe).unwrap().uid();
    fs::remove_file(probe).unwrap();
    uid == 0
}

/// Runs a shell `script` in a mount namespace of its own (`unshare`, from util-linux), so it
/// may mount file systems that vanish when it ends; `$1`, `$2`, … are `args`. Not root, it
/// also enters a user namespace in which it is.
pub fn in_mount_namespace(scratch: &Path, script: &str, args: &[&Path]) -> Output {
    let mut cmd = Command::new("unshare");
    cmd.arg("--mount");
    if !running_as_root(scratch) {
        cmd.arg("--map-root-user");
    }
    cmd.args(["sh", "-euc", script, "sh"]).args(args);
    let o = cmd.output().expect("unshare (util-linux) is installed");
    // The script reports its own failures with exit code 1; a refused namespace is not one.
    assert!(
        !stderr(&o).contains("unshare failed"),
        "these checks need a mount namespace (unshare --mount) and this system refused one:\n{}",
        stderr(&o)
    );
    o
}
