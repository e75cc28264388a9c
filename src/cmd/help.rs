//! `shinchoku help [TOPIC]`: the bundled docs, so an installed binary (with no repository
//! beside it) can still show the content format and the methods.

use anyhow::bail;

/// docs/content-format.md, embedded at build time.
pub const CONTENT_FORMAT: &str = include_str!("../../docs/content-format.md");
/// docs/methods.md, embedded at build time.
pub const METHODS: &str = include_str!("../../docs/methods.md");

/// Prints the doc named `topic`, or the help of the subcommand it names (`help import xlsx`),
/// or the list of commands when there is no topic.
pub fn run(mut cli: clap::Command, topic: &[String]) -> anyhow::Result<()> {
    match topic.first().map(String::as_str) {
        Some("format") => print!("{CONTENT_FORMAT}"),
        Some("methods") => print!("{METHODS}"),
        _ => {
            // Built first so each subcommand's usage line reads `shinchoku build`, not `build`.
            cli.build();
            let mut command = &mut cli;
            for name in topic {
                let Some(sub) = command.find_subcommand_mut(name) else {
                    bail!(
                        "no help topic `{}`\n  help: try `shinchoku help format`, `shinchoku help methods` or `shinchoku help` for the commands",
                        topic.join(" ")
                    );
                };
                command = sub;
            }
            command.print_long_help()?;
        }
    }
    Ok(())
}
