//! `shinchoku serve [DIR]`: build into memory, serve on localhost, rebuild what an edit
//! touches and reload the browser (see `shinchoku::serve`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use shinchoku::load;
use shinchoku::serve::events::Hub;
use shinchoku::serve::server::{self, Limits};
use shinchoku::serve::settle::Settle;
use shinchoku::serve::watch::Watch;
use shinchoku::serve::{self, Preview, Rebuilt};

/// How long edits must pause before the data files are rebuilt.
const DATA_DELAY: Duration = Duration::from_millis(300);

pub fn run(
    dir: &Path,
    bind: IpAddr,
    port: u16,
    open: bool,
    edition: Option<&str>,
) -> anyhow::Result<()> {
    let root = dir
        .canonicalize()
        .with_context(|| format!("{}: no such project folder", dir.display()))?;
    // An earlier edition is previewed as published: from its snapshot, without watching.
    let snapshot = match edition {
        Some(slug) => Some(super::editions::snapshot_of(&root, slug)?),
        None => None,
    };
    let watched = snapshot.is_none();
    let root = match &snapshot {
        Some(snap) => snap.root().to_path_buf(),
        None => root,
    };
    let mut settings = Vec::new();
    let plans = load::load_site(&root, &mut settings).plans;
    if !plans.is_empty() {
        anyhow::bail!(
            "{}: serve previews a project of one plan, and this one has {} ({}); build it with `shinchoku build` and open output/index.html",
            root.display(),
            plans.len(),
            plans.join(", ")
        );
    }
    if !root.join(load::PLAN_FILE).is_file() {
        anyhow::bail!(
            "{}: no {} here; is this a shinchoku project folder?",
            root.display(),
            load::PLAN_FILE
        );
    }
    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so no save made while it runs is missed.
    let mut watch = if watched {
        Some(Watch::start(&root, tx)?)
    } else {
        None
    };
    let (mut preview, first) = Preview::new(&root);
    report(&first);

    let listener = bind_listener(bind, port)?;
    let addr = listener.local_addr()?;
    // Bound to every address: show the loopback one.
    let shown = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    };
    let url = format!("http://{shown}/");
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines \
             (open it there by this machine's IP address: other names are refused)",
            addr.ip()
        );
    }
    // The line tests and scripts wait for; keep its shape.
    println!("Serving {} at {url} (Ctrl+C to stop)", root.display());
    let hub = Hub::start();
    server::start(
        listener,
        Limits::default(),
        preview.served.clone(),
        hub.clone(),
    );
    if open && let Err(e) = open::that_detached(&url) {
        eprintln!("could not open a browser ({e}); open {url} yourself");
    }

    let Some(watch) = watch.as_mut() else {
        // Nothing to rebuild: serve until stopped.
        loop {
            std::thread::park();
        }
    };
    // Editors save in steps: rebuild once the save is over (see `serve::settle`).
    let site_file = {
        let root = root.clone();
        move |p: &Path| serve::affects_site(p.strip_prefix(&root).unwrap_or(p))
    };
    let mut settle = Settle::new(Watch::reports_closes(), site_file);
    let mut data_stale = false;
    loop {
        // The data files (the whole report as JSON and CSV) are rebuilt once edits pause, so
        // they never hold up the page being edited.
        let first = if data_stale {
            match rx.recv_timeout(DATA_DELAY) {
                Ok(step) => step,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    preview.refresh_data();
                    data_stale = false;
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match rx.recv() {
                Ok(step) => step,
                Err(_) => break,
            }
        };
        settle.add(first);
        while let Ok(more) = rx.recv_timeout(settle.wait(|p| p.exists())) {
            settle.add(more);
        }
        let changed: Vec<PathBuf> = settle.take();
        // Before the files are read again, so no later save in a folder that came back is
        // missed.
        watch.renew(&changed);
        let relevant = changed
            .iter()
            .any(|p| serve::affects_site(p.strip_prefix(&root).unwrap_or(p)));
        if !relevant {
            continue;
        }
        let result = preview.apply(&changed);
        report(&result);
        match &result {
            Rebuilt::Pages { changed, .. } => {
                hub.reload(changed);
                data_stale = true;
            }
            Rebuilt::Failed(message) => hub.error(message),
        }
    }
    Ok(())
}

fn report(result: &Rebuilt) {
    match result {
        Rebuilt::Pages {
            changed,
            rendered,
            elapsed,
            stages,
        } => {
            let what = if changed.first().is_some_and(|c| c == "*") {
                "the whole site".to_string()
            } else if changed.is_empty() {
                "no page changed".to_string()
            } else {
                changed.join(" ")
            };
            let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
            let stages: Vec<String> = stages
                .iter()
                .map(|(name, d)| format!("{name} {:.1}", ms(d)))
                .collect();
            println!(
                "built in {:.1} ms ({}; {rendered} files rendered): {what}",
                ms(elapsed),
                stages.join(", ")
            );
        }
        Rebuilt::Failed(message) => {
            eprintln!("{message}");
            eprintln!("(fix the file and save: the preview rebuilds by itself)");
        }
    }
}

/// Binds `bind:port`; when the default port is taken, any free port instead.
fn bind_listener(bind: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    match TcpListener::bind(SocketAddr::new(bind, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if port == crate::DEFAULT_PORT => {
            eprintln!("port {port} is in use ({e}); using a free port");
            TcpListener::bind(SocketAddr::new(bind, 0))
                .with_context(|| format!("cannot listen on {bind}"))
        }
        Err(e) => Err(anyhow::anyhow!(
            "cannot listen on {bind}:{port}: {e} (try another --port, or --port 0 for any free one)"
        )),
    }
}
