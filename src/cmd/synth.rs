//! `shinchoku synth DIR --units N`: a synthetic project for benchmarks.

use std::path::Path;

use shinchoku::synth;

pub fn run(dir: &Path, units: usize, seed: u64) -> anyhow::Result<()> {
    let g = synth::generate(dir, units, seed)?;
    println!(
        "wrote a synthetic project to {}: {} unit policies, {} indicators (seed {seed})",
        dir.display(),
        g.units,
        g.indicators
    );
    Ok(())
}
