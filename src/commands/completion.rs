//! `cloud completion <SHELL>`: prints a completion script; touches nothing else.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud completion bash > ~/.local/share/bash-completion/completions/cloud\n  cloud completion zsh > \"${fpath[1]}/_cloud\"\n  cloud completion fish > ~/.config/fish/completions/cloud.fish"
)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The script is built in memory, then written: clap_complete panics on a write error, and
/// `cloud completion bash | head -1` closes the pipe early, which is the reader's choice,
/// not a failure.
pub fn run(args: CompletionArgs) -> Result<()> {
    // Expanded before the build, so clap's `help` subcommand mirrors every leaf too.
    let mut command = super::deferred::expanded(Cli::command);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "cloud", &mut script);
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&script).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Error::Other(anyhow::anyhow!(
            "could not write the completion script: {e}"
        ))),
    }
}
