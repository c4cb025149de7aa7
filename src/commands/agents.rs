//! The `CONTEXT FOR AGENTS` section at the end of the help of every noun and every
//! write command: what it does, what `--json` gives, what writes and who may write.
//! Snapshot-tested in `tests/it/help.rs`.

const HEADING: &str = "CONTEXT FOR AGENTS:";

/// For a noun: what it is for, its read and its write subcommands.
pub fn noun(does: &str, reads: &str, writes: &str) -> String {
    let writes = if writes.is_empty() {
        "  Writes: none; every subcommand only reads.".to_owned()
    } else {
        format!(
            "  Writes: {writes}. They need an API key whose role may write (Admin); OAuth logins \
             and read-only keys are refused before any request is sent (exit 4)."
        )
    };
    format!(
        "{HEADING}\n  {does}\n  Reads (any credential, OAuth logins included): {reads}.\n{writes}\n  \
         --json prints the API's objects exactly as sent. `cloud commands --json` lists every \
         command with its arguments and the API operations it may call."
    )
}

/// For a write command: what it changes.
pub fn write(changes: &str) -> String {
    format!(
        "{HEADING}\n  Writes: {changes}\n  Needs an API key whose role may write (Admin). OAuth logins, \
         CLOUD_ACCESS_TOKEN and read-only keys (--read-only, a Developer role) are refused before \
         any request is sent (exit 4, code write_requires_api_key).\n  \
         --json prints the API's reply exactly as sent."
    )
}

/// [`write`], for a command that destroys something and so asks for confirmation
/// (`commands::confirm`).
pub fn destructive(changes: &str) -> String {
    format!(
        "{}\n  Destructive: on a terminal it asks [y/N] first (declining exits 3, code cancelled). \
         Without a terminal, in CI or under an agent pass --yes (-y), or it is refused before any \
         request (exit 2, code confirmation_required).",
        write(changes)
    )
}

/// A command's own notes, then the section.
pub fn after(notes: &str, context: String) -> String {
    format!("{notes}\n\n{context}")
}
