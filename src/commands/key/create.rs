//! `cloud key create --name <NAME> …`

use std::io::IsTerminal;

use uuid::Uuid;

use crate::api::requests::{IpAccessEntry, KeyCreate, KeyHashData};
use crate::api::{Reply, WriteApi};
use crate::commands::OrgArg;
use crate::credentials::{API_KEY_ENV, API_SECRET_ENV};
use crate::error::Result;
use crate::output::{Output, detail_table};
use crate::shape;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "The key's ID and secret are printed on stdout; the secret is shown only \
once, so store it right away.\n\n\
Examples:\n  \
cloud key create --name ci --role-id <ROLE_ID>   # IDs from `cloud role list`\n  \
cloud key create --name deploy --expires-at 2030-12-31T23:59:59Z --ip-allow 203.0.113.0/24\n  \
cloud key create --name ci --jq .keySecret   # the secret alone",
        crate::commands::agents::write("creates an API key (openapiKeyCreate) and prints its secret once."),
    )
)]
pub struct Args {
    /// Name of the key (1 to 50 characters)
    #[arg(long, value_parser = crate::args::KEY_NAME)]
    pub name: String,

    /// Role to assign to the key (IDs from `cloud role list`); repeat for several
    #[arg(long = "role-id", value_name = "ROLE_ID", value_parser = crate::args::uuid)]
    pub role_ids: Vec<Uuid>,

    /// When the key stops working, in the future (RFC 3339, e.g. 2030-12-31T23:59:59Z) [default: never]
    #[arg(long, value_name = "EXPIRES_AT", value_parser = crate::args::FUTURE_DATETIME)]
    pub expires_at: Option<jiff::Timestamp>,

    /// Initial state of the key [default: enabled]
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::args::KEY_STATES))]
    pub state: Option<String>,

    /// IP address or CIDR block allowed to use the key; repeat for several [default: any]
    #[arg(long, value_name = "IP_ALLOW", value_parser = crate::args::ip_or_cidr)]
    pub ip_allow: Vec<String>,

    /// Hash of a key ID you generated (base64 SHA-256); with --hash-key-id-suffix and --hash-key-secret
    #[arg(long, value_name = "HASH_KEY_ID", value_parser = crate::args::SHA256_BASE64, requires_all = ["hash_key_id_suffix", "hash_key_secret"])]
    pub hash_key_id: Option<String>,

    /// Last 4 characters of the key ID you generated; with --hash-key-id and --hash-key-secret
    #[arg(long, value_name = "HASH_KEY_ID_SUFFIX", value_parser = crate::args::KEY_ID_SUFFIX, requires_all = ["hash_key_id", "hash_key_secret"])]
    pub hash_key_id_suffix: Option<String>,

    /// Hash of a key secret you generated (base64 SHA-256); with --hash-key-id and --hash-key-id-suffix
    #[arg(long, value_name = "HASH_KEY_SECRET", value_parser = crate::args::SHA256_BASE64, requires_all = ["hash_key_id", "hash_key_id_suffix"])]
    pub hash_key_secret: Option<String>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let hash_data = match (
        args.hash_key_id,
        args.hash_key_id_suffix,
        args.hash_key_secret,
    ) {
        (Some(key_id_hash), Some(key_id_suffix), Some(key_secret_hash)) => Some(KeyHashData {
            key_id_hash,
            key_id_suffix,
            key_secret_hash,
        }),
        // clap's `requires_all` lets through all three or none.
        _ => None,
    };
    let request = KeyCreate {
        name: args.name,
        assigned_role_ids: args.role_ids.iter().map(Uuid::to_string).collect(),
        expire_at: args.expires_at.map(|t| t.to_string()),
        state: args.state,
        ip_access_list: args
            .ip_allow
            .into_iter()
            .map(|source| IpAccessEntry { source })
            .collect(),
        hash_data,
    };
    let org = args.org.resolve(api).await?;
    let created = api.create_key(org, &request).await?;
    // `--json` prints the key as `key get` does, with its one-time `keyId` and `keySecret`.
    let shown = shape::resource_with_secrets(&created.to_value(), "key", &["keyId", "keySecret"]);
    let created = Reply::built(&shown, created.into_data()?);
    let data = created.data()?;
    out.reply(&created, |created| {
        let mut rows = vec![
            ("Key ID", created.key_id.clone()),
            ("Key secret", created.key_secret.clone()),
        ];
        rows.extend(
            created
                .key
                .as_ref()
                .map(super::detail_rows)
                .unwrap_or_default(),
        );
        detail_table(rows)
    });
    match (&data.key_id, &data.key_secret) {
        // The secret goes to stderr only for a person at a terminal: in JSON mode, or when
        // stderr is a log file, it would land where the result was not asked to go.
        (Some(key_id), Some(key_secret)) if !out.json && std::io::stderr().is_terminal() => {
            out.notice("The key secret is shown only this once: store it now. To use the key:");
            out.notice(&format!(
                "  export {API_KEY_ENV}={} {API_SECRET_ENV}={}",
                shell_quote(key_id),
                shell_quote(key_secret)
            ));
        }
        (Some(_), Some(_)) => out.notice(
            "The key secret is shown only this once (in the result on stdout): store it now.",
        ),
        _ if request.hash_data.is_some() => out.notice(
            "The key was created from the given hashes: use the key ID and secret you hashed.",
        ),
        _ => out.warn("the API did not return the new key's ID and secret"),
    }
    Ok(())
}

/// `value` as one shell word: as is when safe, else single-quoted.
fn shell_quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'+' | b'=' | b':')
        });
    if safe {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn secrets_are_quoted_only_when_needed() {
        assert_eq!(shell_quote("abc+/=123"), "abc+/=123");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
