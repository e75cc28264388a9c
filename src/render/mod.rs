//! Stage 3: turn a project and its assessment into the files of the site.

pub mod data;

use crate::assess::Assessment;
use crate::model::Project;
use crate::write::Site;

/// Renders every file of the site into memory.
pub fn render(project: &Project, assessment: &Assessment) -> anyhow::Result<Site> {
    let mut site = Site::new();
    site.insert(
        "data/report.json".into(),
        data::report_json(project, assessment).into_bytes(),
    );
    site.insert(
        "data/indicators.csv".into(),
        data::indicators_csv(project, assessment).into_bytes(),
    );
    Ok(site)
}
