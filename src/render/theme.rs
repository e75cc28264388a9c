//! Themes: the default theme is compiled into the binary, so `shinchoku build` works on any
//! content folder; a project overrides any template or static file by placing its own under
//! `themes/<name>/templates/` or `themes/<name>/static/` (name from `shinchoku.yaml`).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};
use tera::Tera;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "index.html",
    "goal.html",
    "unit.html",
    "indicator.html",
    "indicator_body.html",
    "overview.html",
    "404.html",
    "sitemap.xml",
    "sitemap_index.xml",
);

const STATIC: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../../themes/default/static/style.css"),
)];

pub struct Theme {
    pub tera: Tera,
    /// Files copied to `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
}

pub fn load(root: &Path, name: &str) -> anyhow::Result<Theme> {
    let mut templates: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut assets: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let dir = root.join("themes").join(name);
    if dir.is_dir() {
        overlay(&dir.join("templates"), |rel, bytes| {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{}/templates/{rel}: not UTF-8", dir.display()))?;
            templates.insert(rel, text);
            Ok(())
        })?;
        overlay(&dir.join("static"), |rel, bytes| {
            assets.insert(rel, bytes);
            Ok(())
        })?;
    } else if name != "default" {
        bail!(
            "theme `{name}` not found: expected a folder {}",
            dir.display()
        );
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .context("a theme template has a syntax error")?;
    Ok(Theme { tera, assets })
}

/// HTML escaping for templates: `&`, `<`, `>`, `"` and `'`. Tera's own also escapes `/`, which
/// is never needed in HTML and turns every link into `..&#x2F;index.html` in the page source
/// that a city's web team reads.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// Calls `add` for every file under `dir` with its `/`-separated relative path.
fn overlay(
    dir: &Path,
    mut add: impl FnMut(String, Vec<u8>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("reading theme folder {}", dir.display()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("under dir");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("reading {}", entry.path().display()))?;
            add(rel, bytes)?;
        }
    }
    Ok(())
}
