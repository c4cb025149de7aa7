//! The `filter` query parameter of service lists and usage reports: repeated `tag:KEY` (the
//! tag exists) or `tag:KEY=VALUE` (it has that value). All filters must match.

use crate::envelope::ApiError;
use crate::form::Pairs;
use crate::model::ResourceTag;

pub struct TagFilter {
    key: String,
    value: Option<String>,
}

impl TagFilter {
    pub fn matches(&self, tags: &[ResourceTag]) -> bool {
        tags.iter().any(|tag| {
            tag.key == self.key
                && self
                    .value
                    .as_ref()
                    .is_none_or(|wanted| tag.value.as_ref() == Some(wanted))
        })
    }
}

/// Parses every `filter` parameter; a malformed one is a 400 naming the parameter.
pub fn tag_filters(query: &Pairs) -> Result<Vec<TagFilter>, ApiError> {
    query
        .all("filter")
        .into_iter()
        .map(|raw| {
            let spec = raw.strip_prefix("tag:").filter(|rest| !rest.is_empty());
            let Some(spec) = spec else {
                return Err(ApiError::bad_request(format!(
                    "Invalid query parameter filter: \"{raw}\" (expected tag:KEY or tag:KEY=VALUE)"
                )));
            };
            Ok(match spec.split_once('=') {
                Some((key, value)) => TagFilter {
                    key: key.to_string(),
                    value: Some(value.to_string()),
                },
                None => TagFilter {
                    key: spec.to_string(),
                    value: None,
                },
            })
        })
        .collect()
}

/// True when every filter matches.
pub fn all_match(filters: &[TagFilter], tags: &[ResourceTag]) -> bool {
    filters.iter().all(|filter| filter.matches(tags))
}
