//! `/v1`: fault injection, authentication, routing to the resource handlers, and persistence
//! after successful writes.
//!
//! Handlers are synchronous functions over the locked [`Store`]: nothing in the API waits on
//! anything, so the lock is held for one request at a time and never across an `.await`.

pub mod activities;
pub mod backup_bucket;
pub mod byoc;
pub mod clickpipes;
pub mod clickstack;
mod context;
pub mod filters;
pub mod invitations;
pub mod keys;
pub mod members;
pub mod org_extras;
pub mod organizations;
pub mod postgres;
pub mod prometheus;
pub mod roles;
pub mod scaling;
pub mod service_extras;
pub mod service_settings;
pub mod services;
pub mod udfs;
pub mod usage;

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri, header};
use axum::response::Response;

use crate::app::{App, Shared};
use crate::auth;
use crate::envelope::{ApiError, Reply, failure, success};
use crate::form::Pairs;

pub use context::{Ctx, Req};

/// Entry point for every `/v1` request.
pub async fn handle(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !app.faults.latency.is_zero() {
        tokio::time::sleep(app.faults.latency).await;
    }
    if let Some(error) = app.faults.check(Instant::now()) {
        return failure(error);
    }
    if let Some(response) = app.hostile.before(method == Method::GET).await {
        return response;
    }
    let outcome = app
        .hostile
        .rewrite(&headers, serve(&app, &method, &uri, &headers, &body));
    let response = match outcome {
        Ok(reply) => success(reply),
        Err(error) => failure(error),
    };
    app.hostile.after(response).await
}

fn serve(
    app: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Reply, ApiError> {
    let now = jiff::Timestamp::now();
    let mut store = app.store();
    store.settle(now.as_millisecond());
    let principal = auth::authenticate(headers, &mut store, &app.oauth(), now)?;
    auth::authorize_method(&principal, method)?;
    if *method != Method::GET {
        store.changed();
    }

    let path = uri.path().strip_prefix("/v1/").unwrap_or("");
    let segments: Vec<&str> = path.split('/').collect();
    let mut ctx = Ctx {
        store: &mut store,
        req: Req {
            principal: &principal,
            now,
            query: Pairs::parse(uri.query().unwrap_or("")),
            body,
            user_agent: headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string),
            transition_ms: i64::try_from(app.args.transition_ms).unwrap_or(i64::MAX),
            base_url: &app.base_url,
        },
    };
    let reply = route(&mut ctx, method, &segments)?;

    if *method != Method::GET
        && let Some(file) = &app.state_file
    {
        file.save(&store).map_err(|message| {
            eprintln!("cloud-emulator: {message}");
            ApiError::internal(format!("The change was applied but not saved: {message}"))
        })?;
    }
    Ok(reply)
}

/// Maps method and path segments (after `/v1/`) to a handler.
fn route(ctx: &mut Ctx, method: &Method, segments: &[&str]) -> Result<Reply, ApiError> {
    use service_extras as extras;
    match (method.as_str(), segments) {
        ("GET", ["organizations"]) => organizations::list(ctx),
        ("GET", ["organizations", org]) => organizations::get(ctx, org),
        ("PATCH", ["organizations", org]) => organizations::update(ctx, org),
        ("GET", ["organizations", org, "prometheus"]) => prometheus::organization(ctx, org),
        ("GET", ["organizations", org, "usageCost"]) => usage::get(ctx, org),
        ("GET", ["organizations", org, "quotas"]) => org_extras::list_quotas(ctx, org),
        ("GET", ["organizations", org, "quotas", code]) => org_extras::get_quota(ctx, org, code),
        ("GET", ["organizations", org, "privateEndpointConfig"]) => {
            org_extras::private_endpoint_config(ctx, org)
        }
        ("GET", ["organizations", org, "roles"]) => roles::list(ctx, org),
        ("GET", ["organizations", org, "roles", role]) => roles::get(ctx, org, role),
        ("POST", ["organizations", org, "roles"]) => roles::create(ctx, org),
        ("PATCH", ["organizations", org, "roles", role]) => roles::update(ctx, org, role),
        ("DELETE", ["organizations", org, "roles", role]) => roles::delete(ctx, org, role),
        ("POST", ["organizations", org, "byocInfrastructure"]) => byoc::create(ctx, org),
        ("PATCH", ["organizations", org, "byocInfrastructure", id]) => byoc::update(ctx, org, id),
        ("DELETE", ["organizations", org, "byocInfrastructure", id]) => byoc::delete(ctx, org, id),

        ("GET", ["organizations", org, "services"]) => services::list(ctx, org),
        ("POST", ["organizations", org, "services"]) => services::create(ctx, org),
        ("GET", ["organizations", org, "services", svc]) => services::get(ctx, org, svc),
        ("PATCH", ["organizations", org, "services", svc]) => services::update(ctx, org, svc),
        ("DELETE", ["organizations", org, "services", svc]) => services::delete(ctx, org, svc),
        ("PATCH", ["organizations", org, "services", svc, "state"]) => {
            services::change_state(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "scaling"]) => {
            scaling::update_legacy(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "replicaScaling"]) => {
            scaling::update_replicas(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "password"]) => {
            extras::reset_password(ctx, org, svc)
        }
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "serviceQueryEndpoint",
            ],
        ) => extras::get_query_endpoint(ctx, org, svc),
        (
            "POST",
            [
                "organizations",
                org,
                "services",
                svc,
                "serviceQueryEndpoint",
            ],
        ) => extras::upsert_query_endpoint(ctx, org, svc),
        (
            "DELETE",
            [
                "organizations",
                org,
                "services",
                svc,
                "serviceQueryEndpoint",
            ],
        ) => extras::delete_query_endpoint(ctx, org, svc),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "privateEndpointConfig",
            ],
        ) => extras::private_endpoint_config(ctx, org, svc),
        ("POST", ["organizations", org, "services", svc, "privateEndpoint"]) => {
            extras::create_private_endpoint(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "prometheus"]) => {
            prometheus::service(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "backups"]) => {
            extras::list_backups(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "backups", backup]) => {
            extras::get_backup(ctx, org, svc, backup)
        }
        ("GET", ["organizations", org, "services", svc, "backupConfiguration"]) => {
            extras::get_backup_configuration(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "backupConfiguration"]) => {
            extras::update_backup_configuration(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "backupBucket"]) => {
            backup_bucket::get(ctx, org, svc)
        }
        ("POST", ["organizations", org, "services", svc, "backupBucket"]) => {
            backup_bucket::create(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "backupBucket"]) => {
            backup_bucket::update(ctx, org, svc)
        }
        ("DELETE", ["organizations", org, "services", svc, "backupBucket"]) => {
            backup_bucket::delete(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "scalingSchedule"]) => {
            service_settings::get_scaling_schedule(ctx, org, svc)
        }
        ("POST", ["organizations", org, "services", svc, "scalingSchedule"]) => {
            service_settings::upsert_scaling_schedule(ctx, org, svc)
        }
        ("DELETE", ["organizations", org, "services", svc, "scalingSchedule"]) => {
            service_settings::delete_scaling_schedule(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "upgradeWindow"]) => {
            service_settings::get_upgrade_window(ctx, org, svc)
        }
        ("PUT", ["organizations", org, "services", svc, "upgradeWindow"]) => {
            service_settings::put_upgrade_window(ctx, org, svc)
        }
        ("DELETE", ["organizations", org, "services", svc, "upgradeWindow"]) => {
            service_settings::delete_upgrade_window(ctx, org, svc)
        }
        ("GET", ["organizations", org, "services", svc, "clickhouseSettings"]) => {
            service_settings::list_settings(ctx, org, svc)
        }
        ("PATCH", ["organizations", org, "services", svc, "clickhouseSettings"]) => {
            service_settings::update_settings(ctx, org, svc)
        }
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickhouseSettings",
                "schema",
            ],
        ) => service_settings::settings_schema(ctx, org, svc),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickhouseSettings",
                name,
            ],
        ) => service_settings::get_setting(ctx, org, svc, name),
        (
            "DELETE",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickhouseSettings",
                name,
            ],
        ) => service_settings::delete_setting(ctx, org, svc, name),

        ("GET", ["organizations", org, "services", svc, "clickstack", kind]) => {
            clickstack::list(ctx, org, svc, kind)
        }
        ("POST", ["organizations", org, "services", svc, "clickstack", kind]) => {
            clickstack::create(ctx, org, svc, kind)
        }
        (
            "POST",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickstack",
                "dashboards",
                "validate",
            ],
        ) => clickstack::validate_dashboard(ctx, org, svc),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickstack",
                kind,
                id,
            ],
        ) => clickstack::get(ctx, org, svc, kind, id),
        (
            "PUT",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickstack",
                kind,
                id,
            ],
        ) => clickstack::update(ctx, org, svc, kind, id),
        (
            "DELETE",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickstack",
                kind,
                id,
            ],
        ) => clickstack::delete(ctx, org, svc, kind, id),

        ("GET", ["organizations", org, "services", svc, "clickpipes"]) => {
            clickpipes::list(ctx, org, svc)
        }
        ("POST", ["organizations", org, "services", svc, "clickpipes"]) => {
            clickpipes::create(ctx, org, svc)
        }
        (
            "POST",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipes",
                "schemaDiscovery",
            ],
        ) => clickpipes::discover(ctx, org, svc),
        ("GET", ["organizations", org, "services", svc, "clickpipes", id]) => {
            clickpipes::get(ctx, org, svc, id)
        }
        ("PATCH", ["organizations", org, "services", svc, "clickpipes", id]) => {
            clickpipes::update(ctx, org, svc, id)
        }
        ("DELETE", ["organizations", org, "services", svc, "clickpipes", id]) => {
            clickpipes::delete(ctx, org, svc, id)
        }
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipes",
                id,
                "settings",
            ],
        ) => clickpipes::settings(ctx, org, svc, id),
        (
            "PUT",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipes",
                id,
                "settings",
            ],
        ) => clickpipes::put_settings(ctx, org, svc, id),
        (
            "PATCH",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipes",
                id,
                "scaling",
            ],
        ) => clickpipes::update_scaling(ctx, org, svc, id),
        (
            "PATCH",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipes",
                id,
                "state",
            ],
        ) => clickpipes::change_state(ctx, org, svc, id),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesCdcScaling",
            ],
        ) => clickpipes::cdc_scaling(ctx, org, svc),
        (
            "PATCH",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesCdcScaling",
            ],
        ) => clickpipes::update_cdc_scaling(ctx, org, svc),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesReversePrivateEndpoints",
            ],
        ) => clickpipes::list_endpoints(ctx, org, svc),
        (
            "POST",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesReversePrivateEndpoints",
            ],
        ) => clickpipes::create_endpoint(ctx, org, svc),
        (
            "GET",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesReversePrivateEndpoints",
                id,
            ],
        ) => clickpipes::get_endpoint(ctx, org, svc, id),
        (
            "PATCH",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesReversePrivateEndpoints",
                id,
            ],
        ) => clickpipes::update_endpoint(ctx, org, svc, id),
        (
            "DELETE",
            [
                "organizations",
                org,
                "services",
                svc,
                "clickpipesReversePrivateEndpoints",
                id,
            ],
        ) => clickpipes::delete_endpoint(ctx, org, svc, id),

        ("GET", ["organizations", org, "postgres"]) => postgres::list(ctx, org),
        ("POST", ["organizations", org, "postgres"]) => postgres::create(ctx, org),
        ("GET", ["organizations", org, "postgres", "prometheus"]) => {
            postgres::prometheus(ctx, org, None)
        }
        ("GET", ["organizations", org, "postgres", id]) => postgres::get(ctx, org, id),
        ("PATCH", ["organizations", org, "postgres", id]) => postgres::update(ctx, org, id),
        ("DELETE", ["organizations", org, "postgres", id]) => postgres::delete(ctx, org, id),
        ("GET", ["organizations", org, "postgres", id, "caCertificates"]) => {
            postgres::certificates(ctx, org, id)
        }
        ("POST", ["organizations", org, "postgres", id, "restoredService"]) => {
            postgres::restore(ctx, org, id)
        }
        ("PATCH", ["organizations", org, "postgres", id, "password"]) => {
            postgres::set_password(ctx, org, id)
        }
        ("PATCH", ["organizations", org, "postgres", id, "state"]) => {
            postgres::change_state(ctx, org, id)
        }
        ("POST", ["organizations", org, "postgres", id, "readReplica"]) => {
            postgres::read_replica(ctx, org, id)
        }
        ("GET", ["organizations", org, "postgres", id, "config"]) => {
            postgres::get_config(ctx, org, id)
        }
        ("POST", ["organizations", org, "postgres", id, "config"]) => {
            postgres::put_config(ctx, org, id, true)
        }
        ("PATCH", ["organizations", org, "postgres", id, "config"]) => {
            postgres::put_config(ctx, org, id, false)
        }
        ("GET", ["organizations", org, "postgres", id, "prometheus"]) => {
            postgres::prometheus(ctx, org, Some(id))
        }
        ("GET", ["organizations", org, "postgres", id, "metrics"]) => {
            postgres::metrics(ctx, org, id)
        }
        ("GET", ["organizations", org, "postgres", id, "slowQueryPatterns"]) => {
            postgres::slow_queries(ctx, org, id)
        }
        (
            "GET",
            [
                "organizations",
                org,
                "postgres",
                id,
                "slowQueryPatterns",
                query,
            ],
        ) => postgres::slow_query(ctx, org, id, query),

        ("GET", ["organizations", org, "keys"]) => keys::list(ctx, org),
        ("POST", ["organizations", org, "keys"]) => keys::create(ctx, org),
        ("GET", ["organizations", org, "keys", key]) => keys::get(ctx, org, key),
        ("PATCH", ["organizations", org, "keys", key]) => keys::update(ctx, org, key),
        ("DELETE", ["organizations", org, "keys", key]) => keys::delete(ctx, org, key),

        ("GET", ["organizations", org, "members"]) => members::list(ctx, org),
        ("GET", ["organizations", org, "members", user]) => members::get(ctx, org, user),
        ("PATCH", ["organizations", org, "members", user]) => members::update(ctx, org, user),
        ("DELETE", ["organizations", org, "members", user]) => members::delete(ctx, org, user),

        ("GET", ["organizations", org, "invitations"]) => invitations::list(ctx, org),
        ("POST", ["organizations", org, "invitations"]) => invitations::create(ctx, org),
        ("GET", ["organizations", org, "invitations", id]) => invitations::get(ctx, org, id),
        ("DELETE", ["organizations", org, "invitations", id]) => invitations::delete(ctx, org, id),

        ("POST", ["organizations", org, "udfUploads", "url"]) => udfs::create_upload(ctx, org),
        ("GET", ["organizations", org, "udfs"]) => udfs::list(ctx, org),
        ("POST", ["organizations", org, "udfs"]) => udfs::create(ctx, org),
        ("GET", ["organizations", org, "udfs", name]) => udfs::get(ctx, org, name),
        ("DELETE", ["organizations", org, "udfs", name]) => udfs::delete(ctx, org, name),
        ("GET", ["organizations", org, "udfs", name, "versions"]) => {
            udfs::list_versions(ctx, org, name)
        }
        ("POST", ["organizations", org, "udfs", name, "versions"]) => {
            udfs::create_version(ctx, org, name)
        }
        ("DELETE", ["organizations", org, "udfs", name, "versions", version]) => {
            udfs::delete_version(ctx, org, name, version)
        }
        ("GET", ["organizations", org, "udfs", name, "attachments"]) => {
            udfs::list_attachments(ctx, org, name)
        }
        ("GET", ["organizations", org, "udfs", name, "attachments", svc]) => {
            udfs::get_attachment(ctx, org, name, svc)
        }
        ("PUT", ["organizations", org, "udfs", name, "attachments", svc]) => {
            udfs::attach(ctx, org, name, svc)
        }
        ("DELETE", ["organizations", org, "udfs", name, "attachments", svc]) => {
            udfs::detach(ctx, org, name, svc)
        }

        ("GET", ["organizations", org, "activities"]) => activities::list(ctx, org),
        ("GET", ["organizations", org, "activities", id]) => activities::get(ctx, org, id),

        (method, _) => Err(ApiError::not_found(format!(
            "No such endpoint: {method} /v1/{}",
            segments.join("/")
        ))),
    }
}
