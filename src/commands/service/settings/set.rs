//! `cloud service settings set <SERVICE> NAME=VALUE…`

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::api::WriteApi;
use crate::api::requests::ClickhouseSettingsPatch;
use crate::args::IdOrName;
use crate::commands::OrgArg;
use crate::error::{Error, Result};
use crate::output::{Column, Output, list_table};

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Values are sent as strings; --file takes a JSON object of names to values as they should \
be sent. Warnings the API returns (some settings restart the server) are printed on stderr. \
`cloud service settings schema <SERVICE>` lists what may be set; `unset` returns one to its \
default.\n\n\
Examples:\n  \
cloud service settings set <SERVICE> max_threads=8\n  \
cloud service settings set <SERVICE> compatibility=24.8 max_execution_time=60\n  \
cloud service settings set <SERVICE> --file settings.json",
    crate::commands::agents::write("changes ClickHouse settings of the service (serviceClickhouseSettingsUpdate)."),
))]
pub struct Args {
    /// Service ID or name
    #[arg(value_name = "SERVICE", value_parser = crate::args::SERVICE_REF)]
    pub service: IdOrName,

    /// A setting to change, NAME=VALUE (repeat for several)
    #[arg(value_name = "NAME=VALUE", value_parser = assignment)]
    pub settings: Vec<(String, String)>,

    /// The settings as a JSON object ({"max_threads": 8}); - reads stdin
    #[arg(long, value_name = "FILE", conflicts_with = "settings")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub org: OrgArg,
}

fn assignment(value: &str) -> std::result::Result<(String, String), String> {
    let (name, value) = value
        .split_once('=')
        .ok_or_else(|| format!("{value:?} is not NAME=VALUE, e.g. max_threads=8"))?;
    Ok((super::setting_name(name.trim())?, value.to_owned()))
}

impl Args {
    fn settings(&self) -> Result<Map<String, Value>> {
        let Some(file) = &self.file else {
            if self.settings.is_empty() {
                return Err(Error::Usage(
                    "nothing to change: give NAME=VALUE (e.g. max_threads=8) or --file (see --help)"
                        .into(),
                ));
            }
            return Ok(self
                .settings
                .iter()
                .map(|(name, value)| (name.clone(), Value::String(value.clone())))
                .collect());
        };
        let settings: Map<String, Value> =
            crate::commands::json_file::read(file, "a JSON object of setting names to values")?;
        if settings.is_empty() {
            return Err(Error::Usage(format!(
                "--file {}: the object names no setting; nothing was sent",
                file.display()
            )));
        }
        for (name, value) in &settings {
            super::setting_name(name).map_err(|e| {
                Error::Usage(format!("--file {}: {e}; nothing was sent", file.display()))
            })?;
            if value.is_object() || value.is_array() || value.is_null() {
                return Err(Error::Usage(format!(
                    "--file {}: the value of {name} must be a string, number or boolean; nothing was sent",
                    file.display()
                )));
            }
        }
        Ok(settings)
    }
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let settings = args.settings()?;
    let patch = ClickhouseSettingsPatch {
        settings: Value::Object(settings).to_string(),
    };
    let org = args.org.resolve(api).await?;
    let service = crate::commands::lookup::service(api, org, &args.service).await?;
    let applied = api.update_clickhouse_settings(org, service, &patch).await?;
    if let Ok(data) = applied.data() {
        for warning in data.warnings.iter().flatten() {
            out.warn(&format!(
                "{}: {}",
                warning.name.as_deref().unwrap_or("?"),
                warning.message.as_deref().unwrap_or("")
            ));
        }
    }
    out.reply(&applied, |applied| {
        let values: Map<String, Value> = applied
            .settings
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default();
        list_table(
            &[Column::key("name"), Column::text("value", 1)],
            values.iter().map(|(name, value)| {
                let shown = value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned);
                vec![name.clone(), shown]
            }),
        )
    });
    Ok(())
}
