//! Importers: another tool's data becomes a shinchoku project folder.

pub mod open_sdg;
mod write;
pub mod xlsx;
pub mod yaml;

pub use write::write_project;
