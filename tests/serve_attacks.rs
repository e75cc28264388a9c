//! The preview cannot be read from another site nor knocked over by hostile clients. Each
//! attack runs against the real binary on 127.0.0.1 only, is bounded in count and time, and
//! ends with the one timing check allowed here: the preview still answers within a second.

mod common;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::serve::*;

/// Asks for the index page and asserts it arrives, whole, within a second.
fn answers_within_a_second(port: u16) {
    let budget = Duration::from_secs(1);
    let start = Instant::now();
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, budget).expect("the preview accepts");
    s.set_read_timeout(Some(budget)).unwrap();
    s.set_write_timeout(Some(budget)).unwrap();
    s.write_all(b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("the preview did not answer within a second: {e}"));
    let elapsed = start.elapsed();
    let reply = Reply::parse(&raw).expect("an HTTP answer");
    assert_eq!(reply.status, 200);
    assert!(reply.body.contains("</html>"), "the whole page");
    assert!(elapsed <= budget, "answered after {elapsed:?}");
}

/// A connection to the preview whose every step gives up after a while.
fn connect(port: u16) -> TcpStream {
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let s = TcpStream::connect_timeout(&addr, WAIT).expect("the preview accepts connections");
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    s
}

/// The status of whatever the server answers on `s` (`None`: it closed or reset the
/// connection without a status line).
fn status(s: &mut TcpStream) -> Option<u16> {
    s.set_read_timeout(Some(WAIT)).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0; 4096];
    while !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    Reply::parse(&raw).map(|r| r.status)
}

/// Requests that announce a body of 2^64 - 1 bytes (this killed tiny_http's workers): refused
/// at once, nothing read.
fn huge_bodies(port: u16) {
    for method in ["GET", "GET", "GET", "GET", "POST"] {
        let mut s = connect(port);
        write!(
            s,
            "{method} / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 18446744073709551615\r\n\r\n"
        )
        .unwrap();
        let expected = if method == "GET" { 413 } else { 405 };
        assert_eq!(status(&mut s), Some(expected), "{method} with a huge body");
    }
}

/// Clients that start a request and never finish it; returned so they stay connected.
fn slow_clients(port: u16) -> Vec<TcpStream> {
    (0..8)
        .map(|_| {
            let mut s = connect(port);
            s.write_all(b"GET /index.html HTTP/1.1\r\nHost: loc")
                .unwrap();
            s
        })
        .collect()
}

/// Clients that send many requests in one go and never read the answers; returned so they
/// stay connected.
fn pipelining_clients(port: u16) -> Vec<TcpStream> {
    (0..4)
        .map(|_| {
            let mut s = connect(port);
            s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
            let requests = "GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(2000);
            // The server stops reading once its answers back up: that is the point.
            let _ = s.write_all(requests.as_bytes());
            s
        })
        .collect()
}

/// A request with a 50 MB header: the server must stop reading it early, never answer 200.
fn huge_header(port: u16) {
    let mut s = connect(port);
    s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
    let total = 50 << 20;
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    let start = Instant::now();
    let mut write = |bytes: &[u8]| {
        if start.elapsed() > WAIT {
            return Err(std::io::Error::new(ErrorKind::TimedOut, "gave up sending"));
        }
        s.write_all(bytes).map(|()| sent += bytes.len())
    };
    let outcome = write(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ")
        .and_then(|()| (0..total / chunk.len()).try_for_each(|_| write(&chunk)))
        .and_then(|()| write(b"\r\n\r\n"));
    let status = status(&mut s);
    assert!(
        outcome.is_err() || status == Some(431),
        "the whole 50 MB header was read ({sent} bytes), then answered {status:?}"
    );
    assert_ne!(status, Some(200), "a 50 MB header was accepted");
}

/// Opens 1,000 event streams, keeping those the server accepts; returns them and how many
/// were refused.
fn event_stream_flood(port: u16) -> (Vec<TcpStream>, usize) {
    let mut open = Vec::new();
    let mut refused = 0;
    let start = Instant::now();
    for _ in 0..1000 {
        assert!(
            start.elapsed() < 3 * WAIT,
            "opening 1,000 event streams got stuck"
        );
        let mut s = connect(port);
        let asked = s.write_all(b"GET /__shinchoku/events HTTP/1.1\r\nHost: localhost\r\n\r\n");
        match asked.ok().and_then(|()| status(&mut s)) {
            Some(200) => open.push(s),
            _ => refused += 1,
        }
    }
    (open, refused)
}

/// The server process's thread count (Linux).
fn threads(server: &Server) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .expect("a Threads line")
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn requests_announcing_huge_bodies_are_refused_and_the_preview_still_answers() {
    let server = start(&repo());
    huge_bodies(server.port);
    huge_bodies(server.port);
    answers_within_a_second(server.port);
}

#[test]
fn slow_clients_do_not_hold_up_the_preview() {
    let server = start(&repo());
    let _held = slow_clients(server.port);
    answers_within_a_second(server.port);
}

#[test]
fn clients_that_pipeline_and_never_read_do_not_hold_up_the_preview() {
    let server = start(&repo());
    let _held = pipelining_clients(server.port);
    answers_within_a_second(server.port);
}

#[test]
fn a_50_mb_header_is_refused() {
    let server = start(&repo());
    huge_header(server.port);
    answers_within_a_second(server.port);
}

#[test]
fn event_streams_are_capped_and_share_one_thread() {
    let server = start(&repo());
    let before = threads(&server);
    let (open, refused) = event_stream_flood(server.port);
    assert!(refused > 0, "all 1,000 event streams were taken");
    assert!(!open.is_empty(), "no event stream was taken");
    let during = threads(&server);
    assert!(
        during <= before + 4,
        "{} open event streams cost {} threads",
        open.len(),
        during.saturating_sub(before)
    );
    answers_within_a_second(server.port);
    // The streams that were taken still get events.
    edit(
        &server.content().join("units/I-1-1-1.yaml"),
        "name: 事業者の経営課題解決と経営基盤の安定",
        "name: 事業者の経営課題の解決（編集後）",
    );
    let mut first = open.into_iter().next().unwrap();
    first.set_read_timeout(Some(WAIT)).unwrap();
    let mut seen = Vec::new();
    let mut buf = [0; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: reload") {
        match first.read(&mut buf) {
            Ok(0) => panic!("the stream closed"),
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("no reload event: {e}"),
        }
    }
}

#[test]
fn everything_at_once_then_the_preview_still_answers() {
    let server = start(&repo());
    let port = server.port;
    let (_slow, _pipelining, _streams) = std::thread::scope(|scope| {
        let slow = scope.spawn(|| slow_clients(port));
        let pipelining = scope.spawn(|| pipelining_clients(port));
        let streams = scope.spawn(|| event_stream_flood(port).0);
        scope.spawn(|| huge_bodies(port));
        scope.spawn(|| huge_header(port));
        (
            slow.join().unwrap(),
            pipelining.join().unwrap(),
            streams.join().unwrap(),
        )
    });
    answers_within_a_second(port);
}

/// A page on another site can point its own host name at 127.0.0.1 (DNS rebinding) and then
/// read the preview as same-origin: only this machine's names are answered.
#[test]
fn only_this_machines_host_names_are_answered() {
    let server = start(&repo().join("tests/fixtures/minimal"));
    let p = server.port;
    let with_host = |host: &str| {
        request(
            p,
            &format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        "localhost".to_string(),
        format!("localhost:{p}"),
        format!("LocalHost:{p}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{p}"),
        format!("[::1]:{p}"),
    ] {
        assert_eq!(with_host(&host).status, 200, "Host: {host}");
    }
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{p}"),
        format!("localhost.evil.example:{p}"),
        format!("127.0.0.1.nip.io:{p}"),
        format!("localhost:{p}@evil.example"),
        "".to_string(),
    ] {
        let r = with_host(&host);
        assert_eq!(r.status, 403, "Host: {host}");
        assert!(!r.body.contains("<h1>"), "Host: {host}");
    }
    let events = request(
        p,
        "GET /__shinchoku/events HTTP/1.1\r\nHost: evil.example\r\n\r\n",
    );
    assert_eq!(events.status, 403, "event stream for another site");
    // HTTP/1.1 requires a Host header; no browser leaves it out of HTTP/1.0 either, but tools do.
    let missing = request(p, "GET /index.html HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(missing.status, 400);
    assert_eq!(request(p, "GET /index.html HTTP/1.0\r\n\r\n").status, 200);
}
