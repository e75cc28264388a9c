//! `check` catches everything `build` would: it renders the whole site with the project's
//! theme, writing nothing, so a broken template or a narrative link to no page fails `check`
//! on a pull request instead of `build` on the main branch.

mod common;

use std::fs;
use std::path::Path;

use common::*;

/// A project theme `mine` whose `unit.html` is `template`.
fn with_unit_template(template: &str) -> tempfile::TempDir {
    minimal_with(|root| {
        fs::write(root.join("shinchoku.yaml"), "theme: mine\n").unwrap();
        let dir = root.join("themes/mine/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("unit.html"), template).unwrap();
    })
}

/// `check` and `build` both fail, naming `expected` in stderr, and nothing is written.
fn both_fail(root: &Path, expected: &[&str]) {
    seed_output(root);
    let before = snapshot(root);
    for cmd in ["check", "build"] {
        let r = run(cmd, root).unwrap();
        assert_eq!(r.code, Some(1), "{cmd} should fail:\n{}", r.stderr);
        for e in expected {
            assert!(
                r.stderr.contains(e),
                "{cmd}: stderr lacks {e:?}:\n{}",
                r.stderr
            );
        }
        assert_eq!(snapshot(root), before, "{cmd} changed the project");
    }
}

#[test]
fn a_template_syntax_error_fails_check_and_names_the_file_and_line() {
    let project = with_unit_template(
        "{% extends \"base.html\" %}\n{% block main %}{{ unit.name </p>{% endblock main %}\n",
    );
    both_fail(
        project.path(),
        &[
            "themes/mine/templates/unit.html: a template syntax error",
            "2:",
        ],
    );
}

#[test]
fn a_template_that_fails_to_render_fails_check_and_names_the_file() {
    let project = with_unit_template(
        "{% extends \"base.html\" %}\n{% block main %}{{ unit.nmae }}{% endblock main %}\n",
    );
    both_fail(
        project.path(),
        &[
            "themes/mine/templates/unit.html: rendering units/",
            "Variable `unit.nmae` not found",
        ],
    );
}

#[test]
fn an_include_of_no_template_fails_check() {
    let project = with_unit_template("{% include \"nope.html\" %}");
    both_fail(
        project.path(),
        &["themes/mine/templates/unit.html", "nope.html", "not found"],
    );
}

#[test]
fn an_error_in_a_built_in_template_says_so_and_names_the_projects_file() {
    // The project's macros.html lacks the macros the built-in pages call.
    let project = minimal_with(|root| {
        fs::write(root.join("shinchoku.yaml"), "theme: mine\n").unwrap();
        let dir = root.join("themes/mine/templates");
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("macros.html"),
            "{% macro other() %}{% endmacro other %}\n",
        )
        .unwrap();
    });
    both_fail(
        project.path(),
        &[
            "(built into shinchoku's default theme)",
            "themes/mine/templates/macros.html",
        ],
    );
}

#[test]
fn a_valid_project_theme_passes_check() {
    let project = with_unit_template(
        "{% extends \"base.html\" %}\n{% block main %}<h1>{{ unit.name }}</h1>{% endblock main %}\n",
    );
    let r = run("check", project.path()).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("summary"), "{}", r.stdout);
}

#[test]
fn a_policy_without_its_report_year_narrative_gets_a_warning_not_an_error() {
    let project = minimal_with(|root| {
        let unit = root.join("content/units/I-1-1-1.yaml");
        let text = fs::read_to_string(&unit).unwrap();
        let cut = text.find("  R5:").unwrap();
        fs::write(&unit, &text[..cut]).unwrap();
    });
    for cmd in ["check", "build"] {
        let r = run(cmd, project.path()).unwrap();
        assert_eq!(r.code, Some(0), "{cmd}: {}", r.stderr);
        assert!(
            r.stderr.contains(
                "warning: content/units/I-1-1-1.yaml:5:1: `narratives`: unit policy I-1-(1)-① has narratives for R3, R4 but none for R5, the report year"
            ),
            "{cmd}: {}",
            r.stderr
        );
        assert!(r.stderr.contains("5 | narratives:"), "{}", r.stderr);
        assert!(
            r.stderr.contains("help: add `R5:` under `narratives:`"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn atsugis_one_policy_without_r5_narrative_is_pointed_out() {
    // The published 詳細表 has no 計画・実績 cells for R5 in this row (see the unit's notes).
    let r = run("check", &repo()).unwrap();
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    assert!(
        warnings[0].starts_with("warning: content/units/II-1-1-2.yaml:8:1:"),
        "{}",
        warnings[0]
    );
}
