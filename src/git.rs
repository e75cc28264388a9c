//! What shinchoku asks of git: a project as it was at a revision (for `diff` and for editions
//! built from tags), and the day the content last changed (the date of an edition).
//!
//! It runs the `git` command rather than linking a git library: staff who keep the report in
//! git have it, and it reads every repository format and configuration git itself does.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// A project folder as it was at a git revision, unpacked into a temporary folder that is
/// removed when this is dropped.
pub struct Snapshot {
    dir: tempfile::TempDir,
    /// The revision as given, for messages.
    pub rev: String,
    /// The commit it resolved to (40 hex digits).
    pub commit: String,
}

impl Snapshot {
    /// The project folder inside the snapshot (it holds content/ as the project did).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// The project at `project` (a folder inside a git work tree) as it was at `rev`: every file
/// under the project's folder in that commit, unpacked with `git archive`.
pub fn snapshot(project: &Path, rev: &str) -> Result<Snapshot> {
    if rev.starts_with('-') {
        bail!("`{rev}` is not a git revision");
    }
    let commit = run_git(
        project,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .with_context(|| {
        format!(
            "`{rev}` is not a commit of the repository at {}",
            project.display()
        )
    })?;
    let prefix = run_git(project, &["rev-parse", "--show-prefix"])?;
    // Run from the top: in a subfolder, git archive would take the tree's path as relative
    // to that folder.
    let top = work_tree(project).context("not inside a git work tree")?;
    let dir = tempfile::Builder::new()
        .prefix("shinchoku-rev-")
        .tempdir()
        .context("cannot create a temporary folder")?;
    // `REV:sub/folder/` is the tree of the project's folder in that commit; archive it and
    // unpack it with tar, both as git and tar themselves do it.
    let tree = format!("{commit}:{prefix}");
    let mut archive = Command::new("git")
        .arg("-C")
        .arg(&top)
        .args(["archive", "--format=tar", &tree])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .context("cannot run git (is it installed?)")?;
    let stdout = archive.stdout.take().expect("piped");
    let untar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(dir.path())
        .stdin(stdout)
        .stderr(Stdio::piped())
        .output()
        .context("cannot run tar")?;
    let archived = archive.wait_with_output()?;
    if !archived.status.success() {
        bail!(
            "git archive {rev} failed: {}",
            String::from_utf8_lossy(&archived.stderr).trim()
        );
    }
    if !untar.status.success() {
        bail!(
            "unpacking {rev} failed: {}",
            String::from_utf8_lossy(&untar.stderr).trim()
        );
    }
    Ok(Snapshot {
        dir,
        rev: rev.to_string(),
        commit,
    })
}

/// The committer date (`YYYY-MM-DD`) of the last commit that touched any of `paths` (relative
/// to `project`), or `None` outside git or when none did. Deterministic for a given commit.
pub fn last_change_date(project: &Path, paths: &[&str]) -> Option<String> {
    let mut args = vec!["log", "-1", "--format=%cs", "--"];
    args.extend_from_slice(paths);
    run_git(project, &args).ok().filter(|d| !d.is_empty())
}

/// The committer date (`YYYY-MM-DD`) of the last commit up to `rev` that touched any of
/// `paths` (relative to `project`): the date of an edition built from a tag.
pub fn change_date_at(project: &Path, rev: &str, paths: &[&str]) -> Option<String> {
    if rev.starts_with('-') {
        return None;
    }
    let mut args = vec!["log", "-1", "--format=%cs", rev, "--"];
    args.extend_from_slice(paths);
    run_git(project, &args).ok().filter(|d| !d.is_empty())
}

/// The top of the work tree `project` is in, or `None` outside git.
pub fn work_tree(project: &Path) -> Option<PathBuf> {
    run_git(project, &["rev-parse", "--show-toplevel"])
        .ok()
        .map(PathBuf::from)
}

/// Runs git in `dir` and returns its trimmed standard output; an error with git's own words
/// when it fails.
fn run_git(dir: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .context("cannot run git (is it installed?)")?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2024-06-30T12:00:00+09:00")
            .env("GIT_COMMITTER_DATE", "2024-06-30T12:00:00+09:00")
            .output()
            .unwrap();
        assert!(
            ok.status.success(),
            "{}",
            String::from_utf8_lossy(&ok.stderr)
        );
    }

    #[test]
    fn a_snapshot_holds_the_project_folder_as_it_was_at_the_revision() {
        let repo = tempfile::tempdir().unwrap();
        let project = repo.path().join("report");
        fs::create_dir_all(project.join("content")).unwrap();
        git(repo.path(), &["init", "-q"]);
        git(
            repo.path(),
            &["config", "user.email", "staff@example.lg.jp"],
        );
        git(repo.path(), &["config", "user.name", "staff"]);
        fs::write(project.join("content/plan.yaml"), "first\n").unwrap();
        git(repo.path(), &["add", "."]);
        git(repo.path(), &["commit", "-q", "-m", "R4"]);
        git(repo.path(), &["tag", "r4"]);
        fs::write(project.join("content/plan.yaml"), "second\n").unwrap();

        let snap = snapshot(&project, "r4").unwrap();
        assert_eq!(
            fs::read_to_string(snap.path().join("content/plan.yaml")).unwrap(),
            "first\n"
        );
        assert_eq!(snap.commit.len(), 40);
        assert_eq!(
            last_change_date(&project, &["content"]).as_deref(),
            Some("2024-06-30")
        );
        assert!(snapshot(&project, "no-such-tag").is_err());
        assert!(snapshot(&project, "--output=x").is_err());
    }
}
