//! Helpers shared by the tests that run the real binary on broken or hostile projects
//! (`bad_input.rs`, `attacks.rs`).
#![allow(dead_code)] // each test file uses its own subset

pub mod git;
pub mod locale;
pub mod open_sdg;
pub mod output;
pub mod publisher;
pub mod serve;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const MINIMAL: &str = "tests/fixtures/minimal";

/// A run that takes longer than this is a hang (a pathological input must not stall a build).
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` (not following symbolic links), relative path → bytes; a link is
/// recorded as its target, so a snapshot notices it being replaced or removed.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

pub fn copy_tree(from: &Path, to: &Path) {
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

/// A previous site in `root/output`: a file the city put there, two pages a fake manifest says
/// shinchoku wrote (one of which the next build would not write again).
pub fn seed_output(root: &Path) {
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

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `shinchoku CMD ROOT`; see [`shinchoku`].
pub fn run(cmd: &str, root: &Path) -> Result<Run, String> {
    shinchoku(&[cmd.as_ref(), root.as_ref()], &[])
}

/// Arguments that make the binary's messages English, which the tests' expectations are.
pub const IN_ENGLISH: [&str; 2] = ["--lang", "en"];

/// Runs the real binary with `args` and messages in English (`--lang en`, unless `args` choose
/// a language or run `init`, whose `--lang` is the project's): the tests' expectations are
/// the English messages, whatever language their projects are in.
pub fn shinchoku(args: &[&OsStr], env: &[(&str, &str)]) -> Result<Run, String> {
    let chooses = |a: &&OsStr| *a == "--lang" || *a == "init";
    let mut args = args.to_vec();
    if !args.iter().any(chooses) {
        args.extend([OsStr::new("--lang"), OsStr::new("en")]);
    }
    shinchoku_as_is(&args, env)
}

/// Runs the real binary with exactly `args`, and `env` added to its environment; a run that
/// outlives TIMEOUT is killed and reported as a hang.
pub fn shinchoku_as_is(args: &[&OsStr], env: &[(&str, &str)]) -> Result<Run, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .envs(env.iter().copied())
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
            return Err(format!(
                "`shinchoku {args:?}` did not finish in {TIMEOUT:?}"
            ));
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
pub fn expect_failure(root: &Path, expected: &[String]) -> Vec<String> {
    expect_failure_of(&["check", "build"], root, expected)
}

/// Runs each of `commands` on a broken project: each must exit with 1, print every line of
/// `expected` (the first is the first error's location) and a `help:` after every error, name
/// files relative to the project, and change nothing in it. Returns what went wrong.
pub fn expect_failure_of(commands: &[&str], root: &Path, expected: &[String]) -> Vec<String> {
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
    for &cmd in commands {
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
        // Every error says what to do (after the source line and its caret, when shown).
        let lines: Vec<&str> = r.stderr.lines().collect();
        let is_snippet = |n: &str| {
            n.trim_start()
                .split_once('|')
                .is_some_and(|(number, _)| number.trim().chars().all(|c| c.is_ascii_digit()))
        };
        for (i, l) in lines.iter().enumerate() {
            let next = lines[i + 1..].iter().find(|n| !is_snippet(n));
            if l.starts_with("error: ") && !next.is_some_and(|n| n.starts_with("  help: ")) {
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
        let r = run(commands[0], root);
        let stderr = r.map(|r| r.stderr).unwrap_or_default();
        problems.push(format!("stderr of {} was:\n{stderr}", commands[0]));
    }
    problems
}

/// Runs `check` and `build` on a valid project; returns what went wrong.
pub fn expect_success(root: &Path, expected: &[String]) -> Vec<String> {
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

/// A project from the minimal fixture, changed by `f`.
pub fn minimal_with(f: impl FnOnce(&Path)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join(MINIMAL), tmp.path());
    f(tmp.path());
    tmp
}

/// A copy of Atsugi's content (the repository's own `content/`, no shinchoku.yaml) in a temp
/// folder, changed by `f`.
pub fn atsugi_with(f: impl FnOnce(&Path)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &tmp.path().join("content"));
    f(tmp.path());
    tmp
}

/// The locale variables cleared, so that a run's language is what the test chooses.
pub const NO_LOCALE: [(&str, &str); 3] = [("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "C")];
