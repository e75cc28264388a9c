//! Template contexts. Every page's and section's context starts with the same values for its
//! link root (one per folder depth): the interface text, the language, the site view and the
//! root. Cloning them for each of 26,000 pages was 5% of a build, so contexts are lent from a
//! pool instead: a page adds its own values, renders, and gives the context back without them.

use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Mutex;

use serde::Serialize;
use tera::Context;

use super::Pages;
use super::builder::Links;

/// The values every context of a link root starts with; a page's own values use other names.
const COMMON: [&str; 4] = ["ui", "lang", "site", "root"];

/// Contexts by link root: the first one made, to clone when none is free, and the free ones.
#[derive(Default)]
pub(super) struct Pool(Mutex<HashMap<String, (Context, Vec<Context>)>>);

/// The contexts every page starts with, by link root (see [`Pages::common_contexts`]):
/// `serve` keeps them from one rebuild to the next while the site view stays the same.
#[derive(Clone, Default)]
pub struct CommonContexts(HashMap<String, Context>);

/// A context lent from the pool; dropped, it loses the values added to it and goes back.
pub(super) struct Lent<'p> {
    pool: &'p Pool,
    root: String,
    context: Option<Context>,
    added: Vec<&'static str>,
}

impl Lent<'_> {
    pub fn insert(&mut self, key: &'static str, value: &(impl Serialize + ?Sized)) {
        debug_assert!(!COMMON.contains(&key), "{key} would replace a common value");
        self.context.as_mut().expect("lent").insert(key, value);
        self.added.push(key);
    }
}

impl Deref for Lent<'_> {
    type Target = Context;

    fn deref(&self) -> &Context {
        self.context.as_ref().expect("lent")
    }
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        let mut context = self.context.take().expect("lent");
        for key in &self.added {
            context.remove(key);
        }
        let mut pool = self
            .pool
            .0
            .lock()
            .expect("no panics while holding the lock");
        if let Some((_, free)) = pool.get_mut(&self.root) {
            free.push(context);
        }
    }
}

impl Pages<'_> {
    /// Starts from contexts `kept` from pages of the same site and theme whose site view
    /// was the same: it is made from the plan, the settings and the theme, and from the
    /// indicators only through the methods they use (the shared rate label; see
    /// [`Pages::same_site_view`]). Making it scans every indicator.
    pub fn with_common_contexts(self, kept: CommonContexts) -> Self {
        *self
            .contexts
            .0
            .lock()
            .expect("no panics while holding the lock") = kept
            .0
            .into_iter()
            .map(|(root, c)| (root, (c, Vec::new())))
            .collect();
        self
    }

    /// The contexts every page started with, for [`Pages::with_common_contexts`].
    pub fn common_contexts(&self) -> CommonContexts {
        let pool = self
            .contexts
            .0
            .lock()
            .expect("no panics while holding the lock");
        CommonContexts(
            pool.iter()
                .map(|(root, (first, _))| (root.clone(), first.clone()))
                .collect(),
        )
    }

    /// Whether these pages show the site view that the contexts in `kept` hold (making it
    /// for each of their link roots).
    pub fn same_site_view(&self, kept: &CommonContexts) -> bool {
        kept.0.iter().all(|(root, c)| {
            let links = Links { root: root.clone() };
            c.get("site") == self.common_context(&links).get("site")
        })
    }

    /// A context with the common values for pages and sections whose links start at
    /// `links.root`; the first for a root is made here.
    pub(super) fn common_context(&self, links: &Links) -> Lent<'_> {
        let pool = &self.contexts;
        let taken = {
            let mut roots = pool.0.lock().expect("no panics while holding the lock");
            roots
                .get_mut(&links.root)
                .map(|(first, free)| free.pop().unwrap_or_else(|| first.clone()))
        };
        let context = taken.unwrap_or_else(|| {
            // Made outside the lock: two threads may both make it once, which is harmless.
            let mut c = Context::new();
            c.insert("ui", self.theme.strings.ui());
            c.insert("lang", self.theme.strings.lang().tag());
            c.insert("site", &self.builder.site(links));
            c.insert("root", &links.root);
            let mut roots = pool.0.lock().expect("no panics while holding the lock");
            roots
                .entry(links.root.clone())
                .or_insert_with(|| (c.clone(), Vec::new()));
            c
        });
        Lent {
            pool,
            root: links.root.clone(),
            context: Some(context),
            added: Vec::new(),
        }
    }

    /// The context of a page at `path`, whose links start with `links.root`.
    pub(super) fn page_context(&self, path: &str, links: &Links) -> Lent<'_> {
        let mut c = self.common_context(links);
        c.insert("page_path", path);
        c.insert(
            "edition",
            &crate::render::editions::nav(
                &self.builder.project.site.edition_links,
                &links.root,
                path,
            ),
        );
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::PageKind;

    /// A context given back loses what its page added: the next page at the same depth
    /// starts from the common values only, and gets the context back rather than a copy.
    #[test]
    fn a_lent_context_comes_back_without_the_pages_values() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let project = crate::load::load(&root).unwrap();
        let a = crate::assess::assess(&project);
        let theme = crate::render::theme::load(&root, "default", project.site.lang).unwrap();
        let pages = Pages::drawing(&project, &a, &theme);
        let path = pages.path(PageKind::Unit(0));
        let links = super::super::links_for(&project, &path);
        {
            let mut c = pages.page_context(&path, &links);
            c.insert("unit", "a page's own value");
            assert!(c.contains_key("unit") && c.contains_key("page_path"));
        }
        let again = pages.common_context(&links);
        assert!(!again.contains_key("unit") && !again.contains_key("page_path"));
        assert!(COMMON.iter().all(|key| again.contains_key(key)));
        let free = |pages: &Pages| pages.contexts.0.lock().unwrap()[&links.root].1.len();
        assert_eq!(free(&pages), 0, "the one made is lent again");
        drop(again);
        assert_eq!(free(&pages), 1);
    }
}
