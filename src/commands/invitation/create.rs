//! `cloud invitation create --email <EMAIL> [--role-id <ROLE_ID>…]`

use uuid::Uuid;

use crate::api::WriteApi;
use crate::api::requests::InvitationCreate;
use crate::commands::OrgArg;
use crate::error::Result;
use crate::output::Output;

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
        "Examples:\n  \
cloud invitation create --email ada@example.com\n  \
cloud invitation create --email ada@example.com --role-id <ROLE_ID> --role-id <ROLE_ID>",
        crate::commands::agents::write("sends an email invitation to join the organization with the roles given (invitationCreate)."),
    ))]
pub struct Args {
    /// Email address of the person to invite; only they can accept the invitation
    #[arg(long, value_name = "EMAIL", value_parser = crate::args::EMAIL)]
    pub email: String,

    /// Role the person gets on joining (IDs from `cloud role list`); repeat for several
    #[arg(long = "role-id", value_name = "ROLE_ID", value_parser = crate::args::uuid)]
    pub role_ids: Vec<Uuid>,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let request = InvitationCreate {
        email: args.email,
        assigned_role_ids: args.role_ids.iter().map(Uuid::to_string).collect(),
    };
    let invitation = api.create_invitation(org, &request).await?;
    out.reply(&invitation, super::detail);
    Ok(())
}
