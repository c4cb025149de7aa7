//! Turns a resource named on the command line, by ID or by name, into its ID.
//!
//! An ID is used as given, with no request. A name costs one list request, a `GET` through
//! the read API (so it is sent under an OAuth login and under `--dry-run` too: it changes
//! nothing), and must match exactly one resource, case-sensitively and exactly: services,
//! keys and roles by name, members by name or email, invitations by email, private endpoints
//! by description, BYOC infrastructures by display name. No match is not found (exit 5);
//! several are ambiguous (exit 2), and the error lists them with their IDs.

use uuid::Uuid;

use crate::api::ReadApi;
use crate::api::models::OrganizationPrivateEndpoint;
use crate::args::IdOrName;
use crate::error::{Error, Result};

/// What a lookup is about, for its messages.
struct Kind {
    /// `service`
    noun: &'static str,
    /// `services`
    plural: &'static str,
    /// What the name was compared with: `name`, `email`.
    by: &'static str,
    /// The command that lists them, `{org}` standing for the organization.
    list: &'static str,
}

const SERVICES: Kind = Kind {
    noun: "service",
    plural: "services",
    by: "name",
    list: "cloud service list --org-id {org}",
};
const POSTGRES: Kind = Kind {
    noun: "Postgres service",
    plural: "Postgres services",
    by: "name",
    list: "cloud postgres list --org-id {org}",
};
const CLICKPIPES: Kind = Kind {
    noun: "ClickPipe",
    plural: "ClickPipes",
    by: "name",
    list: "cloud clickpipe list {service} --org-id {org}",
};
const REVERSE_ENDPOINTS: Kind = Kind {
    noun: "reverse private endpoint",
    plural: "reverse private endpoints",
    by: "description",
    list: "cloud clickpipe reverse-private-endpoint list {service} --org-id {org}",
};
const KEYS: Kind = Kind {
    noun: "API key",
    plural: "API keys",
    by: "name",
    list: "cloud key list --org-id {org}",
};
const MEMBERS: Kind = Kind {
    noun: "member",
    plural: "members",
    by: "name or email",
    list: "cloud member list --org-id {org}",
};
const INVITATIONS: Kind = Kind {
    noun: "invitation",
    plural: "invitations",
    by: "email",
    list: "cloud invitation list --org-id {org}",
};
const ROLES: Kind = Kind {
    noun: "role",
    plural: "roles",
    by: "name",
    list: "cloud role list --org-id {org}",
};
const BYOC: Kind = Kind {
    noun: "BYOC infrastructure",
    plural: "BYOC infrastructures",
    by: "display name",
    list: "cloud org get {org} --json --jq .byocConfig",
};
const ENDPOINTS: Kind = Kind {
    noun: "private endpoint",
    plural: "private endpoints",
    by: "description",
    list: "cloud org get {org}",
};

/// One listed resource: its ID, whether it answers to the name, and how a list shows it.
struct Listed<Id> {
    id: Id,
    matches: bool,
    shown: String,
}

/// The one listed resource that answers to `name`.
fn pick<Id: Clone + std::fmt::Display>(
    kind: &Kind,
    org: Uuid,
    name: &str,
    listed: impl IntoIterator<Item = Listed<Id>>,
) -> Result<Id> {
    let found: Vec<Listed<Id>> = listed.into_iter().filter(|l| l.matches).collect();
    match found.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => {
            let list = kind.list.replace("{org}", &org.to_string());
            Err(Error::NameNotFound {
                message: format!(
                    "no {} has the {} \"{name}\" in organization {org}; `{list}` shows them with \
                     their IDs",
                    kind.noun, kind.by
                ),
                hint: list,
            })
        }
        several => {
            let candidates: Vec<String> = several
                .iter()
                .map(|l| format!("  {}  {}", l.id, l.shown))
                .collect();
            Err(Error::AmbiguousName {
                message: format!(
                    "{} {} have the {} \"{name}\" in organization {org}; give the ID of the one \
                     you mean:\n{}",
                    several.len(),
                    kind.plural,
                    kind.by,
                    candidates.join("\n")
                ),
                hint: format!(
                    "name the {} by its ID, one of those listed, instead of \"{name}\"",
                    kind.noun
                ),
            })
        }
    }
}

/// A listed ID the API sent as a UUID; others cannot be what the command goes on with.
fn uuid_of(id: Option<String>) -> Option<Uuid> {
    id.as_deref().and_then(|id| Uuid::try_parse(id).ok())
}

/// The one `(id, name)` pair whose name is `name`, for resources named by one field.
fn by_field(
    kind: &Kind,
    org: Uuid,
    name: &str,
    items: impl IntoIterator<Item = (Option<String>, Option<String>)>,
) -> Result<Uuid> {
    pick(
        kind,
        org,
        name,
        items.into_iter().filter_map(|(id, field)| {
            Some(Listed {
                id: uuid_of(id)?,
                matches: field.as_deref() == Some(name),
                shown: field.unwrap_or_default(),
            })
        }),
    )
}

/// The service's ID: as given, or the one service of `org` with that name.
pub async fn service(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let services = api.services(org, &[]).await?.into_data()?;
    by_field(
        &SERVICES,
        org,
        name,
        services.into_iter().map(|s| (s.id, s.name)),
    )
}

/// The Postgres service's ID: as given, or the one Postgres service of `org` with that name.
pub async fn postgres(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let services = api.postgres_services(org).await?.into_data()?;
    by_field(
        &POSTGRES,
        org,
        name,
        services.into_iter().map(|s| (s.id, s.name)),
    )
}

/// The ClickPipe's ID: as given, or the one pipe of the service with that name.
pub async fn clickpipe(api: &ReadApi, org: Uuid, service: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let pipes = api.clickpipes(org, service).await?.into_data()?;
    by_field(
        &CLICKPIPES,
        org,
        name,
        pipes.into_iter().map(|p| (p.id, p.name)),
    )
    .map_err(|e| in_service(e, service))
}

/// The reverse private endpoint's ID: as given, or the one of the service with that description.
pub async fn reverse_private_endpoint(
    api: &ReadApi,
    org: Uuid,
    service: Uuid,
    given: &IdOrName,
) -> Result<Uuid> {
    let description = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(description) => description,
    };
    let endpoints = api
        .reverse_private_endpoints(org, service)
        .await?
        .into_data()?;
    by_field(
        &REVERSE_ENDPOINTS,
        org,
        description,
        endpoints.into_iter().map(|e| (e.id, e.description)),
    )
    .map_err(|e| in_service(e, service))
}

/// Names the service in a lookup's messages, for resources listed per service.
fn in_service(mut error: Error, service: Uuid) -> Error {
    let fill = |text: &mut String| {
        *text = text.replace("{service}", &service.to_string()).replace(
            "in organization",
            &format!("in service {service} of organization"),
        );
    };
    if let Error::NameNotFound { message, hint } = &mut error {
        fill(message);
        fill(hint);
    }
    if let Error::AmbiguousName { message, .. } = &mut error {
        fill(message);
    }
    error
}

/// The API key's ID: as given, or the one key of `org` with that name.
pub async fn key(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let keys = api.keys(org).await?.into_data()?;
    by_field(&KEYS, org, name, keys.into_iter().map(|k| (k.id, k.name)))
}

/// The role's ID: as given, or the one role of `org` (system or custom) with that name.
pub async fn role(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let roles = api.roles(org).await?.into_data()?;
    by_field(&ROLES, org, name, roles.into_iter().map(|r| (r.id, r.name)))
}

/// The BYOC infrastructure's ID: as given, or the one of `org` with that display name.
pub async fn byoc(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let configs = api
        .organization(org)
        .await?
        .into_data()?
        .byoc_config
        .unwrap_or_default();
    by_field(
        &BYOC,
        org,
        name,
        configs.into_iter().map(|c| (c.id, c.display_name)),
    )
}

/// The member's user ID: as given, or the one member of `org` with that name or email.
pub async fn member(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let name = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(name) => name,
    };
    let members = api.members(org).await?.into_data()?;
    pick(
        &MEMBERS,
        org,
        name,
        members.into_iter().filter_map(|m| {
            let matches = m.name.as_deref() == Some(name.as_str())
                || m.email.as_deref() == Some(name.as_str());
            let shown = match (m.name, m.email) {
                (Some(name), Some(email)) => format!("{name} <{email}>"),
                (Some(one), None) | (None, Some(one)) => one,
                (None, None) => String::new(),
            };
            Some(Listed {
                id: uuid_of(m.user_id)?,
                matches,
                shown,
            })
        }),
    )
}

/// The invitation's ID: as given, or the one invitation of `org` sent to that email.
pub async fn invitation(api: &ReadApi, org: Uuid, given: &IdOrName) -> Result<Uuid> {
    let email = match given {
        IdOrName::Id(id) => return Ok(*id),
        IdOrName::Name(email) => email,
    };
    let invitations = api.invitations(org).await?.into_data()?;
    by_field(
        &INVITATIONS,
        org,
        email,
        invitations.into_iter().map(|i| (i.id, i.email)),
    )
}

/// The private endpoints' IDs, in order: those given as IDs as they are; the others found
/// among `org`'s private endpoints by description, else by ID, with one request for all.
pub async fn private_endpoints(
    api: &ReadApi,
    org: Uuid,
    given: &[IdOrName<String>],
) -> Result<Vec<String>> {
    if given.iter().all(|g| matches!(g, IdOrName::Id(_))) {
        return Ok(given.iter().map(ToString::to_string).collect());
    }
    let endpoints = api
        .organization(org)
        .await?
        .into_data()?
        .private_endpoints
        .unwrap_or_default();
    let mut ids = Vec::with_capacity(given.len());
    for one in given {
        let name = match one {
            IdOrName::Id(id) => {
                ids.push(id.clone());
                continue;
            }
            IdOrName::Name(name) => name.as_str(),
        };
        let described = |e: &OrganizationPrivateEndpoint| e.description.as_deref() == Some(name);
        // An ID of a shape `args::endpoint_ref` does not know is still found by ID.
        let by_description = endpoints.iter().any(described);
        let listed = endpoints.iter().filter_map(|e| {
            Some(Listed {
                id: e.id.clone()?,
                matches: if by_description {
                    described(e)
                } else {
                    e.id.as_deref() == Some(name)
                },
                shown: e.description.clone().unwrap_or_default(),
            })
        });
        ids.push(pick(&ENDPOINTS, org, name, listed)?);
    }
    Ok(ids)
}
