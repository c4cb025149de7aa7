//! `cloud clickstack <kind> get <SERVICE> <ID>`

use serde_json::Value;

use crate::api::{ReadApi, Reply};
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::Output;

use super::kind::Kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// ID, as `list` shows it
    #[arg(value_name = "ID", value_parser = super::object_id)]
    pub id: String,

    #[command(flatten)]
    pub org: OrgArg,
}

pub async fn run(kind: Kind, args: Args, api: &ReadApi, out: Output) -> Result<()> {
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let object = fetch(kind, api, org, service, &args.id).await?;
    out.reply(&object, |o| super::detail(kind, o));
    Ok(())
}

/// One object; for webhooks, which the API cannot get one by one, picked from the list.
pub async fn fetch(
    kind: Kind,
    api: &ReadApi,
    org: uuid::Uuid,
    service: uuid::Uuid,
    id: &str,
) -> Result<Reply<Value>> {
    let segment = kind.row().segment;
    if kind != Kind::Webhook {
        return Ok(api.clickstack_get(org, service, segment, id).await?);
    }
    let all = api
        .clickstack_list(org, service, segment)
        .await?
        .into_data()?;
    let found = all
        .into_iter()
        .find(|o| o.get("id").and_then(Value::as_str) == Some(id));
    match found {
        Some(webhook) => Ok(Reply::built(&webhook, webhook.clone())),
        None => {
            let list = format!("cloud clickstack webhook list {service}");
            Err(Error::NameNotFound {
                message: format!(
                    "service {service} has no ClickStack webhook with the ID \"{id}\"; `{list}` \
                     shows them"
                ),
                hint: list,
            })
        }
    }
}
