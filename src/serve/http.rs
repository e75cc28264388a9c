//! What the preview answers: files from memory, with a small script injected into served pages
//! only (never into `build` output) that reloads a page when it was rebuilt and shows build
//! errors over it. How it answers (the connection, its limits) is in [`super::server`].

use super::Served;
use crate::write::check_path;

pub const SCRIPT_PATH: &str = "/__shinchoku/live.js";
const SCRIPT: &str = include_str!("live.js");

/// An answer: status, headers (`Content-Length` is added when it is sent) and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// A short plain-text answer, for errors.
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type("a.txt").to_string())],
            body: format!("{body}\n").into_bytes(),
        }
    }

    fn file(status: u16, path: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type(path).to_string()),
                ("Cache-Control", "no-store".to_string()),
                ("X-Content-Type-Options", "nosniff".to_string()),
            ],
            body,
        }
    }
}

/// The content type of a site file, from its extension; text types say UTF-8.
pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The site file a URL path asks for, or `None` when it could leave the site.
pub fn site_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?
        .into_owned();
    let mut rel = decoded.trim_start_matches('/').to_string();
    if rel.is_empty() || rel.ends_with('/') {
        rel.push_str("index.html");
    }
    check_path(&rel).ok()?;
    Some(rel)
}

/// The answer to a GET or HEAD of `target` (the request's path and query).
pub fn answer(target: &str, served: &Served) -> Response {
    if target.split('?').next() == Some(SCRIPT_PATH) {
        return Response::file(200, "live.js", SCRIPT.as_bytes().to_vec());
    }
    let rel = site_path(target);
    let (status, path, body) = {
        let files = served.files.read().expect("no panics");
        match rel.as_deref().and_then(|r| files.get(r).map(|b| (r, b))) {
            Some((r, bytes)) => (200, r.to_string(), bytes.clone()),
            None => (
                404,
                "404.html".to_string(),
                files
                    .get("404.html")
                    .cloned()
                    .unwrap_or_else(|| NOTHING_YET.as_bytes().to_vec()),
            ),
        }
    };
    let body = if path.ends_with(".html") {
        let error = served.error.read().expect("no panics").clone();
        inject(body, error.as_deref())
    } else {
        body
    };
    Response::file(status, &path, body)
}

/// Served before the first successful build (the error shows over it).
const NOTHING_YET: &str = "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>shinchoku serve</title></head>\n<body><p>まだサイトをビルドできていません。エラーを直して保存すると、このページは自動で更新されます。</p>\n</body></html>\n";

/// Adds the live-reload script, and the error overlay when the last build failed, before
/// `</body>`.
pub fn inject(html: Vec<u8>, error: Option<&str>) -> Vec<u8> {
    let mut tail = String::new();
    if let Some(e) = error {
        tail.push_str(&overlay(e));
    }
    tail.push_str(&format!("<script src=\"{SCRIPT_PATH}\"></script>\n"));
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tail}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tail}").into_bytes(),
    }
}

/// The error box, as the server renders it (live.js builds the same one without a reload).
fn overlay(message: &str) -> String {
    format!(
        "<div id=\"shinchoku-error\" role=\"alert\" style=\"{}\"><strong>ビルドできませんでした。最後にビルドできた内容を表示しています。</strong>\n{}</div>\n",
        OVERLAY_STYLE,
        crate::render::theme::escape(message)
    )
}

/// Shared with live.js (which reads it from the page's overlay if present, or uses its own).
const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;font:14px/1.6 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(site_path("/units/").as_deref(), Some("units/index.html"));
        assert_eq!(
            site_path("/units/i-1-1-1.html?x=1#kpi-01").as_deref(),
            Some("units/i-1-1-1.html")
        );
        assert_eq!(site_path("/a%20b.html").as_deref(), Some("a b.html"));
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/units/../../x",
            "/a\\b",
            "//etc/passwd",
            "/%ff",
        ] {
            let p = site_path(bad);
            assert!(
                p.as_deref()
                    .is_none_or(|p| !p.contains("..") && !p.starts_with('/')),
                "{bad} -> {p:?}"
            );
        }
    }

    #[test]
    fn content_types_name_their_charset() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("data/indicators.csv"),
            "text/csv; charset=utf-8"
        );
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn the_script_and_overlay_go_before_body_end() {
        let out = inject(
            b"<html><body><p>x</p></body></html>".to_vec(),
            Some("a <b>"),
        );
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with("</script>\n</body></html>"), "{out}");
        assert!(out.contains("a &lt;b&gt;"), "{out}");
        assert!(out.contains("role=\"alert\""));
    }
}
