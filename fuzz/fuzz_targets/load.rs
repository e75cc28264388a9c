//! Fuzzes the loader: arbitrary bytes as a unit policy file and as an indicator file, checked
//! against the bundled Atsugi plan. Any panic is a bug: bad input must become a diagnostic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use shinchoku::load::{Source, assemble};
use shinchoku::model::SiteConfig;

const PLAN: &str = include_str!("../../content/plan.yaml");
const UNIT: &str = include_str!("../../content/units/I-1-1-1.yaml");
const INDICATOR: &str = include_str!("../../content/indicators/01.yaml");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let plan_src = Source::new("content/plan.yaml", PLAN);
    let plan = || Some(&plan_src);
    let root = Path::new(".");
    // The input as a unit file next to a valid indicator, and as an indicator next to a valid unit.
    let _ = assemble(root, SiteConfig::default(), plan(), &[Source::new("content/units/x.yaml", text)], &[Source::new("content/indicators/01.yaml", INDICATOR)], Vec::new());
    let _ = assemble(root, SiteConfig::default(), plan(), &[Source::new("content/units/I-1-1-1.yaml", UNIT)], &[Source::new("content/indicators/x.yaml", text)], Vec::new());
    // And as the plan itself.
    let _ = assemble(root, SiteConfig::default(), Some(&Source::new("content/plan.yaml", text)), &[Source::new("content/units/I-1-1-1.yaml", UNIT)], &[Source::new("content/indicators/01.yaml", INDICATOR)], Vec::new());
});
