//! Writing an imported project: never over anything that exists, and all or nothing.
//!
//! The files go into a hidden staging folder inside the project folder, are checked there as
//! `shinchoku check` would check them, and only then does the staging folder's `content/`
//! become the project's `content/`, in one rename. A failure removes the staging folder and
//! leaves the project folder as it was.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Writes `files` (paths relative to the project, all under `content/`) into `project`,
/// which must not hold a `content` folder yet.
pub fn write_project(project: &Path, files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    let content = project.join("content");
    if fs::symlink_metadata(&content).is_ok() {
        bail!(
            "{}: already exists; an import writes a new project and never overwrites one\n  help: choose an empty or new folder with -o",
            content.display()
        );
    }
    fs::create_dir_all(project).with_context(|| format!("creating {}", project.display()))?;
    let staging = project.join(format!(".shinchoku-import-{}", std::process::id()));
    fs::create_dir(&staging).with_context(|| format!("creating {}", staging.display()))?;
    let result = stage(&staging, files).and_then(|()| {
        fs::rename(staging.join("content"), &content).with_context(|| {
            format!(
                "moving the imported content into place as {}",
                content.display()
            )
        })
    });
    let cleanup = fs::remove_dir_all(&staging);
    result?;
    cleanup.with_context(|| format!("removing {}", staging.display()))
}

/// Writes the files under `staging` and checks the project they make.
fn stage(staging: &Path, files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    for (rel, text) in files {
        if !rel.starts_with("content") {
            bail!(
                "an import writes only under content/, not {}",
                rel.display()
            );
        }
        let path = staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    if let Err(e) = crate::load::load(staging) {
        bail!("the imported project does not pass `shinchoku check` (please report this):\n{e}");
    }
    Ok(())
}
