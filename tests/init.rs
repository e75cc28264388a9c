//! `shinchoku init`: a new project that checks and builds on the first try, in either
//! language, and never a file overwritten.

mod common;

use std::ffi::OsStr;
use std::path::Path;

use common::shinchoku;

fn init(dir: &Path, lang: &str) -> common::Run {
    shinchoku(
        &[
            OsStr::new("init"),
            dir.as_os_str(),
            OsStr::new("--lang"),
            OsStr::new(lang),
        ],
        &[],
    )
    .unwrap()
}

/// init, then check and build: the summary `check` prints and the pages `build` writes.
fn starts_and_builds(lang: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    let made = init(&dir, lang);
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    for file in [
        "shinchoku.yaml",
        "content/plan.yaml",
        "content/units/I-1-1-1.yaml",
        "content/units/I-1-1-2.yaml",
        "content/indicators/01.yaml",
        "content/indicators/02.yaml",
        ".gitignore",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        ".vscode/schemas/plan.schema.json",
        ".github/workflows/shinchoku.yml",
        ".gitlab-ci.yml",
    ] {
        assert!(dir.join(file).is_file(), "init did not write {file}");
    }
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(
        gitignore
            .lines()
            .any(|l| matches!(l.trim(), "output/" | "/output/")),
        "{gitignore}"
    );

    editor_validates_every_file(&dir);

    let check = common::run("check", &dir).unwrap();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stdout.contains("2 unit policies, 2 indicators"),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains("on track 1; not on track 0; pending 1"),
        "{}",
        check.stdout
    );

    let build = common::run("build", &dir).unwrap();
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    for page in ["index.html", "units/i-1-1-1.html", "indicators/kpi-01.html"] {
        assert!(
            dir.join("output").join(page).is_file(),
            "build wrote no {page}"
        );
    }
}

/// VS Code's settings name a schema for every file of the new project, the schema is there,
/// and it accepts the file.
fn editor_validates_every_file(dir: &Path) {
    let settings: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let mapping = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(mapping.len(), 4, "{mapping:?}");
    let named = |file: &str| -> String {
        let (schema, _) = mapping
            .iter()
            .find(|(_, globs)| {
                globs.as_array().unwrap().iter().any(|g| {
                    let g = g.as_str().unwrap();
                    g == file
                        || g.strip_suffix("*.yaml")
                            .is_some_and(|d| file.starts_with(d) && !file[d.len()..].contains('/'))
                })
            })
            .unwrap_or_else(|| panic!("no schema for {file}"));
        schema.trim_start_matches("./").to_string()
    };
    for file in [
        "shinchoku.yaml",
        "content/plan.yaml",
        "content/units/I-1-1-1.yaml",
        "content/indicators/01.yaml",
    ] {
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join(named(file))).unwrap()).unwrap();
        let yaml: serde_json::Value =
            serde_saphyr::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        let v = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = v.iter_errors(&yaml).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
}

#[test]
fn schema_writes_the_schemas_and_refuses_to_replace_them_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![OsStr::new("schema"), tmp.path().as_os_str()];
        args.extend(extra.iter().map(OsStr::new));
        shinchoku(&args, &[]).unwrap()
    };
    assert_eq!(run(&[]).code, Some(0));
    let written =
        std::fs::read_to_string(tmp.path().join(".vscode/schemas/unit.schema.json")).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(common::repo().join("schemas/unit.schema.json")).unwrap(),
        "the same schema as the repository's"
    );
    let again = run(&[]);
    assert_ne!(again.code, Some(0));
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(run(&["--force"]).code, Some(0));
}

#[test]
fn a_japanese_project_checks_and_builds() {
    starts_and_builds("ja");
}

#[test]
fn an_english_project_checks_and_builds() {
    starts_and_builds("en");
}

#[test]
fn an_english_projects_site_has_no_japanese() {
    // Level names, symbols and suffixes the project leaves out default to English words.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    assert_eq!(init(&dir, "en").code, Some(0));
    assert_eq!(common::run("build", &dir).unwrap().code, Some(0));
    let lines = common::locale::cjk_lines(&dir.join("output"), "");
    assert!(lines.is_empty(), "{lines:#?}");
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(dir.join("content/plan.yaml"), "mine\n").unwrap();
    let before = common::snapshot(dir);
    let refused = init(dir, "ja");
    assert_ne!(refused.code, Some(0));
    assert!(
        refused.stderr.contains("content/plan.yaml"),
        "names the file in the way: {}",
        refused.stderr
    );
    assert_eq!(common::snapshot(dir), before, "no file written or changed");
}

#[test]
fn a_folder_without_a_project_is_one_message_pointing_to_init() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    for (dir, says) in [
        (missing.as_path(), "no such folder"),
        (
            tmp.path(),
            "not a shinchoku project: there is no content/plan.yaml",
        ),
    ] {
        for cmd in ["check", "build"] {
            let run = common::run(cmd, dir).unwrap();
            assert_ne!(run.code, Some(0));
            assert!(run.stderr.contains(says), "{cmd}: {}", run.stderr);
            assert!(run.stderr.contains("shinchoku init"), "{}", run.stderr);
            assert!(run.stderr.contains("1 error found"), "{}", run.stderr);
        }
    }
    assert!(!missing.exists(), "nothing created");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
