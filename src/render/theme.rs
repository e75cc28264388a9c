//! Themes: the default theme is compiled into the binary, so `shinchoku build` works on any
//! content folder; a project overrides any template or static file by placing its own under
//! `themes/<name>/templates/` or `themes/<name>/static/` (name from `shinchoku.yaml`), and
//! any interface text in `themes/<name>/locales/<lang>.yaml` (see [`super::locale`]).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, bail};
use rayon::prelude::*;
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
    "indicator_section.html",
    "overview.html",
    "404.html",
    "downloads.html",
    "about.html",
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
    /// The templates the project overrides, by name, with their path in the project
    /// (`themes/<name>/templates/unit.html`): an error in one names the file to open.
    overridden: BTreeMap<String, String>,
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
    let mut overridden = BTreeMap::new();
    if dir.is_dir() {
        overlay(root, &rel.join("templates"), |name, bytes| {
            let path = format!(
                "themes/{name_of_theme}/templates/{name}",
                name_of_theme = name_of(&rel)
            );
            let text = String::from_utf8(bytes).with_context(|| format!("{path}: not UTF-8"))?;
            templates.insert(name.clone(), text);
            overridden.insert(name, path);
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
    let mut theme = Theme {
        tera,
        strings,
        assets,
        overridden,
    };
    // Parsing is a third of a small site's build (tera's parser is slow): the templates are
    // parsed in parallel, then linked as `Tera::add_raw_templates` would.
    let parsed: Vec<(&String, tera::Result<tera::Template>)> = templates
        .par_iter()
        .map(|(name, text)| (name, tera::Template::new(name, None, text)))
        .collect();
    for (name, template) in parsed {
        match template {
            Ok(t) => {
                theme.tera.templates.insert(name.clone(), t);
            }
            Err(e) => bail!(
                "{}: a template syntax error: {}",
                file_of(&theme.overridden, name),
                chain(&e)
            ),
        }
    }
    let linked = theme.tera.build_inheritance_chains();
    if let Err(e) = linked.and_then(|()| theme.tera.check_macro_files()) {
        // Every one parses: what fails is between templates (a parent, a macro file or an
        // include that does not exist).
        bail!("{}", theme.explain(&chain(&e)));
    }
    Ok(theme)
}

/// Where template `name` comes from: the project's file, or the built-in default theme.
fn file_of(overridden: &BTreeMap<String, String>, name: &str) -> String {
    match overridden.get(name) {
        Some(path) => path.clone(),
        None => format!("{name} (built into shinchoku's default theme)"),
    }
}

fn name_of(rel: &Path) -> String {
    rel.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Tera keeps the useful part of its errors (the line, what was expected) in `source()`.
pub fn chain(e: &tera::Error) -> String {
    let mut s = e.to_string();
    let mut cur = std::error::Error::source(e);
    while let Some(inner) = cur {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        cur = inner.source();
    }
    s
}

impl Theme {
    /// Tera's message with every template it names in quotes (`'unit.html'`) followed by the
    /// file to open, when the project overrides it.
    pub fn explain(&self, message: &str) -> String {
        self.explain_but(message, "")
    }

    /// [`Theme::explain`] for every template but `known` (already named).
    fn explain_but(&self, message: &str, known: &str) -> String {
        let mut out = message.to_string();
        for (name, path) in self.overridden.iter().filter(|(n, _)| *n != known) {
            for quoted in [format!("'{name}'"), format!("`{name}`")] {
                out = out.replace(&quoted, &format!("{quoted} ({path})"));
            }
        }
        out
    }

    /// An error while rendering `template` for the page `page`, naming the template's file.
    pub fn render_error(&self, template: &str, page: &str, e: &tera::Error) -> anyhow::Error {
        let why = chain(e);
        let why = super::locale::explain_missing(&why, self.strings.lang())
            .unwrap_or_else(|| self.explain_but(&why, template));
        let mut message = format!(
            "{}: rendering {page}: {why}",
            file_of(&self.overridden, template)
        );
        // A built-in template fails only through what the project put beside it.
        if !self.overridden.contains_key(template) && !self.overridden.is_empty() {
            let own: Vec<&str> = self.overridden.values().map(String::as_str).collect();
            message.push_str(&format!(
                "\n  help: the built-in templates work as shipped; look at the project's own: {}",
                own.join(", ")
            ));
        }
        anyhow::anyhow!(message)
    }
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
