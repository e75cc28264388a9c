//! The preview's HTTP/1.1 server on `std::net`, small enough that everything a client can make
//! it spend is bounded:
//!
//! - a thread per connection, at most [`Limits::connections`] at once (503 past that), so a
//!   client that is slow to send or to read holds up only itself;
//! - a request head must arrive whole within [`Limits::head_time`] of the connection opening
//!   (or of the previous answer) and fit in [`Limits::head_bytes`] (408, 431);
//! - GET and HEAD only, without a body (405, 413): nothing but heads is ever read;
//! - an answer the client stops taking for [`Limits::write_time`] is abandoned;
//! - `Host` must name this machine ([`super::host`]; 403; HTTP/1.1 without it: 400);
//! - event streams are handed to the [`Hub`], which holds them without a thread each.
//!
//! Every refusal closes the connection.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Served;
use super::events::{EVENTS_PATH, Hub};
use super::host;
use super::http::{self, Response};

/// What one client may cost.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Connections served at once (event streams not counted: the hub holds those).
    pub connections: usize,
    /// The request line and headers, in bytes.
    pub head_bytes: usize,
    /// From the connection opening, or the previous answer, to the end of the next head.
    pub head_time: Duration,
    /// The longest wait for the client to take more of an answer.
    pub write_time: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            connections: 64,
            head_bytes: 16 * 1024,
            head_time: Duration::from_secs(10),
            write_time: Duration::from_secs(10),
        }
    }
}

/// Headers per request at most (431 past that).
const MAX_HEADERS: usize = 64;

/// Serves `listener` on a thread of its own.
pub fn start(listener: TcpListener, limits: Limits, served: Arc<Served>, hub: Arc<Hub>) {
    std::thread::Builder::new()
        .name("accept".into())
        .spawn(move || accept(&listener, &limits, &served, &hub))
        .expect("the system can start a thread");
}

fn accept(listener: &TcpListener, limits: &Limits, served: &Arc<Served>, hub: &Arc<Hub>) {
    let open = Arc::new(AtomicUsize::new(0));
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait for some to be closed rather than spin.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if open.load(Ordering::Acquire) >= limits.connections {
            // Never blocks: a fresh socket's buffer takes a short answer whole.
            let _ = stream.set_nonblocking(true);
            let busy = Response::text(503, "busy: too many connections; try again");
            let _ = (&stream).write_all(&head(&busy, false).into_bytes());
            let _ = (&stream).write_all(&busy.body);
            continue;
        }
        let slot = Slot::take(&open);
        let (limits, served, hub) = (limits.clone(), served.clone(), hub.clone());
        // If no thread can be started, the connection is dropped (closed) with `slot`.
        let _ = std::thread::Builder::new()
            .name("connection".into())
            .spawn(move || {
                let _slot = slot;
                Connection {
                    stream,
                    limits: &limits,
                    served: &served,
                    hub: &hub,
                }
                .serve();
            });
    }
}

/// One of the [`Limits::connections`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::AcqRel);
        Slot(open.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// What the server needs from a request head.
#[derive(Debug)]
struct Head {
    method: String,
    target: String,
    /// HTTP/1.1 (else 1.0).
    http11: bool,
    /// Every `Host` header's value.
    hosts: Vec<String>,
    /// A body follows (`Content-Length` above 0, or `Transfer-Encoding`), `None`: malformed.
    body: Option<bool>,
    close: bool,
}

enum Next {
    Head(Head),
    /// The client closed, or left an idle connection: nothing to answer.
    Gone,
    /// Answer this status and close.
    Refuse(u16),
}

struct Connection<'a> {
    stream: TcpStream,
    limits: &'a Limits,
    served: &'a Served,
    hub: &'a Hub,
}

impl Connection<'_> {
    fn serve(self) {
        let _ = self.stream.set_nodelay(true);
        let arrived_on = match self.stream.local_addr() {
            Ok(a) => a.ip(),
            Err(_) => return,
        };
        // Bytes read and not yet used: a client may send its next request before the answer.
        let mut pending = Vec::new();
        loop {
            let head = match self.read_head(&mut pending) {
                Next::Head(head) => head,
                Next::Gone => return,
                Next::Refuse(status) => return self.refuse(status),
            };
            if let Some(status) = refusal(&head, arrived_on) {
                return self.refuse(status);
            }
            let path = head.target.split('?').next().unwrap_or("");
            if head.method == "GET" && path == EVENTS_PATH {
                // The hub answers and keeps the stream; this thread is done with it.
                match self.hub.subscribe(self.stream) {
                    Ok(()) => return,
                    Err(stream) => {
                        let answer = Response::text(503, "too many open event streams");
                        let _ = send(&stream, &answer, true, false, self.limits);
                        return close(stream);
                    }
                }
            }
            let answer = http::answer(&head.target, self.served);
            let keep = head.http11 && !head.close;
            let sent = send(
                &self.stream,
                &answer,
                head.method == "GET",
                keep,
                self.limits,
            );
            if sent.is_err() || !keep {
                return close(self.stream);
            }
        }
    }

    /// Reads until `pending` starts with a whole head, within the limits; the head is taken
    /// out of `pending`.
    fn read_head(&self, pending: &mut Vec<u8>) -> Next {
        let deadline = Instant::now() + self.limits.head_time;
        loop {
            match parse(pending) {
                Ok(Some((head, len))) => {
                    pending.drain(..len);
                    return Next::Head(head);
                }
                Ok(None) if pending.len() >= self.limits.head_bytes => return Next::Refuse(431),
                Ok(None) => {}
                Err(status) => return Next::Refuse(status),
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let timed_out = if pending.is_empty() {
                Next::Gone
            } else {
                Next::Refuse(408)
            };
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return timed_out;
            }
            let mut chunk = [0; 4096];
            let room = chunk.len().min(self.limits.head_bytes - pending.len());
            match (&self.stream).read(&mut chunk[..room]) {
                Ok(0) => return Next::Gone,
                Ok(n) => pending.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return timed_out;
                }
                Err(_) => return Next::Gone,
            }
        }
    }

    fn refuse(self, status: u16) {
        let mut answer = Response::text(status, refusal_text(status));
        if status == 405 {
            answer.headers.push(("Allow", "GET, HEAD".into()));
        }
        let _ = send(&self.stream, &answer, true, false, self.limits);
        close(self.stream);
    }
}

/// The head at the start of `bytes` and its length; `None` while it is incomplete; `Err`: the
/// status to refuse it with.
fn parse(bytes: &[u8]) -> Result<Option<(Head, usize)>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(bytes) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
    };
    let value = |h: &httparse::Header| String::from_utf8_lossy(h.value).trim().to_string();
    let named = |name: &str| {
        request
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name))
            .map(value)
            .collect::<Vec<_>>()
    };
    let lengths = named("Content-Length");
    let body = if !named("Transfer-Encoding").is_empty() {
        Some(true)
    } else {
        lengths.iter().try_fold(false, |any, l| {
            let digits = !l.is_empty() && l.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| any || l.bytes().any(|b| b != b'0'))
        })
    };
    let close = named("Connection")
        .iter()
        .flat_map(|v| v.split(','))
        .any(|token| token.trim().eq_ignore_ascii_case("close"));
    let head = Head {
        method: request.method.unwrap_or_default().to_string(),
        target: request.path.unwrap_or_default().to_string(),
        http11: request.version == Some(1),
        hosts: named("Host"),
        body,
        close,
    };
    Ok(Some((head, len)))
}

/// Why a well-formed head is not answered, as a status.
fn refusal(head: &Head, arrived_on: std::net::IpAddr) -> Option<u16> {
    let host_ok = match head.hosts.as_slice() {
        // No browser leaves `Host` out, so a page on another site cannot either; HTTP/1.1
        // requires it.
        [] => !head.http11,
        [host] => host::is_local(host, arrived_on),
        _ => return Some(400),
    };
    if !host_ok {
        return Some(if head.hosts.is_empty() { 400 } else { 403 });
    }
    if !matches!(head.method.as_str(), "GET" | "HEAD") {
        return Some(405);
    }
    match head.body {
        None => Some(400),
        Some(true) => Some(413),
        Some(false) if !head.target.starts_with('/') => Some(400),
        Some(false) => None,
    }
}

fn refusal_text(status: u16) -> &'static str {
    match status {
        400 => "bad request",
        403 => {
            "this preview answers only requests addressed to localhost, 127.0.0.1 or [::1] (or the address it was opened at)"
        }
        405 => "only GET and HEAD",
        408 => "the request took too long to arrive",
        413 => "this server takes no request bodies",
        431 => "request headers too large",
        _ => "refused",
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The status line and headers of `answer`.
fn head(answer: &Response, keep: bool) -> String {
    let mut out = format!("HTTP/1.1 {} {}\r\n", answer.status, reason(answer.status));
    for (name, value) in &answer.headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n", answer.body.len()));
    if !keep {
        out.push_str("Connection: close\r\n");
    }
    out.push_str("\r\n");
    out
}

/// Sends `answer` (its body only if `with_body`: not for HEAD) while the client takes it.
fn send(
    stream: &TcpStream,
    answer: &Response,
    with_body: bool,
    keep: bool,
    limits: &Limits,
) -> std::io::Result<()> {
    stream.set_write_timeout(Some(limits.write_time))?;
    let mut out = stream;
    out.write_all(head(answer, keep).as_bytes())?;
    if with_body {
        out.write_all(&answer.body)?;
    }
    out.flush()
}

/// Closes after an answer: stop sending, then read (and drop) for a moment whatever the client
/// was still sending, so the close does not reset the connection before the client has read
/// the answer.
fn close(stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_millis(200);
    let mut drained = 0;
    let mut buf = [0; 4096];
    while drained < 64 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match (&stream).read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}
