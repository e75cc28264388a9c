//! `shinchoku schema [DIR] [--force]`: writes the JSON Schemas of the content files into the
//! project's `.vscode/schemas/`, where the `.vscode/settings.json` that `init` writes points VS
//! Code's YAML extension (completion, hover help, squiggles). Run after upgrading shinchoku, so
//! the editor knows the new format.

use std::path::Path;

use anyhow::bail;
use shinchoku::load;

/// Where the schemas go in a project, and how settings.json names them.
pub const SCHEMA_DIR: &str = ".vscode/schemas";

/// The editor's files for a project: each schema, and `.vscode/settings.json` mapping every
/// schema to the files it describes (`yaml.schemas`).
pub fn editor_files() -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut mapping = serde_json::Map::new();
    for (name, globs, text) in load::schemas() {
        mapping.insert(format!("./{SCHEMA_DIR}/{name}"), serde_json::json!(globs));
        files.push((format!("{SCHEMA_DIR}/{name}"), text));
    }
    let settings = serde_json::json!({ "yaml.schemas": mapping });
    let mut text = serde_json::to_string_pretty(&settings).expect("settings are JSON");
    text.push('\n');
    files.push((".vscode/settings.json".to_string(), text));
    files
}

pub fn run(dir: &Path, force: bool) -> anyhow::Result<()> {
    let schemas: Vec<(String, String)> = editor_files()
        .into_iter()
        .filter(|(path, _)| path.starts_with(SCHEMA_DIR))
        .collect();
    if !force {
        let existing: Vec<String> = schemas
            .iter()
            .map(|(path, _)| dir.join(path))
            .filter(|path| path.exists())
            .map(|path| format!("  {}", path.display()))
            .collect();
        if !existing.is_empty() {
            bail!(
                "not writing the schemas: these files already exist:\n{}\n  help: `shinchoku schema --force` replaces them (they are generated; nothing of yours is in them)",
                existing.join("\n")
            );
        }
    }
    super::init::write_files(dir, &schemas)?;
    if !dir.join(".vscode/settings.json").exists() {
        println!(
            "note: VS Code finds them through .vscode/settings.json (`yaml.schemas`); `shinchoku help format` shows the setting"
        );
    }
    Ok(())
}
