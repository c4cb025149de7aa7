//! Is `cloud` driven by an AI agent or by CI?
//!
//! Agents are recognised by the `is-ai-agent` crate, which keeps the list of the variables
//! (and marker files) each coding agent sets, as the official CLI does. Detection changes how
//! `cloud` talks (JSON by default, no prompts, no color), never what it may do: nothing here
//! is consulted by credential resolution or authorization.

use std::io::IsTerminal;

/// Some of the variables coding agents set, for the help and the README; `is-ai-agent`
/// knows these and many more (`AMP_CURRENT_THREAD_ID`, `CLINE_ACTIVE`, `COPILOT_AGENT`, …).
pub const VARIABLES: &[&str] = &[
    // The emerging conventions: `AGENT=<name>` and `AI_AGENT=<name>`.
    "AGENT",
    "AI_AGENT",
    // Claude Code.
    "CLAUDECODE",
    // Cursor's agent.
    "CURSOR_AGENT",
    // Gemini CLI.
    "GEMINI_CLI",
    // OpenAI Codex CLI, in its sandbox.
    "CODEX_SANDBOX",
    "CODEX_SANDBOX_NETWORK_DISABLED",
    // opencode.
    "OPENCODE",
];

/// `1` forces agent mode, `0` turns detection off.
pub const AGENT_MODE_ENV: &str = "CLOUD_AGENT_MODE";

/// Debug builds only: behave as if a person sat at a terminal, so tests can drive the
/// interactive login through a pipe. Release builds ignore it.
pub const TEST_ASSUME_PERSON_ENV: &str = "CLOUD_TEST_ASSUME_PERSON";

fn set(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

fn truthy(value: &str) -> bool {
    !matches!(value.to_ascii_lowercase().as_str(), "0" | "false" | "no")
}

/// The agent driving `cloud` and the signal that gave it away, if any
/// (`CLOUD_AGENT_MODE=1` names itself; `CLOUD_AGENT_MODE=0` turns detection off).
/// Worked out once per process: start-up asks several times, and detection reads dozens
/// of variables and looks for marker files.
pub fn detected() -> Option<String> {
    static DETECTED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    DETECTED.get_or_init(detect).clone()
}

fn detect() -> Option<String> {
    match set(AGENT_MODE_ENV) {
        Some(value) if truthy(&value) => return Some(format!("{AGENT_MODE_ENV}={value}")),
        Some(_) => return None,
        None => {}
    }
    let agent = is_ai_agent::detect()?;
    let signal = match &agent.signal {
        is_ai_agent::Signal::EnvVar { name, .. } => (*name).to_owned(),
        is_ai_agent::Signal::File { path } => (*path).to_owned(),
        other => format!("{other:?}"),
    };
    Some(format!("{} ({signal})", agent.name))
}

/// `CI` is set to anything but `0`/`false`.
pub fn ci() -> bool {
    set("CI").is_some_and(|value| truthy(&value))
}

/// Whether `cloud` may prompt: not under an agent, not in CI, and standard input is a
/// terminal.
pub fn may_prompt() -> bool {
    detected().is_none() && !ci() && std::io::stdin().is_terminal()
}

/// Whether an interactive login may wait for a person to approve it in a browser: as
/// [`may_prompt`], or in a debug build told so by `CLOUD_TEST_ASSUME_PERSON`.
pub fn person_may_approve() -> bool {
    (cfg!(debug_assertions) && set(TEST_ASSUME_PERSON_ENV).is_some()) || may_prompt()
}

/// Why [`may_prompt`] said no, for the error.
pub fn why_no_person() -> String {
    if let Some(name) = detected() {
        format!("an AI agent was detected: {name}")
    } else if ci() {
        "CI is set".to_owned()
    } else {
        "standard input is not a terminal".to_owned()
    }
}

/// Whether colour is off: `--no-color` among the raw arguments (before `--`; clap colours its
/// own help and errors before the flags are parsed), `NO_COLOR` set to anything but the empty
/// string, or `TERM=dumb`. Either wins over `CLICOLOR_FORCE`.
pub fn no_color<I, S>(args: I) -> bool
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let flag = args
        .into_iter()
        .skip(1)
        .map_while(|a| (a.as_ref() != "--").then_some(a))
        .any(|a| a.as_ref() == "--no-color");
    let env_says = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|v| v == "dumb");
    flag || env_says
}

/// JSON mode as far as the raw arguments tell, for errors clap raises before the flags
/// are parsed: `--json`, `--format json` or `--format=json`, else agent detection unless
/// `--format table` says otherwise. Arguments after `--` are values, not flags.
pub fn json_from_args<I, S>(args: I) -> bool
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let args: Vec<String> = args
        .into_iter()
        .map(|a| a.as_ref().to_string_lossy().into_owned())
        .collect();
    let mut format = None;
    let mut json = false;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--" => break,
            "--json" => json = true,
            "--format" => format = iter.next().cloned(),
            other => {
                if let Some(value) = other.strip_prefix("--format=") {
                    format = Some(value.to_owned());
                }
            }
        }
    }
    match format.as_deref() {
        Some("json") => true,
        Some("table") => false,
        _ => json || detected().is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_flags_are_found_in_raw_arguments() {
        // No agent variable is read when a --format decides.
        assert!(json_from_args([
            "cloud", "service", "--format", "json", "lst"
        ]));
        assert!(json_from_args(["cloud", "--format=json", "x"]));
        assert!(!json_from_args(["cloud", "--format", "table", "x"]));
        assert!(!json_from_args(["cloud", "--format=table", "--", "--json"]));
    }
}
