//! `cloud member update <USER_ID> --role-id <ROLE_ID>…`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::MemberPatch;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "The roles given replace all the member's current roles.\n\n\
Example:\n  cloud member update <USER_ID> --role-id <ROLE_ID> --role-id <ROLE_ID>",
        crate::commands::agents::write("replaces the member's roles in the organization (memberUpdate)."),
    )
)]
pub struct Args {
    /// User ID of the member
    #[arg(value_name = "USER_ID", value_parser = crate::args::uuid)]
    pub user_id: Uuid,

    /// Role to assign (IDs from `cloud role list`); repeat for several. Replaces the member's current roles
    #[arg(long = "role-id", value_name = "ROLE_ID", value_parser = crate::args::uuid, required = true)]
    pub role_ids: Vec<Uuid>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let patch = MemberPatch {
        assigned_role_ids: args.role_ids.iter().map(Uuid::to_string).collect(),
    };
    let member = api.update_member(org, args.user_id, &patch).await?;
    out.reply(&member, super::detail);
    Ok(())
}
