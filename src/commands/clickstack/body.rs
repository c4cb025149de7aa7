//! `--file`: the JSON body of a ClickStack write, checked before anything is sent.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::{Error, Result};

/// `--file <PATH>`, `-` for standard input.
#[derive(Debug, clap::Args)]
pub struct FileArg {
    /// JSON file with the body, `-` for standard input
    #[arg(long, short = 'f', value_name = "PATH")]
    pub file: PathBuf,
}

impl FileArg {
    /// The body: a JSON object with every field of `required` (exit 2 otherwise, nothing sent).
    pub fn object(&self, required: &[&str], what: &str) -> Result<Value> {
        let text = crate::commands::json_file::read_text(&self.file)?;
        parse(&text, required, what, &self.file)
    }
}

fn parse(text: &str, required: &[&str], what: &str, path: &Path) -> Result<Value> {
    let shown = path.display();
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::Usage(format!("--file {shown}: not valid JSON: {e}")))?;
    let Value::Object(object) = &value else {
        return Err(Error::Usage(format!(
            "--file {shown}: the {what} must be a JSON object ({{…}}); nothing was sent"
        )));
    };
    let missing: Vec<String> = required
        .iter()
        .filter(|field| object.get(**field).is_none_or(Value::is_null))
        .map(|field| format!("\"{field}\""))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "--file {shown}: the {what} lacks {} (required by the API); nothing was sent",
            missing.join(", ")
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_objects_with_the_required_fields() {
        let path = Path::new("x.json");
        assert!(
            parse(
                r#"{"name":"a","tiles":[]}"#,
                &["name", "tiles"],
                "dashboard",
                path
            )
            .is_ok()
        );
        for bad in [
            "[]",
            "1",
            "{",
            r#"{"name":"a"}"#,
            r#"{"name":"a","tiles":null}"#,
        ] {
            assert!(
                parse(bad, &["name", "tiles"], "dashboard", path).is_err(),
                "{bad}"
            );
        }
    }
}
