//! JSON Schemas of the four kinds of file, generated from the types that read them
//! (`files.rs`), so an editor's completion and squiggles follow exactly what `check` accepts.
//! The repository keeps them in `schemas/` (tests/schemas.rs keeps them current); `init` and
//! `shinchoku schema` write them into a project for VS Code's YAML extension.

use schemars::JsonSchema;

use super::files::{IndicatorFile, PlanFile, SiteFile, UnitFile};

/// Every schema: its file name, the files it describes (globs from the project's root, as
/// `yaml.schemas` in VS Code's settings wants them) and its text (pretty JSON, ending in a
/// newline).
pub fn schemas() -> Vec<(&'static str, &'static [&'static str], String)> {
    vec![
        (
            "settings.schema.json",
            &["shinchoku.yaml"],
            text::<SiteFile>(),
        ),
        (
            "plan.schema.json",
            &["content/plan.yaml", "content/*/plan.yaml"],
            text::<PlanFile>(),
        ),
        (
            "unit.schema.json",
            &["content/units/*.yaml", "content/*/units/*.yaml"],
            text::<UnitFile>(),
        ),
        (
            "indicator.schema.json",
            &["content/indicators/*.yaml", "content/*/indicators/*.yaml"],
            text::<IndicatorFile>(),
        ),
    ]
}

fn text<T: JsonSchema>() -> String {
    let schema = schemars::schema_for!(T);
    let mut json = serde_json::to_string_pretty(&schema).expect("a schema is JSON");
    json.push('\n');
    json
}
