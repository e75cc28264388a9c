//! The bad-input corpus: every kind of broken content gives an error that names the file and
//! line and says what to do, never a panic, and a failed `build` leaves `output/` untouched.
//!
//! Each folder under `tests/bad-input/` is one case: the files that differ from the minimal
//! valid project in `tests/fixtures/minimal/` (a file `<name>.delete` removes `<name>`), plus
//!
//! - `expected.txt`: lines that must all appear in stderr. The first is the location of the
//!   first error, `path:line:` (or `path:` when no line is knowable); blank lines and lines
//!   starting with `# ` are ignored; or
//! - `succeeds.txt`: the case is valid input that must be accepted (e.g. full-width digits);
//!   its lines must appear in stdout.
//!
//! Cases that would be awkward to commit (a file over 4 MiB, symbolic links) are made at run
//! time by the separate tests at the end.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CASES: &str = "tests/bad-input";
const MINIMAL: &str = "tests/fixtures/minimal";
/// Names in a case folder that describe the case rather than belong to the project.
const META: [&str; 2] = ["expected.txt", "succeeds.txt"];
/// A run that takes longer than this is a hang (a pathological input must not stall a build).
const TIMEOUT: Duration = Duration::from_secs(60);

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (not following symbolic links), relative path → bytes; a link is
/// recorded as its target, so a snapshot notices it being replaced or removed.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let meta = fs::symlink_metadata(&p).unwrap();
            if meta.file_type().is_symlink() {
                let target = fs::read_link(&p).unwrap();
                out.insert(
                    format!("{rel} -> link"),
                    target.to_string_lossy().into_owned().into(),
                );
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(root, &p, out);
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_tree(from: &Path, to: &Path) {
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            fs::create_dir_all(&dest).unwrap();
            copy_tree(&p, &dest);
        } else {
            fs::copy(&p, &dest).unwrap();
        }
    }
}

/// Files of a case folder, relative, without its META files.
fn case_files(case: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(case, case, &mut out);
    out.retain(|p| !META.iter().any(|m| p == Path::new(m)));
    out.sort();
    out
}

/// The minimal project with the case applied, in a fresh temporary folder.
fn project(case: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    let files = case_files(case);
    for rel in &files {
        if let Some(target) = rel.to_str().unwrap().strip_suffix(".delete") {
            let p = tmp.path().join(target);
            if p.is_dir() {
                fs::remove_dir_all(&p).unwrap();
            } else {
                fs::remove_file(&p).unwrap();
            }
        }
    }
    for rel in &files {
        if rel.extension().is_some_and(|e| e == "delete") {
            continue;
        }
        let dest = tmp.path().join(rel);
        fs::create_dir_all(dest.parent().unwrap()).unwrap();
        fs::copy(case.join(rel), &dest).unwrap();
    }
    tmp
}

/// A previous site in `root/output`: a file the city put there, two pages a fake manifest says
/// shinchoku wrote (one of which the next build would not write again).
fn seed_output(root: &Path) {
    let out = root.join("output");
    fs::create_dir_all(out.join("units")).unwrap();
    fs::write(out.join("sentinel.txt"), "the city's own file\n").unwrap();
    fs::write(out.join("index.html"), "<p>previous site</p>\n").unwrap();
    fs::write(out.join("units/old.html"), "<p>old page</p>\n").unwrap();
    fs::write(
        out.join(".shinchoku-manifest"),
        "# Files written by shinchoku; others here are left alone.\nindex.html\nunits/old.html\n",
    )
    .unwrap();
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the real binary; a run that outlives TIMEOUT is killed and reported as a hang.
fn run(cmd: &str, root: &Path) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg(cmd)
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start shinchoku: {e}"))?;
    let reader = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = reader(Box::new(child.stdout.take().unwrap()));
    let err = reader(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("`shinchoku {cmd}` did not finish in {TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    })
}

/// Runs `check` and `build` on a broken project; returns what went wrong (empty: all good).
fn expect_failure(root: &Path, expected: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    seed_output(root);
    let before = snapshot(root);
    let location = expected.first().map(String::as_str).unwrap_or_default();
    let file = location.split(':').next().unwrap_or_default();
    if location.is_empty() || !location.ends_with(':') || Path::new(file).is_absolute() {
        problems.push(format!(
            "expected.txt must start with the error's location, `relative/path:line:` or `relative/path:`; it starts with {location:?}"
        ));
    }
    for cmd in ["check", "build"] {
        let r = match run(cmd, root) {
            Ok(r) => r,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let mut fail = |what: String| problems.push(format!("{cmd}: {what}"));
        if r.code != Some(1) {
            fail(format!("exit code {:?}, expected 1", r.code));
        }
        if r.stderr.contains("panicked") {
            fail("panicked".into());
        }
        for line in expected {
            if !r.stderr.contains(line.as_str()) {
                fail(format!("stderr lacks {line:?}"));
            }
        }
        if !location.is_empty() && !r.stderr.contains(&format!("error: {location}")) {
            fail(format!("no error is located at {location:?}"));
        }
        let root_text = root.to_string_lossy();
        if r.stderr.contains(root_text.as_ref()) {
            fail("stderr names files by absolute path, not relative to the project".into());
        }
        // Every error says what to do.
        let lines: Vec<&str> = r.stderr.lines().collect();
        for (i, l) in lines.iter().enumerate() {
            if l.starts_with("error: ")
                && !lines.get(i + 1).is_some_and(|n| n.starts_with("  help: "))
            {
                fail(format!("no help for {l:?}"));
            }
        }
        if !r.stdout.is_empty() {
            fail(format!("printed to stdout: {:?}", r.stdout));
        }
        let after = snapshot(root);
        if after != before {
            let changed: Vec<&String> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            fail(format!("the project folder changed: {changed:?}"));
        }
        for sibling in ["output.shinchoku-tmp", "output.shinchoku-old"] {
            if root.join(sibling).exists() {
                fail(format!("{sibling} was left behind"));
            }
        }
        if problems.len() > 20 {
            break;
        }
    }
    if !problems.is_empty() {
        let r = run("check", root);
        let stderr = r.map(|r| r.stderr).unwrap_or_default();
        problems.push(format!("stderr of check was:\n{stderr}"));
    }
    problems
}

/// Runs `check` and `build` on a valid project; returns what went wrong.
fn expect_success(root: &Path, expected: &[String]) -> Vec<String> {
    let mut problems = Vec::new();
    seed_output(root);
    for cmd in ["check", "build"] {
        let r = match run(cmd, root) {
            Ok(r) => r,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        if r.code != Some(0) {
            problems.push(format!(
                "{cmd}: exit code {:?}, expected success; stderr:\n{}",
                r.code, r.stderr
            ));
        }
        for line in expected {
            if !r.stdout.contains(line.as_str()) {
                problems.push(format!("{cmd}: stdout lacks {line:?}"));
            }
        }
    }
    let out = root.join("output");
    if fs::read_to_string(out.join("sentinel.txt")).ok().as_deref() != Some("the city's own file\n")
    {
        problems.push("build: the city's own file in output/ was not kept".into());
    }
    if !out.join("index.html").is_file() || out.join("units/old.html").exists() {
        problems.push("build: output/ does not hold the new site".into());
    }
    problems
}

fn lines(path: &Path) -> Vec<String> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("# "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_minimal_fixture_is_valid() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    let problems = expect_success(tmp.path(), &["3 unit policies, 2 indicators".into()]);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_bad_input_is_reported_and_writes_nothing() {
    let mut cases: Vec<PathBuf> = fs::read_dir(repo().join(CASES))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let (mut bad, mut good) = (0, 0);
    let mut report = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy();
        let tmp = project(case);
        let problems = if case.join("expected.txt").is_file() {
            bad += 1;
            expect_failure(tmp.path(), &lines(&case.join("expected.txt")))
        } else if case.join("succeeds.txt").is_file() {
            good += 1;
            expect_success(tmp.path(), &lines(&case.join("succeeds.txt")))
        } else {
            vec!["has neither expected.txt nor succeeds.txt".into()]
        };
        if !problems.is_empty() {
            report.push(format!("--- {name}\n{}", problems.join("\n")));
        }
    }
    println!("bad inputs: {bad} cases checked, {good} valid variants accepted");
    assert!(
        report.is_empty(),
        "{} of {} cases failed:\n{}",
        report.len(),
        cases.len(),
        report.join("\n")
    );
    assert!(
        bad >= 50,
        "the corpus should hold at least 50 bad inputs, has {bad}"
    );
}

/// A project from the minimal fixture, changed by `f`.
fn minimal_with(f: impl FnOnce(&Path)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    f(tmp.path());
    tmp
}

#[test]
fn a_huge_file_is_refused_unread() {
    // Just over the 4 MiB limit, and valid YAML, so only the size can be the problem.
    let tmp = minimal_with(|root| {
        let mut text = String::from("notes: |\n");
        let line = format!("  {}\n", "x".repeat(98));
        while text.len() <= 4 * 1024 * 1024 {
            text.push_str(&line);
        }
        fs::write(root.join("content/indicators/03.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/03.yaml:".into(),
            "over the 4194304-byte limit".into(),
            "help: a content file holds one unit policy or indicator; split or trim it".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported() {
    let tmp = minimal_with(|root| {
        std::os::unix::fs::symlink("..", root.join("content/units/loop")).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/loop:".into(),
            "symbolic link loop".into(),
            "help: remove the link or point it at a real file or folder".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_broken_symbolic_link_is_reported() {
    let tmp = minimal_with(|root| {
        std::os::unix::fs::symlink("gone.yaml", root.join("content/indicators/03.yaml")).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/03.yaml:".into(),
            "broken symbolic link to gone.yaml".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // A 1 MB value repeated through 10,000 aliases would be 10 GB of text.
    let tmp = minimal_with(|root| {
        let mut text = format!(
            "id: I-1-(1)-②\nname: &big {}\nrelated_projects:\n",
            "x".repeat(1024 * 1024)
        );
        text.push_str(&"  - *big\n".repeat(10_000));
        fs::write(root.join("content/units/I-1-1-2.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/I-1-1-2.yaml:18:".into(),
            "with its `*aliases` expanded, the file's text is over 16777216 bytes".into(),
            "help: write values out instead of repeating a long one with `&anchor` and `*alias`"
                .into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn deep_nesting_is_refused_at_once() {
    // 100,000 nested brackets: no content file nests more than a few levels.
    let tmp = minimal_with(|root| {
        let depth = 100_000;
        let text = format!(
            "id: I-1-(1)-②\nname: 創業の支援\nrelated_projects: {}{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        fs::write(root.join("content/units/I-1-1-2.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/units/I-1-1-2.yaml:3:".into(),
            "nested more than 32 levels deep".into(),
            "help: content files nest a few levels at most".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_file_with_thousands_of_problems_reports_the_first_hundred() {
    // 8,000 malformed IDs: each is a problem, each must be located in the same file.
    let tmp = minimal_with(|root| {
        let ids: String = (0..8_000).map(|i| format!("  - bad-{i}\n")).collect();
        let text = fs::read_to_string(root.join("content/indicators/02.yaml"))
            .unwrap()
            .replace(
                "unit_policies: [I-1-(2)-①]\n",
                &format!("unit_policies:\n{ids}"),
            );
        fs::write(root.join("content/indicators/02.yaml"), text).unwrap();
    });
    let problems = expect_failure(
        tmp.path(),
        &[
            "content/indicators/02.yaml:7:".into(),
            "`unit_policies[0]`: `bad-0` is not a unit policy ID".into(),
            "content/indicators/02.yaml:106:5: `unit_policies[99]`: `bad-99`".into(),
            "error: content/indicators/02.yaml: … and 7900 more problems in this file".into(),
            "help: fix the first 100 above and run the check again to see the rest".into(),
        ],
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let run = run("check", tmp.path()).unwrap();
    assert!(
        !run.stderr.contains("bad-100`"),
        "problems past the 100th are counted, not listed"
    );
}
