//! Themes: the default theme is compiled into the binary, so `shinchoku build` works on any
//! content folder; a project overrides any template or static file by placing its own under
//! `themes/<name>/templates/` or `themes/<name>/static/` (name from `shinchoku.yaml`), and
//! any interface text in `themes/<name>/locales/<lang>.yaml` (see [`super::locale`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, bail};
use tera::{Tera, Value};

use super::locale::{self, Strings};
use crate::diagnostic::Diagnostics;
use crate::load;
use crate::model::Lang;

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
    "editions.html",
    "indicator_body.html",
    "overview.html",
    "404.html",
    "downloads.html",
    "plans.html",
    "sitemap.xml",
    "sitemap_index.xml",
);

const STATIC: &[(&str, &[u8])] = &[(
    "style.css",
    include_bytes!("../../themes/default/static/style.css"),
)];

pub struct Theme {
    pub tera: Tera,
    /// The interface text in the site's language.
    pub strings: Strings,
    /// Files copied to `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
}

pub fn load(root: &Path, name: &str, lang: Lang) -> anyhow::Result<Theme> {
    let mut templates: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let mut assets: BTreeMap<String, Vec<u8>> = STATIC
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let rel = Path::new("themes").join(name);
    // A theme is published as is: a link in it that leaves the project (`static -> /etc`)
    // would publish what it points to, so it is refused (see `load::links`).
    if let Some(d) = load::links::problem(root, &rel) {
        return Err(Diagnostics(vec![d]).into());
    }
    let dir = root.join(&rel);
    if dir.is_dir() {
        overlay(root, &rel.join("templates"), |name, bytes| {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("{}/templates/{name}: not UTF-8", dir.display()))?;
            templates.insert(name, text);
            Ok(())
        })?;
        overlay(root, &rel.join("static"), |name, bytes| {
            assets.insert(name, bytes);
            Ok(())
        })?;
    } else if name != "default" {
        bail!(
            "theme `{name}` not found: expected a folder {}",
            dir.display()
        );
    }
    let strings = Strings::load(root, name, lang)?;
    let mut tera = Tera::default();
    tera.register_filter("fill", locale::fill_filter);
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.set_escape_fn(escape);
    // Tera's get_env would let a theme publish the build machine's environment (secrets on CI).
    tera.register_function("get_env", |_: &HashMap<String, Value>| -> tera::Result<Value> {
        Err(tera::Error::msg(
            "get_env is disabled: a theme cannot read environment variables; put the value in the template itself",
        ))
    });
    tera.add_raw_templates(templates.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .context("a theme template has a syntax error")?;
    Ok(Theme {
        tera,
        strings,
        assets,
    })
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

/// Calls `add` for every file under `dir` (relative to the project `root`) with its
/// `/`-separated path inside `dir`. Symbolic links are followed only inside the project.
fn overlay(
    root: &Path,
    dir: &Path,
    mut add: impl FnMut(String, Vec<u8>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if !root.join(dir).is_dir() {
        return Ok(());
    }
    let mut problems = Vec::new();
    let files = load::links::files(root, dir, |_| true, &mut problems);
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    for rel in files {
        let name = rel
            .strip_prefix(dir)
            .expect("under dir")
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let full = root.join(&rel);
        let bytes = std::fs::read(&full).with_context(|| format!("reading {}", full.display()))?;
        add(name, bytes)?;
    }
    Ok(())
}
