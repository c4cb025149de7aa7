//! What a handler gets: the store, and the request split out from it so both can be borrowed
//! at once (`let (org, req) = ctx.org_mut(id)?`).

use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::auth::Principal;
use crate::clock;
use crate::envelope::ApiError;
use crate::form::Pairs;
use crate::model::Activity;
use crate::store::{Org, Store, parse_id};
use crate::validate::{self, Schema};

pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub req: Req<'a>,
}

/// The request being served.
pub struct Req<'a> {
    pub principal: &'a Principal,
    pub now: Timestamp,
    pub query: Pairs,
    pub body: &'a [u8],
    pub user_agent: Option<String>,
    pub transition_ms: i64,
    /// `http://host:port` of the emulator, for URLs it hands out (UDF uploads).
    pub base_url: &'a str,
}

impl<'a> Ctx<'a> {
    /// The organization `raw` names, if the caller can see it.
    pub fn org(&self, raw: &str) -> Result<(&Org, &Req<'a>), ApiError> {
        let id = parse_id("organizationId", raw)?;
        let org = self
            .store
            .org(id)
            .filter(|org| self.req.principal.sees(org))
            .ok_or_else(|| org_not_found(id))?;
        Ok((org, &self.req))
    }

    /// Like [`Ctx::org`], for changes.
    pub fn org_mut(&mut self, raw: &str) -> Result<(&mut Org, &Req<'a>), ApiError> {
        let id = parse_id("organizationId", raw)?;
        let principal = self.req.principal;
        let org = self
            .store
            .org_mut(id)
            .filter(|org| principal.sees(org))
            .ok_or_else(|| org_not_found(id))?;
        Ok((org, &self.req))
    }
}

fn org_not_found(id: Uuid) -> ApiError {
    ApiError::not_found(format!("Organization {id} not found"))
}

impl Req<'_> {
    /// The JSON body, validated against `schema`, then deserialized. An empty body counts as `{}`.
    pub fn body<T: DeserializeOwned>(&self, schema: &Schema) -> Result<T, ApiError> {
        let value: Value = if self.body.iter().all(u8::is_ascii_whitespace) {
            Value::Object(Default::default())
        } else {
            serde_json::from_slice(self.body)
                .map_err(|e| ApiError::bad_request(format!("Invalid JSON in request body: {e}")))?
        };
        validate::check(schema, &value).map_err(ApiError::bad_request)?;
        serde_json::from_value(value)
            .map_err(|e| ApiError::bad_request(format!("Invalid request body: {e}")))
    }

    /// An activity of type `kind` by the caller, in `org_id`, now.
    pub fn activity(&self, org_id: Uuid, kind: &str) -> Activity {
        let (actor_type, actor_id, actor_details) = match self.principal {
            Principal::ApiKey { key_id, name, .. } => ("api", key_id.to_string(), name.clone()),
            Principal::User(user) => ("user", user.id.to_string(), user.email.to_string()),
        };
        Activity {
            id: Uuid::new_v4().to_string(),
            created_at: clock::rfc3339(self.now),
            kind: kind.to_string(),
            actor_type: actor_type.to_string(),
            actor_id,
            actor_details,
            actor_ip_address: "127.0.0.1".to_string(),
            organization_id: org_id.to_string(),
            service_id: None,
            user_agent: self.user_agent.clone(),
            target_key_id: None,
            key_update_type: None,
        }
    }

    /// An activity about one service.
    pub fn service_activity(&self, org_id: Uuid, service_id: Uuid, kind: &str) -> Activity {
        Activity {
            service_id: Some(service_id.to_string()),
            ..self.activity(org_id, kind)
        }
    }

    /// `now` as the API shows it.
    pub fn now_text(&self) -> String {
        clock::rfc3339(self.now)
    }
}

/// A validated JSON number as `u32` (validation already checked range and wholeness; `as`
/// saturates, so an unbounded field such as `idleTimeoutMinutes` cannot wrap).
pub fn whole(n: f64) -> u32 {
    n as u32
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
pub fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}
