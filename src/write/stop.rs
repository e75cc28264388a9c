//! A test hook that proves a crash at any point loses nothing: the process stops on the spot
//! at a chosen step that changes the file system, as if killed with `kill -9`
//! (tests/output_safety.rs runs each step in a child process). Unused, it costs one atomic
//! load per step.

use std::sync::atomic::{AtomicU64, Ordering};

static STOP_AT: AtomicU64 = AtomicU64::new(0);
static STEPS: AtomicU64 = AtomicU64::new(0);

/// The exit code of a process stopped by [`at`].
pub const EXIT_CODE: i32 = 86;

/// Stops the process at its `step`th file-system step (counting from 1; 0: never). It exits
/// without running destructors, so nothing is cleaned up, as after `kill -9`.
#[doc(hidden)]
pub fn at(step: u64) {
    STOP_AT.store(step, Ordering::Relaxed);
}

/// How many steps this process has taken.
#[doc(hidden)]
pub fn steps() -> u64 {
    STEPS.load(Ordering::Relaxed)
}

/// Called after each change to the file system.
pub(crate) fn step() {
    let n = STEPS.fetch_add(1, Ordering::Relaxed) + 1;
    if STOP_AT.load(Ordering::Relaxed) == n {
        std::process::exit(EXIT_CODE);
    }
}
