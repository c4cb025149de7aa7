//! `cloud completion <SHELL>`: prints a completion script; touches nothing else.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::Result;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  cloud completion bash > ~/.local/share/bash-completion/completions/cloud\n  cloud completion zsh > \"${fpath[1]}/_cloud\"\n  cloud completion fish > ~/.config/fish/completions/cloud.fish"
)]
pub struct CompletionArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionArgs) -> Result<()> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "cloud", &mut std::io::stdout());
    Ok(())
}
