//! Test git repositories: a project kept in git, committed in steps (`editions.rs`, `diff.rs`).

use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs git in `dir` with fixed author and committer dates (so edition dates are stable);
/// panics with git's own message if it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2023-06-30T12:00:00+09:00")
        .env("GIT_COMMITTER_DATE", "2023-06-30T12:00:00+09:00")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A new repository in `dir`, with an author set so commits work on any machine.
pub fn init(dir: &Path) {
    git(dir, &["init", "-q"]);
    git(dir, &["config", "user.email", "staff@example.lg.jp"]);
    git(dir, &["config", "user.name", "staff"]);
}

/// Commits every file in the repository at `dir`.
pub fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// Replaces the first `from` in the file with `to`; panics if the file lacks it, so a fixture
/// change that breaks an edit is noticed.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}
