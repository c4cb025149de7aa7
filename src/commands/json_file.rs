//! `--file F`: a request body as JSON, from a file or `-` (stdin). Unreadable or malformed
//! input is a usage error (exit 2) naming the file, before any request.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// Reads and decodes `path`; `-` reads stdin. `what` names the expected shape in errors.
pub fn read<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "--file {}: not {what}: {e}; nothing was sent",
            path.display()
        ))
    })
}

/// The text of `path`; `-` reads stdin. Unreadable input is a usage error naming it.
pub fn read_text(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::Usage(format!("--file -: could not read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Error::Usage(format!("--file {}: could not read it: {e}", path.display())))
}
