//! The preview's HTTP side: files from memory, a reload channel (server-sent events), and a
//! small script injected into served pages only (never into `build` output) that reloads a
//! page when it was rebuilt and shows build errors over it.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::Served;
use crate::write::check_path;

pub const EVENTS_PATH: &str = "/__shinchoku/events";
pub const SCRIPT_PATH: &str = "/__shinchoku/live.js";
const SCRIPT: &str = include_str!("live.js");

/// Open event streams; each gets every event.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        self.clients.lock().expect("no panics").push(tx);
        rx
    }

    /// Sends `event` with `data` to every open stream; closed ones are dropped.
    pub fn send(&self, event: &str, data: &str) {
        let message = encode(event, data);
        self.clients
            .lock()
            .expect("no panics")
            .retain(|c| c.send(message.clone()).is_ok());
    }

    /// Tells open pages what was rebuilt: each reloads if its own file is in `paths` (`*`:
    /// everything).
    pub fn reload(&self, paths: &[String]) {
        self.send(
            "reload",
            &serde_json::to_string(paths).expect("strings serialise"),
        );
    }

    pub fn error(&self, message: &str) {
        self.send("build-error", message);
    }
}

/// An event as the stream carries it. A line of an event stream ends at `\r\n`, `\r` or `\n`,
/// so each line of `data`, however it ends, gets a `data:` field of its own (the browser joins
/// them with `\n`), and line breaks are dropped from the event name: no text can end the event
/// early or add fields to it.
fn encode(event: &str, data: &str) -> String {
    let event: String = event
        .chars()
        .filter(|c| !matches!(c, '\r' | '\n'))
        .collect();
    let mut out = format!("event: {event}\n");
    for line in data.split("\r\n").flat_map(|l| l.split(['\r', '\n'])) {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// Answers requests until the server is dropped; call from as many threads as wanted.
pub fn serve_forever(server: &tiny_http::Server, served: &Arc<Served>, hub: &Arc<Hub>) {
    for request in server.incoming_requests() {
        if request.url().split('?').next() == Some(EVENTS_PATH) {
            // An event stream holds its connection open: give it a thread of its own.
            let rx = hub.subscribe();
            std::thread::spawn(move || stream_events(request, rx));
        } else {
            let _ = respond(request, served);
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
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

fn respond(request: Request, served: &Served) -> std::io::Result<()> {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return request.respond(
            Response::from_string("only GET and HEAD")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD")),
        );
    }
    if request.url().split('?').next() == Some(SCRIPT_PATH) {
        return request.respond(
            Response::from_string(SCRIPT)
                .with_header(header("Content-Type", content_type("live.js")))
                .with_header(header("Cache-Control", "no-store")),
        );
    }
    let rel = site_path(request.url());
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
    request.respond(
        Response::from_data(body)
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", content_type(&path)))
            .with_header(header("Cache-Control", "no-store"))
            .with_header(header("X-Content-Type-Options", "nosniff")),
    )
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

fn stream_events(request: Request, rx: Receiver<String>) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n: shinchoku\n\n";
    if w.write_all(head.as_bytes())
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(m) => m,
            // A comment keeps proxies and the browser from closing an idle stream, and tells
            // us when the page has gone.
            Err(RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if w.write_all(message.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields of an event stream as a browser parses them (the EventSource rules).
    fn fields(stream: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let normalised = stream.replace("\r\n", "\n").replace('\r', "\n");
        for line in normalised.split('\n') {
            if let Some((name, value)) = line.split_once(':') {
                out.push((name.to_string(), value.trim_start_matches(' ').to_string()));
            } else if line.is_empty() {
                out.push((String::new(), String::new()));
            }
        }
        out
    }

    #[test]
    fn every_line_of_a_message_is_data() {
        let encoded = encode("build-error", "first\nsecond\r\nthird\rfourth");
        assert_eq!(
            encoded,
            "event: build-error\ndata: first\ndata: second\ndata: third\ndata: fourth\n\n"
        );
    }

    #[test]
    fn a_carriage_return_cannot_forge_an_event() {
        let forged = "file.yaml:1: bad\r\revent: reload\rdata: [\"*\"]\r";
        let encoded = encode("build-error", forged);
        let names: Vec<_> = fields(&encoded)
            .into_iter()
            .filter(|(name, _)| !name.is_empty())
            .map(|(name, _)| name)
            .collect();
        assert_eq!(names[0], "event");
        assert!(names[1..].iter().all(|n| n == "data"), "{encoded:?}");
        // One event: the only blank line is the one that ends it.
        assert_eq!(encoded.matches("\n\n").count(), 1, "{encoded:?}");
        assert!(!encode("x\rdata: y", "z").contains("\rdata"));
    }

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
