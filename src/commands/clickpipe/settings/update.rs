//! `cloud clickpipe settings update <SERVICE> <CLICKPIPE>` (PUT clickPipeSettingsUpdate)

use serde_json::{Map, Value};

use crate::api::WriteApi;
use crate::commands::clickpipe::PipeRef;
use crate::commands::require_changes;
use crate::error::Result;
use crate::output::Output;

/// The keys of `ClickPipeSettingsPutRequest`: only these are sent.
const KEYS: [&str; 12] = [
    "streaming_max_insert_wait_ms",
    "object_storage_concurrency",
    "object_storage_polling_interval_ms",
    "object_storage_max_insert_bytes",
    "object_storage_max_file_count",
    "clickhouse_max_threads",
    "clickhouse_max_insert_threads",
    "clickhouse_min_insert_block_size_bytes",
    "clickhouse_max_download_threads",
    "clickhouse_parallel_distributed_insert_select",
    "object_storage_use_cluster_function",
    "clickhouse_parallel_view_processing",
];

#[derive(Debug, clap::Args)]
#[command(after_help = crate::commands::agents::after(
    "Only the settings given change: the API replaces the whole set (PUT), so the others are \
read first and sent as they stand. The ranges are the API's and are checked before anything is \
sent.\n\n\
Examples:\n  \
cloud clickpipe settings update <SERVICE_ID> <CLICKPIPE_ID> --streaming-max-insert-wait-ms 2000\n  \
cloud clickpipe settings update analytics s3-logs --object-storage-concurrency 8 --object-storage-use-cluster-function true",
    crate::commands::agents::write("changes the ClickPipe's advanced settings (PUT clickPipeSettingsUpdate)."),
))]
pub struct Args {
    #[command(flatten)]
    pub pipe: PipeRef,

    /// Longest wait before an insert into ClickHouse, 500 to 60000 ms (streaming pipes)
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(500..=60_000))]
    pub streaming_max_insert_wait_ms: Option<u64>,

    /// Files processed at once, 1 to 35 (object storage pipes)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=35))]
    pub object_storage_concurrency: Option<u64>,

    /// How often continuous ingestion looks for new files, 100 to 3600000 ms
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(100..=3_600_000))]
    pub object_storage_polling_interval_ms: Option<u64>,

    /// Bytes per insert batch, 10485760 (10 MiB) to 53687091200 (50 GiB)
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(10_485_760..=53_687_091_200))]
    pub object_storage_max_insert_bytes: Option<u64>,

    /// Files per insert batch, 1 to 10000
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub object_storage_max_file_count: Option<u64>,

    /// ClickHouse max_threads for file processing, 0 to 64
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=64))]
    pub clickhouse_max_threads: Option<u64>,

    /// ClickHouse max_insert_threads, 0 to 16
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=16))]
    pub clickhouse_max_insert_threads: Option<u64>,

    /// ClickHouse min_insert_block_size_bytes, 0 to 10737418240
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(0..=10_737_418_240))]
    pub clickhouse_min_insert_block_size_bytes: Option<u64>,

    /// ClickHouse max_download_threads, 0 to 32
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=32))]
    pub clickhouse_max_download_threads: Option<u64>,

    /// ClickHouse parallel_distributed_insert_select, 0 to 2
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=2))]
    pub clickhouse_parallel_distributed_insert_select: Option<u64>,

    /// Use ClickHouse's cluster function for distributed processing: true or false
    #[arg(long, value_name = "BOOL", value_parser = crate::args::boolean)]
    pub object_storage_use_cluster_function: Option<bool>,

    /// Push to attached materialized views concurrently: true or false
    #[arg(long, value_name = "BOOL", value_parser = crate::args::boolean)]
    pub clickhouse_parallel_view_processing: Option<bool>,
}

impl Args {
    /// The settings given, by their API names; none is a usage error.
    pub fn checked(&self) -> Result<Map<String, Value>> {
        let given = self.given();
        require_changes(
            given.is_empty(),
            "a setting flag (e.g. --streaming-max-insert-wait-ms)",
        )?;
        Ok(given)
    }

    fn given(&self) -> Map<String, Value> {
        let numbers = [
            self.streaming_max_insert_wait_ms,
            self.object_storage_concurrency,
            self.object_storage_polling_interval_ms,
            self.object_storage_max_insert_bytes,
            self.object_storage_max_file_count,
            self.clickhouse_max_threads,
            self.clickhouse_max_insert_threads,
            self.clickhouse_min_insert_block_size_bytes,
            self.clickhouse_max_download_threads,
            self.clickhouse_parallel_distributed_insert_select,
        ];
        let flags = [
            self.object_storage_use_cluster_function,
            self.clickhouse_parallel_view_processing,
        ];
        let values = numbers
            .into_iter()
            .map(|n| n.map(Value::from))
            .chain(flags.into_iter().map(|b| b.map(Value::from)));
        KEYS.iter()
            .zip(values)
            .filter_map(|(key, value)| Some(((*key).to_owned(), value?)))
            .collect()
    }
}

pub async fn run(args: Args, api: &WriteApi, out: Output) -> Result<()> {
    let given = args.checked()?;
    let pipe = args.pipe.resolve(api).await?;
    let current = api
        .clickpipe_settings(pipe.org, pipe.service, pipe.id)
        .await?
        .into_data()?;
    // The settings as they stand (set ones only), then the ones given.
    let mut settings: Map<String, Value> = current
        .into_iter()
        .filter(|(key, value)| KEYS.contains(&key.as_str()) && !value.is_null())
        .collect();
    settings.extend(given);
    let reply = api
        .put_clickpipe_settings(pipe.org, pipe.service, pipe.id, &settings)
        .await?;
    out.reply(&reply, super::table);
    Ok(())
}
