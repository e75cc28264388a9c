//! Links written in narratives, reflections and notes must lead somewhere: a relative link
//! names a file of the site. Links to other sites are not followed (a build works offline),
//! and neither are links from the server's root (`/sangyo/…`), which depend on where the city
//! puts the site.

use std::collections::HashSet;
use std::path::Path;

use percent_encoding::percent_decode_str;

use super::markdown::link_targets;
use super::pages::{indicator_path, unit_path};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::Project;

/// A relative link found in a Markdown field: where it was written and what it names.
struct Link<'a> {
    file: &'a Path,
    page: String,
    field: String,
    url: String,
    target: Result<String, ()>,
}

/// Every Markdown field's relative links checked against `site`, the paths of the files the
/// site will have; `site` is asked for only when some field has a relative link, which most
/// reports have none of.
pub fn check(project: &Project, site: impl FnOnce() -> HashSet<String>) -> Result<(), Diagnostics> {
    let links = relative_links(project);
    if links.is_empty() {
        return Ok(());
    }
    let site = site();
    let problems: Vec<Diagnostic> = links
        .into_iter()
        .filter(|l| !l.target.as_ref().is_ok_and(|t| site.contains(t)))
        .map(|l| problem(project, &l, &site))
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Diagnostics(problems).with_source_lines(&project.root))
    }
}

/// The relative links of every unit policy's narratives and notes and every indicator's
/// reflection and notes, with the page each text is on.
fn relative_links(project: &Project) -> Vec<Link<'_>> {
    let mut links = Vec::new();
    for unit in &project.units {
        let page = || unit_path(unit);
        for (year, n) in &unit.narratives {
            for (part, text) in [("plan", &n.plan), ("actual", &n.actual)] {
                if let Some(text) = text {
                    let field = || format!("narratives.{year}.{part}");
                    add(&mut links, &unit.source, page, field, text);
                }
            }
        }
        if let Some(text) = &unit.notes {
            add(&mut links, &unit.source, page, || "notes".into(), text);
        }
    }
    for ind in &project.indicators {
        for (name, text) in [("reflection", &ind.reflection), ("notes", &ind.notes)] {
            if let Some(text) = text {
                add(
                    &mut links,
                    &ind.source,
                    || indicator_path(ind),
                    || name.to_string(),
                    text,
                );
            }
        }
    }
    links
}

/// The relative links of one field's `text`; the page and field names are made only for a
/// text that has a link.
fn add<'a>(
    links: &mut Vec<Link<'a>>,
    file: &'a Path,
    page: impl Fn() -> String,
    field: impl Fn() -> String,
    text: &str,
) {
    // Every link and image has a `]`: text without one is not parsed again.
    if !text.contains(']') {
        return;
    }
    let page = page();
    for url in link_targets(text) {
        if let Some(target) = resolve(&page, &url) {
            links.push(Link {
                file,
                page: page.clone(),
                field: field(),
                url,
                target,
            });
        }
    }
}

fn problem(project: &Project, link: &Link, site: &HashSet<String>) -> Diagnostic {
    let (url, page) = (&link.url, &link.page);
    let message = match &link.target {
        Ok(t) => crate::tr!(
            "the link `{url}` leads to no page of the site (it names {t})",
            "リンク `{url}` の先にサイトのページがありません（{t}）"
        ),
        Err(()) => crate::tr!(
            "the link `{url}` leads out of the site's folder",
            "リンク `{url}` はサイトのフォルダの外を指しています"
        ),
    };
    let wanted = link.target.as_deref().unwrap_or(url);
    let help = match load::suggest(wanted, site.iter().map(String::as_str)) {
        Some(near) => {
            let near = relative(page, near);
            crate::tr!(
                "did you mean {near}? A link is relative to the page it is on ({page})",
                "{near} のことではありませんか。リンクはこの文が載るページ（{page}）から見た相対パスです"
            )
        }
        None => crate::tr!(
            "link to a page the site has, relative to the page this text is on ({page}); e.g. `../index.html`",
            "サイトにあるページへ、この文が載るページ（{page}）から見た相対パスでリンクしてください（例 `../index.html`）"
        ),
    };
    load::error_in_file(&project.root, link.file, &link.field, message).help(help)
}

/// The site path a link on `page` names: `None` for what is not checked (other sites, other
/// schemes, the server's root, this page's anchors), `Err` for a path above the site.
fn resolve(page: &str, url: &str) -> Option<Result<String, ()>> {
    let url = url.trim();
    let has_scheme = url
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    if url.is_empty() || url.starts_with(['#', '/']) || has_scheme {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let path = percent_decode_str(path).decode_utf8_lossy();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own name
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(()));
                }
            }
            s => parts.push(s),
        }
    }
    if path.ends_with('/') || path.is_empty() || path.ends_with("/.") || path.ends_with("..") {
        parts.push("index.html");
    }
    Some(Ok(parts.join("/")))
}

/// `target` (a site path) as a link from `page`.
fn relative(page: &str, target: &str) -> String {
    let depth = page.matches('/').count();
    format!("`{}{target}`", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::resolve;

    fn ok(page: &str, url: &str) -> Option<Result<String, ()>> {
        resolve(page, url)
    }

    #[test]
    fn relative_links_resolve_from_the_page() {
        assert_eq!(
            ok("units/a.html", "../indicators/kpi-01.html#x"),
            Some(Ok("indicators/kpi-01.html".into()))
        );
        assert_eq!(
            ok("units/a.html", "b.html"),
            Some(Ok("units/b.html".into()))
        );
        assert_eq!(ok("units/a.html", "../"), Some(Ok("index.html".into())));
        assert_eq!(
            ok("units/a.html", "../data/kpi%2D01.csv"),
            Some(Ok("data/kpi-01.csv".into()))
        );
        assert_eq!(ok("units/a.html", "../../x.html"), Some(Err(())));
    }

    #[test]
    fn other_sites_anchors_and_the_server_root_are_not_checked() {
        for url in [
            "https://www.city.atsugi.kanagawa.jp/",
            "mailto:a@b.jp",
            "#top",
            "/sangyo/",
        ] {
            assert_eq!(ok("units/a.html", url), None, "{url}");
        }
    }
}
