//! Exporters: the report in another tool's format.

pub mod layout;
pub mod xlsx;
