//! `shinchoku init [DIR] [--lang ja|en]`: a minimal valid project to start from, with every
//! field explained by a comment, editor settings and CI templates. It never overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use shinchoku::message::CommandError;
use shinchoku::tr;

/// The language of the project written (its site's and its comments'), and of messages
/// (`--lang`, for every command).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Ja,
    En,
}

impl From<Lang> for shinchoku::model::Lang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Ja => shinchoku::model::Lang::Ja,
            Lang::En => shinchoku::model::Lang::En,
        }
    }
}

/// One file of the project: its path under DIR and its text.
type Template = (&'static str, &'static str);

/// The project's content, in the language asked for.
fn content(lang: Lang) -> [Template; 6] {
    macro_rules! files {
        ($dir:literal) => {
            [
                (
                    "shinchoku.yaml",
                    include_str!(concat!("init/", $dir, "/shinchoku.yaml")),
                ),
                (
                    "content/plan.yaml",
                    include_str!(concat!("init/", $dir, "/plan.yaml")),
                ),
                (
                    "content/units/I-1-1-1.yaml",
                    include_str!(concat!("init/", $dir, "/unit1.yaml")),
                ),
                (
                    "content/units/I-1-1-2.yaml",
                    include_str!(concat!("init/", $dir, "/unit2.yaml")),
                ),
                (
                    "content/indicators/01.yaml",
                    include_str!(concat!("init/", $dir, "/kpi1.yaml")),
                ),
                (
                    "content/indicators/02.yaml",
                    include_str!(concat!("init/", $dir, "/kpi2.yaml")),
                ),
            ]
        };
    }
    match lang {
        Lang::Ja => files!("ja"),
        Lang::En => files!("en"),
    }
}

/// What every project gets whatever its language: git, editor and CI settings.
const TOOLING: [Template; 4] = [
    (".gitignore", include_str!("init/common/gitignore")),
    (
        ".vscode/extensions.json",
        include_str!("init/common/extensions.json"),
    ),
    (
        ".github/workflows/shinchoku.yml",
        include_str!("init/common/github-workflow.yml"),
    ),
    (".gitlab-ci.yml", include_str!("init/common/gitlab-ci.yml")),
];

/// Every file `init` writes for `lang`, path under the project → text: the content, the
/// tooling, and the editor's schemas and settings (generated, see `shinchoku schema`).
pub fn templates(lang: Lang) -> Vec<(String, String)> {
    content(lang)
        .into_iter()
        .chain(TOOLING)
        .map(|(path, text)| (path.to_string(), text.to_string()))
        .chain(super::schema::editor_files())
        .collect()
}

/// Writes each `(path under dir, text)`, making folders, and says so.
pub(super) fn write_files(dir: &Path, files: &[(String, String)]) -> anyhow::Result<()> {
    for (path, text) in files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

pub fn run(dir: &Path, lang: Lang) -> anyhow::Result<()> {
    let files = templates(lang);
    // Check them all before writing any, so a refusal leaves the folder as it was.
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| fs::symlink_metadata(path).is_ok())
        .collect();
    if !existing.is_empty() {
        let list: Vec<String> = existing
            .iter()
            .map(|p| format!("  {}", p.display()))
            .collect();
        let list = list.join("\n");
        return Err(CommandError(tr!(
            "not writing the project: these files already exist:\n{list}\n  help: run `shinchoku init` in an empty folder, or move these files away",
            "プロジェクトを書き込みません。次のファイルがすでにあります:\n{list}\n  対処: 空のフォルダで `shinchoku init` を実行するか、これらのファイルを移動してください"
        ))
        .into());
    }
    write_files(dir, &files)?;
    println!(
        "next: `shinchoku serve {0}` to preview, `shinchoku build {0}` to write output/",
        dir.display()
    );
    Ok(())
}
