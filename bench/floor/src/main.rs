//! The write floor: how long two threads take to write a built site's files into a fresh
//! folder, which is the least any generator must spend to put that site on disk.
//!
//!   write-floor SITE DEST      prints milliseconds (wall)
//!
//! The files are read into memory first (untimed); then the folders are made and the files
//! written, split between two threads by turns as shinchoku's pages are (the machines this is
//! measured on have two cores).

use std::path::{Path, PathBuf};
use std::time::Instant;

const THREADS: usize = 2;

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).expect("reading the site") {
        let path = entry.expect("reading the site").path();
        if path.is_dir() {
            read_tree(root, &path, out);
        } else {
            let bytes = std::fs::read(&path).expect("reading a file");
            out.push((path.strip_prefix(root).unwrap().to_path_buf(), bytes));
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, site, dest] = args.as_slice() else {
        eprintln!("usage: write-floor SITE DEST");
        std::process::exit(2);
    };
    let (site, dest) = (Path::new(site), Path::new(dest));
    let mut files = Vec::new();
    read_tree(site, site, &mut files);
    let mut folders: Vec<PathBuf> = files
        .iter()
        .filter_map(|(rel, _)| rel.parent().map(|p| dest.join(p)))
        .collect();
    folders.sort();
    folders.dedup();
    let start = Instant::now();
    for folder in &folders {
        std::fs::create_dir_all(folder).expect("making a folder");
    }
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let files = &files;
            scope.spawn(move || {
                for (rel, bytes) in files.iter().skip(t).step_by(THREADS) {
                    std::fs::write(dest.join(rel), bytes).expect("writing a file");
                }
            });
        }
    });
    println!("{}", start.elapsed().as_millis());
}
