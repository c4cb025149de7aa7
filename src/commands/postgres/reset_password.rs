//! `cloud postgres reset-password <POSTGRES>`

use std::io::{BufRead, IsTerminal};

use serde_json::{Value, json};

use crate::api::WriteApi;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "The new password is read from the first line of stdin; with --generate the API makes one, \
printed once. A password is 12 to 1024 characters with a lowercase letter, an uppercase letter \
and a digit. It is never printed back, and --dry-run and --debug show it as [redacted].\n\n\
Examples:\n  \
printf '%s\\n' \"$NEW_PG_PASSWORD\" | cloud postgres reset-password <POSTGRES_ID>\n  \
cloud postgres reset-password orders-db --generate\n  \
cloud postgres reset-password orders-db --generate --json --jq .password",
    crate::commands::agents::write("replaces the superuser password of the Postgres service (PATCH postgresServiceSetPassword); the old one stops working."),
))]
pub struct Args {
    /// Postgres service ID or name
    #[arg(value_name = "POSTGRES", value_parser = crate::args::POSTGRES_REF)]
    pub postgres: IdOrName,

    /// Let the API generate the password, printed once
    #[arg(long, conflicts_with = "password")]
    pub generate: bool,

    /// The new password on the command line: visible to other local users (ps); pipe it on stdin instead
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let password = if args.generate {
        None
    } else {
        let given = match args.password {
            Some(password) => {
                crate::redact::register(&password);
                out.warn(
                    "--password puts the password where other local users can read it (ps, \
                     /proc); pipe it on stdin instead.",
                );
                password
            }
            None => from_stdin()?,
        };
        check(&given)?;
        Some(given)
    };
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::postgres(api, org, &args.postgres).await?;
    let body = match &password {
        Some(password) => json!({ "password": password }),
        None => json!({}),
    };
    let reply = api.set_postgres_password(org, id, &body).await?;
    let generated = reply
        .data()?
        .get("password")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if out.json {
        out.json_reply(&reply);
    }
    match generated {
        Some(generated) => {
            if !out.json {
                out.line(&generated);
            }
            out.notice(&format!(
                "The new password of Postgres service {id} is shown only this once: store it now."
            ));
        }
        None => out.notice(&format!("Changed the password of Postgres service {id}.")),
    }
    Ok(())
}

/// The first line of stdin, registered as a secret at once.
fn from_stdin() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Err(Error::Usage(
            "pipe the new password on stdin (printf '%s\\n' \"$PASSWORD\" | cloud postgres \
             reset-password …), or pass --generate; nothing was sent"
                .into(),
        ));
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .map_err(|e| Error::Usage(format!("cannot read the password from stdin: {e}")))?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(Error::Usage(
            "stdin held no password; pipe one, or pass --generate; nothing was sent".into(),
        ));
    }
    crate::redact::register(&password);
    Ok(password)
}

/// The spec's `pgPassword`: 12 to 1024 characters, a lowercase, an uppercase, a digit.
fn check(password: &str) -> Result<()> {
    let length = password.chars().count();
    let lacks = [
        (
            password.chars().any(|c| c.is_ascii_lowercase()),
            "a lowercase letter",
        ),
        (
            password.chars().any(|c| c.is_ascii_uppercase()),
            "an uppercase letter",
        ),
        (password.chars().any(|c| c.is_ascii_digit()), "a digit"),
    ];
    let missing: Vec<&str> = lacks
        .iter()
        .filter(|(ok, _)| !ok)
        .map(|(_, what)| *what)
        .collect();
    if !(12..=1024).contains(&length) || !missing.is_empty() {
        return Err(Error::Usage(format!(
            "the new password must be 12 to 1024 characters with a lowercase letter, an uppercase \
             letter and a digit{}; nothing was sent",
            if missing.is_empty() {
                format!(" (it has {length} characters)")
            } else {
                format!(" (it lacks {})", missing.join(", "))
            }
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_follow_the_spec() {
        assert!(super::check("Abcdefghijk1").is_ok());
        for bad in ["Abc1", "abcdefghijk1", "ABCDEFGHIJK1", "Abcdefghijkl"] {
            assert!(super::check(bad).is_err(), "{bad}");
        }
    }
}
