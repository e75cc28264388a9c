//! The reload channel: server-sent events to every open page. All streams are held in one
//! list and written without waiting, so open pages cost a socket each, not a thread; one thread
//! pings them all.

use std::io::Write;
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const EVENTS_PATH: &str = "/__shinchoku/events";
/// Open event streams at most (one per open page); more are refused.
pub const MAX_STREAMS: usize = 64;
/// An idle stream gets a comment this often: it keeps proxies and the browser from closing it,
/// and finds streams whose page has gone.
const PING_EVERY: Duration = Duration::from_secs(15);
/// The answer that opens a stream; the comment tells a client it is subscribed.
const OPENING: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n: shinchoku\n\n";

/// Open event streams; each gets every event.
#[derive(Default)]
pub struct Hub {
    streams: Mutex<Vec<TcpStream>>,
}

impl Hub {
    /// A hub, and the one thread that pings its streams (it ends when the hub is dropped).
    pub fn start() -> Arc<Hub> {
        let hub = Arc::new(Hub::default());
        let weak = Arc::downgrade(&hub);
        std::thread::Builder::new()
            .name("event pings".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(PING_EVERY);
                    match weak.upgrade() {
                        Some(hub) => hub.broadcast(b": ping\n\n"),
                        None => return,
                    }
                }
            })
            .expect("the system can start a thread");
        hub
    }

    /// Takes `stream`, whose request asked for events: answers it and keeps it. Gives it back
    /// when [`MAX_STREAMS`] are open, for the caller to refuse.
    pub fn subscribe(&self, stream: TcpStream) -> Result<(), TcpStream> {
        let mut streams = self.streams.lock().expect("no panics");
        if streams.len() >= MAX_STREAMS {
            // Pages that were closed or reloaded since the last ping leave their streams here.
            streams.retain(is_open);
        }
        if streams.len() >= MAX_STREAMS {
            return Err(stream);
        }
        // A stream that fails here is simply closed; its page's EventSource tries again.
        if stream.set_nonblocking(true).is_ok() && send_whole(&stream, OPENING.as_bytes()) {
            streams.push(stream);
        }
        Ok(())
    }

    /// How many streams are open (or closed but not yet noticed).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.streams.lock().expect("no panics").len()
    }

    /// Sends `event` with `data` to every open stream.
    pub fn send(&self, event: &str, data: &str) {
        self.broadcast(encode(event, data).as_bytes());
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

    /// Writes `message` to every stream; those that cannot take it whole at once are dropped
    /// (closed).
    fn broadcast(&self, message: &[u8]) {
        self.streams
            .lock()
            .expect("no panics")
            .retain(|s| send_whole(s, message));
    }
}

/// Writes all of `bytes` without waiting. A stream that cannot take a whole message at once has
/// a full buffer: its client is not reading, and half a message would garble the stream.
fn send_whole(mut stream: &TcpStream, bytes: &[u8]) -> bool {
    matches!(stream.write(bytes), Ok(n) if n == bytes.len())
}

/// False once the client has closed its end (the stream is non-blocking: a peek never waits).
fn is_open(stream: &TcpStream) -> bool {
    match stream.peek(&mut [0]) {
        Ok(n) => n > 0,
        Err(e) => e.kind() == std::io::ErrorKind::WouldBlock,
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
    fn streams_beyond_the_cap_are_given_back() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let hub = Hub::default();
        let mut clients = Vec::new();
        for _ in 0..MAX_STREAMS {
            clients.push(TcpStream::connect(addr).unwrap());
            let (server_side, _) = listener.accept().unwrap();
            assert!(hub.subscribe(server_side).is_ok());
        }
        clients.push(TcpStream::connect(addr).unwrap());
        let (one_more, _) = listener.accept().unwrap();
        assert!(hub.subscribe(one_more).is_err());
        // A page that goes away frees its place.
        drop(clients.remove(0));
        let mut freed = false;
        for _ in 0..100 {
            clients.push(TcpStream::connect(addr).unwrap());
            let (next, _) = listener.accept().unwrap();
            if hub.subscribe(next).is_ok() {
                freed = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(freed, "a closed stream kept its place");
        assert_eq!(hub.len(), MAX_STREAMS);
    }
}
