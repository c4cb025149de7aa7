//! `cloud role update <ROLE>`

use crate::api::WriteApi;
use crate::api::requests::RolePatch;
use crate::args::IdOrName;
use crate::commands::{OrgArg, require_changes};
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "--actor replaces the role's actors; --allow/--deny replace its policies. System roles\n\
(Admin, Developer) cannot be changed.\n\n\
Examples:\n  \
cloud role update \"Service viewer\" --name \"Service readers\"\n  \
cloud role update <ROLE_ID> --actor user/<USER_ID> --actor apiKey/<KEY_ID>",
    crate::commands::agents::write("changes a custom role's name, actors or policies (organizationRolePatch)."),
))]
pub struct Args {
    /// Role ID (the UUID `role list` shows) or name
    #[arg(value_name = "ROLE", value_parser = crate::args::ROLE_REF)]
    pub role: IdOrName,

    /// New name of the role
    #[arg(long, value_parser = crate::args::ROLE_NAME)]
    pub name: Option<String>,

    #[command(flatten)]
    pub body: super::policy::Body,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let body = args.body.read(args.name)?;
    let patch = RolePatch {
        name: body.name,
        actors: body.actors,
        policies: body.policies,
    };
    require_changes(
        patch == RolePatch::default(),
        "--name, --actor, --allow, --deny, --file",
    )?;
    let org = args.org.resolve(api).await?;
    let role_id = crate::commands::lookup::role(api, org, &args.role).await?;
    let role = api.update_role(org, role_id, &patch).await?;
    out.reply(&role, super::detail);
    Ok(())
}
