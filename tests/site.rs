//! The built site, checked the way a city web team and an accessibility auditor would:
//! every page and chart exists, every internal link resolves, every chart has a text
//! alternative and a matching table, and the index shows the computed summary.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(out: &Path, extra: &[&str]) {
    let repo = repo();
    let mut args = vec![
        "build",
        repo.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(&args)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Relative path → bytes for every file of a built site.
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(html: &Html, s: &str) -> Vec<String> {
    html.select(&sel(s))
        .map(|e| e.text().collect::<String>())
        .collect()
}

struct Built {
    _tmp: tempfile::TempDir,
    files: BTreeMap<String, Vec<u8>>,
    /// The site's folder on the server, from base_url (`/shinchoku/`): the 404 page's links
    /// start there.
    folder: Option<&'static str>,
}

/// A synthetic project of `units` unit policies (`shinchoku synth`), built.
fn built_synthetic(units: usize) -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    let bin = env!("CARGO_BIN_EXE_shinchoku");
    let o = Command::new(bin)
        .args(["synth", project.to_str().unwrap(), "--units"])
        .arg(units.to_string())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::write(
        project.join("shinchoku.yaml"),
        "base_url: https://www.city.example.lg.jp/shinchoku\n",
    )
    .unwrap();
    let out = tmp.path().join("output");
    let o = Command::new(bin)
        .args(["build", project.to_str().unwrap(), "--output"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    Built {
        files: files(&out),
        _tmp: tmp,
        folder: Some("/shinchoku/"),
    }
}

fn built() -> Built {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    build(&out, &[]);
    Built {
        files: files(&out),
        _tmp: tmp,
        folder: None,
    }
}

impl Built {
    fn html(&self, path: &str) -> Html {
        let bytes = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"));
        Html::parse_document(std::str::from_utf8(bytes).unwrap())
    }
    fn pages(&self) -> impl Iterator<Item = &String> {
        self.files.keys().filter(|k| k.ends_with(".html"))
    }
}

#[test]
fn every_unit_policy_and_indicator_has_a_page_and_chart() {
    let site = built();
    let count = |prefix: &str, suffix: &str| {
        site.files
            .keys()
            .filter(|k| k.starts_with(prefix) && k.ends_with(suffix))
            .count()
    };
    assert_eq!(count("units/", ".html"), 36);
    assert_eq!(count("indicators/kpi-", ".html"), 30);
    // Charts are inline SVG, not files: one file fewer per indicator to create and upload.
    assert_eq!(count("charts/", ""), 0);
    assert_eq!(count("goals/", ".html"), 3);
    for f in [
        "index.html",
        "404.html",
        "assets/style.css",
        "data/report.json",
        "data/indicators.csv",
    ] {
        assert!(site.files.contains_key(f), "{f} missing");
    }
    for u in site.files.keys().filter(|k| k.starts_with("units/")) {
        let html = site.html(u);
        assert!(
            html.select(&sel("svg.chart")).count() >= 1,
            "{u} has no chart"
        );
    }
}

#[test]
fn index_shows_the_summary_and_the_whole_table() {
    let site = built();
    let index = site.html("index.html");
    let counts: Vec<String> = text(&index, ".summary-counts .count");
    assert_eq!(counts, ["36", "19", "9", "8"]);
    let rows = index.select(&sel("tbody.kpi-row")).count();
    assert_eq!(rows, 30);
    let body = index.root_element().text().collect::<String>();
    for needle in [
        "達成率100%以上",
        "達成率80%以上100%未満",
        "達成率80%未満",
        "令和3年度・令和4年度は確定値",
        "令和5年度は見込値",
        "集計中",
        "年度末に調査",
        "廃止",
        "106.3%",
    ] {
        assert!(body.contains(needle), "index lacks {needle}");
    }
    // Every result cell carries a symbol and a text, never colour alone.
    for status in index.select(&sel(".status")) {
        let symbol: String = status
            .select(&sel(".status-symbol"))
            .flat_map(|e| e.text())
            .collect();
        let all: String = status.text().collect();
        assert!(!symbol.trim().is_empty(), "status without symbol: {all}");
        assert!(
            all.trim().chars().count() > symbol.trim().chars().count(),
            "status without text: {all}"
        );
    }
}

#[test]
fn every_page_has_the_basics() {
    let site = built();
    for p in site.pages() {
        let html = site.html(p);
        assert_eq!(html.select(&sel("html[lang=ja]")).count(), 1, "{p}: lang");
        assert_eq!(html.select(&sel("h1")).count(), 1, "{p}: one h1");
        assert_eq!(
            html.select(&sel("a.skip[href='#main']")).count(),
            1,
            "{p}: skip link"
        );
        assert_eq!(html.select(&sel("main#main")).count(), 1, "{p}: main");
        assert_eq!(
            html.select(&sel("nav.breadcrumb")).count(),
            1,
            "{p}: breadcrumb"
        );
        assert_eq!(
            html.select(&sel("script")).count(),
            0,
            "{p}: no JavaScript in build output"
        );
        assert_eq!(html.select(&sel("head > title")).count(), 1, "{p}: title");
    }
}

#[test]
fn every_internal_link_resolves() {
    let checked = check_links(&built());
    assert!(checked > 500, "only {checked} links checked");
}

/// Asserts every relative link and fragment resolves; returns how many were checked.
fn check_links(site: &Built) -> usize {
    let mut ids: BTreeMap<&String, HashSet<String>> = BTreeMap::new();
    let mut links: Vec<(&String, String)> = Vec::new();
    for p in site.pages() {
        let html = site.html(p);
        ids.insert(
            p,
            html.select(&sel("[id]"))
                .map(|e| e.value().attr("id").unwrap().to_string())
                .collect(),
        );
        for el in html.select(&sel("a[href], link[href], img[src]")) {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            links.push((p, url.to_string()));
        }
    }
    let mut checked = 0;
    for (p, url) in &links {
        if url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:") {
            continue;
        }
        // Only the 404 page, served at any depth, links from the site's folder.
        let from_folder = site
            .folder
            .filter(|_| p.as_str() == "404.html")
            .and_then(|f| url.strip_prefix(f));
        assert!(
            !url.starts_with('/') || from_folder.is_some(),
            "{p}: {url} is not relative"
        );
        let url = from_folder.unwrap_or(url);
        let (path, fragment) = url
            .split_once('#')
            .map_or((url, None), |(a, b)| (a, Some(b)));
        let base = Path::new(p.as_str()).parent().unwrap().to_path_buf();
        let target = if path.is_empty() {
            p.to_string()
        } else {
            normalise(&base.join(path)).unwrap_or_else(|| panic!("{p}: {url} leaves the site"))
        };
        assert!(
            site.files.contains_key(&target),
            "{p}: broken link {url} ({target})"
        );
        if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
            assert!(
                ids.get(&target).is_some_and(|set| set.contains(frag)),
                "{p}: {url}: no element with id {frag}"
            );
        }
        checked += 1;
    }
    checked
}

fn normalise(p: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

#[test]
fn every_chart_has_title_desc_and_a_matching_table() {
    let site = built();
    let mut charts = 0;
    for p in site.pages() {
        let html = site.html(p);
        for svg in html.select(&sel("svg")) {
            assert_eq!(
                svg.value().attr("role"),
                Some("img"),
                "{p}: chart without role=img"
            );
            let labelled = svg.value().attr("aria-labelledby").unwrap_or("");
            let title = svg
                .select(&sel("title"))
                .next()
                .unwrap_or_else(|| panic!("{p}: chart without title"));
            let desc = svg
                .select(&sel("desc"))
                .next()
                .unwrap_or_else(|| panic!("{p}: chart without desc"));
            for el in [title, desc] {
                let id = el.value().attr("id").unwrap();
                assert!(
                    labelled.split(' ').any(|x| x == id),
                    "{p}: aria-labelledby misses {id}"
                );
            }
            let desc_text: String = desc.text().collect();
            if svg
                .value()
                .attr("aria-labelledby")
                .unwrap()
                .starts_with("kpi-")
            {
                // The figures of the chart, as cells of the table next to it.
                let figure = svg
                    .ancestors()
                    .filter_map(scraper::ElementRef::wrap)
                    .find(|e| {
                        e.value()
                            .has_class("chart-and-table", scraper::CaseSensitivity::CaseSensitive)
                    })
                    .unwrap();
                let cells: Vec<String> = figure
                    .select(&sel("table td"))
                    .map(|td| td.text().collect::<String>())
                    .collect();
                assert!(!cells.is_empty(), "{p}: chart without table");
                for cell in cells.iter().filter(|c| {
                    c.ends_with('%') || c.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                }) {
                    let figure_text = cell.split('（').next().unwrap();
                    assert!(
                        desc_text.contains(figure_text),
                        "{p}: table figure {figure_text} not in the chart's desc: {desc_text}"
                    );
                }
            }
            charts += 1;
        }
    }
    // 36 unit pages and 30 indicator pages; the index's summary is the cards, not a chart.
    assert_eq!(charts, 36 + 30, "charts on pages");
    for (name, bytes) in site.files.iter().filter(|(k, _)| k.starts_with("charts/")) {
        let svg = String::from_utf8_lossy(bytes);
        assert!(
            svg.contains("role=\"img\"") && svg.contains("<title") && svg.contains("<desc"),
            "{name}"
        );
    }
}

#[test]
fn a_base_path_prefixes_every_link() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    build(&out, &["--base-path", "/sangyo/shinchoku"]);
    let html = std::fs::read_to_string(out.join("units/i-1-1-1.html")).unwrap();
    let doc = Html::parse_document(&html);
    for el in doc.select(&sel("a[href], link[href]")) {
        let url = el.value().attr("href").unwrap();
        assert!(
            url.starts_with("/sangyo/shinchoku/")
                || url.starts_with('#')
                || url.starts_with("http"),
            "{url}"
        );
    }
}

#[test]
fn building_twice_gives_identical_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    build(&a, &[]);
    build(&b, &[]);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (k, v) in &fa {
        assert!(v == &fb[k], "{k} differs between two builds");
    }
}

#[test]
fn golden_index_and_unit_page() {
    let site = built();
    let page = |p: &str| String::from_utf8(site.files[p].clone()).unwrap();
    insta::assert_snapshot!("index.html", page("index.html"));
    insta::assert_snapshot!("unit-ii-4-1-1.html", page("units/ii-4-1-1.html"));
}

#[test]
fn a_large_report_pages_its_overview_and_every_link_still_resolves() {
    let site = built_synthetic(300);
    let indicators: Vec<&String> = site
        .files
        .keys()
        .filter(|k| k.starts_with("indicators/kpi-"))
        .collect();
    assert!(indicators.len() > 300, "{}", indicators.len());
    // The index keeps the summary and links to the overview instead of a 500-row table.
    let index = site.html("index.html");
    assert_eq!(index.select(&sel("table.overview-table")).count(), 0);
    assert_eq!(
        index
            .select(&sel("a[href='indicators/index.html']"))
            .count(),
        1
    );
    // Every indicator's row is on exactly one overview page of at most 100 rows.
    let pages: Vec<&String> = site
        .files
        .keys()
        .filter(|k| *k == "indicators/index.html" || k.starts_with("indicators/page-"))
        .collect();
    assert_eq!(pages.len(), indicators.len().div_ceil(100));
    let mut rows = Vec::new();
    for p in &pages {
        let html = site.html(p);
        let here: Vec<String> = html
            .select(&sel("tbody.kpi-row"))
            .map(|t| t.value().attr("id").unwrap().to_string())
            .collect();
        assert!(!here.is_empty() && here.len() <= 100, "{p}: {}", here.len());
        // The pager marks this page and never lists every page.
        let current = text(&html, ".pager [aria-current='page']");
        assert_eq!(current.len(), 2, "{p}: top and bottom pager");
        assert!(html.select(&sel(".pager a")).count() <= 2 * 12, "{p}");
        rows.extend(here);
    }
    let unique: HashSet<&String> = rows.iter().collect();
    assert_eq!(rows.len(), indicators.len());
    assert_eq!(unique.len(), indicators.len());
    // An indicator page's breadcrumb leads to its own row (check_links checks the fragment).
    let last = site.html("indicators/kpi-250.html");
    let crumb = last
        .select(&sel(".breadcrumb a"))
        .nth(1)
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_string();
    assert_eq!(crumb, "../indicators/page-3.html#kpi-250");
    assert!(check_links(&site) > 3000);
    // Every page is in the sitemap, by its absolute URL.
    let sitemap = String::from_utf8(site.files["sitemap.xml"].clone()).unwrap();
    for p in site.pages().filter(|p| *p != "404.html") {
        let loc = format!("<loc>https://www.city.example.lg.jp/shinchoku/{p}</loc>");
        assert!(sitemap.contains(&loc), "{loc} not in the sitemap");
    }
    assert_eq!(
        sitemap.matches("<loc>").count(),
        site.pages().filter(|p| *p != "404.html").count()
    );
}

#[test]
fn the_built_site_needs_no_javascript() {
    // Everything reads without scripts; serve's live-reload script must never leak into build.
    let site = built();
    for p in site.pages() {
        let html = String::from_utf8_lossy(&site.files[p]);
        assert!(!html.contains("<script"), "{p} has a script");
        assert!(
            !html.contains("__shinchoku"),
            "{p} mentions serve's endpoints"
        );
    }
}

#[test]
fn without_base_url_there_is_no_sitemap_and_the_build_says_why() {
    // Sitemap URLs must be absolute; a relative one would be rejected by search engines.
    let site = built();
    assert!(!site.files.contains_key("sitemap.xml"));
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["build", repo().to_str().unwrap(), "--output"])
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).contains("set base_url in shinchoku.yaml"));
}

#[test]
fn the_404_page_works_at_any_depth_once_the_sites_address_is_known() {
    // Served for /sangyo/shinchoku/units/nope.html, relative links and a linked style sheet
    // would point into /sangyo/shinchoku/units/. With base_url every link starts from the
    // site's folder, and the style sheet is inline whatever the settings.
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("p");
    let copy = Command::new("cp")
        .args([
            "-r",
            repo().join("tests/fixtures/minimal").to_str().unwrap(),
        ])
        .arg(&project)
        .status()
        .unwrap();
    assert!(copy.success());
    std::fs::write(
        project.join("shinchoku.yaml"),
        "base_url: https://www.city.example.jp/sangyo/shinchoku\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .arg("build")
        .arg(&project)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = std::fs::read_to_string(project.join("output/404.html")).unwrap();
    let html = Html::parse_document(&page);
    let hrefs: Vec<&str> = html
        .select(&sel("a[href], link[href]"))
        .map(|e| e.value().attr("href").unwrap())
        .collect();
    assert!(hrefs.contains(&"/sangyo/shinchoku/index.html"), "{hrefs:?}");
    for href in &hrefs {
        assert!(
            href.starts_with("/sangyo/shinchoku/")
                || href.starts_with("https://")
                || href.starts_with('#'),
            "{href} does not work from another folder"
        );
    }
    assert!(html.select(&sel("link[rel=stylesheet]")).next().is_none());
    assert!(
        text(&html, "head style")[0].contains("body"),
        "the style sheet is inline"
    );
    // Other pages keep relative links and the shared style sheet.
    let unit = std::fs::read_to_string(project.join("output/units/i-1-1-1.html")).unwrap();
    assert!(unit.contains("href=\"../assets/style.css\""));

    // Without base_url: still styled; links work from the top folder; the build says so.
    let site = built();
    let page = String::from_utf8_lossy(&site.files["404.html"]).into_owned();
    assert!(page.contains("<style>") && !page.contains("assets/style.css"));
}

#[test]
fn a_template_failing_halfway_leaves_the_previous_site_untouched() {
    // Pages stream into a staging folder; a page that fails to render after others were
    // written must not leave a half-written site or a staging folder behind.
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("project");
    let minimal = repo().join("tests/fixtures/minimal/content");
    // A copy of the fixture, through the same walk that reads built sites.
    for (rel, bytes) in files(&minimal) {
        let target = project.join("content").join(rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let out = tmp.path().join("output");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["build", project.to_str().unwrap(), "--output"])
            .arg(&out)
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    let before = files(&out);
    // Valid syntax, but fails at render time, on unit pages only.
    let templates = project.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(templates.join("unit.html"), "{{ no_such_value.field }}").unwrap();
    let o = run();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("unit.html") && err.contains("previous output is unchanged"),
        "{err}"
    );
    assert_eq!(files(&out), before, "the previous site is as it was");
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !siblings.iter().any(|s| s.contains("shinchoku-")),
        "{siblings:?}"
    );
}

/// KPI 12 measured 産学共同研究事業補助金交付件数 in R3–R4 and another indicator from R5
/// (content/indicators/12.yaml `renamed`): its chart and table name both, and its target line
/// is not joined across the change.
#[test]
fn a_redefined_kpi_names_each_definition_and_breaks_its_series() {
    let site = built();
    let html = site.html("indicators/kpi-12.html");
    let title = html
        .select(&sel("svg.chart title"))
        .next()
        .expect("KPI 12 has a chart")
        .text()
        .collect::<String>();
    assert_eq!(
        title,
        "産学共同研究事業補助金交付件数（令和3年度～令和4年度）、あつぎ生まれのロボット発信事業実施件数（令和5年度）（件）の目標と実績"
    );
    let caption = html
        .select(&sel("table.figures caption"))
        .next()
        .expect("KPI 12 has a figures table")
        .text()
        .collect::<String>();
    assert!(
        caption.contains("産学共同研究事業補助金交付件数"),
        "{caption}"
    );
    assert!(
        caption.contains("あつぎ生まれのロボット発信事業実施件数"),
        "{caption}"
    );
    let svg = std::str::from_utf8(&site.files["indicators/kpi-12.html"]).unwrap();
    assert!(svg.contains("指標変更"), "the break is marked");
    // Targets R3 and R4 are joined; R5's (a new definition) stands alone, a diamond.
    let target_lines = svg
        .matches("stroke=\"#B33C00\" stroke-width=\"3\" points=")
        .count();
    assert_eq!(
        target_lines, 2,
        "the legend's and R3–R4's, not across to R5"
    );
}

/// The rows of the counts-by-place table on `page`: the place's link and its numbers.
fn by_place_rows(site: &Built, page: &str) -> Vec<(String, Vec<usize>)> {
    let html = site.html(page);
    html.select(&sel("table.by-place tbody tr"))
        .map(|tr| {
            let href = tr
                .select(&sel("th a"))
                .next()
                .unwrap()
                .value()
                .attr("href")
                .unwrap()
                .to_string();
            let numbers = tr
                .select(&sel("td"))
                .map(|td| td.text().collect::<String>().trim().parse().unwrap())
                .collect();
            (href, numbers)
        })
        .collect()
}

#[test]
fn the_index_counts_each_goal_and_each_goal_page_counts_each_place_below_it() {
    let site = built();
    // The index: a row per goal, whose columns add up to the cards above it.
    let rows = by_place_rows(&site, "index.html");
    assert_eq!(rows.len(), 3, "Atsugi has three 基本目標");
    let index = site.html("index.html");
    let cards: Vec<usize> = text(&index, ".summary-counts .count")
        .iter()
        .map(|c| c.trim().parse().unwrap())
        .collect();
    assert_eq!(cards, [36, 19, 9, 8]);
    for (column, card) in cards.iter().enumerate() {
        let sum: usize = rows.iter().map(|(_, n)| n[column]).sum();
        assert_eq!(sum, *card, "column {column} adds up to its card");
    }
    for (href, numbers) in &rows {
        assert_eq!(
            numbers[0],
            numbers[1..].iter().sum::<usize>(),
            "{href}: the row adds up"
        );
        // The goal's own page: its sentence gives the same counts, and its table splits them
        // by the places below it (each unit policy once).
        let goal = site.html(href);
        let sentence = text(&goal, ".goal-counts").concat();
        assert!(
            sentence.contains(&format!("{}単位施策のうち", numbers[0])),
            "{sentence}"
        );
        let below = by_place_rows(&site, href);
        assert!(below.len() >= 2, "{href}");
        for column in 0..numbers.len() {
            let sum: usize = below.iter().map(|(_, n)| n[column]).sum();
            assert_eq!(sum, numbers[column], "{href}: column {column}");
        }
        for (anchor, _) in &below {
            let id = anchor
                .strip_prefix('#')
                .expect("a link to a section of the page");
            assert!(goal.select(&sel(&format!("[id='{id}']"))).next().is_some());
        }
    }
}
