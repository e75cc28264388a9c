//! The open data as a re-user meets it: a CSV per KPI linked beside its chart, headers in the
//! site's language, a datapackage.json that describes exactly the files there are (with the
//! CSVs' own headers), and a downloads page whose every link works.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use scraper::{Html, Selector};
use shinchoku::write::Site;

fn site_of(root: &Path) -> Site {
    let project = shinchoku::load::load(root).unwrap();
    let assessment = shinchoku::assess::assess(&project);
    shinchoku::render::render(&project, &assessment).unwrap()
}

fn atsugi() -> Site {
    site_of(&common::repo())
}

fn text(site: &Site, path: &str) -> String {
    let bytes = site.get(path).unwrap_or_else(|| panic!("{path} missing"));
    String::from_utf8(bytes.clone()).unwrap()
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The header row of a CSV, BOM removed (no header here needs quoting).
fn csv_headers(csv: &str) -> Vec<String> {
    let body = csv.strip_prefix('\u{feff}').expect("Excel needs the BOM");
    body.lines()
        .next()
        .unwrap()
        .split(',')
        .map(String::from)
        .collect()
}

#[test]
fn each_kpi_has_its_own_csv_with_the_figures_of_its_years() {
    let site = atsugi();
    // KPI 12 was redefined in R5 and its R4 is pending (事業終了): each year carries the
    // name it had, a pending year leaves its figure blank and gives the reason in a column.
    let csv = text(&site, "data/kpi-12.csv");
    insta::assert_snapshot!("kpi-12.csv", csv);
    assert!(
        csv.starts_with('\u{feff}'),
        "Excel needs the BOM to read UTF-8"
    );
    assert_eq!(
        csv.matches("\r\n").count(),
        1 + 3,
        "CRLF after the header and each year"
    );
    let csvs = site
        .keys()
        .filter(|k| k.starts_with("data/kpi-") && k.ends_with(".csv"))
        .count();
    assert_eq!(csvs, 30);
}

#[test]
fn the_csv_is_linked_beside_its_chart_on_unit_and_kpi_pages() {
    let site = atsugi();
    for (page, href) in [
        ("indicators/kpi-12.html", "../data/kpi-12.csv"),
        ("units/ii-4-1-1.html", "../data/kpi-19.csv"),
    ] {
        let html = Html::parse_document(&text(&site, page));
        let links: Vec<&str> = html
            .select(&sel("figure.chart-figure a.chart-data"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(links.contains(&href), "{page}: {links:?}");
    }
}

#[test]
fn the_all_in_one_csv_is_every_kpi_csv_after_one_header() {
    let site = atsugi();
    let all = text(&site, "data/indicators.csv");
    let mut joined = String::new();
    for no in 1..=30 {
        let one = text(&site, &format!("data/kpi-{no:02}.csv"));
        if no == 1 {
            joined.push_str(&one);
        } else {
            joined.push_str(one.split_once("\r\n").unwrap().1);
        }
    }
    assert_eq!(all, joined);
}

#[test]
fn headers_are_in_english_for_an_english_project() {
    let project = common::minimal_with(|root| {
        std::fs::write(root.join("shinchoku.yaml"), "lang: en\n").unwrap();
    });
    let site = site_of(project.path());
    let headers = csv_headers(&text(&site, "data/indicators.csv"));
    assert_eq!(
        &headers[..7],
        [
            "KPI number",
            "indicator",
            "unit",
            "policy IDs",
            "year code",
            "year",
            "Western year"
        ]
    );
    for h in &headers {
        assert!(h.is_ascii(), "{h} is not English");
    }
    let package: serde_json::Value =
        serde_json::from_slice(&site["data/datapackage.json"]).unwrap();
    assert_eq!(package["resources"][1]["schema"], "table-schema.json");
    let schema: serde_json::Value =
        serde_json::from_slice(&site["data/table-schema.json"]).unwrap();
    assert_eq!(schema["fields"][0]["name"], "KPI number");
}

#[test]
fn japanese_headers_state_units_and_the_western_year() {
    let headers = csv_headers(&text(&atsugi(), "data/indicators.csv"));
    for h in [
        "単位",
        "年度",
        "西暦年度",
        "値の区分",
        "評価の向き",
        "基準値",
        "判定",
        "判定できない理由",
        "備考",
    ] {
        assert!(headers.iter().any(|x| x == h), "{h} missing: {headers:?}");
    }
    assert!(
        headers.iter().any(|h| h.ends_with("（%）")),
        "the rate's unit"
    );
}

#[test]
fn datapackage_describes_exactly_the_files_written_with_their_headers() {
    let site = atsugi();
    let package: serde_json::Value =
        serde_json::from_slice(&site["data/datapackage.json"]).unwrap();
    assert_eq!(package["profile"], "data-package");
    assert!(
        package["name"]
            .as_str()
            .unwrap()
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-._".contains(c))
    );
    let resources = package["resources"].as_array().unwrap();
    let described: BTreeSet<String> = resources
        .iter()
        .map(|r| format!("data/{}", r["path"].as_str().unwrap()))
        .collect();
    // Every data file but the package itself and the one schema the CSVs point to.
    let written: BTreeSet<String> = site
        .keys()
        .filter(|k| k.starts_with("data/"))
        .filter(|k| !["data/datapackage.json", "data/table-schema.json"].contains(&k.as_str()))
        .cloned()
        .collect();
    assert_eq!(described, written);
    let schema: serde_json::Value =
        serde_json::from_slice(&site["data/table-schema.json"]).unwrap();
    for r in resources {
        let path = format!("data/{}", r["path"].as_str().unwrap());
        assert_eq!(
            r["bytes"].as_u64().unwrap() as usize,
            site[&path].len(),
            "{path}"
        );
        for key in ["name", "title", "format", "mediatype", "encoding"] {
            assert!(r[key].is_string(), "{path}: no {key}");
        }
        if r["format"] == "csv" {
            assert_eq!(r["schema"], "table-schema.json", "{path}");
            let fields: Vec<&str> = schema["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            assert_eq!(fields, csv_headers(&text(&site, &path)), "{path}");
            let types: BTreeSet<&str> = schema["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["type"].as_str().unwrap())
                .collect();
            assert!(types.is_subset(&BTreeSet::from(["integer", "number", "string", "date"])));
        }
    }
}

#[test]
fn every_link_on_the_downloads_page_resolves_and_every_data_file_is_listed() {
    let site = atsugi();
    let html = Html::parse_document(&text(&site, "downloads.html"));
    let mut listed = BTreeSet::new();
    for a in html.select(&sel("main a[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(site.contains_key(href), "{href} does not resolve");
        listed.insert(href.to_string());
    }
    let data: BTreeSet<String> = site
        .keys()
        .filter(|k| k.starts_with("data/"))
        .cloned()
        .collect();
    assert_eq!(listed, data);
    // Each row gives the format and the size.
    let rows: Vec<String> = html
        .select(&sel("table.downloads tbody tr"))
        .map(|r| r.text().collect())
        .collect();
    assert_eq!(rows.len(), data.len());
    assert!(
        rows.iter()
            .all(|r| (r.contains("CSV") || r.contains("JSON"))
                && (r.contains("\u{a0}KB") || r.contains("\u{a0}バイト")))
    );
}

#[test]
fn the_data_files_are_byte_identical_from_build_to_build() {
    let (first, second) = (atsugi(), atsugi());
    for (path, bytes) in first
        .iter()
        .filter(|(k, _)| k.starts_with("data/") || *k == "downloads.html")
    {
        assert_eq!(Some(bytes), second.get(path), "{path}");
    }
}

#[test]
fn a_build_writes_the_data_files_and_downloads_page_as_rendered_in_memory() {
    // A build streams the data into its files while the pages render, and lists their
    // sizes on the downloads page once they are written: the result is what rendering the
    // site into memory gives.
    let out = tempfile::tempdir().unwrap();
    let root = common::repo();
    let output = out.path().join("site");
    common::shinchoku(
        &[
            "build".as_ref(),
            root.as_os_str(),
            "--output".as_ref(),
            output.as_os_str(),
        ],
        &[],
    )
    .unwrap();
    let built = common::snapshot(&output);
    let in_memory = atsugi();
    let data: Vec<&String> = in_memory
        .keys()
        .filter(|k| k.starts_with("data/") || *k == "downloads.html")
        .collect();
    assert!(data.len() > 30, "{data:?}");
    for path in data {
        assert_eq!(built.get(path), in_memory.get(path), "{path}");
    }
}
