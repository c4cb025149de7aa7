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

/// A command's own notes, then the section.
pub fn after(notes: &str, context: String) -> String {
    format!("{notes}\n\n{context}")
}
