//! `shinchoku serve` as a browser sees it: the real binary on a free port, content edited in a
//! temporary copy, pages fetched over HTTP and reload events read from the event stream.

mod common;

use std::path::{Path, PathBuf};

use common::serve::*;

#[test]
fn an_edit_shows_up_and_open_pages_are_told_to_reload() {
    let server = start(&repo());
    let page = "/units/i-1-1-1.html";
    let first = get(server.port, page);
    assert_eq!(first.status, 200);
    assert!(
        first
            .head
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(first.body.contains("事業者の経営課題解決と経営基盤の安定"));
    assert!(
        first
            .body
            .contains("<script src=\"/__shinchoku/live.js\"></script>")
    );
    let rx = events(server.port);
    edit(
        &server.dir.path().join("content/units/I-1-1-1.yaml"),
        "name: 事業者の経営課題解決と経営基盤の安定",
        "name: 事業者の経営課題の解決（編集後）",
    );
    wait_for("the edited page", || {
        get(server.port, page)
            .body
            .contains("経営課題の解決（編集後）")
    });
    let reload = next_event(&rx, "reload");
    assert!(reload.contains("\"units/i-1-1-1.html\""), "{reload}");
    // The index lists every policy by name, so it was rebuilt too; an unrelated page was not.
    assert!(reload.contains("\"index.html\""), "{reload}");
    assert!(!reload.contains("units/iii-"), "{reload}");
}

#[test]
fn serves_safely_with_content_types_and_a_404_page() {
    let server = start(&repo());
    let p = server.port;
    let csv = get(p, "/data/indicators.csv");
    assert_eq!(csv.status, 200);
    assert!(
        csv.head.contains("content-type: text/csv; charset=utf-8"),
        "{}",
        csv.head
    );
    assert!(
        get(p, "/assets/style.css")
            .head
            .contains("content-type: text/css; charset=utf-8")
    );
    assert!(
        get(p, "/data/report.json")
            .head
            .contains("content-type: application/json")
    );
    let index = get(p, "/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("<h1>"));
    let missing = get(p, "/units/deeper/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("ページが見つかりません"));
    // Its links work from any depth: they start at the server's root.
    assert!(
        missing.body.contains("href=\"/index.html\""),
        "{}",
        missing.body
    );
    // And its style sheet is inline, so it keeps its looks wherever it is served.
    assert!(missing.body.contains("<style>") && !missing.body.contains("assets/style.css"));
    for attack in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/content/plan.yaml",
        "/../content/plan.yaml",
    ] {
        let r = get(p, attack);
        assert_eq!(r.status, 404, "{attack}");
        assert!(
            !r.body.contains("root:") && !r.body.contains("report_year"),
            "{attack}"
        );
    }
    let script = get(p, "/__shinchoku/live.js");
    assert!(script.head.contains("text/javascript"));
    assert!(script.body.contains("EventSource"));
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_the_error() {
    let server = start(&repo());
    let page = "/units/i-1-1-1.html";
    let rx = events(server.port);
    let file = server.dir.path().join("content/units/I-1-1-1.yaml");
    let good = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, "id: I-1-(1)-①\nname: 事業者の経営\n  related: [\n").unwrap();
    let error = next_event(&rx, "build-error");
    assert!(error.contains("content/units/I-1-1-1.yaml:"), "{error}");
    let during = get(server.port, page);
    assert_eq!(during.status, 200, "the last good page is still served");
    assert!(during.body.contains("事業者の経営課題解決と経営基盤の安定"));
    assert!(during.body.contains("id=\"shinchoku-error\""));
    assert!(during.body.contains("I-1-1-1.yaml"));
    // Recovery: the next good save rebuilds and the overlay is gone.
    std::fs::write(
        &file,
        good.replace("経営基盤の安定", "経営基盤の安定（直した）"),
    )
    .unwrap();
    wait_for("the fixed page", || {
        let r = get(server.port, page);
        r.body.contains("経営基盤の安定（直した）") && !r.body.contains("shinchoku-error")
    });
    next_event(&rx, "reload");
}

#[test]
fn adding_and_deleting_files_adds_and_removes_pages() {
    let server = start(&repo().join("tests/fixtures/minimal"));
    let content = server.dir.path().join("content");
    let page = "/units/i-1-2-2.html";
    assert_eq!(get(server.port, page).status, 404);
    std::fs::write(
        content.join("units/I-1-2-2.yaml"),
        "id: I-1-(2)-②\nname: 新しい単位施策\nrelated_projects: []\nnarratives: {}\n",
    )
    .unwrap();
    std::fs::write(
        content.join("indicators/03.yaml"),
        "no: 3\nname: 新しい指標\nunit: 件\ndecimals: 0\ndirection: higher_is_better\n\
         unit_policies: [I-1-(2)-②]\nbaseline: []\nyears:\n  R3: {target: 10, actual: 12}\n\
         \x20 R4: {target: 10, actual: 8}\n  R5: {target: 10, pending: 集計中}\n",
    )
    .unwrap();
    // Two saves: rebuilt together, or (on a busy machine, more than a few milliseconds
    // apart) one after the other.
    wait_for("the new unit policy's and indicator's pages", || {
        let r = get(server.port, page);
        r.status == 200
            && r.body.contains("新しい単位施策")
            && get(server.port, "/indicators/kpi-03.html").status == 200
    });
    // Renaming the policy (its ID, and the file after it) moves its page.
    let moved = "/units/i-1-2-3.html";
    let unit = std::fs::read_to_string(content.join("units/I-1-2-2.yaml")).unwrap();
    std::fs::remove_file(content.join("units/I-1-2-2.yaml")).unwrap();
    std::fs::write(
        content.join("units/I-1-2-3.yaml"),
        unit.replace("I-1-(2)-②", "I-1-(2)-③"),
    )
    .unwrap();
    edit(
        &content.join("indicators/03.yaml"),
        "I-1-(2)-②",
        "I-1-(2)-③",
    );
    wait_for("the moved page", || {
        get(server.port, moved).status == 200 && get(server.port, page).status == 404
    });
    std::fs::remove_file(content.join("indicators/03.yaml")).unwrap();
    std::fs::remove_file(content.join("units/I-1-2-3.yaml")).unwrap();
    wait_for("the page to go", || get(server.port, moved).status == 404);
    assert_eq!(get(server.port, "/indicators/kpi-03.html").status, 404);
}

/// The incremental rebuild must give exactly the site a full build gives. Each edit below
/// reaches pages through a different path (names shown on other pages, statuses on goal pages,
/// rows on overview pages, the summary on the index); after each, every file is compared.
#[test]
fn incremental_rebuilds_equal_a_full_build() {
    use shinchoku::serve::Rebuilt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shinchoku::synth::generate(dir, 60, 3).unwrap();
    // Small overview pages, so edits land on different ones.
    std::fs::write(dir.join("shinchoku.yaml"), "overview_page_size: 10\n").unwrap();
    let mut preview = first_build(dir);
    let units = dir.join("content/units");
    let indicators = dir.join("content/indicators");
    // A unit policy measured by a shared indicator, so its name shows on a neighbour's page.
    let shared = std::fs::read_dir(&indicators)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("\", \""))
        .expect("the generator shares some indicators");
    let text = std::fs::read_to_string(&shared).unwrap();
    let first_unit = text
        .split("unit_policies: [\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let unit_file = std::fs::read_dir(&units)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(&format!("id: \"{first_unit}\""))
        })
        .unwrap();
    let replace_first = |path: &Path, pattern: &str, with: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        let at = text
            .find(pattern)
            .unwrap_or_else(|| panic!("{pattern} in {}", path.display()));
        let end = at + text[at..].find('\n').unwrap();
        std::fs::write(path, format!("{}{with}{}", &text[..at], &text[end..])).unwrap();
    };
    let edits: Vec<(&str, PathBuf, &str, &str)> = vec![
        (
            "unit name",
            unit_file.clone(),
            "name: ",
            "name: \"名前を変えた施策\"",
        ),
        (
            "unit narrative",
            unit_file.clone(),
            "    plan: ",
            "    plan: \"計画を書き換えた\"",
        ),
        (
            "indicator name",
            shared.clone(),
            "name: ",
            "name: \"名前を変えた指標\"",
        ),
        (
            "indicator actual",
            shared.clone(),
            "  R7: ",
            "  R7: {target: 100, actual: 1}",
        ),
        (
            "pending to actual",
            shared.clone(),
            "  R7: ",
            "  R7: {target: 100, actual: 250}",
        ),
        (
            "indicator to pending",
            shared.clone(),
            "  R7: ",
            "  R7: {target: 100, pending: 集計中}",
        ),
        (
            "reflection",
            shared.clone(),
            "reflection: ",
            "reflection: \"反映を書き換えた\"",
        ),
    ];
    for (what, path, pattern, with) in edits {
        replace_first(&path, pattern, with);
        let r = preview.apply(std::slice::from_ref(&path));
        match &r {
            Rebuilt::Pages {
                changed, rendered, ..
            } => {
                assert!(
                    !changed.contains(&"*".to_string()),
                    "{what}: not incremental"
                );
                // Only the policy's own page shows its narrative.
                if what == "unit narrative" {
                    assert_eq!(*rendered, 1, "{what}: {changed:?}");
                }
            }
            Rebuilt::Failed(e) => panic!("{what}: {e}"),
        }
        assert_same_as_a_full_build(&mut preview, dir, what);
    }
}

/// The preview's files after an edit are byte for byte those of a full build.
fn assert_same_as_a_full_build(preview: &mut shinchoku::serve::Preview, dir: &Path, what: &str) {
    preview.refresh_data();
    let mut project = shinchoku::load::load(dir).unwrap();
    project.site.base_path = Some("/".into());
    let a = shinchoku::assess::assess(&project);
    let full = shinchoku::render::render(&project, &a).unwrap();
    let served = preview.served.files.read().unwrap();
    let keys =
        |s: &std::collections::BTreeMap<String, Vec<u8>>| s.keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&served), keys(&full), "{what}: the same files");
    for (path, bytes) in &full {
        assert!(
            served[path] == *bytes,
            "{what}: {path} differs from a full build"
        );
    }
}

/// Edits to one indicator that change what pages far from it show: its method, which can add
/// the "figures only" column to every table by place (a unit policy reported without a
/// judgement) and change the rate label every overview page heads its rows with.
#[test]
fn an_edit_that_changes_site_wide_text_equals_a_full_build() {
    use shinchoku::serve::Rebuilt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shinchoku::synth::generate(dir, 60, 3).unwrap();
    std::fs::write(dir.join("shinchoku.yaml"), "overview_page_size: 10\n").unwrap();
    let mut preview = first_build(dir);
    let indicators = dir.join("content/indicators");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&indicators)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let units_line = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("unit_policies: "))
            .unwrap()
            .to_string()
    };
    // An indicator that alone measures its one unit policy: with method `none` that policy is
    // reported without a judgement, the first in the plan.
    let alone = (0..files.len())
        .find(|&k| {
            let line = units_line(&texts[k]);
            !line.contains(", ")
                && texts.iter().enumerate().all(|(j, t)| {
                    j == k || !t.contains(&line["unit_policies: [".len()..line.len() - 1])
                })
        })
        .expect("an indicator alone on its policy");
    for (what, method) in [
        ("figures only (a new column on every goal page)", "none"),
        (
            "another rate method (a new rate label on every overview page)",
            "progress",
        ),
        ("back to the plan's method", "ratio"),
    ] {
        let path = &files[alone];
        let text = std::fs::read_to_string(path).unwrap();
        let text = match text.find("\nmethod: ") {
            Some(at) => {
                let end = at + 1 + text[at + 1..].find('\n').unwrap();
                format!("{}\nmethod: {method}{}", &text[..at], &text[end..])
            }
            None => text.replacen(
                "\ndirection: ",
                &format!("\nmethod: {method}\ndirection: "),
                1,
            ),
        };
        std::fs::write(path, text).unwrap();
        let r = preview.apply(std::slice::from_ref(path));
        assert!(matches!(r, Rebuilt::Pages { .. }), "{what}: {r:?}");
        assert_same_as_a_full_build(&mut preview, dir, what);
    }
}

/// The plan edited while serving (after an edit that left it alone): everything is built
/// again, from the new plan.
#[test]
fn an_edited_plan_rebuilds_everything() {
    use shinchoku::serve::Rebuilt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    shinchoku::synth::generate(dir, 30, 3).unwrap();
    let mut preview = first_build(dir);
    let indicator = dir.join("content/indicators/01.yaml");
    let text = std::fs::read_to_string(&indicator).unwrap();
    std::fs::write(&indicator, text.replacen("name: ", "name: 改め", 1)).unwrap();
    let r = preview.apply(std::slice::from_ref(&indicator));
    assert!(matches!(r, Rebuilt::Pages { .. }), "{r:?}");
    let plan = dir.join("content/plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        text.replace("title: 令和7年度取組状況", "title: 令和7年度の取組"),
    )
    .unwrap();
    match preview.apply(std::slice::from_ref(&plan)) {
        Rebuilt::Pages { changed, .. } => assert_eq!(changed, ["*"]),
        Rebuilt::Failed(e) => panic!("{e}"),
    }
    assert!(
        String::from_utf8_lossy(&preview.served.files.read().unwrap()["index.html"])
            .contains("令和7年度の取組")
    );
    assert_same_as_a_full_build(&mut preview, dir, "the plan edited");
}

/// An indicator renamed: the page of the indicator it replaces names it.
#[test]
fn renaming_a_successor_equals_a_full_build() {
    use shinchoku::serve::Rebuilt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::copy_tree(&repo().join("tests/fixtures/periods"), dir);
    let mut preview = first_build(dir);
    let path = dir.join("content/indicators/03.yaml");
    edit(&path, "name: 研修修了者数", "name: 研修の修了者数");
    let r = preview.apply(std::slice::from_ref(&path));
    match &r {
        Rebuilt::Pages { changed, .. } => assert!(
            changed.contains(&"indicators/kpi-02.html".to_string()),
            "{changed:?}"
        ),
        Rebuilt::Failed(e) => panic!("{e}"),
    }
    assert_same_as_a_full_build(&mut preview, dir, "a successor renamed");
}

/// Edits that reach beyond the edited file in an SDG plan: one series' figure changes the
/// combined status its sibling's page shows; moving an indicator to another target changes
/// two goal pages.
#[test]
fn incremental_rebuilds_of_open_sdg_series_equal_a_full_build() {
    use shinchoku::serve::Rebuilt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    common::copy_tree(&repo().join("examples/open-sdg-canada"), dir);
    let mut preview = first_build(dir);
    let indicators = dir.join("content/indicators");
    for (what, file, from, to) in [
        (
            "a series' figure (8.a.1 Disbursements)",
            "08.yaml",
            "  2023: {actual: 599.958714}",
            "  2023: {actual: 1}",
        ),
        (
            "an indicator moved to another target",
            "10.yaml",
            "under: [\"9.5\"]",
            "under: [\"8.a\"]",
        ),
    ] {
        let path = indicators.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{what}: {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        let r = preview.apply(std::slice::from_ref(&path));
        assert!(matches!(r, Rebuilt::Pages { .. }), "{what}: {r:?}");
        assert_same_as_a_full_build(&mut preview, dir, what);
    }
}

#[test]
fn a_theme_override_added_while_serving_takes_effect() {
    let server = start(&repo().join("tests/fixtures/minimal"));
    let css = "/assets/style.css";
    assert!(!get(server.port, css).body.contains("/* the city's own */"));
    let dir = server.dir.path().join("themes/default/static");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("style.css"),
        "/* the city's own */ body { color: #000; }\n",
    )
    .unwrap();
    wait_for("the theme's stylesheet", || {
        get(server.port, css).body.contains("/* the city's own */")
    });
    // The new folder is watched from now on.
    std::fs::write(dir.join("style.css"), "/* second version */\n").unwrap();
    wait_for("the edited stylesheet", || {
        get(server.port, css).body.contains("/* second version */")
    });
}

/// `git checkout`, `git stash` and the like remove `content/` and put it back: the watch on
/// the old folder dies with it, so the new one must be watched again.
#[test]
fn content_removed_and_restored_is_watched_again() {
    let server = start(&repo().join("tests/fixtures/minimal"));
    let page = "/units/i-1-1-1.html";
    let rx = events(server.port);
    let saved = tempfile::tempdir().unwrap();
    copy_dir(&server.content(), saved.path());
    std::fs::remove_dir_all(server.content()).unwrap();
    next_event(&rx, "build-error");
    copy_dir(saved.path(), &server.content());
    next_event(&rx, "reload");
    assert_eq!(get(server.port, page).status, 200);
    let unit = server.content().join("units/I-1-1-1.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let name = name_line(&text);
    edit(&unit, &format!("name: {name}"), "name: 戻した後の編集");
    wait_for("the edit after the restore", || {
        get(server.port, page).body.contains("戻した後の編集")
    });
}

/// A save written in two steps, with a pause between them, is rebuilt once it is closed: the
/// half written file (which does not validate) is never built.
#[cfg(target_os = "linux")]
#[test]
fn a_save_in_two_steps_is_not_built_half_written() {
    use std::io::Write;
    let server = start(&repo().join("tests/fixtures/minimal"));
    let page = "/units/i-1-1-1.html";
    let unit = server.content().join("units/I-1-1-1.yaml");
    let text = std::fs::read_to_string(&unit).unwrap();
    let name = name_line(&text);
    let text = text.replace(&format!("name: {name}"), "name: \"二度に分けて保存\"");
    let rx = events(server.port);
    let mut file = std::fs::File::create(&unit).unwrap();
    // Up to inside the quoted name: not YAML until the rest is written.
    let half = text.find("二度").unwrap();
    file.write_all(&text.as_bytes()[..half]).unwrap();
    // Far longer than a rebuild waits once a file is closed.
    std::thread::sleep(std::time::Duration::from_millis(300));
    file.write_all(&text.as_bytes()[half..]).unwrap();
    drop(file);
    let first = rx.recv_timeout(WAIT).expect("an event after the save");
    assert!(first.starts_with("reload\n"), "{first}");
    assert!(get(server.port, page).body.contains("二度に分けて保存"));
}

/// The value of a unit policy file's `name:` line.
fn name_line(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("name: "))
        .expect("a name line")
        .to_string()
}

/// The preview of the project in `dir`, whose first build must succeed.
fn first_build(dir: &Path) -> shinchoku::serve::Preview {
    let (preview, first) = shinchoku::serve::Preview::new(dir);
    assert!(
        matches!(first, shinchoku::serve::Rebuilt::Pages { .. }),
        "{first:?}"
    );
    preview
}
