//! The language of the command's own messages: `--lang`, else the project's `lang` (its site's
//! language, ja unless set), else the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), else
//! English. Chosen once in `main`, before the command runs.

use std::path::Path;
use std::sync::OnceLock;

use shinchoku::model::Lang;

static CHOSEN: OnceLock<Lang> = OnceLock::new();

/// Chooses the language for this run; `project` is the folder the command works on.
pub fn choose(flag: Option<Lang>, project: Option<&Path>) -> Lang {
    let lang = flag
        .or_else(|| project.and_then(of_project))
        .unwrap_or_else(of_environment);
    let _ = CHOSEN.set(lang);
    lang
}

/// The language chosen for this run (English before `choose`).
pub fn get() -> Lang {
    CHOSEN.get().copied().unwrap_or(Lang::En)
}

/// A project's language: `lang` in shinchoku.yaml, read leniently (a broken settings file
/// must still get to report its own error), or ja, the default, when the folder holds a
/// project; `None` when it holds none.
fn of_project(dir: &Path) -> Option<Lang> {
    #[derive(serde::Deserialize)]
    struct Settings {
        lang: Option<Lang>,
    }
    if let Ok(text) = std::fs::read_to_string(dir.join(shinchoku::load::SITE_FILE))
        && let Ok(settings) = serde_saphyr::from_str::<Settings>(&text)
    {
        return Some(settings.lang.unwrap_or_default());
    }
    let is_project = dir.join(shinchoku::load::SITE_FILE).is_file() || dir.join("content").is_dir();
    is_project.then_some(Lang::Ja)
}

fn of_environment() -> Lang {
    // The first of these that is set decides, as POSIX orders them.
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .unwrap_or_default();
    if locale.starts_with("ja") {
        Lang::Ja
    } else {
        Lang::En
    }
}
