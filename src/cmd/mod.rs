pub mod build;
pub mod check;
pub mod serve;
pub mod synth;
