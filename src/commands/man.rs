//! `cloud man [--dir DIR]`: man pages generated from the command tree (clap_mangen); touches
//! no configuration, keyring or network.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Without --dir the page of `cloud` itself is printed (roff) on stdout.

Examples:
  cloud man | man -l -
  cloud man --dir ~/.local/share/man/man1   # then: man cloud-service-create")]
pub struct ManArgs {
    /// Write one page per command (cloud.1, cloud-service.1, cloud-service-list.1, ...) into DIR,
    /// created if missing
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

pub fn run(args: ManArgs, out: Output) -> Result<()> {
    let mut root = super::deferred::expanded(Cli::command).disable_help_subcommand(true);
    root.build();
    let Some(dir) = args.dir else {
        let page = render(&root)?;
        let mut stdout = std::io::stdout().lock();
        return match stdout.write_all(&page).and_then(|()| stdout.flush()) {
            // `cloud man | head` closes the pipe: the reader's choice, not a failure.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Other(
                anyhow::anyhow!("could not write the man page: {e}"),
            )),
            _ => Ok(()),
        };
    };
    std::fs::create_dir_all(&dir).map_err(|e| unwritable(&dir, &e))?;
    let mut pages = Vec::new();
    collect(&root, &mut pages);
    for command in &pages {
        let name = format!("{}.1", command.get_display_name().unwrap_or("cloud"));
        write_whole(&dir, &name, &render(command)?).map_err(|e| unwritable(&dir, &e))?;
    }
    out.notice(&format!(
        "Wrote {} man pages to {} (cloud.1 and one per command).",
        pages.len(),
        dir.display()
    ));
    Ok(())
}

/// The command and every visible command below it.
fn collect<'a>(command: &'a clap::Command, pages: &mut Vec<&'a clap::Command>) {
    pages.push(command);
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages);
    }
}

fn render(command: &clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .map_err(|e| Error::Other(anyhow::anyhow!("could not render a man page: {e}")))?;
    Ok(page)
}

/// Writes the page to a temporary file beside it, then renames it into place: a reader (or
/// `man`) sees the old page or the new one, never half of one.
fn write_whole(dir: &Path, name: &str, page: &[u8]) -> std::io::Result<()> {
    let temporary = dir.join(format!(".{name}.tmp"));
    let written =
        std::fs::write(&temporary, page).and_then(|()| std::fs::rename(&temporary, dir.join(name)));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

fn unwritable(dir: &Path, error: &std::io::Error) -> Error {
    Error::Other(anyhow::anyhow!(
        "could not write man pages to {}: {error}; choose a directory you can write to with --dir",
        dir.display()
    ))
}
