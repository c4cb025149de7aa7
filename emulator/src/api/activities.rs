//! `/v1/organizations/{organizationId}/activities[/{activityId}]`: the audit log, oldest first.

use jiff::Timestamp;

use super::Ctx;
use crate::envelope::{ApiError, Reply};
use crate::form::Pairs;
use crate::model::Activity;

/// An optional RFC 3339 query parameter; a malformed one is a 400 naming it.
fn date_time(query: &Pairs, name: &str) -> Result<Option<Timestamp>, ApiError> {
    query
        .non_empty(name)
        .map(|raw| {
            raw.parse::<Timestamp>().map_err(|_| {
                ApiError::bad_request(format!(
                    "Invalid query parameter {name}: \"{raw}\" is not an RFC 3339 date-time (e.g. 2025-01-31T00:00:00Z)"
                ))
            })
        })
        .transpose()
}

/// GET, optionally limited to `from_date <= createdAt <= to_date`.
pub fn list(ctx: &mut Ctx, org: &str) -> Result<Reply, ApiError> {
    let (org, req) = ctx.org(org)?;
    let from = date_time(&req.query, "from_date")?;
    let to = date_time(&req.query, "to_date")?;
    let in_range = |activity: &&Activity| {
        let Ok(at) = activity.created_at.parse::<Timestamp>() else {
            return true;
        };
        from.is_none_or(|from| at >= from) && to.is_none_or(|to| at <= to)
    };
    let activities: Vec<&Activity> = org.activities.iter().filter(in_range).collect();
    Reply::of(&activities)
}

/// GET one. Activity ids are strings (UUIDs in practice), so any id is looked up.
pub fn get(ctx: &mut Ctx, org: &str, id: &str) -> Result<Reply, ApiError> {
    let (org, _) = ctx.org(org)?;
    let activity = org
        .activities
        .iter()
        .find(|a| a.id == id)
        .ok_or_else(|| ApiError::not_found(format!("Activity {id} not found")))?;
    Reply::of(activity)
}
