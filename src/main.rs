//! The `shinchoku` command line; each subcommand lives in `cmd/`.

mod cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};
use shinchoku::message::Lang;

/// `serve`'s port unless told otherwise (Zola's, as city staff may know it from there).
const DEFAULT_PORT: u16 = 1111;

#[derive(Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "進捗: build an accessible static site from a policy progress report kept as YAML",
    // Our own `help` subcommand also prints the bundled docs (`help format`, `help methods`).
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: ja or en (default: the project's `lang`, else the locale's, else
    /// en). For `init`, also the language of the project written (default ja).
    #[arg(long, global = true, value_enum)]
    lang: Option<cmd::init::Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate a project, then print the summary.
    Check {
        /// The project folder (holding content/plan.yaml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Describe what changed between two versions of the content (git revisions), in report
    /// terms: default HEAD vs the working tree; one revision: it vs the working tree.
    Diff {
        /// The older revision (default HEAD).
        rev_a: Option<String>,
        /// The newer revision (default: the working tree).
        rev_b: Option<String>,
        /// `text` for a terminal, `markdown` for a pull-request comment.
        #[arg(long, value_enum, default_value = "text")]
        format: cmd::diff::Format,
        /// The project folder (holding content/plan.yaml), inside a git work tree.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// Build the static site into the output folder.
    Build {
        /// The project folder (holding content/plan.yaml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Where to write the site (default: output_dir in shinchoku.yaml, else DIR/output).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Prefix for every link, e.g. /sangyo/shinchoku/ (default: relative links).
        #[arg(long, value_parser = base_path)]
        base_path: Option<String>,
        /// Print the time each stage took (to stderr).
        #[arg(long)]
        timings: bool,
    },
    /// Preview the site: serve it on this machine, rebuild on every save, reload the browser.
    Serve {
        /// The project folder (holding content/plan.yaml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (0: any free port).
        #[arg(short, long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// Address to listen on; the default keeps the preview on this machine.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Preview an earlier edition (its slug or tag in `editions`) as it was published.
        #[arg(long)]
        edition: Option<String>,
    },
    /// Write the report in another tool's format.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Write a new project from another tool's data, or update one from a spreadsheet.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Write a new, minimal project to start from (refuses to overwrite any file).
    Init {
        /// The project folder to write into (created if missing). `--lang ja|en`: the
        /// language of its site and of the comments explaining each field (default ja).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Write the JSON Schemas of the content files into .vscode/schemas/ (editor validation).
    Schema {
        /// The project folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Replace schemas written before (after upgrading shinchoku).
        #[arg(long)]
        force: bool,
    },
    /// Print the content format (`help format`), the methods (`help methods`) or a command's help.
    Help {
        /// `format`, `methods`, or a subcommand's name (none: the list of commands).
        topic: Vec<String>,
    },
    /// Write a synthetic project of N unit policies (for benchmarks and tests).
    Synth {
        /// The folder to create the project in (must not hold a content folder).
        dir: PathBuf,
        /// How many unit policies.
        #[arg(long, default_value_t = 1000)]
        units: usize,
        /// Seed: the same seed and size give byte-identical files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum ImportSource {
    /// An Open SDG data repository: one trend KPI per progress-calculation series.
    OpenSdg {
        /// The repository folder (data/indicator_*.csv, meta/*.md or indicator-config/*.yml).
        dir: PathBuf,
        /// The project folder to create (must not hold a content folder).
        #[arg(short, long, default_value = ".")]
        output: PathBuf,
    },
    /// A summary sheet (xlsx): updates the targets, actuals and pending reasons in content/.
    Xlsx {
        /// The workbook to read.
        file: PathBuf,
        /// The project folder to update (holding content/plan.yaml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// A YAML file describing the sheet's layout (default: the layout `export xlsx` writes).
        #[arg(long)]
        map: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ExportFormat {
    /// The summary sheet (総括表) as xlsx, ready to print on A4 landscape.
    Xlsx {
        /// The project folder (holding content/plan.yaml).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The file to write.
        #[arg(short, long, default_value = "report.xlsx")]
        output: PathBuf,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// `--base-path`, checked as `base_path` in shinchoku.yaml is.
fn base_path(raw: &str) -> Result<String, String> {
    shinchoku::load::base_path(raw)
        .map_err(|why| format!("{why}\n  help: {}", shinchoku::load::BASE_PATH_HELP))
}

/// The project folder a command works on, whose `lang` its messages follow.
fn project_dir(command: &Command) -> &std::path::Path {
    match command {
        Command::Check { dir }
        | Command::Diff { dir, .. }
        | Command::Build { dir, .. }
        | Command::Serve { dir, .. }
        | Command::Init { dir }
        | Command::Schema { dir, .. }
        | Command::Synth { dir, .. }
        | Command::Import {
            source: ImportSource::Xlsx { dir, .. },
        }
        | Command::Export {
            format: ExportFormat::Xlsx { dir, .. },
        } => dir,
        Command::Import {
            source: ImportSource::OpenSdg { output, .. },
        } => output,
        Command::Help { .. } => std::path::Path::new("."),
    }
}

fn main() -> ExitCode {
    purge_freed_memory_soon();
    let cli = Cli::parse();
    let flag = cli.lang.map(|l| match l {
        cmd::init::Lang::Ja => Lang::Ja,
        cmd::init::Lang::En => Lang::En,
    });
    let lang = cmd::lang::choose(flag, project_dir(&cli.command));
    let result = match cli.command {
        Command::Check { dir } => cmd::check::run(&dir),
        Command::Diff {
            rev_a,
            rev_b,
            format,
            dir,
        } => cmd::diff::run(&dir, rev_a.as_deref(), rev_b.as_deref(), format),
        Command::Build {
            dir,
            output,
            base_path,
            timings,
        } => cmd::build::run(&dir, output, base_path, timings),
        Command::Serve {
            dir,
            port,
            bind,
            open,
            edition,
        } => cmd::serve::run(&dir, bind, port, open, edition.as_deref()),
        Command::Init { dir } => cmd::init::run(&dir, cli.lang.unwrap_or(cmd::init::Lang::Ja)),
        Command::Schema { dir, force } => cmd::schema::run(&dir, force),
        Command::Help { topic } => cmd::help::run(Cli::command(), &topic),
        Command::Synth { dir, units, seed } => cmd::synth::run(&dir, units, seed),
        Command::Import {
            source: ImportSource::OpenSdg { dir, output },
        } => cmd::import::open_sdg(&dir, &output),
        Command::Import {
            source: ImportSource::Xlsx { file, dir, map },
        } => cmd::import::xlsx(&file, &dir, map.as_deref()),
        Command::Export {
            format: ExportFormat::Xlsx { dir, output, force },
        } => cmd::export::xlsx(&dir, &output, force),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", error_message(&e, lang));
            ExitCode::FAILURE
        }
    }
}

/// An error as the user reads it: problems in the content and the commonest command errors in
/// `lang`; any other error as its chain of causes, in English.
fn error_message(e: &anyhow::Error, lang: Lang) -> String {
    use shinchoku::diagnostic::{Diagnostics, Style};
    use shinchoku::message::CommandError;
    use shinchoku::write::WriteError;
    for cause in e.chain() {
        if let Some(problems) = cause.downcast_ref::<Diagnostics>() {
            return problems.render(Style::for_stderr(), lang);
        }
        if let Some(CommandError(text)) = cause.downcast_ref::<CommandError>() {
            return text.get(lang).to_string();
        }
        if let Some(WriteError::Locked(output)) = cause.downcast_ref::<WriteError>() {
            return shinchoku::write::locked_message(output)
                .get(lang)
                .to_string();
        }
    }
    format!("{e:#}")
}

// Rendering is allocation-heavy (template values, strings); mimalloc is markedly faster than
// glibc's allocator with several threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Has mimalloc give freed memory back to the system after 10 ms instead of its default
/// second: a build frees as fast as it allocates (each page's views and text), and a large
/// page's transient memory then came on top of a second's worth of freed memory still held.
/// At 100,000 policies the late peak of rendering (the downloads page) fell from 1,266–1,322
/// to ~1,189 MiB; 0 (at once) saved no more and made rendering 60% slower.
fn purge_freed_memory_soon() {
    // From mimalloc.h (v2 and v3, as vendored by libmimalloc-sys 0.1.49); the crate's
    // `extended` bindings predate the option.
    const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
    const DELAY_MS: std::ffi::c_long = 10;
    unsafe extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: a plain setter, called before any other thread exists.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, DELAY_MS) };
}
