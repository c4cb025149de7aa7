//! `cloud service reset-password <SERVICE>`

use crate::api::WriteApi;
use crate::api::requests::PasswordPatch;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "Without a hash the API generates a password, printed once on stdout.\n\
With --new-password-hash no password travels: compute the hash locally, e.g.\n  \
printf '%s' \"$PASSWORD\" | sha256sum | tr -d ' -' | xxd -r -p | base64\n\nExamples:\n  cloud service reset-password <SERVICE_ID>\n  cloud service reset-password <SERVICE_ID> --yes --new-password-hash \"$HASH\"",
        crate::commands::agents::destructive("replaces the password of the service's default user (instancePasswordUpdate); the old one stops working."),
    )
)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// Set this SHA-256 password hash (base64) instead of generating a password
    #[arg(long, value_name = "HASH", value_parser = crate::args::SHA256_BASE64)]
    pub new_password_hash: Option<String>,

    /// Double SHA-1 hash (hex) of the same password, for the MySQL protocol
    #[arg(
        long,
        value_name = "HASH",
        value_parser = crate::args::DOUBLE_SHA1_HEX,
        requires = "new_password_hash"
    )]
    pub new_double_sha1_hash: Option<String>,

    #[command(flatten)]
    pub confirm: crate::commands::confirm::Yes,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let id = crate::commands::lookup::service(api, org, &args.service).await?;
    if !args.confirm.yes && !api.is_dry_run() {
        let name = api
            .service(org, id)
            .await
            .ok()
            .and_then(|s| s.into_data().ok())
            .and_then(|s| s.name);
        let what = crate::commands::confirm::describe(name.as_deref(), &id.to_string());
        let question = format!(
            "Reset the password of service {what}'s default user? The old password stops working."
        );
        crate::commands::confirm::ask(args.confirm, false, &question)?;
    }
    let patch = PasswordPatch {
        new_password_hash: args.new_password_hash,
        new_double_sha1_hash: args.new_double_sha1_hash,
    };
    let reset = api.reset_service_password(org, id, &patch).await?;
    if out.json {
        out.json_reply(&reset);
    }
    match &reset.data()?.password {
        Some(password) => {
            if !out.json {
                out.line(password);
            }
            out.notice(&format!(
                "The new password of service {id}'s default user is shown only this once: store it now."
            ));
        }
        None => out.notice(&format!("Changed the password of service {id}.")),
    }
    Ok(())
}
