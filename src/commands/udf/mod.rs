//! `cloud udf …`: user-defined functions of an organization (beta API), their versions, and
//! the services they are attached to. A UDF is named by its function name: the API has no ID.

mod archive;
mod attach;
mod attachment;
mod create;
mod definition;
mod delete;
mod detach;
mod get;
mod list;
mod version;

use clap::Subcommand;

use crate::access::{Access, Classified, Operations};
use crate::api::models::{Udf, UdfAttachment};
use crate::app::{ApiCommand, Session};
use crate::error::Result;
use crate::output::{Output, detail_table, flag, time};

#[derive(Debug, Subcommand)]
pub enum UdfCommand {
    /// List the UDFs of the organization (the latest version of each)
    List(list::Args),
    /// Show the latest version of one UDF
    Get(get::Args),
    /// Upload a source archive and create a UDF from it
    Create(Box<create::Args>),
    /// Delete a UDF: every version, detached from every service
    Delete(delete::Args),
    /// The versions of a UDF: list, create (a new archive), delete
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "The versions of one UDF: each `version create` uploads a new source archive and builds \
it as the next version (settings are not inherited from the previous one).",
            "list",
            "create, delete",
        )
    )]
    Version(version::VersionCommand),
    /// Attach a UDF version to a service (the latest ready one by default)
    Attach(attach::Args),
    /// Detach a UDF from a service
    Detach(detach::Args),
    /// Which services a UDF is attached to, and with which version
    #[command(
        subcommand,
        after_help = crate::commands::agents::noun(
            "The services a UDF is attached to (at most one attachment per service), with the \
attached version and its state. `udf attach` and `udf detach` change them.",
            "list, get",
            "",
        )
    )]
    Attachment(attachment::AttachmentCommand),
}

impl Classified for UdfCommand {
    fn access(&self) -> Access {
        match self {
            UdfCommand::List(_) => Access::Read,
            UdfCommand::Get(_) => Access::Read,
            UdfCommand::Create(_) => Access::Write,
            UdfCommand::Delete(_) => Access::Write,
            UdfCommand::Version(command) => command.access(),
            UdfCommand::Attach(_) => Access::Write,
            UdfCommand::Detach(_) => Access::Write,
            UdfCommand::Attachment(command) => command.access(),
        }
    }
}

impl Operations for UdfCommand {
    fn operations(&self) -> &'static [&'static str] {
        match self {
            UdfCommand::List(_) => &["organizationGetList", "udfList"],
            UdfCommand::Get(_) => &["organizationGetList", "udfGet"],
            UdfCommand::Create(_) => {
                &["organizationGetList", "udfUploadSessionCreate", "udfCreate"]
            }
            UdfCommand::Delete(_) => &["organizationGetList", "udfDelete"],
            UdfCommand::Version(command) => command.operations(),
            UdfCommand::Attach(_) => &["organizationGetList", "instanceGetList", "udfAttach"],
            UdfCommand::Detach(_) => &["organizationGetList", "instanceGetList", "udfDetach"],
            UdfCommand::Attachment(command) => command.operations(),
        }
    }
}

impl UdfCommand {
    /// The `--yes` of a destructive command, `None` for the rest.
    pub fn confirmation(&self) -> Option<crate::commands::confirm::Yes> {
        match self {
            UdfCommand::List(_) => None,
            UdfCommand::Get(_) => None,
            UdfCommand::Create(_) => None,
            UdfCommand::Delete(args) => Some(args.confirm),
            UdfCommand::Version(command) => command.confirmation(),
            UdfCommand::Attach(_) => None,
            UdfCommand::Detach(_) => None,
            UdfCommand::Attachment(_) => None,
        }
    }

    /// Before the session: an archive that cannot be uploaded is a usage error, so nothing
    /// at all is sent (not even the key-role lookup of a write).
    pub fn prepare(self) -> Result<UdfCommand> {
        match &self {
            UdfCommand::Create(args) => {
                args.definition.check()?;
            }
            UdfCommand::Version(command) => command.prepare()?,
            UdfCommand::List(_)
            | UdfCommand::Get(_)
            | UdfCommand::Delete(_)
            | UdfCommand::Attach(_)
            | UdfCommand::Detach(_)
            | UdfCommand::Attachment(_) => {}
        }
        Ok(self)
    }
}

impl ApiCommand for UdfCommand {
    async fn run(self, session: &Session, out: Output) -> Result<()> {
        match self {
            UdfCommand::List(args) => list::run(args, session.read(), out).await,
            UdfCommand::Get(args) => get::run(args, session.read(), out).await,
            UdfCommand::Create(args) => create::run(*args, session.write()?, out).await,
            UdfCommand::Delete(args) => delete::run(args, session.write()?, out).await,
            UdfCommand::Version(command) => command.run(session, out).await,
            UdfCommand::Attach(args) => attach::run(args, session.write()?, out).await,
            UdfCommand::Detach(args) => detach::run(args, session.write()?, out).await,
            UdfCommand::Attachment(command) => command.run(session, out).await,
        }
    }
}

/// `NAME(type, …) -> type`, as a UDF is called.
fn signature(udf: &Udf) -> String {
    let arguments: Vec<String> = udf
        .arguments
        .iter()
        .flatten()
        .map(|a| {
            format!(
                "{} {}",
                a.name.as_deref().unwrap_or("?"),
                a.kind.as_deref().unwrap_or("?")
            )
        })
        .collect();
    format!(
        "({}) -> {}",
        arguments.join(", "),
        udf.return_type.as_deref().unwrap_or("?")
    )
}

/// The detail view of one UDF version, shared by `get` and the writes that return one.
fn detail(udf: &Udf) -> comfy_table::Table {
    let number = |n: Option<u64>| n.map(|n| n.to_string());
    detail_table([
        ("Name", udf.function_name.clone()),
        ("Version", number(udf.version)),
        ("Status", udf.status.clone()),
        ("Error", udf.error.clone()),
        ("Runtime", udf.runtime.clone()),
        ("Type", udf.kind.clone()),
        ("Signature", Some(signature(udf))),
        ("Return name", udf.return_name.clone()),
        ("Format", udf.format.clone()),
        ("Pool size", number(udf.pool_size)),
        ("Read timeout (ms)", number(udf.command_read_timeout)),
        ("Write timeout (ms)", number(udf.command_write_timeout)),
        ("Max execution (s)", number(udf.max_command_execution_time)),
        ("Chunk header", flag(udf.send_chunk_header)),
        ("Sandbox", udf.sandbox_type.clone()),
        ("Sandbox version", udf.sandbox_version.clone()),
        (
            "Created",
            udf.created_at.as_ref().map(|_| time(&udf.created_at)),
        ),
        (
            "Updated",
            udf.updated_at.as_ref().map(|_| time(&udf.updated_at)),
        ),
    ])
}

/// The rows of a list of UDF versions (`udf list`, `udf version list`).
fn version_rows<'a>(udfs: impl IntoIterator<Item = &'a Udf>) -> crate::output::List {
    use crate::output::{Column, list_table, text};
    list_table(
        &[
            Column::key("name"),
            Column::ranked("version", 0),
            Column::ranked("status", 0),
            Column::ranked("runtime", 2),
            Column::ranked("type", 3),
            Column::text("signature", 1),
            Column::ranked("updated", 4),
        ],
        udfs.into_iter().map(|udf| {
            vec![
                text(&udf.function_name),
                udf.version.map_or_else(|| "-".into(), |v| v.to_string()),
                text(&udf.status),
                text(&udf.runtime),
                text(&udf.kind),
                signature(udf),
                time(&udf.updated_at),
            ]
        }),
    )
}

fn attachment_detail(attachment: &UdfAttachment) -> comfy_table::Table {
    detail_table([
        ("Name", attachment.function_name.clone()),
        ("Service", attachment.service_id.clone()),
        ("Version", attachment.version.map(|v| v.to_string())),
        ("Status", attachment.status.clone()),
    ])
}
