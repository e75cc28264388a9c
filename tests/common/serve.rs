//! `shinchoku serve` as a client sees it: the real binary on a free port of 127.0.0.1, content
//! in a temporary copy, raw HTTP over TCP (so requests reach the server exactly as written) and
//! the event stream read line by line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a test waits for something that should happen (far more than it takes).
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn content(&self) -> PathBuf {
        self.dir.path().join("content")
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

/// Starts `serve --port 0` on a copy of `project`'s content.
pub fn start(project: &Path) -> Server {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&project.join("content"), &dir.path().join("content"));
    let served = dir.path().to_path_buf();
    spawn(dir, &served, &[])
}

/// Starts `serve --port 0 <extra>` on `project` itself (not a copy).
pub fn start_in(project: &Path, extra: &[&str]) -> Server {
    spawn(tempfile::tempdir().unwrap(), project, extra)
}

fn spawn(dir: tempfile::TempDir, project: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["serve", project.to_str().unwrap(), "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("serve printed its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    // Keep reading stdout so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, port, dir }
}

pub struct Reply {
    pub status: u16,
    /// The status line and headers, lower-cased.
    pub head: String,
    pub body: String,
}

impl Reply {
    /// Parses a whole response as read from the socket; `None` if there is none.
    pub fn parse(raw: &[u8]) -> Option<Reply> {
        let text = String::from_utf8_lossy(raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n")?;
        Some(Reply {
            status: head.get(9..12)?.parse().ok()?,
            head: head.to_ascii_lowercase(),
            body: body.to_string(),
        })
    }
}

/// Sends `raw` as it is and reads the answer until the server closes the connection.
pub fn request(port: u16, raw: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(raw.as_bytes()).unwrap();
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    Reply::parse(&answer).unwrap_or_else(|| panic!("no HTTP answer to {raw:?}"))
}

/// A raw HTTP/1.0 GET, so the path reaches the server exactly as written.
pub fn get(port: u16, path: &str) -> Reply {
    request(
        port,
        &format!("GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n"),
    )
}

/// Events from the stream, as `event\ndata`. Returns once the server has subscribed it (its
/// opening comment has arrived), so no event of a later edit can be missed.
pub fn events(port: u16) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let (ready_tx, ready) = mpsc::channel();
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET /__shinchoku/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(s).lines() {
            let Ok(line) = line else { return };
            if line.starts_with(": shinchoku") {
                let _ = ready_tx.send(());
            } else if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                event.push('\n');
                event.push_str(data);
            } else if line.is_empty()
                && !event.is_empty()
                && tx.send(std::mem::take(&mut event)).is_err()
            {
                return;
            }
        }
    });
    ready.recv_timeout(WAIT).expect("the event stream opened");
    rx
}

pub fn wait_for(what: &str, mut ok: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ok() {
        assert!(start.elapsed() < WAIT, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn next_event(rx: &Receiver<String>, name: &str) -> String {
    let start = Instant::now();
    loop {
        let left = WAIT.saturating_sub(start.elapsed());
        let e = rx
            .recv_timeout(left)
            .unwrap_or_else(|_| panic!("no {name} event"));
        if e.starts_with(&format!("{name}\n")) {
            return e;
        }
    }
}

pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}
