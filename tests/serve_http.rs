//! The preview's HTTP server in-process, with limits small enough to reach in a test: what it
//! answers to each kind of request, and that every limit ends what it bounds.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use shinchoku::serve::Served;
use shinchoku::serve::events::Hub;
use shinchoku::serve::server::{self, Limits};

const WAIT: Duration = Duration::from_secs(20);

/// A server on a free port of 127.0.0.1 serving `a.html`, `b.txt` and a 16 MB `big.json`.
fn serve(limits: Limits) -> u16 {
    let served = Arc::new(Served::default());
    {
        let mut files = served.files.write().unwrap();
        files.insert("a.html".into(), b"<html><body>A</body></html>".to_vec());
        files.insert("b.txt".into(), b"bee".to_vec());
        files.insert("big.json".into(), vec![b' '; 16 << 20]);
    }
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    server::start(listener, limits, served, Hub::start());
    port
}

fn connect(port: u16) -> TcpStream {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.set_write_timeout(Some(WAIT)).unwrap();
    s
}

/// Sends `raw` and reads until the server closes; the answer as text (what arrived before a
/// reset, if the server reset the connection).
fn exchange(port: u16, raw: &[u8]) -> String {
    let mut s = connect(port);
    let mut answer = Vec::new();
    if s.write_all(raw).is_ok() {
        let _ = s.read_to_end(&mut answer);
    }
    String::from_utf8_lossy(&answer).into_owned()
}

fn status(answer: &str) -> &str {
    answer.get(9..12).unwrap_or("none")
}

#[test]
fn pipelined_requests_are_answered_in_order_on_one_connection() {
    let port = serve(Limits::default());
    let answer = exchange(
        port,
        b"GET /a.html HTTP/1.1\r\nHost: localhost\r\n\r\n\
          HEAD /b.txt HTTP/1.1\r\nHost: localhost\r\n\r\n\
          GET /missing.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    );
    let parts: Vec<&str> = answer.split("HTTP/1.1 ").skip(1).collect();
    assert_eq!(parts.len(), 3, "{answer}");
    assert!(parts[0].starts_with("200 OK"), "{answer}");
    assert!(parts[0].contains("Content-Type: text/html; charset=utf-8"));
    assert!(parts[0].contains("<body>A"), "{answer}");
    // HEAD: the length of what GET would send, and no body.
    assert!(parts[1].starts_with("200 OK"), "{answer}");
    assert!(parts[1].contains("Content-Length: 3\r\n"), "{answer}");
    assert!(parts[1].ends_with("\r\n\r\n"), "{answer}");
    assert!(parts[2].starts_with("404 Not Found"), "{answer}");
    assert!(parts[2].contains("Connection: close"), "{answer}");
}

#[test]
fn http_1_0_gets_one_answer_and_the_connection_closes() {
    let port = serve(Limits::default());
    let answer = exchange(port, b"GET /b.txt HTTP/1.0\r\nHost: localhost\r\n\r\n");
    assert_eq!(status(&answer), "200");
    assert!(answer.ends_with("\r\n\r\nbee"), "{answer}");
}

#[test]
fn only_get_and_head_without_a_body() {
    let port = serve(Limits::default());
    let post = exchange(
        port,
        b"POST /a.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc",
    );
    assert_eq!(status(&post), "405");
    assert!(post.contains("Allow: GET, HEAD"), "{post}");
    for (body, expected) in [
        ("Content-Length: 3\r\n", "413"),
        ("Content-Length: 99999999999999999999999999\r\n", "413"),
        ("Transfer-Encoding: chunked\r\n", "413"),
        ("Content-Length: abc\r\n", "400"),
        ("Content-Length: 0\r\n", "200"),
    ] {
        let answer = exchange(
            port,
            format!("GET /b.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{body}\r\n")
                .as_bytes(),
        );
        assert_eq!(status(&answer), expected, "{body}");
    }
}

#[test]
fn malformed_requests_get_400() {
    let port = serve(Limits::default());
    for raw in [
        "GET http://localhost/a.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /a.html HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\n\r\n",
        "GET /a.html HTTP/1.1\r\nHost localhost\r\n\r\n",
        "NONSENSE\r\n\r\n",
    ] {
        assert_eq!(status(&exchange(port, raw.as_bytes())), "400", "{raw:?}");
    }
}

#[test]
fn heads_past_the_size_limit_get_431() {
    let port = serve(Limits {
        head_bytes: 1024,
        ..Limits::default()
    });
    let long = format!(
        "GET /a.html HTTP/1.1\r\nHost: localhost\r\nX-Long: {}\r\n\r\n",
        "a".repeat(2000)
    );
    assert_eq!(status(&exchange(port, long.as_bytes())), "431");
    let many = format!(
        "GET /a.html HTTP/1.1\r\nHost: localhost\r\n{}\r\n",
        "X: y\r\n".repeat(100)
    );
    assert_eq!(status(&exchange(port, many.as_bytes())), "431");
}

#[test]
fn a_head_that_trickles_in_is_cut_off_at_its_deadline() {
    let port = serve(Limits {
        head_time: Duration::from_millis(300),
        ..Limits::default()
    });
    let mut s = connect(port);
    // One byte at a time, far slower than the deadline allows; the server stops listening.
    let start = Instant::now();
    for byte in b"GET /a.html HTTP/1.1\r\nHost: localhost\r\n"
        .iter()
        .cycle()
    {
        if s.write_all(&[*byte]).is_err() || start.elapsed() > WAIT {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        let mut peek = [0; 16];
        s.set_nonblocking(true).unwrap();
        let answered = s.peek(&mut peek).is_ok_and(|n| n > 0);
        s.set_nonblocking(false).unwrap();
        if answered {
            break;
        }
    }
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert_eq!(status(&answer), "408", "{answer}");
}

#[test]
fn an_idle_connection_is_closed_without_an_answer() {
    let port = serve(Limits {
        head_time: Duration::from_millis(200),
        ..Limits::default()
    });
    let mut s = connect(port);
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
}

#[test]
fn connections_past_the_cap_are_refused_with_503() {
    let port = serve(Limits {
        connections: 2,
        ..Limits::default()
    });
    // Two connections that send nothing hold both places (for up to `head_time`).
    let _held = [connect(port), connect(port)];
    // The refusal comes at once, before any request is sent.
    let mut third = connect(port);
    let mut answer = String::new();
    third.read_to_string(&mut answer).unwrap();
    assert_eq!(status(&answer), "503", "{answer}");
}

#[test]
fn an_answer_the_client_stops_taking_is_abandoned_and_frees_its_place() {
    let port = serve(Limits {
        connections: 1,
        write_time: Duration::from_millis(200),
        ..Limits::default()
    });
    // Asks for 16 MB, more than the socket buffers hold, and never reads it.
    let mut greedy = connect(port);
    greedy
        .write_all(b"GET /big.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    // The one place is taken until the server gives up on that answer.
    let start = Instant::now();
    loop {
        let answer = exchange(
            port,
            b"GET /b.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        );
        if status(&answer) == "200" {
            break;
        }
        // Refused (503, or reset before the 503 could be read) while the place is taken.
        assert!(matches!(status(&answer), "503" | "none"), "{answer}");
        assert!(
            start.elapsed() < WAIT,
            "the stalled answer was never abandoned"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(greedy);
}
