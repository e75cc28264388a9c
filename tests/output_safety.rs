//! The output folder never loses a file. A build replaces only the files shinchoku wrote
//! before; everything else in the folder keeps its bytes, owner, mode, times and links, even
//! when the build is killed at any step, when two builds run at once, and when the folder is a
//! symbolic link or a mount point.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::output::{Kind, build_minimal_into, names_in, snapshot, stderr, stdout};
use common::publisher::{
    add_foreign_files, assert_built, assert_finished, check_output, foreign_entries,
    publishers_entries,
};
use shinchoku::write::{self, STAGING, Site, stop};

/// The site a previous build wrote. `gone/` and `unused/` are not in the next site; `feed`
/// becomes a folder.
const OLD: &[(&str, &str)] = &[
    ("index.html", "old index"),
    ("units/a.html", "old a"),
    ("units/gone.html", "old gone"),
    (
        "gone/page.html",
        "old page in a folder the publisher also uses",
    ),
    ("unused/deep/page.html", "old page in folders only we used"),
    ("data/report.json", "{\"old\": true}"),
    ("feed", "old file where a folder goes next"),
];

/// The site the build under test writes.
const NEW: &[(&str, &str)] = &[
    ("index.html", "new index"),
    ("404.html", "new 404"),
    ("units/a.html", "new a"),
    ("units/b.html", "new b"),
    ("fresh/deep/page.html", "new page in new folders"),
    ("data/report.json", "{\"new\": true}"),
    ("feed/index.html", "new page where our file was"),
];

fn site(files: &[(&str, &str)]) -> Site {
    files
        .iter()
        .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
        .collect()
}

/// A starting point for a build: what is in `output/` before it.
#[derive(Clone, Copy, Debug)]
enum Before {
    /// A folder of the publisher's that shinchoku never wrote to (no manifest).
    PublishersFolder,
    /// A previous build of [`OLD`], with the publisher's files added since.
    PreviousBuild,
}

impl Before {
    /// Makes `out` so; returns the site a previous build wrote there. `test` is the test
    /// that asks, run again as a child process to build (see [`build_in_child`]).
    fn prepare(self, test: &str, out: &Path) -> Site {
        match self {
            Before::PublishersFolder => {
                fs::create_dir_all(out).unwrap();
                add_foreign_files(out, false);
                Site::new()
            }
            Before::PreviousBuild => {
                build_in_child(test, out, OLD, 0).expect("not stopped");
                add_foreign_files(out, true);
                site(OLD)
            }
        }
    }
}

/// In a child process (`test` in this test binary again), a `write_site` of `files` into
/// `out` that is stopped at step `stop_at` (0: never). Returns how many steps it took if it
/// finished.
///
/// Every build runs in a child: a build locks the output folder, and a child spawned by
/// another test thread meanwhile would inherit that lock until it starts its program.
fn build_in_child(test: &str, out: &Path, files: &[(&str, &str)], stop_at: u64) -> Option<u64> {
    let steps_file = out.with_extension("steps");
    let o = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_OUTPUT, out)
        .env(CHILD_SITE, if files == OLD { "old" } else { "new" })
        .env(CHILD_STOP_AT, stop_at.to_string())
        .env(CHILD_STEPS, &steps_file)
        .output()
        .unwrap();
    match o.status.code() {
        Some(stop::EXIT_CODE) => None,
        Some(0) => {
            let steps = fs::read_to_string(&steps_file).unwrap().parse().unwrap();
            fs::remove_file(steps_file).unwrap();
            Some(steps)
        }
        code => panic!(
            "child build ended with {code:?}: {}{}",
            stdout(&o),
            stderr(&o)
        ),
    }
}

const CHILD_OUTPUT: &str = "OUTPUT_SAFETY_CHILD_OUTPUT";
const CHILD_STOP_AT: &str = "OUTPUT_SAFETY_CHILD_STOP_AT";
const CHILD_STEPS: &str = "OUTPUT_SAFETY_CHILD_STEPS";
const CHILD_SITE: &str = "OUTPUT_SAFETY_CHILD_SITE";

/// The child's side of [`build_in_child`]; true if this process is such a child.
fn child_build() -> bool {
    let Some(out) = std::env::var_os(CHILD_OUTPUT) else {
        return false;
    };
    stop::at(std::env::var(CHILD_STOP_AT).unwrap().parse().unwrap());
    let files = match std::env::var(CHILD_SITE).unwrap().as_str() {
        "old" => OLD,
        _ => NEW,
    };
    write::write_site(&site(files), Path::new(&out)).unwrap();
    fs::write(
        std::env::var_os(CHILD_STEPS).unwrap(),
        stop::steps().to_string(),
    )
    .unwrap();
    true
}

#[test]
fn a_build_killed_at_any_step_loses_no_file_and_the_next_build_completes() {
    const TEST: &str = "a_build_killed_at_any_step_loses_no_file_and_the_next_build_completes";
    if child_build() {
        return;
    }
    for before in [Before::PublishersFolder, Before::PreviousBuild] {
        let steps = {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("output");
            before.prepare(TEST, &out);
            build_in_child(TEST, &out, NEW, 0).expect("finishes when not stopped")
        };
        assert!(steps > 20, "{before:?}: only {steps} steps");
        for step in 1..=steps {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("output");
            let old = before.prepare(TEST, &out);
            let foreign = foreign_entries(&out, &old);
            assert_eq!(build_in_child(TEST, &out, NEW, step), None, "stopped");
            let when = format!("{before:?}, killed at step {step} of {steps}");
            // Each of our files is its old or its new version; a file both sites have is
            // never missing.
            let wrong = check_output(&out, &foreign, &[&old, &site(NEW)]);
            assert!(wrong.is_empty(), "{when}: {wrong:#?}");
            for rel in old.keys().filter(|rel| site(NEW).contains_key(*rel)) {
                assert!(out.join(rel).exists(), "{when}: {rel} missing");
            }
            assert_eq!(names_in(dir.path()), ["output"], "{when}");
            // The next build finishes or clears what the killed one left, then builds.
            build_in_child(TEST, &out, NEW, 0).expect("not stopped");
            assert_finished(&out, &foreign, &site(NEW), &when);
        }
    }
}

#[test]
fn a_build_killed_while_finishing_a_killed_build_loses_no_file() {
    const TEST: &str = "a_build_killed_while_finishing_a_killed_build_loses_no_file";
    if child_build() {
        return;
    }
    let before = Before::PreviousBuild;
    let crashed = |step: u64| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let old = before.prepare(TEST, &out);
        let foreign = foreign_entries(&out, &old);
        assert_eq!(build_in_child(TEST, &out, NEW, step), None);
        (dir, out, old, foreign)
    };
    let total = {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        before.prepare(TEST, &out);
        build_in_child(TEST, &out, NEW, 0).unwrap()
    };
    // The steps after the commit point, where the next build has to move the rest in.
    let after_commit: Vec<u64> = (1..=total)
        .filter(|&step| {
            let (_dir, out, ..) = crashed(step);
            out.join(STAGING).join("manifest").exists()
        })
        .collect();
    assert!(after_commit.len() > 10, "{after_commit:?}");
    // Killed with nothing moved yet, halfway through and at the very end; each time the next
    // build is killed at each of its own steps. (Every pair would take minutes.)
    let middle = after_commit[after_commit.len() / 2];
    for first in [
        after_commit[0],
        middle,
        after_commit[after_commit.len() - 1],
    ] {
        let recovery_steps = {
            let (_dir, out, ..) = crashed(first);
            build_in_child(TEST, &out, NEW, 0).unwrap()
        };
        for second in 1..=recovery_steps {
            let (_dir, out, old, foreign) = crashed(first);
            assert_eq!(build_in_child(TEST, &out, NEW, second), None);
            let when = format!("killed at step {first}, then at step {second} of the next build");
            let wrong = check_output(&out, &foreign, &[&old, &site(NEW)]);
            assert!(wrong.is_empty(), "{when}: {wrong:#?}");
            build_in_child(TEST, &out, NEW, 0).expect("not stopped");
            assert_finished(&out, &foreign, &site(NEW), &when);
        }
    }
}

#[test]
fn a_first_build_into_a_folder_of_files_keeps_every_one_exactly() {
    // The issue's case: an empty folder and a private one, plus every other kind of entry.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    fs::create_dir_all(out.join("a")).unwrap();
    fs::create_dir_all(out.join("k")).unwrap();
    fs::write(out.join("k/f"), "x\n").unwrap();
    fs::set_permissions(out.join("k"), fs::Permissions::from_mode(0o700)).unwrap();
    add_foreign_files(&out, false);
    let before = snapshot(&out);
    assert_built(&build_minimal_into(&out));
    assert_eq!(publishers_entries(&out), before);
    assert!(out.join("index.html").is_file());
    // And the next build too.
    assert_built(&build_minimal_into(&out));
    assert_eq!(publishers_entries(&out), before);
    assert_eq!(names_in(dir.path()), ["out"]);
}

#[test]
fn a_folder_left_mid_swap_by_an_earlier_version_is_put_back_not_deleted() {
    // Earlier versions renamed output/ to output.shinchoku-old, then the new site into place;
    // killed in between, the publisher's files were only in output.shinchoku-old.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    assert_built(&build_minimal_into(&out));
    add_foreign_files(&out, false);
    let foreign = publishers_entries(&out);
    fs::rename(&out, dir.path().join("output.shinchoku-old")).unwrap();
    fs::create_dir(dir.path().join("output.shinchoku-tmp")).unwrap();
    fs::write(dir.path().join("output.shinchoku-tmp/index.html"), "next").unwrap();
    let o = build_minimal_into(&out);
    assert_built(&o);
    assert!(
        stdout(&o).contains("output.shinchoku-old back as"),
        "{}",
        stdout(&o)
    );
    assert_eq!(publishers_entries(&out), foreign);
    assert_eq!(names_in(dir.path()), ["output"]);
}

#[test]
fn a_folder_left_by_an_earlier_version_next_to_an_output_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let old = dir.path().join("output.shinchoku-old");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join(".htaccess"), "perhaps the only copy").unwrap();
    fs::create_dir_all(&out).unwrap();
    let before = snapshot(&old);
    let o = build_minimal_into(&out);
    assert_built(&o);
    assert!(stdout(&o).contains("look through it"), "{}", stdout(&o));
    assert_eq!(snapshot(&old), before);
}

#[test]
fn a_second_build_while_one_holds_the_lock_stops_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    assert_built(&build_minimal_into(&out));
    add_foreign_files(&out, false);
    let before = snapshot(&out);
    // What a running build holds: an exclusive lock on the folder.
    let held = fs::File::open(&out).unwrap();
    held.lock().unwrap();
    let o = build_minimal_into(&out);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("another shinchoku build is writing into this folder")
            && stderr(&o).contains("lock"),
        "{}",
        stderr(&o)
    );
    assert_eq!(snapshot(&out), before);
    assert_eq!(names_in(dir.path()), ["output"]);
}

#[test]
fn builds_started_together_leave_one_complete_site() {
    let dir = tempfile::tempdir().unwrap();
    let reference = dir.path().join("reference");
    assert_built(&build_minimal_into(&reference));
    let expected: BTreeMap<String, Kind> = snapshot(&reference)
        .into_iter()
        .map(|(rel, entry)| (rel, entry.kind))
        .collect();
    let out = dir.path().join("output");
    let project = common::output::minimal_project();
    for round in 0..4 {
        let builds: Vec<_> = (0..2)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_shinchoku"))
                    .args([
                        "build".as_ref(),
                        project.as_os_str(),
                        "-o".as_ref(),
                        out.as_os_str(),
                    ])
                    .args(common::IN_ENGLISH)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut succeeded = 0;
        for build in builds {
            let o = build.wait_with_output().unwrap();
            if o.status.success() {
                succeeded += 1;
            } else {
                assert!(
                    stderr(&o).contains("another shinchoku build is writing into this folder"),
                    "round {round}: {}",
                    stderr(&o)
                );
            }
        }
        assert!(succeeded >= 1, "round {round}");
        let now: BTreeMap<String, Kind> = snapshot(&out)
            .into_iter()
            .map(|(rel, entry)| (rel, entry.kind))
            .collect();
        assert_eq!(now, expected, "round {round}");
    }
}

#[test]
fn output_may_be_a_symbolic_link() {
    // The usual deploy set-up: output -> the folder the web server serves.
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("www");
    fs::create_dir(&real).unwrap();
    add_foreign_files(&real, false);
    let link = dir.path().join("output");
    symlink("www", &link).unwrap();
    let before = snapshot(&real);
    for _ in 0..2 {
        assert_built(&build_minimal_into(&link));
        assert_eq!(fs::read_link(&link).unwrap(), PathBuf::from("www"));
        assert!(real.join("index.html").is_file());
        assert_eq!(publishers_entries(&real), before);
    }
    assert_eq!(names_in(dir.path()), ["output", "www"]);
}

#[test]
fn a_symbolic_link_to_nothing_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("output");
    symlink("www", &link).unwrap();
    let o = build_minimal_into(&link);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is a symbolic link to www, which does not exist"),
        "{}",
        stderr(&o)
    );
    assert_eq!(names_in(dir.path()), ["output"]);
}

/// The `shinchoku` binary and the minimal project, as arguments for a script.
fn binary_and_project() -> (PathBuf, PathBuf) {
    (
        PathBuf::from(env!("CARGO_BIN_EXE_shinchoku")),
        common::output::minimal_project(),
    )
}

#[test]
fn output_may_be_a_mount_point() {
    // A Docker volume or a tmpfs: the folder itself cannot be renamed ("Device or resource
    // busy"). A bind mount is one too, and leaves the files behind to look at afterwards.
    let dir = tempfile::tempdir().unwrap();
    let (real, mount) = (dir.path().join("volume"), dir.path().join("output"));
    fs::create_dir(&real).unwrap();
    fs::create_dir(&mount).unwrap();
    add_foreign_files(&real, false);
    let before = snapshot(&real);
    let (bin, project) = binary_and_project();
    let o = common::output::in_mount_namespace(
        dir.path(),
        r#"mount --bind "$1" "$2"
           "$3" build "$4" --output "$2"
           "$3" build "$4" --output "$2"
           mount -t tmpfs tmpfs "$2"
           "$3" build "$4" --output "$2"
           "$3" build "$4" --output "$2"
           test -f "$2/index.html""#,
        &[&real, &mount, &bin, &project],
    );
    assert_built(&o);
    assert!(real.join("index.html").is_file());
    assert_eq!(publishers_entries(&real), before);
}

#[test]
fn a_full_disk_is_reported_once_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mount = dir.path().join("small");
    fs::create_dir(&mount).unwrap();
    let (bin, project) = binary_and_project();
    // The minimal site is about 90 KiB.
    let o = common::output::in_mount_namespace(
        dir.path(),
        r#"mount -t tmpfs -o size=32k tmpfs "$1"
           if "$2" build "$3" --output "$1/output"; then exit 1; fi
           test -z "$(ls -A "$1")""#,
        &[&mount, &bin, &project],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(err.matches("No space left on device").count(), 1, "{err}");
    assert!(err.contains("the previous output is unchanged"), "{err}");
}

#[test]
fn an_error_from_the_system_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("file"), "").unwrap();
    let o = build_minimal_into(&dir.path().join("file/output"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).matches("Not a directory").count(),
        1,
        "{}",
        stderr(&o)
    );
}
