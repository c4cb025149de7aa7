//! `cloud member update <MEMBER> --role-id <ROLE_ID>…`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::MemberPatch;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(
    after_help = crate::commands::agents::after(
        "The roles given replace all the member's current roles.\n\n\
Examples:\n  cloud member update <MEMBER> --role-id <ROLE_ID>\n  cloud member update ada@example.com --role-id <ROLE_ID> --role-id <ROLE_ID> --json",
        crate::commands::agents::write("replaces the member's roles in the organization (memberUpdate)."),
    )
)]
pub struct Args {
    /// User ID, name or email of the member
    #[arg(value_name = "MEMBER", value_parser = crate::args::MEMBER_REF)]
    pub member: IdOrName,

    /// Role to assign (IDs from `cloud role list`); repeat for several. Replaces the member's current roles
    #[arg(long = "role-id", value_name = "ROLE_ID", value_parser = crate::args::uuid, required = true)]
    pub role_ids: Vec<Uuid>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let user_id = crate::commands::lookup::member(api, org, &args.member).await?;
    let patch = MemberPatch {
        assigned_role_ids: args.role_ids.iter().map(Uuid::to_string).collect(),
    };
    let member = api.update_member(org, user_id, &patch).await?;
    out.reply(&member, super::detail);
    Ok(())
}
