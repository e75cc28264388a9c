//! shinchoku (進捗): a static site generator for municipal policy progress reports.
//!
//! The pipeline, one module per stage:
//! [`load`] (YAML → validated [`model::Project`]) → [`assess`] (rates, classes, summary) →
//! [`render`] (pages, charts, data files) → [`write`] (atomically into `output/`).

pub mod assess;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod git;
pub mod import;
pub mod load;
pub mod message;
pub mod model;
pub mod render;
pub mod serve;
pub mod synth;
pub mod write;
