//! Which language the command line speaks to this user: `--lang`, else the project's own
//! `lang`, else the environment's locale, else English.

use std::path::Path;

use shinchoku::load::SITE_FILE;
use shinchoku::message::Lang;

static CHOSEN: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// The language of the messages for a command run on the project in `dir`; the commands
/// read it back with [`get`] (for warnings printed along the way).
pub fn choose(flag: Option<Lang>, dir: &Path) -> Lang {
    let lang = flag
        .or_else(|| project_lang(dir))
        .or_else(environment_lang)
        .unwrap_or(Lang::En);
    let _ = CHOSEN.set(lang);
    lang
}

/// The language chosen for this run (English before [`choose`]).
pub fn get() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// The project's `lang`, read without parsing the settings file: a broken file must still get
/// its own error in the language it asks for. A project without `lang` (or without a settings
/// file) is Japanese, as its site is; a folder with no project says nothing.
fn project_lang(dir: &Path) -> Option<Lang> {
    let settings = dir.join(SITE_FILE);
    if !settings.exists() && !dir.join("content").exists() {
        return None;
    }
    let text = std::fs::read_to_string(settings).unwrap_or_default();
    let lang = text.lines().find_map(|line| {
        let value = line.strip_prefix("lang:")?;
        let value = value.split('#').next()?.trim().trim_matches(['"', '\'']);
        Some(value.to_string())
    });
    match lang.as_deref() {
        Some("en") => Some(Lang::En),
        _ => Some(Lang::Ja),
    }
}

/// Japanese when the locale says so (`LC_ALL` over `LC_MESSAGES` over `LANG`, as gettext
/// reads them), else nothing.
fn environment_lang() -> Option<Lang> {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|v| !v.is_empty())?;
    locale.starts_with("ja").then_some(Lang::Ja)
}
