//! Importing an Open SDG repository for a test: the project written, checked and assessed.

use std::path::Path;

use shinchoku::assess::{self, Assessment};
use shinchoku::import::open_sdg::{self, Imported};
use shinchoku::import::write_project;
use shinchoku::model::Project;

/// Imports `repo` into a new folder, checks and assesses the project.
pub fn import(repo: &Path) -> (Imported, Project, Assessment, tempfile::TempDir) {
    let imported = open_sdg::import(repo).unwrap_or_else(|e| panic!("{}: {e}", repo.display()));
    let dir = tempfile::tempdir().unwrap();
    write_project(dir.path(), &imported.files).unwrap();
    let project = shinchoku::load::load(dir.path()).unwrap();
    let assessment = assess::assess(&project);
    (imported, project, assessment, dir)
}
