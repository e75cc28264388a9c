//! `shinchoku.yaml`: site settings, each validated here and nowhere else.

use std::path::{Path, PathBuf};

use super::source::read;
use super::{SITE_FILE, files};
use crate::diagnostic::Diagnostic;
use crate::message::Text;
use crate::model::SiteConfig;
use crate::tr;

pub fn load_site(root: &Path, diags: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut site = SiteConfig::default();
    if !root.join(SITE_FILE).exists() {
        return site;
    }
    let Some(src) = read(root, Path::new(SITE_FILE), diags) else {
        return site;
    };
    // An empty settings file means "all defaults".
    if src.text.trim().is_empty() {
        return site;
    }
    let Some(file) = src.parse::<files::SiteFile>(diags) else {
        return site;
    };
    if let Some(base) = file.base_path {
        match base_path(&base) {
            Ok(path) => site.base_path = Some(path),
            Err(why) => diags.push(src.error("base_path", why).help(base_path_help())),
        }
    }
    if let Some(url) = file.base_url {
        if url.starts_with("https://") || url.starts_with("http://") {
            site.base_url = Some(url.trim_end_matches('/').to_string());
        } else {
            diags.push(
                src.error("base_url", tr!("`{url}` is not an absolute http(s) URL", "`{url}` は http(s) で始まる完全な URL ではありません"))
                    .help(tr!("write the published address, e.g. https://www.city.example.lg.jp/sangyo/shinchoku", "公開先のアドレスを書いてください（例: https://www.city.example.lg.jp/sangyo/shinchoku）")),
            );
        }
    }
    for (i, name) in file.plans.iter().flatten().enumerate() {
        let field = format!("plans[{i}]");
        if !crate::model::is_safe_slug(name) || name == "assets" || name == "data" {
            diags.push(
                src.error(&field, tr!("`{name}` cannot name a plan's folder", "`{name}` は計画のフォルダ名に使えません"))
                    .help(tr!("use lower-case letters a–z, digits, - and _ (not assets or data): it names content/<plan>/ and the plan's folder in the site", "英小文字 a–z、数字、- と _ を使ってください（assets と data は除きます）。content/<計画>/ とサイトでの計画のフォルダ名になります")),
            );
        } else if site.plans.contains(name) {
            diags.push(
                src.error(
                    &field,
                    tr!(
                        "the plan `{name}` is listed twice",
                        "計画 `{name}` が 2 回書かれています"
                    ),
                )
                .help(tr!("list each plan once", "計画は 1 回ずつ書いてください")),
            );
        } else if !root.join("content").join(name).join("plan.yaml").is_file() {
            diags.push(
                src.error(&field, tr!("there is no content/{name}/plan.yaml", "content/{name}/plan.yaml がありません"))
                    .help(tr!("a plan `{name}` keeps its plan.yaml, units/ and indicators/ in content/{name}/", "計画 `{name}` の plan.yaml、units/、indicators/ は content/{name}/ に置きます")),
            );
        } else {
            site.plans.push(name.clone());
        }
    }
    site.editions = super::editions::editions(root, &src, file.editions.as_deref(), diags);
    if !site.editions.is_empty() && !site.plans.is_empty() {
        diags.push(
            src.error(
                "editions",
                tr!(
                    "editions are not supported in a project of several plans yet",
                    "複数の計画があるプロジェクトでは、まだ版（editions）を使えません"
                ),
            )
            .help(tr!(
                "remove `editions`, or publish each plan as a project of its own",
                "`editions` を削除するか、計画ごとに別のプロジェクトとして公開してください"
            )),
        );
    }
    site.edition_label = file.edition_label.filter(|l| !l.trim().is_empty());
    if let Some(lang) = file.lang {
        site.lang = lang;
    }
    if let Some(n) = file.overview_page_size {
        if n == 0 {
            diags.push(
                src.error(
                    "overview_page_size",
                    tr!("must be at least 1", "1 以上にしてください"),
                )
                .help(tr!(
                    "the number of indicator rows per overview page; the default is 100",
                    "一覧ページ 1 ページあたりの成果指標の行数です。既定は 100 です"
                )),
            );
        } else {
            site.overview_page_size = n;
        }
    }
    if let Some(theme) = file.theme {
        if theme.is_empty()
            || !theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            diags.push(
                src.error(
                    "theme",
                    tr!(
                        "`{theme}` is not a theme name",
                        "`{theme}` はテーマの名前になりません"
                    ),
                )
                .help(tr!(
                    "use the name of a folder under themes/ (letters, digits, - and _)",
                    "themes/ の下のフォルダ名（英字、数字、- と _）を使ってください"
                )),
            );
        } else if theme != "default" && !root.join("themes").join(&theme).is_dir() {
            // The default theme is built in; any other must exist, or only `build` would notice.
            diags.push(
                src.error("theme", tr!("theme `{theme}` not found: there is no folder themes/{theme}", "テーマ `{theme}` がありません。themes/{theme} というフォルダがありません"))
                    .help(tr!("create the folder (templates/ and static/ inside override the default theme), or remove `theme` to use the default", "フォルダを作るか（中の templates/ と static/ が既定のテーマを上書きします）、`theme` を削除して既定のテーマを使ってください")),
            );
        } else {
            site.theme = theme;
        }
    }
    if let Some(out) = file.output_dir {
        // The build replaces the output folder wholesale: it must not be (or hold) the project,
        // nor sit inside its content or themes.
        if out.trim().is_empty() || output_clashes(root, &root.join(&out)) {
            diags.push(
                src.error(
                    "output_dir",
                    tr!(
                        "`{out}` would put the site over the project's own files",
                        "`{out}` ではサイトがプロジェクト自身のファイルに重なります"
                    ),
                )
                .help(tr!(
                    "use a folder of its own, e.g. output (the default) or ../public",
                    "専用のフォルダを使ってください（例: 既定の output、../public）"
                )),
            );
        } else {
            site.output_dir = out.into();
        }
    }
    site
}

/// What to do about a `base_path` (or `--base-path`) that [`base_path`] refuses.
pub const BASE_PATH_HELP: &str =
    "write it like /sangyo/shinchoku/ (leading slash, no ..), or remove it for relative links";

fn base_path_help() -> Text {
    Text::new(
        BASE_PATH_HELP,
        "/sangyo/shinchoku/ のように（/ で始め、.. を含めずに）書くか、相対リンクにするなら削除してください",
    )
}

/// A link prefix as written in `base_path` or `--base-path`, checked and ending in `/`; or
/// what is wrong with it. It must be a path on the site's own host: `//host/` (or what a
/// browser reads as that: it drops tabs and newlines from URLs) would send every link,
/// stylesheet included, to another site.
pub fn base_path(raw: &str) -> Result<String, Text> {
    let cleaned: String = raw.chars().filter(|c| !c.is_control()).collect();
    if cleaned.starts_with("//") || cleaned.starts_with("/\\") {
        return Err(tr!(
            "`{}` would send every link to another site (a leading // starts a host name)",
            "`{}` ではすべてのリンクがほかのサイトを指してしまいます（先頭の // はホスト名の始まりです）",
            raw.escape_debug()
        ));
    }
    if !raw.starts_with('/')
        || raw.contains("..")
        || raw.contains(['\\', '?', '#'])
        || raw.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(tr!(
            "`{}` is not an absolute URL path",
            "`{}` は / で始まる URL のパスではありません",
            raw.escape_debug()
        ));
    }
    Ok(format!("{}/", raw.trim_end_matches('/')))
}

/// Whether building into `output` would put the site over the project's own files: the build
/// replaces the output folder wholesale, so it must not be (or hold) the project, nor sit
/// inside its content or themes.
pub fn output_clashes(root: &Path, output: &Path) -> bool {
    let resolve = |p: &Path| lexical(&std::path::absolute(p).unwrap_or_else(|_| p.into()));
    let (project, target) = (resolve(root), resolve(output));
    project.starts_with(&target)
        || ["content", "themes"]
            .iter()
            .any(|d| target.starts_with(project.join(d)))
}

/// `path` with `.` and `..` resolved without touching the disk.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn a_base_path_is_a_path_on_the_same_site() {
        assert_eq!(
            base_path("/sangyo/shinchoku").unwrap(),
            "/sangyo/shinchoku/"
        );
        assert_eq!(
            base_path("/sangyo/shinchoku/").unwrap(),
            "/sangyo/shinchoku/"
        );
        assert_eq!(base_path("/").unwrap(), "/");
        for bad in [
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/\n/evil.example/",
            "sangyo/",
            "/a/../b/",
            "/a b/",
            "/a?x=1",
            "",
        ] {
            assert!(base_path(bad).is_err(), "{bad:?} accepted");
        }
    }
}
