//! The source archive of `udf create` and `udf version create`: checked before anything is
//! sent, then uploaded to the presigned URL of an upload session.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::Value;
use uuid::Uuid;

use crate::api::{ApiError, DryRunPlan, WriteApi};
use crate::error::{Error, Result};
use crate::output::Output;

/// The largest archive uploaded: a bound on what one command streams out.
pub const MAX_ARCHIVE_SIZE: u64 = 256 * 1024 * 1024;

/// The first bytes of a zip archive: a local file header, or the end record of an empty one.
const ZIP_MAGIC: [[u8; 4]; 2] = [*b"PK\x03\x04", *b"PK\x05\x06"];

/// A readable zip file of an acceptable size.
pub struct Archive {
    pub path: PathBuf,
    pub length: u64,
}

fn refuse(path: &Path, problem: impl std::fmt::Display) -> Error {
    Error::Usage(format!(
        "--file {}: {problem}; nothing was sent",
        path.display()
    ))
}

impl Archive {
    pub fn check(path: &Path) -> Result<Archive> {
        let mut file = std::fs::File::open(path)
            .map_err(|e| refuse(path, format_args!("cannot open it ({e})")))?;
        let length = Self::length(path, file.metadata())?;
        let mut magic = [0u8; 4];
        file.read_exact(&mut magic)
            .map_err(|e| refuse(path, format_args!("cannot read it ({e})")))?;
        if !ZIP_MAGIC.contains(&magic) {
            return Err(refuse(
                path,
                "not a zip archive (the API takes the UDF's source as application/zip, e.g. \
                 `zip -r udf.zip main.py`)",
            ));
        }
        Ok(Archive {
            path: path.to_owned(),
            length,
        })
    }

    fn length(path: &Path, metadata: std::io::Result<std::fs::Metadata>) -> Result<u64> {
        let metadata = metadata.map_err(|e| refuse(path, format_args!("cannot read it ({e})")))?;
        if !metadata.is_file() {
            return Err(refuse(path, "not a regular file"));
        }
        match metadata.len() {
            0 => Err(refuse(path, "the file is empty")),
            length if length > MAX_ARCHIVE_SIZE => Err(refuse(
                path,
                format_args!(
                    "the archive is {} bytes; at most {} bytes (256 MiB) are uploaded",
                    length, MAX_ARCHIVE_SIZE
                ),
            )),
            length => Ok(length),
        }
    }

    /// Opens the file to stream it, with its length as it is now.
    async fn open(&self) -> Result<(tokio::fs::File, u64)> {
        let file = tokio::fs::File::open(&self.path)
            .await
            .map_err(|e| refuse(&self.path, format_args!("cannot open it ({e})")))?;
        let length = Self::length(&self.path, file.metadata().await)?;
        Ok((file, length))
    }
}

/// Steps 1 and 2: an upload session, then the archive PUT to its URL. Returns the upload ID
/// that the create call names. Under `--dry-run` step 1 comes back as its plan.
pub async fn upload(api: &WriteApi, org: Uuid, archive: &Archive, out: Output) -> Result<String> {
    let session = api.create_udf_upload(org).await?.into_data()?;
    let (Some(upload_id), Some(url)) = (session.upload_id, session.upload_url) else {
        return Err(Error::Other(anyhow::anyhow!(
            "the API's upload session had no uploadId or uploadUrl; nothing was uploaded"
        )));
    };
    let (file, length) = archive.open().await?;
    out.notice(&format!(
        "Uploading {} ({length} bytes)…",
        archive.path.display()
    ));
    api.upload_udf_archive(&url, file, length).await?;
    Ok(upload_id)
}

/// What stands for the upload ID in a dry run's create request.
pub const PLANNED_UPLOAD_ID: &str = "<uploadId of the upload session>";

/// `--dry-run`: the upload session's plan, followed by the PUT and the create call.
pub fn dry_run<T>(
    mut first: DryRunPlan,
    archive: &Archive,
    create: std::result::Result<T, ApiError>,
) -> Error {
    let put = DryRunPlan {
        method: "PUT".into(),
        url: "<uploadUrl of the upload session>".into(),
        body: Some(Value::String(format!(
            "<{}: {} bytes of application/zip, sent without the API credential>",
            archive.path.display(),
            archive.length
        ))),
        then: Vec::new(),
    };
    first.then.push(put);
    match create {
        Err(ApiError::DryRun(plan)) => first.then.push(*plan),
        Err(other) => return other.into(),
        // Under --dry-run a write returns its plan, never a reply.
        Ok(_) => {}
    }
    ApiError::DryRun(Box::new(first)).into()
}
