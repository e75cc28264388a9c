//! The JSON Schemas in `schemas/` are what editors validate against: they are generated from
//! the types that read the files, kept current by this test, and accept every valid project in
//! the repository while flagging what `check` would refuse.
//!
//! After changing the format: `SHINCHOKU_UPDATE_SCHEMAS=1 cargo test --test schemas`.

mod common;

use std::path::{Path, PathBuf};

use common::repo;

const UPDATE: &str = "SHINCHOKU_UPDATE_SCHEMAS";

#[test]
fn the_committed_schemas_are_current() {
    let dir = repo().join("schemas");
    let update = std::env::var_os(UPDATE).is_some();
    for (name, _, text) in shinchoku::load::schemas() {
        let path = dir.join(name);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "schemas/{name} is out of date with src/load/files.rs: run `{UPDATE}=1 cargo test --test schemas` and commit it"
        );
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let (_, _, text) = shinchoku::load::schemas()
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// A YAML file as the editor's YAML extension hands it to the schema: numbers stay numbers,
/// mapping keys are text.
fn as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file of a project with the schema that describes it.
fn files_of(project: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut out = Vec::new();
    if project.join("shinchoku.yaml").is_file() {
        out.push((project.join("shinchoku.yaml"), "settings.schema.json"));
    }
    for plan in walkdir::WalkDir::new(project.join("content"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "plan.yaml"))
    {
        let folder = plan.parent().unwrap().to_path_buf();
        out.push((plan, "plan.schema.json"));
        for (sub, schema) in [
            ("units", "unit.schema.json"),
            ("indicators", "indicator.schema.json"),
        ] {
            let Ok(entries) = std::fs::read_dir(folder.join(sub)) else {
                continue;
            };
            for e in entries {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "yaml") {
                    out.push((p, schema));
                }
            }
        }
    }
    out
}

#[test]
fn every_valid_project_in_the_repository_validates() {
    let root = repo();
    let mut projects = vec![root.clone()];
    for parent in ["examples", "tests/fixtures", "tests/fixtures/methods"] {
        for e in std::fs::read_dir(root.join(parent)).unwrap() {
            let p = e.unwrap().path();
            if p.join("content").is_dir() {
                projects.push(p);
            }
        }
    }
    let mut checked = 0;
    let mut failures = Vec::new();
    for project in &projects {
        // Only what `check` accepts: the deliberately broken fixtures have their own tests.
        if shinchoku::load::load_all(project).is_err() {
            continue;
        }
        for (file, schema) in files_of(project) {
            let v = validator(schema);
            for e in v.iter_errors(&as_json(&file)) {
                failures.push(format!(
                    "{}: {} at {}",
                    file.display(),
                    e,
                    e.instance_path()
                ));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 100, "only {checked} files checked");
}

#[test]
fn a_typo_or_a_wrong_keyword_is_flagged() {
    let plan = as_json(&repo().join("tests/fixtures/minimal/content/plan.yaml"));
    let v = validator("plan.schema.json");
    assert!(v.is_valid(&plan));
    let mut typo = plan.clone();
    typo["reprot_year"] = "R5".into();
    assert!(!v.is_valid(&typo), "an unknown field");
    let mut keyword = plan.clone();
    keyword["year_form"] = "heisei".into();
    assert!(!v.is_valid(&keyword), "a year form that does not exist");
    let mut missing = plan;
    missing.as_object_mut().unwrap().remove("city");
    assert!(!v.is_valid(&missing), "a required field left out");

    let unit = as_json(&repo().join("tests/fixtures/minimal/content/units/I-1-1-1.yaml"));
    let v = validator("unit.schema.json");
    assert!(v.is_valid(&unit));
    let mut bad = unit;
    bad["narratives"]["R5"]["plans"] = "x".into();
    assert!(!v.is_valid(&bad), "a misspelt narrative field");
}

#[test]
fn descriptions_are_in_japanese_and_english() {
    for (name, _, text) in shinchoku::load::schemas() {
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut descriptions = Vec::new();
        collect(&schema, &mut descriptions);
        assert!(descriptions.len() > 5, "{name}");
        for d in descriptions {
            let japanese = d.chars().any(|c| {
                ('\u{3040}'..='\u{30ff}').contains(&c) || ('\u{4e00}'..='\u{9fff}').contains(&c)
            });
            // "日本語 / English": the English after the last "/ ".
            let english = d
                .rsplit_once("/ ")
                .is_some_and(|(_, en)| en.chars().any(|c| c.is_ascii_alphabetic()));
            assert!(
                japanese && english,
                "{name}: {d:?} is not in both languages"
            );
        }
    }
}

fn collect<'a>(v: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("description", serde_json::Value::String(s)) => out.push(s),
                    _ => collect(x, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| collect(x, out)),
        _ => {}
    }
}
