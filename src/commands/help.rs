//! Help topics beside the commands' own help: `cloud help exit-codes`.

use serde_json::json;

use crate::agent;
use crate::error::{CODES, exit};
use crate::output::Output;

/// The help topics, beside the commands: `cloud help <topic>`.
pub const TOPICS: &[&str] = &["exit-codes"];

/// The topic asked for with `cloud help <topic>`, if that is what clap refused.
///
/// clap's own `help` subcommand knows only commands; it refuses a topic as an unknown
/// subcommand, and the topic is printed instead of that error.
pub fn topic_requested(error: &clap::Error, args: &[std::ffi::OsString]) -> Option<&'static str> {
    if error.kind() != clap::error::ErrorKind::InvalidSubcommand {
        return None;
    }
    TOPICS.iter().copied().find(|topic| {
        args.windows(2)
            .any(|pair| pair[0] == "help" && pair[1] == *topic)
    })
}

/// Prints a topic of [`TOPICS`].
pub fn print_topic(topic: &str, out: Output) {
    match topic {
        "exit-codes" => exit_codes(out),
        _ => out.warn(&format!("no help topic `{topic}`")),
    }
}

fn exit_codes(out: Output) {
    if out.json {
        out.json_value(&json!({
            "exit_codes": exit::TABLE
                .iter()
                .map(|(code, meaning)| json!({ "exit_code": code, "meaning": meaning }))
                .collect::<Vec<_>>(),
            "error_codes": CODES
                .iter()
                .map(|(code, exit_code, meaning)| {
                    json!({ "code": code, "exit_code": exit_code, "meaning": meaning })
                })
                .collect::<Vec<_>>(),
        }));
        return;
    }
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in exit::TABLE {
        text.push_str(&format!("  {code:<5}{meaning}\n"));
    }
    text.push_str(ERROR_OBJECT);
    text.push_str(&format!(
        "\nAI agents are detected by the variables they set ({}, and the others the is-ai-agent\n\
         crate knows; not when empty, nor AGENT/AI_AGENT set to 0 or false), or {}=1.\n\
         Then JSON is the default, nothing prompts and nothing waits for a person; --format table\n\
         or {}=0 turn that off. Detection never changes what a credential may do.\n\
         In CI (CI=true) or without a terminal on stdin nothing prompts either, and\n\
         `cloud auth login` fails at once (exit 4) instead of waiting for a browser.\n",
        agent::VARIABLES.join(", "),
        agent::AGENT_MODE_ENV,
        agent::AGENT_MODE_ENV,
    ));
    text.push_str("\nError codes (code, exit code, meaning):\n");
    let width = CODES.iter().map(|(c, _, _)| c.len()).max().unwrap_or(0);
    for (code, exit_code, meaning) in CODES {
        text.push_str(&format!("  {code:<width$}  {exit_code:<8}{meaning}\n"));
    }
    out.line(text.trim_end());
}

const ERROR_OBJECT: &str = r#"
In JSON mode (--json, --format json, or an AI agent detected) every line of stderr is one
JSON object: notices and warnings as {"notice": "…"} / {"warning": "…"}, and every failure,
usage errors included, as one error object, always the last line; stdout is then empty:
  {"error": {"code": "not_found", "message": "…", "hint": null, "exit_code": 5,
             "http_status": 404, "request_id": "…", "credential_source": "…",
             "retryable": false}}
All eight keys are always there; one that does not apply is null. `retryable` is true for
429, 502, 503, 504, network errors and timeouts: the same command may work later.
"#;
