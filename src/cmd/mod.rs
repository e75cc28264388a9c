pub mod build;
pub mod check;
