//! `data/datapackage.json`: a Frictionless Data Package (v1) describing every other data
//! file, so tools such as frictionless-py, CKAN or Open Data portals read them with types.
//! The CSV schemas come from [`super::columns::COLUMNS`], the same list the CSVs print.

use serde::Serialize;

use super::columns::COLUMNS;
use super::{Content, DATA_FOLDER, DataFile, Format};
use crate::model::Project;
use crate::render::Each;

#[derive(Serialize)]
#[serde(bound = "Each<F>: Serialize")]
struct Package<F> {
    profile: &'static str,
    name: String,
    title: String,
    /// The data's terms of use (plan.yaml `publisher.licence`), as Frictionless v1 writes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<PackageLicence>,
    /// The documents the data comes from (plan.yaml `publisher.sources`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<PackageSource>,
    resources: Each<F>,
}

#[derive(Serialize)]
struct PackageLicence {
    /// An Open Definition identifier, where the licence has one (CC-BY-4.0).
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'static str>,
    path: String,
    title: String,
}

#[derive(Serialize)]
struct PackageSource {
    title: String,
    path: String,
}

#[derive(Serialize)]
struct Resource {
    name: String,
    /// Relative to datapackage.json, which sits beside the files.
    path: String,
    title: String,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    dialect: Option<Dialect>,
    /// The Table Schema's path (the same file for every CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    delimiter: &'static str,
    line_terminator: &'static str,
    header: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema {
    fields: Vec<Field>,
    /// A blank cell is no figure (never a zero: a zero is written 0); why, is in a column.
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    field_type: &'static str,
    title: &'static str,
    /// Dates are written `2003-09-30`.
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
}

/// A resource or package name as the spec allows: lower-case ASCII letters, digits, `-._`.
fn spec_name(text: &str, fallback: &str) -> String {
    let slug = crate::model::slug_of(text);
    if slug.is_empty() {
        fallback.to_string()
    } else {
        slug
    }
}

fn schema(project: &Project) -> Schema {
    Schema {
        fields: COLUMNS
            .iter()
            .map(|c| Field {
                name: c.header(project.site.lang),
                field_type: c.field_type.key(),
                title: c.header(project.site.lang),
                format: (c.field_type == super::columns::FieldType::Date).then_some("%Y-%m-%d"),
            })
            .collect(),
        missing_values: [""],
    }
}

fn resource(project: &Project, file: &DataFile) -> Resource {
    let relative = relative_to_package(&file.path);
    let name = match file.content {
        Content::Report => "report".to_string(),
        Content::AllIndicators => "indicators".to_string(),
        Content::Indicator(i) => project.indicators[i].slug(),
        Content::Schema => "table-schema".to_string(),
        Content::Package => "datapackage".to_string(),
    };
    let csv = file.format == Format::Csv;
    Resource {
        name,
        path: relative,
        title: file.title(project),
        profile: if csv {
            "tabular-data-resource"
        } else {
            "data-resource"
        },
        format: file.format.key(),
        mediatype: file.format.mediatype(),
        encoding: "utf-8",
        bytes: file.size,
        dialect: csv.then_some(Dialect {
            delimiter: ",",
            line_terminator: "\r\n",
            header: true,
        }),
        schema: csv.then(|| relative_to_package(super::TABLE_SCHEMA_JSON)),
    }
}

/// A path in the site as `datapackage.json`'s resources give it: from its folder.
fn relative_to_package(path: &str) -> String {
    path.strip_prefix(DATA_FOLDER).unwrap_or(path).to_string()
}

/// `table-schema.json`: the columns every CSV has, in the site's language.
pub fn table_schema_json(project: &Project) -> String {
    let mut s = serde_json::to_string_pretty(&schema(project)).expect("the schema serialises");
    s.push('\n');
    s
}

/// Writes the descriptor of `files` (every data file but itself) into `out`, a resource at a
/// time (one for each of 166,000 CSVs at 100,000 policies).
pub fn write_datapackage_json(
    project: &Project,
    files: &[DataFile],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let plan = &project.plan;
    let package = Package {
        profile: "data-package",
        name: spec_name(&plan.plan, "progress-report"),
        title: format!("{} {} {}", plan.city, plan.plan, plan.title),
        licenses: plan
            .publisher
            .licence
            .iter()
            .map(|l| PackageLicence {
                name: (l.key.as_deref() == Some("cc-by-4.0")).then_some("CC-BY-4.0"),
                path: l.url.clone(),
                title: l.name.clone(),
            })
            .collect(),
        sources: plan
            .publisher
            .sources
            .iter()
            .map(|d| PackageSource {
                title: d.title.clone(),
                path: d.url.clone(),
            })
            .collect(),
        // The schema is what the CSV resources point to, not data of its own.
        resources: Each(|| {
            files
                .iter()
                .filter(|f| f.content != Content::Schema)
                .map(|f| resource(project, f))
        }),
    };
    serde_json::to_writer_pretty(&mut *out, &package)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::data::DATAPACKAGE_JSON;

    #[test]
    fn names_follow_the_spec() {
        assert_eq!(
            spec_name("後期実施計画", "progress-report"),
            "progress-report"
        );
        assert_eq!(spec_name("Open-SDG", "x"), "open-sdg");
        // Resource paths are relative to the descriptor's folder.
        assert!(DATAPACKAGE_JSON.starts_with(DATA_FOLDER));
    }
}
