//! Hostile projects. A repository is built as it is cloned (on CI, say), so nothing from
//! outside the project may be published or echoed in a message (symbolic links, `get_env`),
//! links may not point at another site (`base_path`), and the open data must stay inert when
//! opened in a spreadsheet (formula injection) and exact (large numbers).

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
