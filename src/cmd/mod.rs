pub mod build;
pub mod check;
pub mod diff;
pub mod editions;
pub mod export;
pub mod import;
pub mod serve;
pub mod synth;
