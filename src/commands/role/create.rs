//! `cloud role create --name NAME`

use crate::api::WriteApi;
use crate::api::requests::RoleCreate;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "A custom role grants permissions (--allow) or takes them away (--deny) over resources\n\
(--resource), to the members and API keys given as --actor. For several policies, or SQL\n\
console tags, write the body as JSON (`cloud role get <ROLE> --json` shows the shape) and\n\
pass it with --file.\n\n\
Examples:\n  \
cloud role create --name Viewers --allow control-plane:service:view --resource 'instance/*'\n  \
cloud role create --name Auditors --actor user/<USER_ID> --file role.json",
    crate::commands::agents::write("creates a custom role of the organization (organizationRolePost)."),
))]
pub struct Args {
    /// Name of the new role (unique in the organization)
    #[arg(long, value_parser = crate::args::ROLE_NAME)]
    pub name: Option<String>,

    #[command(flatten)]
    pub body: super::policy::Body,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let body = args.body.read(args.name)?;
    let name = body.name.ok_or_else(|| {
        Error::Usage("a role needs a name: give --name (or `name` in --file)".into())
    })?;
    let policies = body.policies.filter(|p| !p.is_empty()).ok_or_else(|| {
        Error::Usage(
            "a role needs at least one policy: give --allow PERMISSION --resource RESOURCE \
             (or `policies` in --file); nothing was sent"
                .into(),
        )
    })?;
    let request = RoleCreate {
        name,
        actors: body.actors.unwrap_or_default(),
        policies,
    };
    let org = args.org.resolve(api).await?;
    let role = api.create_role(org, &request).await?;
    out.reply(&role, super::detail);
    Ok(())
}
